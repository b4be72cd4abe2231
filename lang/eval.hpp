// Evaluation of expressions to Values. The planner supplies what names mean (a Scope) and
// which functions exist (a FunctionTable); lang knows nothing of state or providers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/config.hpp"
#include "lang/value.hpp"

namespace infra::lang {

/// What the names in expressions refer to.
class Scope {
 public:
  virtual ~Scope() = default;
  /// Resolves the first two steps of a reference: `var.NAME`, `TYPE.NAME`, ... Returns
  /// nullopt after adding a diagnostic at `where` when the name is not declared.
  /// Further steps (`.attr`, `[index]`) are applied by the evaluator.
  virtual std::optional<Value> resolve(std::string_view root, std::string_view name,
                                       const SourceRange& where, Diagnostics& diags) const = 0;
};

/// A scope for expressions that must be constants (descriptions, flags, defaults of
/// optional attributes): every reference is an error at its place.
class ConstantScope : public Scope {
 public:
  std::optional<Value> resolve(std::string_view root, std::string_view name,
                               const SourceRange& where, Diagnostics& diags) const override;
};

/// The functions callable from expressions: stdlib/ supplies the built-ins, and
/// lang/function_table.hpp layers a module's own functions over them.
class FunctionTable {
 public:
  virtual ~FunctionTable() = default;
  /// Calls `name` with `args`. Returns nullopt when there is no such function. On a bad
  /// call the function returns a value and sets `error` to a message (no location).
  /// Arguments may be unknown: the name and the argument count are still checked, and
  /// the result is then unknown. The table marks the result sensitive when it should be
  /// (normally: when an argument is; not for a function like nonsensitive()).
  virtual std::optional<Value> call(std::string_view name, const std::vector<Value>& args,
                                    std::string& error) const = 0;
  /// The user-defined function `name` (a `function` block), or null when there is none of
  /// that name. The evaluator evaluates those itself; call() serves the built-ins.
  virtual const Function* declared(std::string_view /*name*/) const { return nullptr; }
  /// call() on behalf of `caller`, a table that layers more functions over this one (a
  /// module's `function` blocks over the built-ins): a built-in that evaluates expressions
  /// itself (templatefile) lets them call what `caller` declares. By default, call().
  virtual std::optional<Value> call_for(std::string_view name, const std::vector<Value>& args,
                                        std::string& error, const FunctionTable& /*caller*/) const {
    return call(name, args, error);
  }
};

/// Evaluates `expr`. Errors go to `diags` and the result is then null.
Value evaluate(const Expr& expr, const Scope& scope, const FunctionTable* functions,
               Diagnostics& diags);

/// Evaluates `expr` with the members of `bindings` as bare names, the way a `for` binds
/// its iterators: `${name}` and `name.attr` read bindings["name"]; other references go to
/// `scope`. (templatefile's variables.)
Value evaluate(const Expr& expr, const Scope& scope, const FunctionTable* functions,
               Diagnostics& diags, const Value::Object& bindings);

/// Evaluates a body into an object: one member per attribute; nested blocks become a
/// list of objects under the block type.
Value evaluate_body(const Body& body, const Scope& scope, const FunctionTable* functions,
                    Diagnostics& diags);

}  // namespace infra::lang
