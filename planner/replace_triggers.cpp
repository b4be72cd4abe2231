// lifecycle.replace_triggered_by: see planner/replace_triggers.hpp.
#include "planner/replace_triggers.hpp"

#include "lang/ast.hpp"
#include "planner/diff.hpp"

namespace infra::planner {
namespace {

/// Follows the attribute and constant index steps after the resource name; null when a
/// step does not apply (the attribute is absent, the value not a collection).
std::optional<lang::Value> follow(
    lang::Value v, const lang::ScopeTraversal& t,
    const std::function<std::optional<lang::Value>(const lang::Expr&)>& index_value) {
  for (std::size_t i = 1; i < t.steps.size(); ++i) {
    if (v.is_unknown()) return v;
    const lang::TraversalStep& s = t.steps[i];
    std::optional<lang::Value> index;
    if (s.is_index()) {
      const auto* literal = std::get_if<lang::Literal>(&s.index->node);
      index = literal != nullptr ? std::optional<lang::Value>(literal->value) : index_value(*s.index);
      if (!index) return std::nullopt;
      if (index->is_unknown()) return index;
    }
    const lang::Value* key = index ? &*index : nullptr;
    if (!s.is_index() || (key != nullptr && key->kind() == lang::Value::Kind::String)) {
      const std::string name = s.is_index() ? key->as_string() : s.name;
      if (v.kind() != lang::Value::Kind::Object) return std::nullopt;
      auto it = v.as_object().find(name);
      if (it == v.as_object().end()) return std::nullopt;
      lang::Value inner = it->second;  // copied out first: it lives inside v
      v = std::move(inner);
    } else if (key != nullptr && key->kind() == lang::Value::Kind::Number &&
               v.kind() == lang::Value::Kind::List) {
      const auto n = key->as_number().to_int64();
      if (!n || *n < 0 || static_cast<std::size_t>(*n) >= v.as_list().size()) return std::nullopt;
      lang::Value inner = v.as_list()[static_cast<std::size_t>(*n)];
      v = std::move(inner);
    } else {
      return std::nullopt;
    }
  }
  return v;
}

std::string written(const lang::ScopeTraversal& t) {
  std::string out = t.root;
  for (const auto& s : t.steps) {
    if (s.is_index()) break;
    out += "." + s.name;
  }
  return out;
}

}  // namespace

std::string replace_trigger(
    const lang::Resource& resource, const std::function<const Change*(const std::string&)>& planned,
    const std::function<std::optional<lang::Value>(const lang::Expr&)>& index_value) {
  for (const lang::ExprPtr& e : resource.lifecycle.replace_triggered_by) {
    const auto* t = std::get_if<lang::ScopeTraversal>(&e->node);
    if (t == nullptr || t->steps.empty() || t->steps[0].is_index()) continue;  // the loader said
    const Change* c = planned(t->root + "." + t->steps[0].name);
    if (c == nullptr) continue;
    if (t->steps.size() == 1) {
      // The whole resource: any change to the object itself.
      if (c->action == Action::Update || c->action == Action::Replace ||
          c->action == Action::Create) {
        return written(*t);
      }
      continue;
    }
    if (c->action == Action::NoOp || c->action == Action::Delete) continue;
    const auto before = follow(c->before, *t, index_value);
    const auto after = follow(c->after, *t, index_value);
    const bool changed = !before || !after || after->is_unknown() || !same_value(*before, *after);
    if (changed) return written(*t);
  }
  return {};
}

}  // namespace infra::planner
