// Tests of lang/diagnostics.cpp: the exact rendered format.
#include <catch2/catch.hpp>

#include "lang/diagnostics.hpp"

using namespace infra::lang;

namespace {
SourceRange at(int line, int column, int end_column) {
  return SourceRange{"main.infra", {line, column, 0}, {line, end_column, 0}};
}
}  // namespace

TEST_CASE("render shows the summary, the source line and a caret") {
  const SourceFiles files{{"main.infra", "# one\n# two\nresource \"local_file\" \"a\" {\n}\n"}};
  Diagnostic d{Severity::Error, "expected '=' after the attribute name", "", at(3, 12, 13)};
  CHECK(render(d, files) ==
        "Error: main.infra:3:12: expected '=' after the attribute name\n"
        "\n"
        "  3 | resource \"local_file\" \"a\" {\n"
        "    |            ^\n");
}

TEST_CASE("render spans carets over a one-line range and appends the detail") {
  const SourceFiles files{{"main.infra", "a = b + c\n"}};
  Diagnostic d{Severity::Warning, "odd", "More words.", at(1, 5, 10)};
  CHECK(render(d, files) ==
        "Warning: main.infra:1:5: odd\n"
        "\n"
        "  1 | a = b + c\n"
        "    |     ^^^^^\n"
        "\n"
        "More words.\n");
}

TEST_CASE("render without a range or without the file text") {
  Diagnostic d{Severity::Error, "No .infra files in \"x\"", "", std::nullopt};
  CHECK(render(d, {}) == "Error: No .infra files in \"x\"\n");
  Diagnostic e{Severity::Error, "bad", "", at(2, 1, 2)};
  CHECK(render(e, {}) == "Error: main.infra:2:1: bad\n");
}

TEST_CASE("render keeps tabs so the caret lines up, and widens the gutter") {
  std::string text;
  for (int i = 1; i < 1234; ++i) text += "\n";
  text += "\tx = 1\n";
  const SourceFiles files{{"main.infra", text}};
  Diagnostic d{Severity::Error, "bad", "", at(1234, 5, 6)};
  CHECK(render(d, files) ==
        "Error: main.infra:1234:5: bad\n"
        "\n"
        "1234 | \tx = 1\n"
        "     | \t   ^\n");
}

TEST_CASE("render of several diagnostics joins them with a blank line") {
  Diagnostics diags;
  diags.error("first");
  diags.error("second", "why");
  CHECK(diags.has_errors());
  CHECK(render(diags, {}) == "Error: first\n\nError: second\n\nwhy\n");
}

TEST_CASE("warnings alone are not errors") {
  Diagnostics diags;
  diags.warning(at(1, 1, 2), "hm");
  CHECK_FALSE(diags.has_errors());
  CHECK(location(at(4, 7, 8)) == "main.infra:4:7");
}
