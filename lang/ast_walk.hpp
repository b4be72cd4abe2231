// Walking the AST (lang/ast.hpp) generically: the direct children of an expression, for
// passes that look at every node of one kind, such as the checks of calls
// (lang/function_table.cpp).
#pragma once

#include <variant>
#include <vector>

#include "lang/ast.hpp"

namespace infra::lang {
namespace detail {

template <typename F>
struct ChildVisitor {
  F& f;

  void each(const ExprPtr& e) const {
    if (e) f(*e);
  }
  void parts(const std::vector<TemplatePart>& ps) const {
    for (const TemplatePart& p : ps) each(p.expr);
  }
  void steps(const std::vector<TraversalStep>& ss) const {
    for (const TraversalStep& s : ss) each(s.index);
  }

  void operator()(const Literal&) const {}
  void operator()(const SplatItem&) const {}
  void operator()(const TemplateExpr& t) const { parts(t.parts); }
  void operator()(const TemplateIf& t) const {
    each(t.cond);
    parts(t.then);
    parts(t.otherwise);
  }
  void operator()(const TemplateFor& t) const {
    each(t.collection);
    parts(t.body);
  }
  void operator()(const ScopeTraversal& t) const { steps(t.steps); }
  void operator()(const RelativeTraversal& t) const {
    each(t.source);
    steps(t.steps);
  }
  void operator()(const FunctionCall& c) const {
    for (const ExprPtr& a : c.args) each(a);
  }
  void operator()(const TupleExpr& t) const {
    for (const ExprPtr& item : t.items) each(item);
  }
  void operator()(const ObjectExpr& o) const {
    for (const ObjectItem& item : o.items) {
      each(item.key);
      each(item.value);
    }
  }
  void operator()(const UnaryExpr& u) const { each(u.operand); }
  void operator()(const BinaryExpr& b) const {
    each(b.lhs);
    each(b.rhs);
  }
  void operator()(const ConditionalExpr& c) const {
    each(c.cond);
    each(c.then);
    each(c.otherwise);
  }
  void operator()(const ForExpr& fe) const {
    each(fe.collection);
    each(fe.key);
    each(fe.value);
    each(fe.cond);
  }
  void operator()(const SplatExpr& s) const {
    each(s.source);
    each(s.each);
  }
};

}  // namespace detail

/// Calls `f(const Expr&)` for each direct child of `e` that is there, in source order.
template <typename F>
void for_each_child(const Expr& e, F&& f) {
  std::visit(detail::ChildVisitor<std::remove_reference_t<F>>{f}, e.node);
}

}  // namespace infra::lang
