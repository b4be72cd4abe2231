// Tests of user-defined functions: decoding `function` blocks (lang/functions.cpp), the
// layered table and the static checks of calls (lang/function_table.cpp), and calls as the
// evaluator makes them (lang/eval_functions.cpp).
#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "lang/ast.hpp"
#include "lang/function_table.hpp"
#include "lang/types.hpp"

using namespace infra::lang;
using infra::lang::testing::MapScope;
using infra::lang::testing::TestFunctions;

namespace {

/// "line:column: summary" of each diagnostic, one per line.
std::string summaries(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    out += d.range ? std::to_string(d.range->begin.line) + ":" +
                         std::to_string(d.range->begin.column) + ": "
                   : std::string();
    out += d.summary + "\n";
  }
  return out;
}

/// A module from one file, f.infra, and evaluation of expressions against its functions
/// layered over TestFunctions (upper, length, fail, join).
struct Fixture {
  Module module;
  Diagnostics diags;
  TestFunctions builtins;
  MapScope scope;

  /// Loads `text`; returns the load's diagnostics as summaries() does.
  std::string load(const std::string& text) {
    diags = Diagnostics();
    parse_into(module, "f.infra", text, diags);
    return summaries(diags);
  }

  /// Evaluates `text` (an expression in the file "test") against the loaded functions.
  Value eval(const std::string& text) {
    diags = Diagnostics();
    module.files["test"] = text;
    const ExprPtr e = parse_expression("test", module.files["test"], diags);
    REQUIRE(e);
    const DeclaredFunctions table(module.functions, builtins);
    return evaluate(*e, scope, &table, diags);
  }

  /// The value of `text` as configuration syntax, or its diagnostics' summaries.
  std::string show(const std::string& text) {
    const Value v = eval(text);
    if (diags.has_errors()) {
      CHECK(v.is_null());
      return summaries(diags);
    }
    return to_display(v);
  }

  /// The static checks, with upper, length, fail and join as the built-ins.
  std::string check() {
    diags = Diagnostics();
    check_calls(module, [](std::string_view name) {
      return name == "upper" || name == "length" || name == "fail" || name == "join";
    }, diags);
    return summaries(diags);
  }
};

constexpr const char* kFunctions = R"(function "double" {
  description = "Twice the number."
  parameter "n" {
    type        = number
    description = "Any number."
  }
  result_type = number
  result      = n * 2
}

function "fib" {
  parameter "n" { type = number }
  result = n < 2 ? n : fib(n - 1) + fib(n - 2)
}

function "is_even" {
  parameter "n" { type = number }
  result = n == 0 ? true : is_odd(n - 1)
}

function "is_odd" {
  parameter "n" { type = number }
  result = n == 0 ? false : is_even(n - 1)
}

function "shout" {
  parameter "words" { type = list(string) }
  result = join(" ", [for w in words : upper(w)]...)
}

function "tag" {
  parameter "prefix" { type = string }
  variadic_parameter "names" { type = string }
  result = [for n in names : "${prefix}-${n}"]
}

function "first" {
  parameter "a" {}
  parameter "b" {}
  result = a
}

function "forever" {
  parameter "n" { type = number }
  result = forever(n + 1)
}
)";

struct Loaded : Fixture {
  Loaded() { REQUIRE(load(kFunctions).empty()); }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "a function block is decoded into the module") {
  REQUIRE(load(kFunctions).empty());
  REQUIRE(module.functions.size() == 8);
  const Function& f = module.functions[0];
  CHECK(f.name == "double");
  CHECK(f.description == "Twice the number.");
  REQUIRE(f.parameters.size() == 1);
  CHECK(f.parameters[0].name == "n");
  CHECK(*f.parameters[0].type == Type::number());
  CHECK(f.parameters[0].description == "Any number.");
  CHECK(f.parameters[0].range.begin.line == 3);
  CHECK(*f.result_type == Type::number());
  CHECK(f.name_range.begin.column == 10);
  CHECK(f.signature() == "double(n)");
  const Function& tag = module.functions[5];
  CHECK(tag.signature() == "tag(prefix, names...)");
  CHECK(*tag.variadic->type == Type::string());
  CHECK(tag.min_args() == 1);
  CHECK(tag.max_args() == SIZE_MAX);
  CHECK(module.functions[6].parameters[0].type == nullptr);
  CHECK(module.functions[6].arity_error(2).empty());
  CHECK(module.functions[6].arity_error(3) ==
        "first: expects 2 arguments, got 3; usage: first(a, b)");
  CHECK(tag.arity_error(0) ==
        "tag: expects at least 1 argument, got 0; usage: tag(prefix, names...)");
}

