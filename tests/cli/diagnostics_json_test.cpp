// Tests of cli/diagnostics_json.cpp: every field of Terraform's `validate -json` shape, the
// snippet of one line and of several, an empty range, the context of native and JSON
// files, and findings without a place.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "cli/diagnostics_json.hpp"

using infra::cli::diagnostics_json;
using infra::lang::Diagnostics;
using infra::lang::SourceFiles;
using infra::lang::SourcePos;
using infra::lang::SourceRange;
using json = nlohmann::json;

namespace {

constexpr const char* kMain = R"(locals {
  a = 1
}

resource "local_file" "a b" {
  filename = "a.txt"
  content = join("", [
    "x",
  ])
}
)";

SourceRange range(const std::string& file, SourcePos begin, SourcePos end) {
  return SourceRange{file, begin, end};
}

}  // namespace

TEST_CASE("diagnostics JSON: one finding with every field") {
  Diagnostics diags;
  diags.error(range("main.infra", {6, 3, 52}, {6, 11, 60}), "Unsupported argument",
              "No argument \"filename\" here.");
  const json out = json::parse(diagnostics_json(diags, {{"main.infra", kMain}}));
  CHECK(out == json::parse(R"({
  "format_version": "1.0",
  "valid": false,
  "error_count": 1,
  "warning_count": 0,
  "diagnostics": [{
    "severity": "error",
    "summary": "Unsupported argument",
    "detail": "No argument \"filename\" here.",
    "range": {
      "filename": "main.infra",
      "start": {"line": 6, "column": 3, "byte": 52},
      "end": {"line": 6, "column": 11, "byte": 60}
    },
    "snippet": {
      "context": "resource \"local_file\" \"a b\"",
      "code": "  filename = \"a.txt\"",
      "start_line": 6,
      "highlight_start_offset": 2,
      "highlight_end_offset": 10,
      "values": []
    }
  }]
})"));
}

TEST_CASE("diagnostics JSON: snippets of several lines, empty ranges, no place") {
  Diagnostics diags;
  // content = join(...) over three lines.
  diags.warning(range("main.infra", {7, 13, 83}, {9, 5, 107}), "Several lines");
  // An empty range at the end of line 2 marks the newline.
  diags.error(range("main.infra", {2, 8, 16}, {2, 8, 16}), "Empty");
  diags.error("No place", "Nothing to point at.");
  const json out = json::parse(diagnostics_json(diags, {{"main.infra", kMain}}));
  CHECK(out["valid"] == false);
  CHECK(out["error_count"] == 2);
  CHECK(out["warning_count"] == 1);
  const json& several = out["diagnostics"][0];
  CHECK(several["severity"] == "warning");
  CHECK(several["detail"] == "");
  CHECK(several["snippet"]["code"] == "  content = join(\"\", [\n    \"x\",\n  ])");
  CHECK(several["snippet"]["start_line"] == 7);
  CHECK(several["snippet"]["highlight_start_offset"] == 12);
  CHECK(several["snippet"]["highlight_end_offset"] == 36);
  const json& empty = out["diagnostics"][1];
  CHECK(empty["snippet"]["context"] == "locals");
  CHECK(empty["snippet"]["code"] == "  a = 1");
  CHECK(empty["snippet"]["highlight_start_offset"] == 7);
  CHECK(empty["snippet"]["highlight_end_offset"] == 7);
  const json& none = out["diagnostics"][2];
  CHECK(none == json::parse(R"({"severity": "error", "summary": "No place",
                               "detail": "Nothing to point at."})"));
}

TEST_CASE("diagnostics JSON: the context outside blocks, in JSON files, in unread files") {
  const std::string json_file = "{\"variable\": {\"v\": {\"default\": 1}}}";
  Diagnostics diags;
  diags.error(range("main.infra", {4, 1, 19}, {4, 1, 19}), "Between blocks");
  diags.error(range("main.infra.json", {1, 21, 20}, {1, 33, 32}), "In JSON");
  diags.error(range("gone.infra", {1, 1, 0}, {1, 2, 1}), "Not read");
  const json out =
      json::parse(diagnostics_json(diags, {{"main.infra", kMain}, {"main.infra.json", json_file}}));
  CHECK(out["diagnostics"][0]["snippet"]["context"].is_null());
  CHECK(out["diagnostics"][0]["snippet"]["code"] == "");
  CHECK(out["diagnostics"][1]["snippet"]["context"] == "variable \"v\"");
  CHECK(out["diagnostics"][2].contains("range"));
  CHECK_FALSE(out["diagnostics"][2].contains("snippet"));
  CHECK(json::parse(diagnostics_json({}, {}))["valid"] == true);
}
