// Evaluation of expressions to Values. Rules that hold everywhere: unknown in, unknown out;
// sensitive in, sensitive out; every error is a diagnostic at the offending expression,
// after which the evaluation of that expression yields nothing (and evaluate() null).
#include "lang/eval.hpp"

#include <algorithm>
#include <cmath>

#include "lang/ast.hpp"
#include "lang/eval_ops.hpp"
#include "lang/evaluator.hpp"
#include "lang/types.hpp"

namespace infra::lang {
namespace detail {

Result Evaluator::eval_node(const TemplateExpr& t, const Expr&) {
  // "${x}" alone is x itself, whatever its type.
  if (t.parts.size() == 1 && t.parts[0].expr) return eval(*t.parts[0].expr);
  return render(t.parts);
}

Result Evaluator::eval_node(const ScopeTraversal& t, const Expr& e) {
  if (const Value* v = local(t.root)) {
    Result r = *v;
    for (std::size_t i = 0; r && i < t.steps.size(); ++i) r = step(std::move(*r), t.steps[i]);
    return r;
  }
  if (t.steps.empty() || t.steps.front().is_index()) {
    diags_->error(e.range, "Invalid reference \"" + t.root + "\"",
                  "A reference names what it refers to and one of its attributes, like "
                  "var.name, local.name or TYPE.NAME.");
    return std::nullopt;
  }
  const SourceRange where{e.range.file, t.root_range.begin, t.steps.front().range.end};
  Result v = scope_.resolve(t.root, t.steps.front().name, where, *diags_);
  for (std::size_t i = 1; v && i < t.steps.size(); ++i) v = step(std::move(*v), t.steps[i]);
  return v;
}

Result Evaluator::eval_node(const RelativeTraversal& t, const Expr&) {
  Result v = eval(*t.source);
  for (std::size_t i = 0; v && i < t.steps.size(); ++i) v = step(std::move(*v), t.steps[i]);
  return v;
}

Result Evaluator::eval_node(const FunctionCall& c, const Expr& e) {
  bool special = false;
  Result s = special_form(c, e, special);
  if (special) return s;
  std::vector<Value> args;
  bool ok = true;
  for (const ExprPtr& a : c.args) {
    Result v = eval(*a);
    if (v) {
      args.push_back(std::move(*v));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (functions_ == nullptr) return no_function(c, e);
  bool sensitive = false, known = true;
  for (const Value& a : args) {
    sensitive = sensitive || a.contains_sensitive();
    known = known && a.is_wholly_known();
  }
  // With unknown arguments the table still checks the name and the argument count, so a
  // misspelled function is an error at plan time; the result is then unknown.
  if (!known && c.expand_final) return Value::unknown().marked_sensitive(sensitive);
  if (c.expand_final && !args.empty()) {
    const Value last = std::move(args.back());
    args.pop_back();
    if (last.kind() != Value::Kind::List) {
      diags_->error(c.args.back()->range, "Cannot expand " + ops::article(last.type_name()) +
                                             " value into arguments; a list is required");
      return std::nullopt;
    }
    for (const Value& item : last.as_list()) {
      args.push_back(item.marked_sensitive(last.is_sensitive()));
    }
  }
  if (const Function* f = functions_->declared(c.name)) return call_declared(*f, c, e, args);
  std::string error;
  Result r = functions_->call(c.name, args, error);
  if (!r) return no_function(c, e);
  if (!error.empty()) {
    diags_->error(e.range, "Invalid call to function \"" + c.name + "\": " + error);
    return std::nullopt;
  }
  // The table applies the marks: most functions pass sensitivity on, nonsensitive() removes it.
  return *r;
}

Result Evaluator::no_function(const FunctionCall& c, const Expr& e) {
  diags_->error(e.range, "There is no function named \"" + c.name + "\"");
  return std::nullopt;
}

Result Evaluator::eval_node(const TupleExpr& t, const Expr&) {
  Value::List items;
  bool ok = true;
  for (const ExprPtr& item : t.items) {
    Result v = eval(*item);
    if (v) items.push_back(std::move(*v));
    ok = ok && v;
  }
  if (!ok) return std::nullopt;
  return Value::list(std::move(items));
}

Result Evaluator::eval_node(const ObjectExpr& o, const Expr&) {
  Value::Object members;
  // The item that set each member, for the message about a duplicate (members' keys never
  // move, so their addresses identify them).
  std::vector<std::pair<const std::string*, const ObjectItem*>> set_by;
  set_by.reserve(o.items.size());
  bool ok = true, unknown_key = false, sensitive = false;
  for (const ObjectItem& item : o.items) {
    Result k = eval(*item.key);
    Result v = eval(*item.value);
    if (!k || !v) {
      ok = false;
      continue;
    }
    sensitive = sensitive || k->is_sensitive();
    if (k->is_unknown()) {
      unknown_key = true;
      continue;
    }
    std::string key;
    switch (k->kind()) {
      case Value::Kind::String: key = k->as_string(); break;
      case Value::Kind::Number: key = format_number(k->as_number()); break;
      case Value::Kind::Bool: key = k->as_bool() ? "true" : "false"; break;
      default:
        diags_->error(item.key->range,
                     "An object key must be a string, not " + ops::article(k->type_name()));
        ok = false;
        continue;
    }
    const auto [it, fresh] = members.try_emplace(std::move(key), std::move(*v));
    if (!fresh) {
      const auto first = std::find_if(set_by.begin(), set_by.end(),
                                      [&](const auto& s) { return s.first == &it->first; });
      diags_->error(item.key->range, "Duplicate object key \"" + it->first +
                                         "\"; first set at " + location(first->second->key->range));
      ok = false;
      continue;
    }
    set_by.emplace_back(&it->first, &item);
  }
  if (!ok) return std::nullopt;
  if (unknown_key) return Value::unknown().marked_sensitive(sensitive);
  return Value::object(std::move(members)).marked_sensitive(sensitive);
}

Result Evaluator::eval_node(const UnaryExpr& u, const Expr&) {
  Result v = eval(*u.operand);
  if (!v) return std::nullopt;
  return ops::unary(u.op, *v, u.operand->range, *diags_);
}

Result Evaluator::eval_node(const BinaryExpr& b, const Expr&) {
  Result l = eval(*b.lhs);
  Result r = eval(*b.rhs);
  if (!l || !r) return std::nullopt;
  return ops::binary(b.op, *l, b.lhs->range, *r, b.rhs->range, *diags_);
}

Result Evaluator::eval_node(const ConditionalExpr& c, const Expr&) {
  Result cond = eval(*c.cond);
  if (!cond) return std::nullopt;
  const bool sensitive = cond->is_sensitive();
  if (cond->is_unknown()) return Value::unknown().marked_sensitive(sensitive);
  if (cond->kind() != Value::Kind::Bool) {
    diags_->error(c.cond->range,
                 "The condition must be a bool, not " + ops::article(cond->type_name()));
    return std::nullopt;
  }
  const Expr& chosen = cond->as_bool() ? *c.then : *c.otherwise;
  const Expr& other = cond->as_bool() ? *c.otherwise : *c.then;
  Result v = eval(chosen);
  if (!v) return std::nullopt;
  // As HCL does, the result takes the type both branches unify to (1 and "a" give a
  // string). The other branch is evaluated for its type only: its errors are not ours
  // (`length(l) > 0 ? l[0] : null`). Where the types do not unify, the value stays as it is.
  if (type_only_) return std::move(*v).marked_sensitive(sensitive);
  Diagnostics* mine = diags_;
  Diagnostics ignored;
  diags_ = &ignored;
  type_only_ = true;
  Result alternative = eval(other);
  type_only_ = false;
  diags_ = mine;
  if (alternative && v->is_wholly_known()) {
    if (auto type = unify({type_of(*v), type_of(*alternative)})) {
      Conversion converted = convert(*v, *type);
      if (converted.ok()) v = converted.value;
    }
  }
  return std::move(*v).marked_sensitive(sensitive);
}

const Value* Evaluator::local(const std::string& name) const {
  for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
  if (it->first == name) return &it->second;
}
  return nullptr;
}

Result Evaluator::step(Value v, const TraversalStep& s) {
  Value key;
  if (s.is_index()) {
    Result k = eval(*s.index);
    if (!k) return std::nullopt;
    key = std::move(*k);
  } else {
    key = Value::string(s.name);
  }
  return ops::traverse(v, key, !s.is_index(), s.range, *diags_);
}

}  // namespace detail

std::optional<Value> ConstantScope::resolve(std::string_view, std::string_view,
                                            const SourceRange& where, Diagnostics& diags) const {
  diags.error(where, "References are not allowed here; write a constant value");
  return std::nullopt;
}

Value evaluate(const Expr& expr, const Scope& scope, const FunctionTable* functions,
               Diagnostics& diags) {
  detail::Evaluator ev(scope, functions, diags);
  detail::Result r = ev.eval(expr);
  return r ? std::move(*r) : Value::null();
}

Value evaluate(const Expr& expr, const Scope& scope, const FunctionTable* functions,
               Diagnostics& diags, const Value::Object& bindings) {
  detail::Evaluator ev(scope, functions, diags);
  for (const auto& [name, value] : bindings) ev.bind(name, value);
  detail::Result r = ev.eval(expr);
  return r ? std::move(*r) : Value::null();
}

Value evaluate_body(const Body& body, const Scope& scope, const FunctionTable* functions,
                    Diagnostics& diags) {
  detail::Evaluator ev(scope, functions, diags);
  return ev.body(body);
}

}  // namespace infra::lang
