// Tests of lang/parser.cpp and lang/ast_builder.cpp: what the AST looks like, and the
// exact syntax error messages and positions.
#include <catch2/catch.hpp>

#include "lang/dump.hpp"
#include "lang/parser.hpp"

using namespace infra::lang;

namespace {

std::string expr(const std::string& text) {
  Diagnostics diags;
  ExprPtr e = parse_expression("test", text, diags);
  if (!e || diags.has_errors()) return "ERROR " + render(diags, {{"test", text}});
  return dump(*e);
}

std::string body(const std::string& text) {
  Diagnostics diags;
  BodyPtr b = parse_file("test", text, diags);
  if (!b || diags.has_errors()) return "ERROR " + render(diags, {});
  return dump(*b);
}

/// The first diagnostic's "line:column: summary".
std::string first(const Diagnostics& diags) {
  if (diags.empty()) return "no error";
  const Diagnostic& d = diags.items().front();
  return std::to_string(d.range->begin.line) + ":" + std::to_string(d.range->begin.column) +
         ": " + d.summary;
}

std::string error(const std::string& text) {
  Diagnostics diags;
  parse_file("test", text, diags);
  return first(diags);
}

}  // namespace

TEST_CASE("literals") {
  CHECK(expr("42") == "42");
  CHECK(expr("1.5e3") == "1500");
  CHECK(expr("0.25") == "0.25");
  CHECK(expr("true") == "true");
  CHECK(expr("false") == "false");
  CHECK(expr("null") == "null");
  CHECK(expr("\"a\\n\\t\\\"\\\\b\"") == "\"a\\n\\t\\\"\\\\b\"");
  CHECK(expr("\"\\u00e9\\U0001F600\"") == "\"\xC3\xA9\xF0\x9F\x98\x80\"");
  CHECK(expr("\"$${x} %%{y}\"") == "\"$${x} %%{y}\"");
  CHECK(expr("\"\"") == "\"\"");
}

TEST_CASE("operator precedence and associativity") {
  CHECK(expr("1 + 2 * 3") == "(+ 1 (* 2 3))");
  CHECK(expr("1 - 2 - 3") == "(- (- 1 2) 3)");
  CHECK(expr("a.b || c.d && !e.f") == "(|| (ref a.b) (&& (ref c.d) (! (ref e.f))))");
  CHECK(expr("1 < 2 == 3 >= 4") == "(== (< 1 2) (>= 3 4))");
  CHECK(expr("-x.y % 2") == "(% (neg (ref x.y)) 2)");
  CHECK(expr("!!t.u") == "(! (! (ref t.u)))");
  CHECK(expr("(1 + 2) * 3") == "(* (+ 1 2) 3)");
  CHECK(expr("a.b ? 1 : c.d ? 2 : 3") == "(? (ref a.b) 1 (? (ref c.d) 2 3))");
  CHECK(expr("1 +\n 2") == "(+ 1 2)");
}

TEST_CASE("identifiers may contain dashes, so subtraction needs spaces") {
  CHECK(expr("a-b.c") == "(ref a-b.c)");
  CHECK(expr("a.b - c.d") == "(- (ref a.b) (ref c.d))");
}

TEST_CASE("traversals, calls, tuples and objects") {
  CHECK(expr("aws_instance.web[0].ip") == "(ref aws_instance.web[0].ip)");
  CHECK(expr("var.m[\"k\"]") == "(ref var.m[\"k\"])");
  CHECK(expr("var.l.0") == "(ref var.l.0)");
  CHECK(expr("f(1, \"a\",)") == "(call f 1 \"a\")");
  CHECK(expr("concat(var.a, var.b...)") == "(call concat (ref var.a) (ref var.b) ...)");
  CHECK(expr("f()") == "(call f)");
  CHECK(expr("f(1)[0].x") == "(traverse (call f 1) [0].x)");
  CHECK(expr("[1, [2,\n 3],\n]") == "(tuple 1 (tuple 2 3))");
  CHECK(expr("[]") == "(tuple)");
  CHECK(expr("{ a = 1, \"b\" = 2, c: 3 }") == "(object (\"a\" 1) (\"b\" 2) (\"c\" 3))");
  CHECK(expr("{\n  a = 1\n  (var.k) = 2\n}") == "(object (\"a\" 1) ((ref var.k) 2))");
  CHECK(expr("{}") == "(object)");
}

