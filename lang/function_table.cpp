// DeclaredFunctions, and the static checks of a module's calls (lang/function_table.hpp).
#include "lang/function_table.hpp"

#include <algorithm>

#include "lang/ast.hpp"
#include "lang/ast_walk.hpp"

namespace infra::lang {

DeclaredFunctions::DeclaredFunctions(const std::vector<Function>& functions,
                                     const FunctionTable& builtins)
    : builtins_(builtins) {
  for (const Function& f : functions) by_name_.emplace(f.name, &f);
}

const Function* DeclaredFunctions::declared(std::string_view name) const {
  const auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

namespace {

// Walks every expression of a module and checks the calls in it.
class CallChecker {
 public:
  CallChecker(const Module& module, const IsBuiltin& is_builtin, Diagnostics& diags)
      : functions_(module.functions), is_builtin_(is_builtin), diags_(diags) {}

  void expr(const Expr& e) {
    if (const auto* c = std::get_if<FunctionCall>(&e.node)) call(*c, e);
    for_each_child(e, [&](const Expr& child) { expr(child); });
  }
  void expr(const ExprPtr& e) {
    if (e) expr(*e);
  }

  void body(const BodyPtr& b) {
    if (!b) return;
    for (const Attribute& a : b->attributes) expr(a.value);
    for (const Block& nested : b->blocks) body(nested.body);
  }

 private:
  void call(const FunctionCall& c, const Expr& e) {
    if (c.name == "can" || c.name == "try") return;  // special forms, checked when evaluated
    const auto f = std::find_if(functions_.begin(), functions_.end(),
                                [&](const Function& g) { return g.name == c.name; });
    if (f != functions_.end()) {
      // With `...` the number of arguments is known only when the list is.
      const std::string error = c.expand_final ? "" : f->arity_error(c.args.size());
      if (!error.empty()) {
        diags_.error(e.range, "Invalid call to function \"" + c.name + "\": " + error);
      }
    } else if (!is_builtin_(c.name)) {
      diags_.error(e.range, "There is no function named \"" + c.name + "\"");
    }
  }

  const std::vector<Function>& functions_;
  const IsBuiltin& is_builtin_;
  Diagnostics& diags_;
};

}  // namespace

void check_calls(const Module& module, const IsBuiltin& is_builtin, Diagnostics& diags) {
  for (const Function& f : module.functions) {
    if (is_builtin(f.name)) report_builtin_name(f, diags);
  }
  CallChecker check(module, is_builtin, diags);
  for (const Variable& v : module.variables) {
    check.expr(v.default_value);
    for (const Validation& rule : v.validations) {
      check.expr(rule.condition);
      check.expr(rule.error_message);
    }
  }
  for (const Local& l : module.locals) check.expr(l.value);
  for (const Resource& r : module.resources) {
    check.body(r.body);
    check.expr(r.count);
    check.expr(r.for_each);
  }
  for (const Output& o : module.outputs) check.expr(o.value);
  for (const ProviderConfig& p : module.providers) check.body(p.body);
  for (const Function& f : module.functions) check.expr(f.result);
}

}  // namespace infra::lang