TEST_CASE_METHOD(Fixture, "malformed function blocks are errors at their place") {
  CHECK(load("function {\n  result = 1\n}\n") == "1:1: function blocks need one label: the name\n");
  CHECK(load("function \"a\" \"b\" {\n  result = 1\n}\n") ==
        "1:1: function blocks need one label: the name\n");
  CHECK(load("function \"a b\" {\n  result = 1\n}\n") == "1:10: Invalid function name \"a b\"\n");
  CHECK(load("function \"true\" {\n  result = 1\n}\n") == "1:10: Invalid function name \"true\"\n");
  CHECK(load("function \"try\" {\n  result = 1\n}\n") ==
        "1:10: A function cannot be named \"try\": that is the name of a built-in function\n");
  CHECK(load("function \"can\" {\n  result = 1\n}\n") ==
        "1:10: A function cannot be named \"can\": that is the name of a built-in function\n");
}

TEST_CASE_METHOD(Fixture, "a second function of the same name names the first") {
  CHECK(load("function \"f\" {\n  result = 1\n}\n").empty());
  CHECK(load("function \"f\" {\n  result = 2\n}\n") ==
        "1:10: Duplicate function \"f\"; first declared at f.infra:1:10\n");
  CHECK(module.functions.size() == 1);
}

TEST_CASE_METHOD(Fixture, "the arguments and blocks of a function block are checked") {
  CHECK(load(R"(function "f" {
  value = 1
  locals {}
}
)") == "2:3: Unexpected attribute \"value\" in function \"f\"\n"
       "3:3: Unexpected block \"locals\" in function \"f\"\n"
       "1:1: Missing required attribute \"result\" in function \"f\"\n");
  REQUIRE(diags.items().size() == 3);
  CHECK(diags.items()[0].detail == "Expected one of: description, result, result_type.");
  CHECK(load(R"(function "g" {
  description = 12
  result      = 1
}
function "h" {
  description = var.x
  result      = 1
}
)") == "2:17: \"description\" must be a string\n"
       "6:17: References are not allowed here; write a constant value\n");
  CHECK(load(R"(function "k" {
  result_type = list(strin)
  result      = 1
}
)").find("2:22: Invalid type specification") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "parameter blocks are checked") {
  CHECK(load(R"(function "f" {
  parameter {}
  parameter "x" "y" {}
  parameter "true" {}
  parameter "a" {
    default = 1
    validation {}
  }
  parameter "a" {}
  variadic_parameter "rest" {}
  parameter "late" {}
  variadic_parameter "more" {}
  result = a
}
)") == "2:3: parameter blocks need one label: the name\n"
       "3:3: parameter blocks need one label: the name\n"
       "4:13: Invalid parameter name \"true\"\n"
       "6:5: Unexpected attribute \"default\" in parameter \"a\"\n"
       "7:5: Unexpected block \"validation\" in parameter \"a\"\n"
       "9:13: Duplicate parameter \"a\" of function \"f\"; first declared at f.infra:5:13\n"
       "11:13: Parameter \"late\" comes after the variadic_parameter\n"
       "12:22: Function \"f\" has a second variadic_parameter\n");
  CHECK(diags.items()[6].detail ==
        "The variadic_parameter \"rest\" receives the remaining arguments, so it comes last and "
        "only once.");
  CHECK(load(R"(function "g" {
  parameter "a" { type = strng }
  result = a
}
)").find("2:26: Invalid type specification") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "a function's result may refer only to its parameters") {
  CHECK(load(R"(function "f" {
  parameter "name" {}
  result = [var.x, local.y, path.module, local_file.a.id, nme, name, name.first,
            [for v in name : v], upper(name)]
}
)") == "3:13: Functions are pure: function \"f\" cannot refer to var.x\n"
       "3:20: Functions are pure: function \"f\" cannot refer to local.y\n"
       "3:29: Functions are pure: function \"f\" cannot refer to path.module\n"
       "3:42: Functions are pure: function \"f\" cannot refer to local_file.a.id\n"
       "3:59: Reference to undeclared parameter \"nme\"\n");
  CHECK(diags.items()[4].detail == "Function \"f\" has the parameters name.");
  CHECK(load("function \"g\" {\n  result = x\n}\n") ==
        "2:12: Reference to undeclared parameter \"x\"\n");
  CHECK(diags.items()[0].detail == "Function \"g\" has no parameters.");
}

