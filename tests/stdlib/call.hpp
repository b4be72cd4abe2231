// Helpers for the stdlib tests: short value constructors and calls through the Registry,
// as the evaluator makes them.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "lang/value.hpp"
#include "stdlib/registry.hpp"

namespace Catch {
template <>
struct StringMaker<infra::lang::Value> {
  static std::string convert(const infra::lang::Value& v) { return infra::lang::to_display(v); }
};
}  // namespace Catch

namespace infra::stdlib::testing {

using lang::Value;

inline Value S(std::string s) { return Value::string(std::move(s)); }
inline Value N(double n) { return Value::number(n); }
/// A number from its decimal text, exact at any size: Big("9007199254740993").
inline Value Big(std::string_view text) { return Value::number(*lang::Number::parse(text)); }
inline Value B(bool b) { return Value::boolean(b); }
inline Value L(Value::List items) { return Value::list(std::move(items)); }
inline Value O(Value::Object members) { return Value::object(std::move(members)); }
inline Value Null() { return Value::null(); }

/// Calls `name` and checks that it succeeds.
inline Value ok(std::string_view name, std::vector<Value> args) {
  std::string error;
  std::optional<Value> result = Registry::builtin().call(name, args, error);
  REQUIRE(result.has_value());
  CHECK(error == "");
  return *result;
}

/// Calls `name` and returns the error, checking that there is one.
inline std::string fails(std::string_view name, std::vector<Value> args) {
  std::string error;
  std::optional<Value> result = Registry::builtin().call(name, args, error);
  REQUIRE(result.has_value());
  CHECK(error != "");
  return error;
}

/// Calls `name` through the table of a module with `context` and checks that it succeeds.
inline Value ok_in(const Context& context, std::string_view name, std::vector<Value> args) {
  std::string error;
  std::optional<Value> result = ModuleFunctions(context).call(name, args, error);
  REQUIRE(result.has_value());
  CHECK(error == "");
  return *result;
}

/// Calls `name` in a module with `context` and returns the error, checking there is one.
inline std::string fails_in(const Context& context, std::string_view name,
                            std::vector<Value> args) {
  std::string error;
  std::optional<Value> result = ModuleFunctions(context).call(name, args, error);
  REQUIRE(result.has_value());
  CHECK(error != "");
  return error;
}

}  // namespace infra::stdlib::testing