TEST_CASE("template syntax") {
  CHECK(expr("\"hello ${var.name}!\"") == "(template \"hello \" (ref var.name) \"!\")");
  CHECK(expr("\"${ 1 + 2 }\"") == "(template (+ 1 2))");
  CHECK(expr("\"a${\"b${c.d}\"}\"") == "(template \"a\" (template \"b\" (ref c.d)))");
}

TEST_CASE("bodies: attributes, blocks, labels, comments") {
  CHECK(body("a = 1 # one\n// two\n/* three\n */ b = \"x\"\n") ==
        "a @1:1 = 1\nb @4:5 = \"x\"\n");
  CHECK(body("resource \"local_file\" \"a\" {\n  content = \"hi\"\n}\n") ==
        "resource \"local_file\" \"a\" @1:1 {\n  content @2:3 = \"hi\"\n}\n");
  CHECK(body("a b \"c\" { x = 1 }\n") == "a \"b\" \"c\" @1:1 {\n  x @1:11 = 1\n}\n");
  CHECK(body("outer {\n  inner {}\n  y = 2\n}") == "outer @1:1 {\n  inner @2:3 {\n  }\n  y @3:3 = 2\n}\n");
  CHECK(body("") == "");
  CHECK(body("\n\n# only a comment") == "");
  CHECK(body("a = 1\r\nb = 2\r\n") == "a @1:1 = 1\nb @2:1 = 2\n");
}

TEST_CASE("syntax errors name what was expected, and where") {
  CHECK(error("a 1\n") == "1:3: expected '=' or a block body after the attribute name, found '1'");
  CHECK(error("a =\n") == "1:4: expected an expression, found a newline");
  CHECK(error("a = 1 2\n") == "1:7: expected a newline after the attribute value, found '2'");
  CHECK(error("a = \"abc\n") == "1:5: unterminated string");
  CHECK(error("a = \"\\q\"\n") == "1:6: invalid escape sequence \\q");
  CHECK(error("b {\n  a = 1\n") == "1:3: expected '}' to close the block opened at 1:3, found the end of the file");
  CHECK(error("a = [1 2]\n") == "1:8: expected ',' or ']' to close the list opened at 1:5, found '2'");
  CHECK(error("a = f(1\n") == "1:6: expected ',' or ')' to close the function call opened at 1:6, found the end of the file");
  CHECK(error("a = { b }\n") == "1:9: expected '=' or ':' after the object key, found '}'");
  CHECK(error("a = (1\n") == "1:5: expected ')' to close the parenthesis opened at 1:5, found the end of the file");
  CHECK(error("a = \"${1\"\n") == "1:9: expected '}' to close the interpolation opened at 1:6, found '\"'");
  CHECK(error("a = 1 +\n") == "2:1: expected an expression after the operator, found the end of the file");
  CHECK(error("a = x.\n") == "1:7: expected an attribute name after '.', found a newline");
  CHECK(error("a = x[1\n") == "1:6: expected ']' to close the index opened at 1:6, found the end of the file");
  CHECK(error("a = b ? 1\n") == "2:1: expected ':' after the true result of the conditional, found the end of the file");
  CHECK(error("}\n") == "1:1: expected an attribute or a block, found '}'");
  CHECK(error("a \"b\" c = 1\n") == "1:9: expected '{' after the block labels, found '='");
  CHECK(error("b { } c = 1\n") == "1:7: expected a newline after the block's closing '}', found 'c'");
  CHECK(error("/* open\n") == "1:1: unterminated comment");
  CHECK(error("a = \"%{ if x }\"\n") == "1:6: expected %{ endif } to close the %{ if } opened at 1:6, found the end of the template");
  CHECK(error("a = 1\na = 2\n") == "2:1: Duplicate attribute \"a\"; first set at test:1:1");
  CHECK(error("b \"x${1}\" {}\n") == "1:3: block labels cannot contain interpolations");
  CHECK(error("a = \"\\uD800\"\n") == "1:6: invalid Unicode escape \\uD800: not a Unicode scalar value");
  CHECK(error("a = 1e999999999\n") == "1:5: number 1e999999999 is out of range");
  CHECK(error("a = -\n") == "1:6: expected an expression after the unary operator, found a newline");
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
  CHECK(error("a = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n") ==
        "1:69: expressions and blocks are nested too deeply (the limit is 64 levels)");
  std::string blocks;
  for (int i = 0; i < 5000; ++i) blocks += "b {\n";
  CHECK(error(blocks).find("nested too deeply") != std::string::npos);
  CHECK(error("a = " + std::string(100000, '[')).find("nested too deeply") != std::string::npos);
  CHECK(error("a = " + std::string(100000, '-') + "1\n").find("nested too deeply") != std::string::npos);
  std::string chain = "a = 1";
  for (int i = 0; i < 100000; ++i) chain += " + 1";
  CHECK(error(chain + "\n") ==
        "1:5: this expression is nested too deeply (the limit is 256 levels of operators and brackets)");
  CHECK(error("a = " + std::string(50, '[') + std::string(50, ']') + "\n") == "no error");
}

