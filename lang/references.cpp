// Static queries on the AST: the references an expression or body makes, a body's
// attributes, an expression's range. The planner builds its dependency graph from these.
#include <algorithm>

#include "lang/ast.hpp"
#include "lang/config.hpp"

namespace infra::lang {
namespace {

struct Collector {
  std::vector<Reference>& out;
  /// Names bound by enclosing for expressions and directives: local, not references.
  std::vector<std::string> bound = {};

  bool is_bound(const std::string& name) const {
    return std::find(bound.begin(), bound.end(), name) != bound.end();
  }
  /// Walks `f` with the iteration names bound.
  template <typename F>
  void with_names(const std::string& key, const std::string& value, F&& f) {
    const std::size_t size = bound.size();
    if (!key.empty()) bound.push_back(key);
    bound.push_back(value);
    f();
    bound.resize(size);
  }
  void parts(const std::vector<TemplatePart>& ps) {
    for (const TemplatePart& p : ps) expr(p.expr);
  }

  void expr(const Expr& e) {
    std::visit([&](const auto& n) { node(n, e); }, e.node);
  }
  void expr(const ExprPtr& e) {
    if (e) expr(*e);
  }

  void node(const Literal&, const Expr&) {}
  void node(const TemplateExpr& t, const Expr&) { parts(t.parts); }
  void node(const TemplateIf& t, const Expr&) {
    expr(t.cond);
    parts(t.then);
    parts(t.otherwise);
  }
  void node(const TemplateFor& t, const Expr&) {
    expr(t.collection);
    with_names(t.key_name, t.value_name, [&] { parts(t.body); });
  }
  void node(const ForExpr& f, const Expr&) {
    expr(f.collection);
    with_names(f.key_name, f.value_name, [&] {
      expr(f.key);
      expr(f.value);
      expr(f.cond);
    });
  }
  void node(const SplatItem&, const Expr&) {}
  void node(const SplatExpr& s, const Expr&) {
    expr(s.source);
    expr(s.each);
  }
  void node(const ScopeTraversal& t, const Expr& e) {
    if (is_bound(t.root)) {
      for (const TraversalStep& s : t.steps) expr(s.index);
      return;
    }
    Reference r{{t.root}, SourceRange{e.range.file, t.root_range.begin, t.root_range.end}};
    for (const TraversalStep& s : t.steps) {
      if (s.is_index()) break;
      r.parts.push_back(s.name);
      r.range.end = s.range.end;
    }
    out.push_back(std::move(r));
    for (const TraversalStep& s : t.steps) expr(s.index);
  }
  void node(const RelativeTraversal& t, const Expr&) {
    expr(t.source);
    for (const TraversalStep& s : t.steps) expr(s.index);
  }
  void node(const FunctionCall& c, const Expr&) {
    for (const ExprPtr& a : c.args) expr(a);
  }
  void node(const TupleExpr& t, const Expr&) {
    for (const ExprPtr& i : t.items) expr(i);
  }
  void node(const ObjectExpr& o, const Expr&) {
    for (const ObjectItem& i : o.items) {
      expr(i.key);
      expr(i.value);
    }
  }
  void node(const UnaryExpr& u, const Expr&) { expr(u.operand); }
  void node(const BinaryExpr& b, const Expr&) {
    expr(b.lhs);
    expr(b.rhs);
  }
  void node(const ConditionalExpr& c, const Expr&) {
    expr(c.cond);
    expr(c.then);
    expr(c.otherwise);
  }

  /// `dynamic "T" { for_each = ..., iterator = NAME, content { ... } }`: the iterator
  /// (the label unless `iterator` names another) is bound in `labels` and `content`.
  void dynamic(const Block& d) {
    std::string iterator = d.labels.empty() ? std::string() : d.labels[0];
    for (const Attribute& a : d.body->attributes) {
      if (a.name == "for_each") expr(a.value);
      const auto* t = std::get_if<ScopeTraversal>(&a.value->node);
      if (a.name == "iterator" && t != nullptr) iterator = t->root;
    }
    with_names({}, iterator, [&] {
      for (const Attribute& a : d.body->attributes) {
        if (a.name == "labels") expr(a.value);
      }
      for (const Block& content : d.body->blocks) {
        if (content.body) body(*content.body);
      }
    });
  }

  void body(const Body& b) {
    // Attributes and blocks are kept in separate lists; walk them interleaved by position.
    std::size_t a = 0, k = 0;
    while (a < b.attributes.size() || k < b.blocks.size()) {
      const bool take_attribute =
          k == b.blocks.size() ||
          (a < b.attributes.size() &&
           b.attributes[a].range.begin.offset < b.blocks[k].range.begin.offset);
      if (take_attribute) {
        expr(b.attributes[a++].value);
      } else if (b.blocks[k].type == "dynamic" && b.blocks[k].body) {
        dynamic(b.blocks[k++]);
      } else if (b.blocks[k].body) {
        body(*b.blocks[k++].body);
      } else {
        ++k;
      }
    }
  }
};

}  // namespace

std::vector<Reference> references(const Expr& expr) {
  std::vector<Reference> out;
  Collector{out}.expr(expr);
  return out;
}

std::vector<Reference> references(const Body& body) {
  std::vector<Reference> out;
  Collector{out}.body(body);
  return out;
}

std::vector<AttributeInfo> attributes(const Body& body) {
  std::vector<AttributeInfo> out;
  for (const Attribute& a : body.attributes) out.push_back({a.name, a.name_range, a.value});
  return out;
}

SourceRange range_of(const Expr& expr) { return expr.range; }

}  // namespace infra::lang
