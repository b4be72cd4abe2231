// Tests of lang/eval.cpp and lang/eval_ops.cpp: operators, templates, traversals, calls,
// unknown and sensitive propagation, and the error messages.
#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "lang/ast.hpp"

using namespace infra::lang;
using infra::lang::testing::MapScope;
using infra::lang::testing::TestFunctions;

namespace {

struct Fixture : infra::lang::testing::EvalFixture {
  Fixture() {
    scope.values["var.name"] = Value::string("web");
    scope.values["var.n"] = Value::number(3);
    scope.values["var.flag"] = Value::boolean(true);
    scope.values["var.list"] = Value::list({Value::string("a"), Value::string("b")});
    scope.values["var.obj"] =
        Value::object({{"x", Value::number(1)}, {"inner", Value::object({{"y", Value::string("z")}})}});
    scope.values["var.nothing"] = Value::null();
    scope.values["var.secret"] = Value::string("hunter2").marked_sensitive();
    scope.values["aws_instance.web"] = Value::object({{"id", Value::unknown()}, {"ip", Value::string("10.0.0.1")}});
    scope.values["var.later"] = Value::unknown();
  }

  /// Evaluates text that should fail; returns "column: summary" of the first error.
  std::string fail(const std::string& text) {
    Value v = eval(text);
    if (!diags.has_errors()) return "no error, got " + to_display(v);
    CHECK(v.is_null());
    const Diagnostic& d = diags.items().front();
    return std::to_string(d.range->begin.column) + ": " + d.summary;
  }