TEST_CASE("ranges of expressions") {
  Diagnostics diags;
  ExprPtr e = parse_expression("f", "  var.a + f(1)", diags);
  REQUIRE(e);
  CHECK(e->range.begin.column == 3);
  CHECK(e->range.end.column == 15);
  CHECK(e->range.begin.offset == 2);
}

namespace {

/// "line:column: summary" of the first diagnostic, or the dump of the parsed template.
std::string bare_template(const std::string& text, SourcePos start = {}) {
  Diagnostics diags;
  ExprPtr e = parse_template("t.tpl", text, start, diags);
  if (!diags.empty()) return first(diags) + (e ? " (with a result)" : "");
  return e ? dump(*e) : "null without a diagnostic";
}

}  // namespace

TEST_CASE("a bare template is raw text with interpolations and directives") {
  CHECK(bare_template("Hello, ${name}!") == "(template \"Hello, \" (ref name) \"!\")");
  // Quotes, backslashes and newlines are text; there are no escapes but $${ and %%{.
  CHECK(bare_template("say \"hi\" \\n\nnext line\n") == "\"say \\\"hi\\\" \\\\n\\nnext line\\n\"");
  // (Dumps write a literal `${` as `$${`.)
  CHECK(bare_template("$${x} %%{y} $$ %") == "\"$${x} %%{y} $$ %\"");
  CHECK(bare_template("") == "\"\"");
  CHECK(bare_template("%{ for x in xs ~}\n${x}\n%{~ endfor }") ==
        "(template (%for x in (ref xs) (ref x)))");
  CHECK(bare_template("%{if a}yes%{else}no%{endif}\n") ==
        "(template (%if (ref a) (then \"yes\") (else \"no\")) \"\\n\")");
  CHECK(bare_template("${<<EOT\nin a heredoc\nEOT\n}") == "(template \"in a heredoc\\n\")");
}

TEST_CASE("a bare template's syntax errors and ranges") {
  CHECK(bare_template("x\n${a") ==
        "2:1: expected '}' to close the interpolation opened at 2:1, found the end of the file");
  CHECK(bare_template("a ${ 1 + }") == "1:10: expected an expression after the operator, found '}'");
  CHECK(bare_template("%{ while x }") ==
        "1:4: expected 'if', 'else', 'endif', 'for' or 'endfor' after '%{', found 'w'");
  CHECK(bare_template("%{ if x }no end") ==
        "1:1: expected %{ endif } to close the %{ if } opened at 1:1, found the end of the template (with a result)");
  Diagnostics diags;
  ExprPtr e = parse_template("t.tpl", "ab\n${x}", SourcePos{}, diags);
  REQUIRE(e);
  CHECK(e->range.begin.offset == 0);
  CHECK(e->range.end.line == 2);
  CHECK(e->range.end.column == 5);
  CHECK(e->range.end.offset == 7);
}

TEST_CASE("embedded expressions and templates take positions in their file") {
  const SourcePos start{7, 12, 150};
  Diagnostics diags;
  ExprPtr e = parse_expression("main.infra.json", "  var.a + f(1)", diags, start);
  REQUIRE(e);
  CHECK(e->range.file == "main.infra.json");
  CHECK(e->range.begin.line == 7);
  CHECK(e->range.begin.column == 14);
  CHECK(e->range.begin.offset == 152);
  CHECK(e->range.end.column == 26);
  // After a newline, columns count from 1 again.
  ExprPtr t = parse_template("main.infra.json", "a\n  ${b}", start, diags);
  REQUIRE(t);
  const auto& parts = std::get<TemplateExpr>(t->node).parts;
  REQUIRE(parts.size() == 2);
  CHECK(parts[1].expr->range.begin.line == 8);
  CHECK(parts[1].expr->range.begin.column == 5);
  CHECK(parts[1].expr->range.begin.offset == 156);
  CHECK(diags.empty());

  CHECK(bare_template("ok ${x", start) ==
        "7:15: expected '}' to close the interpolation opened at 7:15, found the end of the file");
  CHECK(bare_template("\n\n  ${1 +}", start) ==
        "9:8: expected an expression after the operator, found '}'");
  Diagnostics expr_diags;
  CHECK_FALSE(parse_expression("main.infra.json", "[1,\n 2 3]", expr_diags, start));
  REQUIRE(expr_diags.items().size() == 1);
  const SourceRange& r = *expr_diags.items().front().range;
  CHECK(r.file == "main.infra.json");
  CHECK(r.begin.line == 8);
  CHECK(r.begin.column == 4);
  CHECK(r.begin.offset == 157);
  CHECK(expr_diags.items().front().summary ==
        "expected ',' or ']' to close the list opened at 7:12, found '3'");
}