TEST_CASE_METHOD(Loaded, "calls convert arguments, bind parameters and check the result") {
  CHECK(show("double(21)") == "42");
  CHECK(show("double(\"4\")") == "8");
  CHECK(show("fib(15)") == "610");
  CHECK(show("is_even(100)") == "true");
  CHECK(show("is_odd(7)") == "true");
  CHECK(show("shout([\"a\", \"b\"])") == "\"A B\"");
  CHECK(show("tag(\"web\", \"a\", 2)") == "[\"web-a\", \"web-2\"]");
  CHECK(show("tag(\"web\")") == "[]");
  CHECK(show("tag(\"web\", [\"x\", \"y\"]...)") == "[\"web-x\", \"web-y\"]");
  CHECK(show("[for x in [1, 2] : double(double(x))]") == "[4, 8]");
  CHECK(show("upper(\"built-ins stay\")") == "\"BUILT-INS STAY\"");
}

TEST_CASE_METHOD(Loaded, "an argument that does not convert names the function and the parameter") {
  CHECK(show("double(\"x\")") ==
        "1:8: Invalid call to function \"double\": double: argument \"n\": a number is "
        "required, got \"x\"\n");
  CHECK(show("double([1])") ==
        "1:8: Invalid call to function \"double\": double: argument \"n\": a number is "
        "required, got a list\n");
  CHECK(show("shout([\"a\", [1]])") ==
        "1:7: Invalid call to function \"shout\": shout: argument \"words\": [1]: a string is "
        "required\n");
  CHECK(show("tag(\"web\", \"a\", [])") ==
        "1:17: Invalid call to function \"tag\": tag: argument \"names[1]\": a string is "
        "required, got a list\n");
  CHECK(show("tag(\"web\", [\"a\", []]...)") ==
        "1:1: Invalid call to function \"tag\": tag: argument \"names[1]\": a string is "
        "required, got a list\n");
  scope.values["var.secret"] = Value::string("hunter2").marked_sensitive();
  CHECK(show("double(var.secret)") ==
        "1:8: Invalid call to function \"double\": double: argument \"n\": a number is "
        "required\n");
}

TEST_CASE_METHOD(Loaded, "a wrong number of arguments is an error at the call") {
  CHECK(show("double(1, 2)") ==
        "1:1: Invalid call to function \"double\": double: expects 1 argument, got 2; usage: "
        "double(n)\n");
  CHECK(show("tag()") ==
        "1:1: Invalid call to function \"tag\": tag: expects at least 1 argument, got 0; "
        "usage: tag(prefix, names...)\n");
  CHECK(show("first([1, 2, 3]...)") ==
        "1:1: Invalid call to function \"first\": first: expects 2 arguments, got 3; usage: "
        "first(a, b)\n");
}

TEST_CASE_METHOD(Fixture,
                 "a declared result type converts the result or is an error at the result") {
  REQUIRE(load(R"(function "count" {
  parameter "x" {}
  result_type = string
  result      = x
}
)").empty());
  CHECK(show("count(3)") == "\"3\"");
  CHECK(show("count([3])") ==
        "4:17: Invalid result of function \"count\": a string is required, got a list\n");
  CHECK(diags.items()[0].detail ==
        "The function declares result_type = string.\n\nIn the call of function \"count\" at "
        "test:1:1.");
}

TEST_CASE_METHOD(Fixture,
                 "errors inside a function are at their place and name the outermost call") {
  REQUIRE(load(R"(function "outer" {
  parameter "x" {}
  result = inner(x)
}
function "inner" {
  parameter "x" {}
  result = upper(x) + fail()
}
)").empty());
  CHECK(show("[1, outer(\"a\")]") == "7:23: Invalid call to function \"fail\": it failed\n");
  CHECK(diags.items()[0].detail == "In the call of function \"outer\" at test:1:5.");
}

TEST_CASE_METHOD(Loaded,
                 "recursion past the depth limit is an error naming the function and the call") {
  CHECK(show("forever(1)") ==
        "45:12: Invalid call to function \"forever\": calls nest deeper than 128 levels\n");
  CHECK(diags.items()[0].detail ==
        "Functions may call themselves and each other, but at most 128 calls deep. Does the "
        "recursion reach a case that does not call again?\n\nIn the call of function "
        "\"forever\" at test:1:1.");
  // 128 calls deep is allowed: is_even(127) is the outermost of 128.
  CHECK(show("is_even(127)") == "false");
  CHECK(show("is_even(128)").find("calls nest deeper than 128 levels") != std::string::npos);
  CHECK(show("can(forever(1))") == "false");
}

TEST_CASE_METHOD(Fixture, "calls whose results nest deeply run out of stack budget, not of stack") {
  // Each call of `deep` is 200 levels of `+` below the next: `((deep(n - 1) + 0) + 0) ...`.
  std::string chain;
  for (int i = 0; i < 200; ++i) chain += " + 0";
  REQUIRE(load("function \"deep\" {\n  parameter \"n\" {}\n  result = n == 0 ? 0 : deep(n - 1)" +
               chain + "\n}\n")
              .empty());
  CHECK(show("deep(3)") == "0");
  CHECK(show("deep(120)").find("Invalid call to function \"deep\": the calls and the "
                               "expressions in them nest too deeply") != std::string::npos);
}

