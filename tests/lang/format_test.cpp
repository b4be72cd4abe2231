// Tests of lang/format.cpp and lang/format_lexer.cpp. Golden pairs in tests/lang/fmt/:
// NAME.in.infra formats to NAME.out.infra. With INFRA_UPDATE_GOLDEN=1 in the environment,
// the .out.infra files are rewritten instead (read the diff).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "lang/format.hpp"

using namespace infra::lang;
namespace fs = std::filesystem;

namespace {

const fs::path kSource(INFRA_SOURCE_DIR);
const fs::path kGolden = kSource / "tests" / "lang" / "fmt";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<fs::path> golden_inputs() {
  std::vector<fs::path> found;
  for (const auto& e : fs::directory_iterator(kGolden)) {
    if (ends_with(e.path().filename().string(), ".in.infra")) found.push_back(e.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

/// The formatted text; fails the test when formatting fails.
std::string fmt(const std::string& text) {
  FormatResult r = format_source(text, "t.infra");
  INFO(text);
  REQUIRE(r.ok());
  return r.text;
}

/// "line:column: summary" of the error formatting `text` gives.
std::string error_of(const std::string& text) {
  FormatResult r = format_source(text, "t.infra");
  if (r.ok()) return "(no error)";
  const SourcePos& p = r.error->range->begin;
  return std::to_string(p.line) + ":" + std::to_string(p.column) + ": " + r.error->summary;
}

void check_idempotent(const fs::path& p) {
  INFO(p.string());
  std::string once = fmt(read(p));
  CHECK(fmt(once) == once);
}

}  // namespace

TEST_CASE("format: every golden input formats to its expected output") {
  const bool update = std::getenv("INFRA_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> inputs = golden_inputs();
  REQUIRE(inputs.size() >= 9);
  for (const fs::path& in : inputs) {
    std::string name = in.filename().string();
    fs::path out = in.parent_path() / (name.substr(0, name.size() - 9) + ".out.infra");
    std::string got = fmt(read(in));
    if (update) {
      std::ofstream(out, std::ios::binary) << got;
      continue;
    }
    INFO(name);
    REQUIRE(fs::exists(out));
    CHECK(got == read(out));
  }
}

TEST_CASE("format: golden outputs are already formatted") {
  for (const fs::path& in : golden_inputs()) {
    std::string name = in.filename().string();
    fs::path out = in.parent_path() / (name.substr(0, name.size() - 9) + ".out.infra");
    INFO(out.string());
    std::string expected = read(out);
    CHECK(fmt(expected) == expected);
    check_idempotent(in);
  }
}

TEST_CASE("format: idempotent over the examples and the parse-okay cases") {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(kSource / "examples")) {
    if (e.is_regular_file() && e.path().extension() == ".infra") files.push_back(e.path());
  }
  for (const auto& e : fs::directory_iterator(kSource / "tests" / "lang" / "cases")) {
    std::string name = e.path().filename().string();
    if (name.rfind("parse-okay-", 0) == 0 && ends_with(name, ".infra")) files.push_back(e.path());
  }
  REQUIRE(files.size() >= 4);
  for (const fs::path& p : files) check_idempotent(p);
}

TEST_CASE("format: the quickstart example is already in the canonical layout") {
  for (const char* name : {"main.infra", "variables.infra", "outputs.infra"}) {
    fs::path p = kSource / "examples" / "quickstart" / name;
    INFO(p.string());
    std::string text = read(p);
    CHECK(fmt(text) == text);
  }
}

TEST_CASE("format: file edges") {
  CHECK(fmt("") == "");
  CHECK(fmt("\n\n\n") == "");
  CHECK(fmt("a = 1") == "a = 1\n");
  CHECK(fmt("\n\na = 1\n\n\n") == "a = 1\n");
  CHECK(fmt("a {\r\n  b = 1\r\n}\r\n") == "a {\n  b = 1\n}\n");
  CHECK(fmt("a = 1   \t\n") == "a = 1\n");
}

TEST_CASE("format: spacing rules one by one") {
  CHECK(fmt("x=1\n") == "x = 1\n");
  CHECK(fmt("x = f( 1 ,2 )\n") == "x = f(1, 2)\n");
  CHECK(fmt("x = [ 1,2 ]\n") == "x = [1, 2]\n");
  CHECK(fmt("x = {a=1}\n") == "x = { a = 1 }\n");
  CHECK(fmt("x = {}\n") == "x = {}\n");
  CHECK(fmt("x = []\n") == "x = []\n");
  CHECK(fmt("x = 1-2\n") == "x = 1 - 2\n");
  CHECK(fmt("x = - 1\n") == "x = -1\n");
  CHECK(fmt("x = [- 1, 2 - - 3]\n") == "x = [-1, 2 - -3]\n");
  CHECK(fmt("x = a . b [ 0 ]\n") == "x = a.b[0]\n");
  CHECK(fmt("x = a[*].b\n") == "x = a[*].b\n");
  CHECK(fmt("x = a.*.b\n") == "x = a.*.b\n");
  CHECK(fmt("x = f(a ...)\n") == "x = f(a...)\n");
  CHECK(fmt("x = c?1:2\n") == "x = c ? 1 : 2\n");
  CHECK(fmt("x = {a:1}\n") == "x = { a: 1 }\n");
  CHECK(fmt("x = {a : c ? 1 : 2}\n") == "x = { a: c ? 1 : 2 }\n");
  // As Terraform writes them: the colon of a for expression is spaced like an operator.
  CHECK(fmt("x = [for v in xs : v]\n") == "x = [for v in xs : v]\n");
  CHECK(fmt("x = {for k, v in m : k => v}\n") == "x = { for k, v in m : k => v }\n");
  CHECK(fmt("x = ( 1 )\n") == "x = (1)\n");
  CHECK(fmt("x = !a&&b\n") == "x = !a && b\n");
  CHECK(fmt("x = some-name\n") == "x = some-name\n");  // dashes belong to identifiers
  CHECK(fmt("block   \"a\"   b{}\n") == "block \"a\" b {}\n");
}

TEST_CASE("format: comments") {
  CHECK(fmt("// slashes\n") == "# slashes\n");
  CHECK(fmt("x = 1 // trailing\n") == "x = 1 # trailing\n");
  CHECK(fmt("x = 1    #   spaced   \n") == "x = 1 #   spaced\n");
  CHECK(fmt("/* a */ x = 1\n") == "/* a */ x = 1\n");
  CHECK(fmt("b {\n      # deep\n}\n") == "b {\n  # deep\n}\n");
  CHECK(fmt("x = \"// not a comment\"\n") == "x = \"// not a comment\"\n");
  // A comment line breaks the alignment of the attributes around it.
  CHECK(fmt("b {\n  a = 1\n  # c\n  bbb = 2\n}\n") == "b {\n  a = 1\n  # c\n  bbb = 2\n}\n");
}

TEST_CASE("format: blank lines") {
  CHECK(fmt("b {\n\n  a = 1\n\n\n  c = 2\n\n}\n") == "b {\n  a = 1\n\n  c = 2\n}\n");
  CHECK(fmt("a {}\n\n\n\nb {}\n") == "a {}\n\nb {}\n");
}

TEST_CASE("format: alignment runs") {
  CHECK(fmt("b {\na = 1\nlong_name = 2\n}\n") == "b {\n  a         = 1\n  long_name = 2\n}\n");
  // A blank line starts a new run.
  CHECK(fmt("b {\na = 1\n\nlong_name = 2\n}\n") == "b {\n  a = 1\n\n  long_name = 2\n}\n");
  // A multi-line value is left out of the run, and ends it.
  CHECK(fmt("b {\na = 1\nlist = [\n1,\n]\nlong_name = 2\n}\n") ==
        "b {\n  a = 1\n  list = [\n    1,\n  ]\n  long_name = 2\n}\n");
  // A nested block ends the run.
  CHECK(fmt("b {\na = 1\nc {}\nlong_name = 2\n}\n") == "b {\n  a = 1\n  c {}\n  long_name = 2\n}\n");
  // Keys count in characters, not bytes.
  CHECK(fmt("o = {\n\"é\" = 1\nab = 2\n}\n") == "o = {\n  \"é\" = 1\n  ab  = 2\n}\n");
}

TEST_CASE("format: strings, interpolations and heredocs are copied unchanged") {
  CHECK(fmt("x = \"a  ${ f( \"}\" ) }  b\"\n") == "x = \"a  ${ f( \"}\" ) }  b\"\n");
  CHECK(fmt("x = \"${ {a = \"{\"}.a }\"\n") == "x = \"${ {a = \"{\"}.a }\"\n");
  CHECK(fmt("x = \"\\\" $${x} %%{y}\"\n") == "x = \"\\\" $${x} %%{y}\"\n");
  const std::string heredoc = "x = <<EOT\n   body  ${var.a}  \n\n\n\nEOT\n";
  CHECK(fmt(heredoc) == heredoc);
  CHECK(fmt("b {\n    x = <<-EOT\n      a\n      EOT\n}\n") == "b {\n  x = <<-EOT\n      a\n      EOT\n}\n");
}

TEST_CASE("format: the lexer's tokens") {
  FmtLexResult r = lex_for_format("a = \"s${x}\" // c\n<<EOT\nb\nEOT\n1.5e3...");
  REQUIRE(!r.error);
  std::vector<std::string> texts;
  for (const FmtToken& t : r.tokens) texts.push_back(t.text);
  CHECK(texts == std::vector<std::string>{"a", "=", "\"s${x}\"", "# c", "\n", "<<EOT\nb\nEOT", "\n",
                                          "1.5e3", "..."});
  CHECK(r.tokens[2].kind == FmtTokenKind::String);
  CHECK(r.tokens[5].kind == FmtTokenKind::Heredoc);
  CHECK(r.tokens[7].pos.line == 5);
  CHECK(r.tokens[7].pos.column == 1);
}

TEST_CASE("format: errors name line and column and leave the file alone") {
  CHECK(error_of("x = \"no end\n") == "1:5: unterminated string");
  CHECK(error_of("x = 1\n/* never closed\n") == "2:1: unterminated comment: no '*/' closes it");
  CHECK(error_of("x = <<EOT\nbody\n") == "1:5: unterminated heredoc: no line holding only EOT closes it");
  CHECK(error_of("x = \"${a\n") == "1:6: unterminated interpolation: no '}' closes it");
  CHECK(error_of("b {\n  x = 1\n") ==
        "1:3: expected '}' to close the '{' opened at 1:3, found the end of the file");
  CHECK(error_of("b {\n  x = [1, 2\n}\n") ==
        "3:1: expected ']' to close the '[' opened at 2:7, found '}'");
  CHECK(error_of("x = 1\n)\n") == "2:1: unexpected ')': nothing is open here");
  CHECK(error_of("x = 1 @ 2\n") == "1:7: unexpected character '@'");
  FormatResult r = format_source("b {\n", "main.infra");
  REQUIRE(!r.ok());
  CHECK(r.text.empty());
  CHECK(r.error->range->file == "main.infra");
}