namespace {

/// Every diagnostic's "line:column: summary" (warnings marked), then the dump of the body.
std::string all(const std::string& text) {
  Diagnostics diags;
  BodyPtr b = parse_file("test", text, diags);
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    out += std::string(d.severity == Severity::Warning ? "warning " : "") +
           std::to_string(d.range->begin.line) + ":" + std::to_string(d.range->begin.column) +
           ": " + d.summary + "\n";
  }
  return out + "--\n" + (b ? dump(*b) : "null\n");
}

}  // namespace

TEST_CASE("after a syntax error, parsing resumes at the next top-level item") {
  CHECK(all("a = [1 2]\nb = 2\nc = \nd {\n  e = (\n}\nf = 6\n") ==
        "1:8: expected ',' or ']' to close the list opened at 1:5, found '2'\n"
        "3:5: expected an expression, found a newline\n"
        "6:1: expected an expression, found '}'\n"
        "--\n"
        "b @2:1 = 2\n"
        "f @7:1 = 6\n");
  // An item starts at column 1 with a name and `=`, `{` or a label; `== 3` does not.
  CHECK(all("a = 1 +\n  b = 2\n== 3\nc = x\nd = 1 1\n") ==
        "2:5: expected a newline after the attribute value, found '='\n"
        "5:7: expected a newline after the attribute value, found '1'\n"
        "--\n"
        "c @4:1 = (ref x)\n");
  // A list left open is the broken expression's: the next item still starts there.
  CHECK(all("a = [1,\nb = 2\nc = 3 3\n") ==
        "2:3: expected ',' or ']' to close the list opened at 1:5, found '='\n"
        "3:7: expected a newline after the attribute value, found '3'\n"
        "--\n");
}

TEST_CASE("recovery skips what only looks like an item inside heredocs, comments, strings and braces") {
  CHECK(all("a = [1 2, <<EOT\nb = 1\nEOT\n]\n/* c = 1 1\nd = */\ne = 5 5\nf = 6\n") ==
        "1:8: expected ',' or ']' to close the list opened at 1:5, found '2'\n"
        "7:7: expected a newline after the attribute value, found '5'\n"
        "--\n"
        "f @8:1 = 6\n");
  CHECK(all("a = \"${ {x = 1} }\" + [1 2]\nb = \"}\"\nc = 3 3\n") ==
        "1:25: expected ',' or ']' to close the list opened at 1:22, found '2'\n"
        "3:7: expected a newline after the attribute value, found '3'\n"
        "--\n"
        "b @2:1 = \"}\"\n");
  // Inside an object that is closed later, and inside a block that never is.
  CHECK(all("a = {\n  b = [1 2]\nc = 3\n}\nd = 4 4\n") ==
        "2:10: expected ',' or ']' to close the list opened at 2:7, found '2'\n"
        "5:7: expected a newline after the attribute value, found '4'\n"
        "--\n");
  CHECK(all("b {\n  x = [1 2]\nc = 1\nd = 2 2\n") ==
        "2:10: expected ',' or ']' to close the list opened at 2:7, found '2'\n"
        "--\n");
}

TEST_CASE("a broken item's own problems before its syntax error are reported") {
  CHECK(all("a {\n  x = \"\\uD800\"\n  x = 1\n  y = [1 2]\n}\nz = 1\n") ==
        "2:8: invalid Unicode escape \\uD800: not a Unicode scalar value\n"
        "3:3: Duplicate attribute \"x\"; first set at test:2:3\n"
        "4:10: expected ',' or ']' to close the list opened at 4:7, found '2'\n"
        "--\n"
        "z @6:1 = 1\n");
}

TEST_CASE("a file reports at most 20 syntax errors") {
  std::string text;
  for (int i = 1; i <= 25; ++i) text += "a" + std::to_string(i) + " = [1 2]\n";
  const std::string out = all(text);
  CHECK(out.find("20:10: expected ',' or ']'") != std::string::npos);
  CHECK(out.find("21:10: expected") == std::string::npos);
  CHECK(out.find("warning 21:10: too many syntax errors; the rest of this file was not checked\n--\n") !=
        std::string::npos);
  text = "";
  for (int i = 1; i <= 20; ++i) text += "a" + std::to_string(i) + " = [1 2]\n";
  CHECK(all(text).find("too many") == std::string::npos);
}

