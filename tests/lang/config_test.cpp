// Tests of lang/config.cpp and lang/references.cpp: loading a module directory, and the
// static queries the planner uses (references, attributes).
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/parser.hpp"

using namespace infra::lang;
namespace fs = std::filesystem;

namespace {

/// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("infra-lang-test-" + std::to_string(std::hash<std::string>{}(
                                    Catch::getResultCapture().getCurrentTestName())));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

std::vector<std::string> joined(const std::vector<Reference>& refs) {
  std::vector<std::string> out;
  for (const Reference& r : refs) {
    std::string s;
    for (const std::string& p : r.parts) s += (s.empty() ? "" : ".") + p;
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("load_module reads every .infra file, sorted by name") {
  TempDir dir;
  dir.write("b.infra", "output \"o\" {\n  value = local_file.a.id\n}\n");
  dir.write("a.infra",
            "resource \"local_file\" \"a\" {\n  content = var.x\n}\nvariable \"x\" {}\n");
  dir.write("notes.txt", "not config {");
  Diagnostics diags;
  Module m = load_module(dir.path, diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(m.files.size() == 2);
  REQUIRE(m.resources.size() == 1);
  CHECK(m.resources[0].range.file == "a.infra");
  CHECK(m.resources[0].provider == "local");
  CHECK(m.resources[0].address() == "local_file.a");
  CHECK(m.find_resource("local_file", "a") == &m.resources[0]);
  CHECK(m.find_resource("local_file", "b") == nullptr);
  REQUIRE(m.find_variable("x"));
  CHECK(m.find_variable("x")->default_value == nullptr);
  REQUIRE(m.outputs.size() == 1);
  CHECK(m.outputs[0].range.file == "b.infra");
}

TEST_CASE("duplicates across files name the first declaration") {
  TempDir dir;
  dir.write("a.infra", "resource \"local_file\" \"a\" {}\n");
  dir.write("b.infra", "\nresource \"local_file\" \"a\" {}\n");
  Diagnostics diags;
  Module m = load_module(dir.path, diags);
  REQUIRE(diags.items().size() == 1);
  CHECK(render(diags, m.files) ==
        "Error: b.infra:2:1: Duplicate resource \"local_file\" \"a\"; first declared at a.infra:1:1\n"
        "\n"
        "  2 | resource \"local_file\" \"a\" {}\n"
        "    | ^^^^^^^^^^^^^^^^^^^^^^^^^\n");
}

TEST_CASE("a missing directory or one without .infra files is an error") {
  Diagnostics diags;
  load_module("/nonexistent/infra/dir", diags);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].summary == "Module directory \"/nonexistent/infra/dir\" does not exist");
  TempDir dir;
  Diagnostics empty;
  load_module(dir.path, empty);
  REQUIRE(empty.items().size() == 1);
  CHECK(empty.items()[0].summary.rfind("No .infra files in", 0) == 0);
}

TEST_CASE("a syntax error in one file does not stop the others") {
  TempDir dir;
  dir.write("a.infra", "resource \"x_y\" \"a\" {\n");
  dir.write("b.infra", "variable \"v\" {}\n");
  Diagnostics diags;
  Module m = load_module(dir.path, diags);
  CHECK(diags.items().size() == 1);
  CHECK(m.variables.size() == 1);
}

TEST_CASE("references: root and static attributes, in source order, everywhere") {
  Diagnostics diags;
  ExprPtr e = parse_expression(
      "t", "\"${local_file.a.id}-${var.x}\" == f(aws_instance.web[count.index].ip, { k = each.value })",
      diags);
  REQUIRE(e);
  CHECK(joined(references(*e)) == std::vector<std::string>{"local_file.a.id", "var.x",
                                                           "aws_instance.web", "count.index",
                                                           "each.value"});
  BodyPtr body = parse_file("t", "a = var.one\nnested {\n  b = local.two\n}\nc = var.three.x\n", diags);
  REQUIRE(body);
  CHECK(joined(references(*body)) == std::vector<std::string>{"var.one", "local.two", "var.three.x"});
  const auto refs = references(*body);
  CHECK(refs[2].range.begin.column == 5);
  CHECK(refs[2].range.end.column == 16);
}

TEST_CASE("attributes lists a body's attributes with their name ranges") {
  Diagnostics diags;
  BodyPtr body = parse_file("t", "  a = 1\nb { c = 2 }\nd = \"x\"\n", diags);
  REQUIRE(body);
  const auto attrs = attributes(*body);
  REQUIRE(attrs.size() == 2);
  CHECK(attrs[0].name == "a");
  CHECK(attrs[0].range.begin.column == 3);
  CHECK(attrs[1].name == "d");
  CHECK(range_of(*attrs[1].expr).begin.column == 5);
}

TEST_CASE("resource bodies lose their meta-arguments") {
  Module m;
  Diagnostics diags;
  parse_into(m, "main.infra",
             "resource \"null_thing\" \"n\" {\n"
             "  count = 2\n"
             "  name = \"x\"\n"
             "  depends_on = [local_file.a, null_thing.b]\n"
             "  provider = other.backup\n"
             "  lifecycle {\n"
             "    create_before_destroy = true\n"
             "    ignore_changes = [name, \"tags\"]\n"
             "  }\n"
             "  nested {}\n"
             "}\n",
             diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(m.resources.size() == 1);
  const Resource& r = m.resources[0];
  CHECK(r.count != nullptr);
  CHECK(r.for_each == nullptr);
  CHECK(joined(r.depends_on) == std::vector<std::string>{"local_file.a", "null_thing.b"});
  CHECK(r.lifecycle.create_before_destroy);
  CHECK_FALSE(r.lifecycle.prevent_destroy);
  REQUIRE(r.lifecycle.ignore_changes.size() == 2);
  CHECK(r.lifecycle.ignore_changes[0].to_string() == "name");
  CHECK(r.lifecycle.ignore_changes[1].to_string() == "tags");
  CHECK(r.provider == "other");
  CHECK(r.provider_alias == "backup");
  CHECK(r.provider_key() == "other.backup");
  REQUIRE(r.body->attributes.size() == 1);
  CHECK(r.body->attributes[0].name == "name");
  REQUIRE(r.body->blocks.size() == 1);
  CHECK(r.body->blocks[0].type == "nested");
}

namespace {

/// The lifecycle of the one resource of `body` (inside `lifecycle { ... }`), and the
/// errors, as "LINE:COLUMN: summary".
std::pair<Lifecycle, std::vector<std::string>> lifecycle_of(const std::string& body) {
  Module m;
  Diagnostics diags;
  parse_into(m, "main.infra", "resource \"fake_box\" \"a\" {\n  lifecycle {\n" + body + "  }\n}\n",
             diags);
  std::vector<std::string> errors;
  for (const Diagnostic& d : diags.items()) {
    errors.push_back(std::to_string(d.range->begin.line) + ":" +
                     std::to_string(d.range->begin.column) + ": " + d.summary);
  }
  return {m.resources.empty() ? Lifecycle{} : m.resources[0].lifecycle, errors};
}

}  // namespace

TEST_CASE("ignore_changes takes names and paths into attributes and blocks") {
  auto [l, errors] = lifecycle_of(
      "    ignore_changes = [tags[\"env\"], ports[0].external, labels.team, name, \"content\",\n"
      "                      tags[\"a b\"]]\n");
  CHECK(errors.empty());
  REQUIRE(l.ignore_changes.size() == 6);
  CHECK(l.ignore_changes[0].steps == std::vector<PathStep>{std::string("tags"), std::string("env")});
  CHECK(l.ignore_changes[1].steps ==
        std::vector<PathStep>{std::string("ports"), std::int64_t{0}, std::string("external")});
  CHECK(l.ignore_changes[2].steps == std::vector<PathStep>{std::string("labels"), std::string("team")});
  CHECK(l.ignore_changes[3].name() == "name");
  CHECK(l.ignore_changes[4].steps == std::vector<PathStep>{std::string("content")});
  CHECK(l.ignore_changes[1].to_string() == "ports[0].external");
  CHECK(l.ignore_changes[5].to_string() == "tags[\"a b\"]");
  // Each entry keeps its own place, for the planner's messages.
  CHECK(l.ignore_changes[1].range.begin.line == 3);
  CHECK(l.ignore_changes[1].range.begin.column == 36);
  CHECK(l.ignore_changes[5].range.begin.line == 4);
  CHECK_FALSE(l.ignore_all_changes);

  auto [all, none] = lifecycle_of("    ignore_changes = all\n");
  CHECK(none.empty());
  CHECK(all.ignore_all_changes);
  CHECK(all.ignore_changes.empty());
}

TEST_CASE("ignore_changes paths need constant keys and indexes") {
  auto [l, errors] = lifecycle_of(
      "    ignore_changes = [tags[var.key], ports[-1], ports[0.5], ports[true], tags[*], f(x), tags]\n");
  CHECK(errors == std::vector<std::string>{
                      "3:27: Invalid step in ignore_changes",
                      "3:43: Invalid step in ignore_changes",
                      "3:54: Invalid step in ignore_changes",
                      "3:66: Invalid step in ignore_changes",
                      "3:74: ignore_changes entries must be attribute names",
                      "3:83: ignore_changes entries must be attribute names"});
  REQUIRE(l.ignore_changes.size() == 1);
  CHECK(l.ignore_changes[0].to_string() == "tags");
  auto [bad, list_errors] = lifecycle_of("    ignore_changes = tags\n");
  CHECK(list_errors ==
        std::vector<std::string>{"3:22: ignore_changes must be a list of attribute names, or all"});
}
