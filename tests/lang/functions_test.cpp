// Tests of user-defined functions: decoding `function` blocks (lang/functions.cpp).
#include <catch2/catch.hpp>

#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/types.hpp"

using namespace infra::lang;

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

/// A module from one file, f.infra.
struct Fixture {
  Module module;
  Diagnostics diags;

  /// Loads `text`; returns the load's diagnostics as summaries() does.
  std::string load(const std::string& text) {
    diags = Diagnostics();
    parse_into(module, "f.infra", text, diags);
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