namespace {

std::string where(const SourceRange& r) {
  return r.file.str() + ":" + std::to_string(r.begin.line) + ":" +
         std::to_string(r.begin.column) + "+" + std::to_string(r.begin.offset) + "-" +
         std::to_string(r.end.line) + ":" + std::to_string(r.end.column) + "+" +
         std::to_string(r.end.offset);
}

/// The places of a body's items, their values' and their blocks', recursively.
std::string places(const Body& b) {
  std::string out = "body " + where(b.range) + "\n";
  for (const Attribute& a : b.attributes) {
    out += a.name + " " + where(a.range) + " " + where(a.name_range) + " " +
           where(a.value->range) + "\n";
  }
  for (const Block& block : b.blocks) {
    out += block.type + " " + where(block.range) + " " + where(block.type_range);
    for (const SourceRange& r : block.label_ranges) out += " " + where(r);
    out += "\n" + places(*block.body);
  }
  return out;
}

/// The AST and its places, parsed in one piece (the text is small).
std::string whole(const std::string& text) {
  Diagnostics diags;
  const BodyPtr b = parse_file("test", text, diags);
  REQUIRE(diags.empty());
  return dump(*b) + places(*b);
}

}  // namespace

TEST_CASE("a text parsed in pieces gives the AST of one piece") {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    const std::string n = std::to_string(i);
    text += "resource \"t\" \"r" + n + "\" {\n  a = \"x-${var.v[" + n + "]}\"\n  b = [" + n +
            ", { k = true }]\n  nested {\n    c = f(" + n + ")\n  }\n}\n";
    if (i % 7 == 3) text += "# a comment\n\nvariable \"v" + n + "\" {\r\n  default = 1\r\n}\r\n";
  }
  const BodyPtr pieces = detail::parse_in_pieces("test", text, 64);
  REQUIRE(pieces);
  CHECK(pieces->blocks.size() == 46);
  CHECK(dump(*pieces) + places(*pieces) == whole(text));
}

TEST_CASE("a file in the canonical layout, an empty line between blocks, is cut too") {
  std::string text;
  for (int i = 0; i < 30; ++i) {
    text += "resource \"t\" \"r" + std::to_string(i) + "\" {\n  a = " + std::to_string(i) +
            "\n}\n\n" + (i % 5 == 0 ? "\n\n" : "");
  }
  const BodyPtr pieces = detail::parse_in_pieces("test", text, 64);
  REQUIRE(pieces);
  CHECK(pieces->blocks.size() == 30);
  CHECK(dump(*pieces) + places(*pieces) == whole(text));
}

TEST_CASE("pieces give up where a cut is not between two top-level blocks") {
  // Each `}` line followed by a name is inside a heredoc, a comment or an unindented block.
  std::string text;
  for (int i = 0; i < 20; ++i) {
    text += "a" + std::to_string(i) + " {\n  x = <<EOT\n}\nresource\nEOT\n/*\n}\nb\n*/\n"
            "inner {\n}\ny = 1\n}\n";
  }
  whole(text);  // it does parse in one piece
  CHECK(detail::parse_in_pieces("test", text, 16) == nullptr);
  // A syntax error, or a top-level attribute, in any piece gives up too.
  const std::string blocks = "a {\n  x = 1\n}\nb {\n  y = 2\n}\nc {\n  z = 3\n}\n";
  CHECK(detail::parse_in_pieces("test", blocks, 8) != nullptr);
  CHECK(detail::parse_in_pieces("test", blocks + "d {\n  w = [1 2]\n}\n", 8) == nullptr);
  CHECK(detail::parse_in_pieces("test", blocks + "w = 1\n", 8) == nullptr);
}

TEST_CASE("a large file with a syntax error reports it as a small one does") {
  std::string text;
  for (int i = 0; i < 12000; ++i) {
    text += "resource \"t\" \"r" + std::to_string(i) + "\" {\n  a = \"" + std::string(160, 'x') +
            "\"\n}\n";
  }
  REQUIRE(text.size() > (std::size_t{2} << 20));
  CHECK(error(text) == "no error");
  CHECK(error(text + "d {\n  w = [1 2]\n}\n") ==
        "36002:10: expected ',' or ']' to close the list opened at 36002:7, found '2'");
}
