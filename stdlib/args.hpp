// Checked access to the arguments of one function call. A mismatch writes a message in
// Terraform's manner into the call's error ("join: argument 2 must be a list of strings,
// got number"), so implementations stay short: `auto s = args.string(0); if (!s) return {};`.
//
// Primitive arguments convert as in Terraform: a number or bool is accepted where a
// string is expected, and a numeric string where a number is expected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/value.hpp"
#include "stdlib/registry.hpp"

namespace infra::stdlib {

class Args {
 public:
  /// A call in `context`; with none, in Context::process_default(), made only when the
  /// function asks for it (it reads the working directory: a system call).
  Args(std::string_view function, const std::vector<lang::Value>& values, std::string& error,
       const Context* context, const lang::FunctionTable* caller = nullptr)
      : function_(function), values_(values), error_(error), context_(context), caller_(caller) {}
  Args(const Args&) = delete;
  Args& operator=(const Args&) = delete;

  /// Where and when the call happens (module directory, planning, plan time).
  const Context& context() const {
    if (context_ == nullptr) context_ = &default_.emplace(Context::process_default());
    return *context_;
  }
  /// The table the call was made through (a module's functions over the built-ins), or
  /// null: what the expressions a function evaluates itself may call.
  const lang::FunctionTable* caller() const { return caller_; }
  /// The name of the function being called.
  std::string_view function() const { return function_; }

  std::size_t size() const { return values_.size(); }
  const lang::Value& operator[](std::size_t i) const { return values_[i]; }
  const std::vector<lang::Value>& all() const { return values_; }

  // Argument `i` (from 0) as a given type; on a mismatch, sets the error and returns empty.
  std::optional<std::string> string(std::size_t i);
  std::optional<lang::Number> number(std::size_t i);
  std::optional<std::int64_t> integer(std::size_t i);  // a whole number within 64 bits
  std::optional<bool> boolean(std::size_t i);
  const lang::Value::List* list(std::size_t i);
  const lang::Value::Object* object(std::size_t i);  // a map or an object
  std::optional<std::vector<std::string>> string_list(std::size_t i);

  /// Sets the error to "FUNCTION: message" and returns null: `return args.fail("...")`.
  lang::Value fail(const std::string& message);
  /// Sets the error to "FUNCTION: argument N must be WHAT, got TYPE" and returns null.
  lang::Value fail_argument(std::size_t i, std::string_view what);

 private:
  std::string_view function_;
  const std::vector<lang::Value>& values_;
  std::string& error_;
  mutable const Context* context_;
  mutable std::optional<Context> default_;  // when no context was given
  const lang::FunctionTable* caller_;
};

/// The string form of a primitive (string, number, bool); nullopt for anything else.
std::optional<std::string> primitive_to_string(const lang::Value& v);

/// Parses a whole string as a decimal number ("42", "-1.5", "1e3"), exactly; nullopt when
/// it is not one or is beyond the limits of lang::Number.
std::optional<lang::Number> parse_number(std::string_view text);

/// A short description of a value's type for messages: "string", "list", "null", ...
std::string describe_type(const lang::Value& v);

}  // namespace infra::stdlib
