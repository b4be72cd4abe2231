// Tests of lang/json_expressions.cpp: JSON values as expressions, strings as templates or
// expressions, and positions inside strings (in the AST and in messages) that are places in
// the JSON file, after escapes too.
#include <catch2/catch.hpp>

#include "json_support.hpp"

using namespace infra::lang;
using namespace infra::lang::testing;

TEST_CASE("json: strings are templates, and one interpolation alone is its expression") {
  CHECK(local_x(R"("plain")") == R"("plain")");
  CHECK(local_x(R"("${var.a}")") == "(ref var.a)");
  CHECK(local_x(R"("${var.a}${var.b}")") == "(template (ref var.a) (ref var.b))");
  CHECK(local_x(R"("  ${var.a}")") == R"((template "  " (ref var.a)))");
  CHECK(local_x(R"("%{ if var.a }yes%{ endif }")") ==
        R"((template (%if (ref var.a) (then "yes") (else))))");
  CHECK(local_x(R"("$${var.a}")") == R"("$${var.a}")");  // the text ${var.a}
  CHECK(local_x(R"("\u0024{var.a}")") == "(ref var.a)");  // decoded, then a template
  CHECK(local_x(R"("e\u0301")") == "\"\xC3\xA9\"");          // NFC, as native strings
  CHECK(local_x(R"("\ud83d\ude00 \/ \b\f")") == "\"\xF0\x9F\x98\x80 / \\u0008\\u000c\"");
  CHECK(local_x(R"({"${var.k}": 1, "plain": 2})") == R"((object ((ref var.k) 1) ("plain" 2)))");
  CHECK(local_x("-0.5e-3") == "(neg 0.0005)");
  CHECK(local_x("[]") == "(tuple)");
  CHECK(local_x("{}") == "(object)");
}

TEST_CASE("json: strings are expressions where the native syntax writes references") {
  const Loaded j = load(kJsonFile, R"({"module": {"m": {
    "source": "./m",
    "providers": {"a": "b.c", "d.e": "f"},
    "depends_on": ["local_file.a"]
  }}})");
  INFO(j.rendered());
  REQUIRE_FALSE(j.diags.has_errors());
  const ModuleCall& m = j.module.module_calls.at(0);
  REQUIRE(m.providers.size() == 2);
  CHECK(m.providers[0].first.key() == "a");
  CHECK(m.providers[0].second.key() == "b.c");
  CHECK(m.providers[1].first.key() == "d.e");
  CHECK(m.providers[1].second.key() == "f");
  CHECK(m.providers[1].second.range.begin.column == 39);
  // Elsewhere the same strings are templates: plain text.
  CHECK(local_x(R"(["local_file.a"])") == R"((tuple "local_file.a"))");
}

TEST_CASE("json: positions inside strings are places in the file, after escapes too") {
  const std::string text = "{\"locals\": {\n  \"x\": \"a\\n\\u00e9${var.name}\",\n"
                           "  \"y\": \"${var.z}\"}}";
  const Loaded j = load(kJsonFile, text);
  REQUIRE_FALSE(j.diags.has_errors());
  REQUIRE(j.module.locals.size() == 2);
  // `a\n\u00e9` is 9 bytes in the file and 4 in the string.
  const auto* x = std::get_if<TemplateExpr>(&j.module.locals[0].value->node);
  REQUIRE(x != nullptr);
  const SourceRange& ref = x->parts.at(1).expr->range;
  CHECK(ref.begin.line == 2);
  CHECK(ref.begin.column == 20);
  CHECK(ref.end.column == 28);
  CHECK(text.substr(ref.begin.offset, ref.end.offset - ref.begin.offset) == "var.name");
  CHECK(j.module.locals[0].value->range.begin.column == 8);  // the whole string
  const SourceRange& z = j.module.locals[1].value->range;      // `"${var.z}"` is var.z
  CHECK(z.begin.line == 3);
  CHECK(z.begin.column == 11);
  CHECK(text.substr(z.begin.offset, z.end.offset - z.begin.offset) == "var.z");
}

TEST_CASE("json: errors inside strings, at their places in the file") {
  // A template: the interpolation is opened at column 12 of the file.
  CHECK(errors(R"({"locals": {"a": "x-${var.a"}})") ==
        "1:21: expected '}' to close the interpolation opened at 1:21, found the end of the "
        "string");
  // After escapes, the places still are those of the file, in the message too.
  CHECK(errors(R"({"locals": {"a": "\"\u00e9\"${var.a"}})") ==
        "1:29: expected '}' to close the interpolation opened at 1:29, found the end of the "
        "string");
  CHECK(errors(R"({"locals": {"a": "\n${1 +}"}})") ==
        "1:26: expected an expression after the operator, found '}'");
  CHECK(errors(R"({"locals": {"a": "%{ if true }x"}})") ==
        "1:19: expected %{ endif } to close the %{ if } opened at 1:19, found the end of the "
        "template");
  // An expression.
  CHECK(errors(R"({"resource": {"t": {"n": {"provider": "a b"}}}})") ==
        "1:42: expected the end of the expression, found 'b'");
  CHECK(errors(R"({"resource": {"t": {"n": {"depends_on": [""]}}}})") ==
        "1:43: expected an expression, found the end of the string");
  CHECK(errors(R"({"variable": {"v": {"type": "list("}}})") ==
        "1:34: expected ',' or ')' to close the function call opened at 1:34, found the end "
        "of the string");
}
