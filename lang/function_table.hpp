// A module's user-defined functions (lang/functions.hpp) made callable: a FunctionTable
// that layers them over the built-ins, and the checks of a module's calls that need to
// know the built-ins' names.
//
//     stdlib::ModuleFunctions builtins(context);
//     lang::DeclaredFunctions functions(module.functions, builtins);
//     lang::evaluate(expr, scope, &functions, diags);
//
// lang knows no built-in function itself: the planner passes them in.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lang/config.hpp"
#include "lang/eval.hpp"

namespace infra::lang {

/// The functions one module sees: its own `function` blocks, then the built-ins.
/// Immutable, so concurrent evaluations may share it; `functions` and `builtins` must
/// outlive it.
class DeclaredFunctions final : public FunctionTable {
 public:
  DeclaredFunctions(const std::vector<Function>& functions, const FunctionTable& builtins);

  /// Calls a built-in (user-defined functions are evaluated by the evaluator), on behalf
  /// of this table, so that templates rendered by templatefile call these functions too.
  std::optional<Value> call(std::string_view name, const std::vector<Value>& args,
                            std::string& error) const override {
    return builtins_.call_for(name, args, error, *this);
  }
  const Function* declared(std::string_view name) const override;

 private:
  std::map<std::string, const Function*, std::less<>> by_name_;
  const FunctionTable& builtins_;
};

/// Whether a name is that of a built-in function.
using IsBuiltin = std::function<bool(std::string_view name)>;

/// The checks of a module's functions and calls that need the built-ins' names, so that
/// `infra validate` finds what evaluation would find only on the paths it takes: a
/// function named like a built-in (at its label), a call of a function that does not
/// exist, and a call of a user-defined function with the wrong number of arguments (at
/// the call), in every expression of the module, function results included.
void check_calls(const Module& module, const IsBuiltin& is_builtin, Diagnostics& diags);

}  // namespace infra::lang