  std::string show(const std::string& text) { return to_display(eval(text)); }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "arithmetic, comparison and logic") {
  CHECK(show("1 + 2 * 3") == "7");
  CHECK(show("10 / 4") == "2.5");
  CHECK(show("10 % 4") == "2");
  CHECK(show("-var.n + 1") == "-2");
  CHECK(show("var.n > 2 && var.n <= 3") == "true");
  CHECK(show("!var.flag || false") == "false");
  CHECK(show("var.n >= 4") == "false");
  CHECK(show("var.name == \"web\"") == "true");
  CHECK(show("var.list != [\"a\", \"b\"]") == "false");
  CHECK(show("var.obj == { x = 1, inner = { y = \"z\" } }") == "true");
  CHECK(show("1 == \"1\"") == "false");
  CHECK(show("var.flag ? \"yes\" : \"no\"") == "\"yes\"");
  CHECK(show("var.n < 2 ? 1 : var.n < 4 ? 2 : 3") == "2");
}

TEST_CASE_METHOD(Fixture, "numbers are exact decimals at any size") {
  CHECK(show("0.1 + 0.2") == "0.3");
  CHECK(show("0.1 + 0.2 == 0.3") == "true");
  CHECK(show("9007199254740993 + 0") == "9007199254740993");
  CHECK(show("9007199254740993 == 9007199254740992") == "false");
  CHECK(show("9007199254740993 > 9007199254740992") == "true");
  CHECK(show("18446744073709551615 * 18446744073709551615") ==
        "340282366920938463426481119284349108225");
  CHECK(show("1e400 / 1e399") == "10");
  CHECK(show("1e21") == "1000000000000000000000");
  CHECK(show("1.5e-7") == "0.00000015");
  CHECK(show("-1.0") == "-1");
  CHECK(show("-0") == "0");
  CHECK(show("1.10 * 3") == "3.3");
  CHECK(show("1 / 3") == "0." + std::string(155, '3'));
  CHECK(show("2 / 3") == "0." + std::string(154, '6') + "7");
  CHECK(show("10 / 4") == "2.5");
  CHECK(show("-7 % 3") == "-1");
  CHECK(show("7 % -3") == "1");
  CHECK(show("-7.5 % 2") == "-1.5");
  CHECK(show("1e30 % 7") == "1");
  CHECK(show("[for i in [1, 2, 3] : i * 0.1]") == "[0.1, 0.2, 0.3]");
  CHECK(show("\"${0.1 + 0.2}|${1e20}|${-2.50}\"") == "\"0.3|100000000000000000000|-2.5\"");
  CHECK(show("{ (1.50) = \"a\", (1e3) = \"b\" }") == "{ \"1.5\" = \"a\", \"1000\" = \"b\" }");
  CHECK(show("{ \"1.5\" = 1 }[1.50]") == "1");
}

TEST_CASE_METHOD(Fixture, "list indexes are exact whole numbers") {
  CHECK(show("[10, 20][1.0]") == "20");
  CHECK(show("[10, 20][2 / 2]") == "20");
  CHECK(fail("[10, 20][9007199254740993]") ==
        "9: index 9007199254740993 out of range for a list of 2 elements");
  CHECK(fail("[10, 20][1e30]") ==
        "9: index 1000000000000000000000000000000 out of range for a list of 2 elements");
  CHECK(fail("[10, 20][1 / 3]") ==
        "9: A list index must be a whole number, not 0." + std::string(155, '3'));
  CHECK(fail("var.list.18446744073709551616") ==
        "9: index 18446744073709551616 out of range for a list of 2 elements");
  CHECK(fail("var.list." + std::string(100001, '9')) ==
        "9: index " + std::string(100001, '9') + " out of range for a list of 2 elements");
}

TEST_CASE_METHOD(Fixture, "arithmetic beyond the limits of numbers is an error at the operation") {
  const std::string nines = std::string(100000, '9');
  CHECK(fail(nines + " + 1") == "1: Cannot compute \"+\": the result has more than 100000 digits "
                                "before the decimal point");
  CHECK(fail("1 + " + nines + " * 10") ==
        "5: Cannot compute \"*\": the result has more than 100000 digits before the decimal "
        "point");
  CHECK(fail("-" + nines + " - 1") == "1: Cannot compute \"-\": the result has more than 100000 "
                                      "digits before the decimal point");
  CHECK(fail("1e99999 / 0.1") == "1: Cannot compute \"/\": the result has more than 100000 "
                                 "digits before the decimal point");
  CHECK(show("1e-60000 * 1e-60000") == "0");  // finer than the limit: rounded
}

TEST_CASE_METHOD(Fixture, "operator type errors point at the operand") {
  CHECK(fail("1 + \"a\"") == "5: Invalid operand for \"+\": a number is required, not a string");
  CHECK(fail("var.name * 2") == "1: Invalid operand for \"*\": a number is required, not a string");
  CHECK(fail("!1") == "2: Invalid operand for \"!\": a bool is required, not a number");
  CHECK(fail("-var.flag") == "2: Invalid operand for \"-\": a number is required, not a bool");
  CHECK(fail("var.flag && 1") == "13: Invalid operand for \"&&\": a bool is required, not a number");
  CHECK(fail("var.nothing > 1") == "1: Invalid operand for \">\": a number is required, not a null");
  CHECK(fail("1 / 0") == "5: Division by zero");
  CHECK(fail("1 % 0") == "5: Modulo by zero");
  CHECK(fail("\"x\" ? 1 : 2") == "1: The condition must be a bool, not a string");
}

TEST_CASE_METHOD(Fixture, "templates") {
  CHECK(show("\"${var.name}-${var.n}-${var.flag}\"") == "\"web-3-true\"");
  CHECK(show("\"n=${1.5 * 2}\"") == "\"n=3\"");
  CHECK(show("\"${var.list}\"") == "[\"a\", \"b\"]");  // a lone interpolation keeps its type
  CHECK(fail("\"a${var.list}\"") == "5: Cannot include a list value in a string template");
  CHECK(fail("\"a${var.nothing}\"") == "5: Cannot include a null value in a string template");
  CHECK(fail("\"a${var.obj}\"") == "5: Cannot include an object value in a string template");
}

TEST_CASE_METHOD(Fixture, "traversals") {
  CHECK(show("var.list[1]") == "\"b\"");
  CHECK(show("var.list.0") == "\"a\"");
  CHECK(show("var.obj.inner.y") == "\"z\"");
  CHECK(show("var.obj[\"x\"]") == "1");
  CHECK(show("[10, 20][var.n - 2]") == "20");
  CHECK(show("{ a = { b = 5 } }.a.b") == "5");
  CHECK(fail("var.obj.nope") == "8: This object has no attribute \"nope\"");
  CHECK(fail("var.obj[\"nope\"]") == "8: This object has no element \"nope\"");
  CHECK(fail("var.list[3]") == "9: index 3 out of range for a list of 2 elements");
  CHECK(fail("var.list[-1]") == "9: index -1 out of range for a list of 2 elements");
  CHECK(fail("var.list[0.5]") == "9: A list index must be a whole number, not 0.5");
  CHECK(fail("var.list[\"a\"]") == "9: A list index must be a number, not a string");
  CHECK(fail("var.list.x") == "9: A list has no attribute \"x\"; use an index like [0]");
  CHECK(fail("var.nothing.x") == "12: Cannot get an attribute of a null value");
  CHECK(fail("var.name[0]") == "9: Cannot index a string value");
  CHECK(fail("name") == "1: Invalid reference \"name\"");
  CHECK(fail("var[0]") == "1: Invalid reference \"var\"");
  CHECK(fail("var.missing") == "1: Reference to undeclared var.missing");
}

TEST_CASE_METHOD(Fixture, "function calls") {
  CHECK(show("upper(var.name)") == "\"WEB\"");
  CHECK(show("join(\"-\", var.list...)") == "\"a-b\"");
  CHECK(fail("nope(1)") == "1: There is no function named \"nope\"");
  CHECK(fail("fail()") == "1: Invalid call to function \"fail\": it failed");
  CHECK(fail("upper(1)") == "1: Invalid call to function \"upper\": upper takes one string");
  CHECK(fail("join(\"-\", var.name...)") == "11: Cannot expand a string value into arguments; a list is required");
  Diagnostics diags;
  ExprPtr e = parse_expression("test", "upper(\"x\")", diags);
  evaluate(*e, scope, nullptr, diags);
  REQUIRE(diags.has_errors());
  CHECK(diags.items().front().summary == "There is no function named \"upper\"");
}

TEST_CASE_METHOD(Fixture, "unknown in, unknown out") {
  CHECK(eval("var.later + 1").is_unknown());
  CHECK(eval("!var.later").is_unknown());
  CHECK(eval("var.later == 1").is_unknown());
  CHECK(eval("[var.later] == [1]").is_unknown());
  CHECK(eval("aws_instance.web.id").is_unknown());
  CHECK(eval("var.later.anything[3]").is_unknown());
  CHECK(eval("var.list[var.later]").is_unknown());
  CHECK(eval("\"id-${aws_instance.web.id}\"").is_unknown());
  CHECK(eval("var.later ? 1 : 2").is_unknown());
  CHECK(eval("{ (var.later) = 1 }").is_unknown());
  CHECK(eval("upper(aws_instance.web.id)").is_unknown());
  CHECK(eval("length([1, var.later])").is_unknown());
  // The name of the function is checked even when its arguments are unknown.
  CHECK(fail("uper(aws_instance.web.id)") == "1: There is no function named \"uper\"");
  // A list with an unknown element is itself known.
  Value l = eval("[1, var.later]");
  CHECK(l.kind() == Value::Kind::List);
  CHECK_FALSE(l.is_wholly_known());
  // Type errors of the known side still show before apply.
  CHECK(fail("var.later + \"a\"") == "13: Invalid operand for \"+\": a number is required, not a string");
}

TEST_CASE_METHOD(Fixture, "sensitive in, sensitive out") {
  CHECK(eval("var.secret").is_sensitive());
  CHECK(eval("\"pw: ${var.secret}\"").is_sensitive());
  CHECK(eval("upper(var.secret)").is_sensitive());
  CHECK(eval("var.secret == \"x\"").is_sensitive());
  CHECK(eval("[var.secret][0]").is_sensitive());
  CHECK(eval("var.secret != \"\" ? 1 : 2").is_sensitive());
  CHECK(eval("join(\",\", [var.secret]...)").is_sensitive());
  CHECK(show("upper(var.secret)") == "(sensitive value)");
  CHECK(eval("[var.secret]").contains_sensitive());
  CHECK_FALSE(eval("[var.secret]").is_sensitive());
  CHECK_FALSE(eval("var.name").is_sensitive());
}

TEST_CASE_METHOD(Fixture, "objects") {
  CHECK(show("{ b = 2, a = 1 }") == "{ a = 1, b = 2 }");
  CHECK(show("{ (var.name) = 1, \"k k\" = 2 }") == "{ \"k k\" = 2, web = 1 }");
  CHECK(fail("{ a = 1, a = 2 }") == "10: Duplicate object key \"a\"; first set at test:1:3");
  CHECK(fail("{ (var.list) = 1 }") == "4: An object key must be a string, not a list");
}

TEST_CASE_METHOD(Fixture, "evaluate_body: attributes and nested blocks") {
  Diagnostics d;
  BodyPtr body = parse_file("test", "a = var.n\nnet {\n  x = 1\n}\nnet {\n  x = 2\n}\n", d);
  REQUIRE(body);
  Value v = evaluate_body(*body, scope, &functions, d);
  CHECK_FALSE(d.has_errors());
  CHECK(to_display(v) == "{ a = 3, net = [{ x = 1 }, { x = 2 }] }");

  BodyPtr labelled = parse_file("test", "net \"x\" {\n}\nb = nope.x\n", d);
  REQUIRE(labelled);
  Value w = evaluate_body(*labelled, scope, &functions, d);
  REQUIRE(d.items().size() == 2);
  CHECK(d.items()[0].summary == "Reference to undeclared nope.x");
  CHECK(d.items()[1].summary == "Unexpected label on block \"net\"; nested blocks take no labels");
  CHECK(to_display(w) == "{ b = null }");
}

TEST_CASE_METHOD(Fixture, "the deepest expressions the parser accepts still evaluate") {
  std::string sum = "1";
  for (int i = 0; i < 200; ++i) sum += " + 1";
  CHECK(show(sum) == "201");
  std::string nested = std::string(60, '[') + "7" + std::string(60, ']');
  for (int i = 0; i < 60; ++i) nested += "[0]";
  CHECK(show(nested) == "7");
}

TEST_CASE_METHOD(Fixture, "a conditional's result takes the type both branches unify to") {
  CHECK(show("true ? 1 : \"a\"") == "\"1\"");
  CHECK(show("false ? 1 : \"a\"") == "\"a\"");
  CHECK(show("true ? var.n : null") == "3");
  CHECK(show("true ? [1] : [\"x\"]") == "[\"1\"]");
  // Branches that do not unify keep their own value.
  CHECK(show("true ? { a = 1 } : {}") == "{ a = 1 }");
  // The branch not taken may fail: only the chosen one's errors count.
  CHECK(show("length(var.list) > 5 ? var.list[9] : \"none\"") == "\"none\"");
  CHECK(fail("true ? var.list[9] : \"none\"").find("out of range") != std::string::npos);
  CHECK(eval("true ? var.secret : \"x\"").is_sensitive());
}

TEST_CASE_METHOD(Fixture, "an operator may start a continuation line") {
  CHECK(show("(1\n  + 2\n  * 3)") == "7");
  CHECK(show("(var.flag\n  && true\n  || false)") == "true");
  CHECK(show("[\n  1\n  + 1,\n  2,\n]") == "[2, 2]");
  CHECK(show("var.flag\n  ? \"yes\"\n  : \"no\"") == "\"yes\"");
}

TEST_CASE_METHOD(Fixture, "bindings are bare names, as for iterators are") {
  ExprPtr e = parse_expression("test", "\"${greeting}, ${who.name} of ${var.name}\"", diags);
  REQUIRE(e);
  Value::Object bindings{{"greeting", Value::string("hi")},
                         {"who", Value::object({{"name", Value::string("ada")}})}};
  Value v = evaluate(*e, scope, &functions, diags, bindings);
  CHECK_FALSE(diags.has_errors());
  CHECK(to_display(v) == "\"hi, ada of web\"");
  e = parse_expression("test", "nobody", diags);
  evaluate(*e, scope, &functions, diags, bindings);
  CHECK(diags.has_errors());
}
