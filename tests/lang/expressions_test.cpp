// Tests of HCL's expression syntax beyond operators: template directives and strip
// markers, for expressions, splats, the special forms can and try, Unicode identifiers
// and NFC normalisation, and references() across all of them.
#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "lang/ast.hpp"
#include "lang/unicode.hpp"

using namespace infra::lang;

namespace {

struct Fixture : testing::EvalFixture {
  Fixture() {
    scope.values["var.names"] = Value::list({Value::string("a"), Value::string("b")});
    scope.values["var.tags"] = Value::object({{"x", Value::number(1)}, {"y", Value::number(2)}});
    scope.values["var.unknown"] = Value::unknown();
    scope.values["var.secret"] = Value::string("s").marked_sensitive();
    scope.values["var.pets"] = Value::list(
        {Value::object({{"name", Value::string("rex")}}),
         Value::object({{"name", Value::string("tom")}})});
  }

  std::string show(const std::string& text) {
    const Value v = eval(text);
    if (diags.has_errors()) return "error: " + diags.items().front().summary;
    return to_display(v);
  }

  std::string refs(const std::string& text) {
    diags = Diagnostics();
    ExprPtr e = parse_expression("test", text, diags);
    REQUIRE(e);
    std::string out;
    for (const Reference& r : references(*e)) {
      if (!out.empty()) out += " ";
      for (std::size_t i = 0; i < r.parts.size(); ++i) out += (i ? "." : "") + r.parts[i];
    }
    return out;
  }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "if and for directives render into the template") {
  CHECK(show(R"("%{ if true }yes%{ else }no%{ endif }")") == "\"yes\"");
  CHECK(show(R"("%{ if false }yes%{ endif }")") == "\"\"");
  CHECK(show(R"("%{ for n in var.names }(${n})%{ endfor }")") == "\"(a)(b)\"");
  CHECK(show(R"("%{ for i, n in var.names }${i}${n} %{ endfor }")") == "\"0a 1b \"");
  CHECK(show(R"("%{ for k, v in var.tags }${k}=${v}%{ endfor }")") == "\"x=1y=2\"");
  CHECK(show(R"("%{ if true }${1}%{ endif }")") == "\"1\"");
}

TEST_CASE_METHOD(Fixture, "strip markers remove whitespace and newlines beside them") {
  CHECK(show("\"a \\n ${~ \"b\" ~} \\n c\"") == "\"abc\"");
  CHECK(show("\"a %{~ if true ~} b %{~ endif ~} c\"") == "\"abc\"");
  CHECK(show("<<EOT\n%{ for n in var.names ~}\n${n}\n%{ endfor ~}\nEOT\n") == "\"a\\nb\\n\"");
}

TEST_CASE_METHOD(Fixture, "directives with unknown or sensitive inputs") {
  CHECK(show(R"("%{ if var.unknown }a%{ endif }")") == "(known after apply)");
  CHECK(show(R"("%{ for x in var.unknown }a%{ endfor }")") == "(known after apply)");
  CHECK(eval(R"("%{ if true }${var.secret}%{ endif }")").is_sensitive());
}

TEST_CASE_METHOD(Fixture, "unclosed and mismatched directives are reported at the opener") {
  CHECK(error(R"("x %{ if true }a")") ==
        "1:4: expected %{ endif } to close the %{ if } opened at 1:4, found the end of the template");
  CHECK(error(R"("%{ for x in [] }a%{ endif }")") ==
        "1:2: expected %{ endfor } to close the %{ for } opened at 1:2, found %{ endif } at 1:19");
  CHECK(error(R"("%{ endfor }")") == "1:2: %{ endfor } without a matching %{ for }");
  CHECK(error(R"("%{ when }")") ==
        "1:5: expected 'if', 'else', 'endif', 'for' or 'endfor' after '%{', found 'w'");
  CHECK(error(R"("%{ if true ")") ==
        "1:13: expected '}' to close the template directive opened at 1:2, found '\"'");
}

TEST_CASE_METHOD(Fixture, "for expressions build lists and objects") {
  CHECK(show("[for n in var.names : upper(n)]") == "[\"A\", \"B\"]");
  CHECK(show("[for i, n in var.names : i if n != \"a\"]") == "[1]");
  CHECK(show("{for k, v in var.tags : v => k}") == "{ \"1\" = \"x\", \"2\" = \"y\" }");
  CHECK(show("{for n in [\"a\", \"b\", \"a\"] : n => n...}") == "{ a = [\"a\", \"a\"], b = [\"b\"] }");
  CHECK(show("[for n in var.unknown : n]") == "(known after apply)");
  CHECK(show("[for n in [1, 2] : n if var.unknown]") == "(known after apply)");
  CHECK(show("{for n in [\"a\", \"a\"] : n => 1}") ==
        "error: Duplicate object key \"a\" in this for expression");
  CHECK(show("[for n in 1 : n]") ==
        "error: Cannot iterate over a number value; a list or an object is required");
  CHECK(eval("[for n in [var.secret] : n]").contains_sensitive());
}

TEST_CASE_METHOD(Fixture, "for expression syntax errors") {
  CHECK(error("[for : x]") == "1:6: expected an iterator name after 'for', found ':'");
  CHECK(error("[for x on y : x]") == "1:8: expected 'in' after the iterator names, found 'o'");
  CHECK(error("[for x in y x]") ==
        "1:13: expected ':' after the collection of the for expression, found 'x'");
  CHECK(error("{for x in y : x}") ==
        "1:16: expected '=>' after the key of the for expression, found '}'");
  CHECK(error("[for x in y : x") ==
        "1:1: expected 'if' or ']' to close the for expression opened at 1:1, found the end of the file");
  // A variable whose name merely starts with "for" is not a for expression.
  CHECK(error("[for_each, format]") == "no error");
}

TEST_CASE_METHOD(Fixture, "splats apply the following steps to each element") {
  CHECK(show("var.pets[*].name") == "[\"rex\", \"tom\"]");
  CHECK(show("var.pets.*.name") == "[\"rex\", \"tom\"]");
  CHECK(show("var.pets.*.name[1]") == "\"tom\"");
  CHECK(show("[[1, 2], [3]][*][0]") == "[1, 3]");
  CHECK(show("var.tags[*].x") == "[1]");
  CHECK(show("null[*]") == "[]");
  CHECK(show("var.unknown[*].a") == "(known after apply)");
  CHECK(show("[[1, 2], [3]][*][*]") == "[[1, 2], [3]]");
}

TEST_CASE_METHOD(Fixture, "can and try catch errors in their arguments") {
  const int calls = functions.calls;
  CHECK(show("can(var.tags.z)") == "false");
  CHECK(show("can(var.tags.x)") == "true");
  CHECK(show("try(var.tags.z, var.tags.x)") == "1");
  CHECK(show("try(var.unknown, 1)") == "(known after apply)");
  CHECK(show("can(var.unknown)") == "(known after apply)");
  CHECK(show("try(var.tags.z)") == "error: Invalid call to function \"try\": no expression succeeded");
  CHECK(show("can(1, 2)") == "error: Invalid call to function \"can\": it takes exactly one argument, not 2");
  // Special forms, not functions: the FunctionTable is never asked.
  CHECK(functions.calls == calls);
}

TEST_CASE_METHOD(Fixture, "identifiers may use letters of any script") {
  scope.values["var.größe"] = Value::number(3);
  scope.values["var.名前"] = Value::string("x");
  CHECK(show("var.größe") == "3");
  CHECK(show("[for ключ in [1] : ключ]") == "[1]");
  CHECK(show("var.名前") == "\"x\"");
  // Symbols are not letters.
  CHECK(error("a×b") == "1:2: expected the end of the expression, found '×'");
}

TEST_CASE("string literals are normalised to NFC") {
  CHECK(nfc("e\xCC\x81") == "\xC3\xA9");                  // e + acute -> é
  CHECK(nfc("\xC3\xA9") == "\xC3\xA9");                   // already composed
  CHECK(nfc("a\xCC\xA3\xCC\x82") == "\xE1\xBA\xAD");      // a + dot below + circumflex
  CHECK(nfc("a\xCC\x82\xCC\xA3") == "\xE1\xBA\xAD");      // marks in the other order
  CHECK(nfc("\xC3\xA9\xCC\xA3") == "\xE1\xBA\xB9\xCC\x81");  // é + dot below -> ẹ + acute
  CHECK(nfc("plain") == "plain");
  CHECK(nfc("bad \xff") == "bad \xff");
  Diagnostics diags;
  ExprPtr e = parse_expression("t", "\"e\\u0301\"", diags);
  REQUIRE(e);
  CHECK(std::get<Literal>(e->node).value.as_string() == "\xC3\xA9");
}

TEST_CASE_METHOD(Fixture, "references skip iteration names but see everything else") {
  CHECK(refs("[for x in var.list : x.id if x != local.skip]") == "var.list local.skip");
  CHECK(refs("{for k, v in var.m : k => v[local.i]}") == "var.m local.i");
  CHECK(refs("\"%{ for x in var.xs }${x}${var.y}%{ endfor }%{ if local.c }${x}%{ endif }\"") ==
        "var.xs var.y local.c x");
  CHECK(refs("var.list[*].a") == "var.list");
  CHECK(refs("try(var.a, can(local.b))") == "var.a local.b");
  CHECK(refs("[for x in [1] : [for y in x : y + x + z.w]]") == "z.w");
}
