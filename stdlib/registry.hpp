// The built-in functions of the configuration language. Each group file (strings.cpp,
// collections.cpp, encoding.cpp, hashing.cpp, numeric.cpp) lists its functions with
// designated initialisers: name, parameters, a Markdown doc string and the implementation.
// The Registry gathers them, checks the number of arguments, carries the unknown and
// sensitive marks, and is what the evaluator calls; docs/functions.md is generated from it.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/eval.hpp"
#include "lang/value.hpp"

namespace infra::stdlib {

class Args;  // stdlib/args.hpp

/// One built-in function.
struct Function {
  std::string_view name;
  /// Parameter names as the docs show them. A trailing "?" marks an optional parameter and
  /// a trailing "..." a variadic one (any number, including none); both only come last.
  std::vector<std::string_view> params;
  /// Markdown: what the function does, then examples. Common indentation is removed.
  std::string_view doc;
  /// The implementation. It only sees wholly known arguments in the declared number; on a
  /// bad call it returns `args.fail(...)`.
  lang::Value (*impl)(Args& args);
  /// The heading the function is listed under in the docs; set by the Registry.
  std::string_view group = {};

  /// The fewest and the most arguments accepted (max is SIZE_MAX when variadic).
  std::size_t min_args() const;
  std::size_t max_args() const;
  /// "lookup(map, key, [default])", "join(separator, lists...)".
  std::string signature() const;
};

/// The functions callable from expressions.
class Registry final : public lang::FunctionTable {
 public:
  /// Every built-in function. Built on first use, so static initialisation order is moot.
  static const Registry& builtin();

  /// Calls `name`; nullopt when there is no such function. Any unknown argument makes the
  /// result unknown; any sensitive argument makes the result sensitive.
  std::optional<lang::Value> call(std::string_view name, const std::vector<lang::Value>& args,
                                  std::string& error) const override;

  /// The function called `name`, or null.
  const Function* find(std::string_view name) const;

  /// Every function, group by group in the docs' order, sorted by name within a group.
  const std::vector<Function>& all() const { return functions_; }

 private:
  Registry();
  void add_group(std::string_view heading, std::vector<Function> functions);

  std::vector<Function> functions_;
  std::map<std::string_view, std::size_t, std::less<>> by_name_;
};

/// docs/functions.md as generated from the registrations of `registry`.
std::string render_function_docs(const Registry& registry);

}  // namespace infra::stdlib
