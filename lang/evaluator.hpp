// Internal to lang/: the tree-walking evaluator behind evaluate() (lang/eval.hpp). Its
// methods are split by topic: eval.cpp (literals, references, calls, operators),
// eval_templates.cpp (templates and their directives), eval_iteration.cpp (for
// expressions, splats), eval_special.cpp (the special forms can and try), eval_body.cpp
// (bodies and their dynamic blocks) and eval_functions.cpp (calls of user-defined
// functions).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lang/ast.hpp"
#include "lang/eval.hpp"

namespace infra::lang::detail {

using Result = std::optional<Value>;  // nullopt: an error was reported

class Evaluator {
 public:
  Evaluator(const Scope& scope, const FunctionTable* functions, Diagnostics& diags)
      : scope_(scope), functions_(functions), diags_(&diags) {}

  Result eval(const Expr& e) {
    return std::visit([&](const auto& node) { return eval_node(node, e); }, e.node);
  }

  Value body(const Body& body);

  /// Binds a bare name for everything this evaluator evaluates, as `for` binds its
  /// iterators (templatefile's variables).
  void bind(std::string name, Value value) { locals_.emplace_back(std::move(name), std::move(value)); }

 private:
  Result eval_node(const Literal& l, const Expr&) { return l.value; }
  Result eval_node(const TemplateExpr& t, const Expr& e);
  Result eval_node(const ScopeTraversal& t, const Expr& e);
  Result eval_node(const RelativeTraversal& t, const Expr& e);
  Result eval_node(const FunctionCall& c, const Expr& e);
  Result eval_node(const TupleExpr& t, const Expr& e);
  Result eval_node(const ObjectExpr& o, const Expr& e);
  Result eval_node(const UnaryExpr& u, const Expr& e);
  Result eval_node(const BinaryExpr& b, const Expr& e);
  Result eval_node(const ConditionalExpr& c, const Expr& e);
  Result eval_node(const TemplateIf& t, const Expr& e);
  Result eval_node(const TemplateFor& t, const Expr& e);
  Result eval_node(const ForExpr& f, const Expr& e);
  Result eval_node(const SplatItem& s, const Expr& e);
  Result eval_node(const SplatExpr& s, const Expr& e);

  /// Appends the blocks a `dynamic` block makes to `out`; false when their number is
  /// unknown (then the whole list of that block type is unknown).
  bool dynamic(const Block& d, Value::List& out);

  Result no_function(const FunctionCall& c, const Expr& e);
  /// Calls the user-defined function `f`: converts `args` to its parameters' types and
  /// evaluates its result with them bound, in a child evaluator one call deeper.
  Result call_declared(const Function& f, const FunctionCall& c, const Expr& e,
                       const std::vector<Value>& args);
  /// The child's part of call_declared: binds `args`, evaluates the result, checks its type.
  Result evaluate_declared(const Function& f, const Value::List& args);
  /// `can(expr)` and `try(expr, fallback...)`; nullopt in `handled` when `c` is neither.
  Result special_form(const FunctionCall& c, const Expr& e, bool& handled);
  /// Renders template parts to a string value (unknown and sensitive marks propagate).
  Result render(const std::vector<TemplatePart>& parts);
  /// Applies one `.name` or `[index]` step to `v`.
  Result step(Value v, const TraversalStep& s);
  /// The value of a for or splat iteration variable, if `name` is one.
  const Value* local(const std::string& name) const;
  /// An object key from a value: strings, numbers and bools; otherwise an error.
  std::optional<std::string> object_key(const Value& k, const SourceRange& where);

  /// One element of an iterated collection: its key (index or name) and value.
  struct Element {
    Value key;
    Value value;
  };
  /// The elements of a for expression's or directive's collection, or nullopt after an
  /// error. `unknown` is set (and nothing returned) when the collection is unknown.
  std::optional<std::vector<Element>> elements(const Value& collection,
                                               const SourceRange& where, bool& unknown);

  const Scope& scope_;
  const FunctionTable* functions_;
  Diagnostics* diags_;
  /// Set while a conditional's other branch is evaluated for its type only; conditionals
  /// inside it then skip their own other branch, which only their type would need.
  bool type_only_ = false;
  /// Iteration variables in scope, innermost last (for names, splat items under "").
  std::vector<std::pair<std::string, Value>> locals_;
  /// How many calls of user-defined functions this evaluation is inside (0: none).
  int call_depth_ = 0;
  /// The stack frame of the outermost such call, to bound the stack that calls below it use.
  const char* stack_base_ = nullptr;
};

}  // namespace infra::lang::detail
