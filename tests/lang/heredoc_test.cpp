// Tests of heredoc templates (`<<EOT`, `<<-EOT`): parsing in lang/grammar.hpp and
// lang/parser.cpp, indentation stripping in lang/ast_builder.cpp, evaluation as templates.
#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "lang/ast.hpp"

using namespace infra::lang;

namespace {

struct Fixture : testing::EvalFixture {
  Fixture() {
    scope.values["var.name"] = Value::string("web");
    scope.values["var.padded"] = Value::string("  x");
  }

  /// Evaluates `text` (an expression) to its string value.
  std::string str(const std::string& text) {
    const Value v = eval(text);
    REQUIRE_FALSE(diags.has_errors());
    REQUIRE(v.kind() == Value::Kind::String);
    return v.as_string();
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "a heredoc keeps its lines and their final newline") {
  CHECK(str("<<EOT\nhello\n  world\nEOT\n") == "hello\n  world\n");
  CHECK(str("<<EOT\nEOT") == "");
  CHECK(str("<<EOT\n\nEOT") == "\n");
  // The closing marker may be indented, and is only a whole line.
  CHECK(str("<<EOT\n  not EOT\nEOTX\n  EOT  \n") == "  not EOT\nEOTX\n");
  CHECK(str("<<END_1\nEOT\nEND_1") == "EOT\n");
}

TEST_CASE_METHOD(Fixture, "backslashes and quotes are plain text in a heredoc") {
  CHECK(str("<<EOT\na\\nb \"q\" \\\nEOT\n") == "a\\nb \"q\" \\\n");
}

TEST_CASE_METHOD(Fixture, "heredocs interpolate and take the $${ and %%{ escapes") {
  CHECK(str("<<EOT\nhi ${var.name}!\n${upper(var.name)}\nEOT\n") == "hi web!\nWEB\n");
  CHECK(str("<<EOT\n$${var.name} %%{x} $$ %\nEOT\n") == "${var.name} %{x} $$ %\n");
  // A heredoc inside an interpolation inside a heredoc.
  CHECK(str("<<A\n[${upper(<<B\ninner\nB\n)}]\nA\n") == "[INNER\n]\n");
}

TEST_CASE_METHOD(Fixture, "an indented heredoc removes the indentation its lines share") {
  CHECK(str("<<-EOT\n    a\n      b\n    c\n    EOT\n") == "a\n  b\nc\n");
  // Tabs and spaces count one each; blank lines neither count nor change.
  CHECK(str("<<-EOT\n\t  a\n\n   \n  \t  b\nEOT\n") == "a\n\n   \n  b\n");
  // Only the indentation of literal text counts, never an interpolated value's.
  CHECK(str("<<-EOT\n    ${var.padded}\n      y\n  EOT\n") == "  x\n  y\n");
  // A line starting with an interpolation has no indentation.
  CHECK(str("<<-EOT\n    a\n${var.name}\n    b\nEOT\n") == "    a\nweb\n    b\n");
  CHECK(str("<<EOT\n    a\n    EOT\n") == "    a\n");
}

TEST_CASE_METHOD(Fixture, "CRLF heredocs keep their line endings") {
  CHECK(str("<<EOT\r\nline\r\n${var.name}\r\nEOT\r\n") == "line\r\nweb\r\n");
  CHECK(str("<<-EOT\r\n  a\r\n\r\n    b\r\n  EOT\r\n") == "a\r\n\r\n  b\r\n");
}

TEST_CASE_METHOD(Fixture, "a heredoc is an expression like any other") {
  CHECK(str("upper(<<EOT\nabc\nEOT\n)") == "ABC\n");
  CHECK(str("join(\",\", <<-EOT\n  a\n  EOT\n  , \"b\")") == "a\n,b");
  CHECK(str("[\"x\", <<EOT\ny\nEOT\n][1]") == "y\n");
  CHECK(str("(<<EOT\nab\nEOT\n) == \"ab\\n\" ? \"same\" : \"different\"") == "same");
}

TEST_CASE_METHOD(Fixture, "a heredoc with interpolations is a template node") {
  ExprPtr e = parse_expression("test", "<<-EOT\n  ${var.name}-${aws_instance.web.id}\n  EOT\n", diags);
  REQUIRE(e);
  const auto* t = std::get_if<TemplateExpr>(&e->node);
  REQUIRE(t);
  REQUIRE(t->parts.size() == 4);
  CHECK(t->parts[1].text == "-");
  CHECK(t->parts[3].text == "\n");
  CHECK(std::holds_alternative<Literal>(parse_expression("test", "<<EOT\nx\nEOT", diags)->node));
}

TEST_CASE_METHOD(Fixture, "heredoc syntax errors") {
  CHECK(error("<<EOT\nabc\n") ==
        "1:1: expected the closing marker EOT of the heredoc opened at 1:1, found the end of the file");
  CHECK(error("[1, <<-EOT\n  abc\n  EOTX") ==
        "1:5: expected the closing marker EOT of the heredoc opened at 1:5, found the end of the file");
  CHECK(error("<< EOT\nx\nEOT\n") ==
        "1:3: expected an identifier after '<<' to name the heredoc's closing marker, found ' '");
  CHECK(error("<<EOT x\nEOT\n") ==
        "1:6: expected a newline after the heredoc's opening marker EOT, found ' '");
  CHECK(error("<<EOT\n${var.name\nEOT\n") ==
        "3:1: expected '}' to close the interpolation opened at 2:1, found 'E'");
}