TEST_CASE_METHOD(Fixture, "the branch not taken calls no function, so guarded recursion ends") {
  REQUIRE(load(R"(function "steps" {
  parameter "n" { type = number }
  result = n == 0 ? 0 : 1 + steps(n - 1) + length([])
}
)").empty());
  // length() runs once per step, and once for the type of the branch not taken when n is 0,
  // which does not go on into steps(-1), steps(-2), ...
  CHECK(show("steps(3)") == "3");
  CHECK(builtins.calls == 4);
  CHECK(show("true ? 1 : steps(3)") == "1");
  CHECK(builtins.calls == 4);
}

TEST_CASE_METHOD(Loaded,
                 "unknown arguments make the result unknown only where it depends on them") {
  scope.values["var.later"] = Value::unknown();
  CHECK(show("first(1, var.later)") == "1");
  CHECK(show("first(var.later, 1)") == "(known after apply)");
  CHECK(show("double(var.later)") == "(known after apply)");
  CHECK(show("tag(\"a\", var.later)") == "[(known after apply)]");
  CHECK(show("fib(var.later)") == "(known after apply)");
}

TEST_CASE_METHOD(Loaded, "a sensitive argument makes the result sensitive") {
  scope.values["var.secret"] = Value::number(2).marked_sensitive();
  Value v = eval("first(1, var.secret)");
  CHECK(v.is_sensitive());
  CHECK(v.as_number() == infra::lang::Number(1));
  v = eval("double(var.secret)");
  CHECK(v.is_sensitive());
  CHECK(v.as_number() == infra::lang::Number(4));
  CHECK_FALSE(eval("double(2)").is_sensitive());
  CHECK(eval("tag(\"a\", [var.secret]...)").contains_sensitive());
}

TEST_CASE_METHOD(Fixture, "a function that failed to load still reports at its calls") {
  load("function \"impure\" {\n  result = var.x\n}\nfunction \"empty\" {\n}\n");
  CHECK(show("impure()") ==
        "2:12: Functions are pure: function \"impure\" cannot refer to var.x\n");
  CHECK(diags.items()[0].detail ==
        "A function's result may use only its parameters, the built-in functions and other "
        "functions; pass what it needs as an argument.\n\nIn the call of function \"impure\" at "
        "test:1:1.");
  CHECK(show("empty()") == "1:1: Invalid call to function \"empty\": it has no result\n");
}

TEST_CASE_METHOD(Loaded, "the table layers the module's functions over the built-ins") {
  const DeclaredFunctions table(module.functions, builtins);
  CHECK(table.declared("fib") == &module.functions[1]);
  CHECK(table.declared("upper") == nullptr);
  std::string error;
  CHECK(table.call("upper", {Value::string("a")}, error)->as_string() == "A");
  CHECK_FALSE(table.call("fib", {Value::number(1)}, error));
  CHECK(builtins.declared("fib") == nullptr);
}

TEST_CASE_METHOD(Fixture,
                 "the static checks find undefined functions and wrong counts everywhere") {
  REQUIRE(load(R"(variable "v" {
  type    = list(string)
  default = [nope()]
  validation {
    condition     = f(1, 2)
    error_message = "${f()}"
  }
}
locals {
  l = "%{if f(1)}${length([f(1), nada(f)])}%{endif}"
}
resource "local_file" "a" {
  content = f(1)
  nested {
    x = missing(f(1, 2, 3))
  }
  count = upper(f(2)...)
}
output "o" {
  value = [for x in try(f(1), 1) : can(x)]
}
provider "p" {
  region = gone()
}
function "f" {
  parameter "x" {}
  result = x == 0 ? undefined(x) : f()
}
)")
              .empty());
  const std::string arity = ": Invalid call to function \"f\": f: expects 1 argument, got ";
  CHECK(check() == "3:14: There is no function named \"nope\"\n"
                   "5:21" + arity + "2; usage: f(x)\n"
                   "6:24" + arity + "0; usage: f(x)\n"
                   "10:34: There is no function named \"nada\"\n"
                   "15:9: There is no function named \"missing\"\n"
                   "15:17" + arity + "3; usage: f(x)\n"
                   "23:12: There is no function named \"gone\"\n"
                   "27:21: There is no function named \"undefined\"\n"
                   "27:36" + arity + "0; usage: f(x)\n");
}

TEST_CASE_METHOD(Fixture, "a function may not take the name of a built-in") {
  REQUIRE(load("function \"upper\" {\n  parameter \"s\" {}\n  result = s\n}\n").empty());
  CHECK(check() ==
        "1:10: A function cannot be named \"upper\": that is the name of a built-in function\n");
}
