// The built-in functions of the configuration language. Each group file (strings.cpp,
// collections.cpp, encoding.cpp, files.cpp, hashing.cpp, network.cpp, time.cpp, types.cpp,
// ...; see groups.hpp) lists its functions with designated initialisers: name, parameters,
// a Markdown doc string and the implementation. The Registry gathers them, checks the
// number of arguments and carries the unknown and sensitive marks; docs/functions.md is
// generated from it.
//
// Some functions depend on where and when they are called: file functions resolve relative
// paths against the module directory, `timestamp`, `uuid` and `bcrypt` differ on every call
// and so are unknown while planning, `plantimestamp` is the time the plan was made. That is
// the Context. The planner creates one ModuleFunctions (a FunctionTable) per module:
//
//     stdlib::Context ctx{.module_dir = dir, .root_dir = root, .planning = true,
//                         .plan_timestamp = plan_started};
//     stdlib::ModuleFunctions functions(ctx);
//     lang::evaluate(expr, scope, &functions, diags);
//
// Registry::builtin() is itself a FunctionTable for context-free use: module and root
// directory are the process's working directory, planning is off, plantimestamp is now.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/eval.hpp"
#include "lang/value.hpp"

namespace infra::stdlib {

class Args;  // stdlib/args.hpp

/// What a call may depend on besides its arguments. Plain data; copy it freely.
struct Context {
  /// Relative paths of the file functions resolve here (the module's `path.module`).
  std::filesystem::path module_dir;
  /// The root module's directory (`path.root`).
  std::filesystem::path root_dir;
  /// While planning, impure functions (timestamp, uuid, bcrypt) return unknown; they are
  /// evaluated at apply.
  bool planning = false;
  /// What plantimestamp() returns: when the plan was made.
  std::chrono::system_clock::time_point plan_timestamp;

  /// The process's working directory for both directories, not planning, now as plan time.
  static Context process_default();
};

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
  /// Returns something else on each call (timestamp, uuid, bcrypt): unknown while planning.
  bool impure = false;
  /// Sees unknown and sensitive arguments itself and sets the marks of its result itself
  /// (sensitive, nonsensitive, issensitive). Otherwise any unknown argument makes the result
  /// unknown and any sensitive argument makes it sensitive, without calling `impl`.
  bool handles_marks = false;
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

  /// Calls `name` in Context::process_default(); nullopt when there is no such function.
  /// Any unknown argument makes the result unknown; any sensitive argument makes the result
  /// sensitive (except for functions that handle marks themselves).
  std::optional<lang::Value> call(std::string_view name, const std::vector<lang::Value>& args,
                                  std::string& error) const override;
  /// call() for `caller` (templatefile's templates call its functions).
  std::optional<lang::Value> call_for(std::string_view name, const std::vector<lang::Value>& args,
                                      std::string& error,
                                      const lang::FunctionTable& caller) const override;
  /// The same in a given context; `caller`, when there is one, is the table the call was
  /// made through.
  std::optional<lang::Value> call(std::string_view name, const std::vector<lang::Value>& args,
                                  std::string& error, const Context& context,
                                  const lang::FunctionTable* caller = nullptr) const;

  /// The function called `name`, or null.
  const Function* find(std::string_view name) const;

  /// Every function, group by group in the docs' order, sorted by name within a group.
  const std::vector<Function>& all() const { return functions_; }

 private:
  Registry();
  /// call() in `context`, or with none in Context::process_default(), which is made only
  /// for the functions that read it.
  std::optional<lang::Value> call_in(std::string_view name, const std::vector<lang::Value>& args,
                                     std::string& error, const Context* context,
                                     const lang::FunctionTable* caller) const;
  /// Adds the functions of one docs heading, which may come from several files.
  void add_group(std::string_view heading, std::vector<std::vector<Function>> parts);

  std::vector<Function> functions_;
  std::map<std::string_view, std::size_t, std::less<>> by_name_;
};

/// The functions as one module sees them: the built-ins called in that module's Context.
/// The planner creates one per module; it is immutable, so concurrent calls are safe.
class ModuleFunctions final : public lang::FunctionTable {
 public:
  explicit ModuleFunctions(Context context, const Registry& registry = Registry::builtin())
      : context_(std::move(context)), registry_(registry) {}

  std::optional<lang::Value> call(std::string_view name, const std::vector<lang::Value>& args,
                                  std::string& error) const override {
    return registry_.call(name, args, error, context_);
  }
  std::optional<lang::Value> call_for(std::string_view name, const std::vector<lang::Value>& args,
                                      std::string& error,
                                      const lang::FunctionTable& caller) const override {
    return registry_.call(name, args, error, context_, &caller);
  }

  const Context& context() const { return context_; }

 private:
  Context context_;
  const Registry& registry_;
};

/// docs/functions.md as generated from the registrations of `registry`.
std::string render_function_docs(const Registry& registry);

}  // namespace infra::stdlib
