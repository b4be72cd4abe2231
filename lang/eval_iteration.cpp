// Evaluation of what iterates a collection: for expressions and splats, plus the shared
// walk over a collection's elements (lists by index, objects by key in key order).
#include <map>

#include "lang/eval_ops.hpp"
#include "lang/evaluator.hpp"

namespace infra::lang::detail {

std::optional<std::vector<Evaluator::Element>> Evaluator::elements(
    const Value& collection, const SourceRange& where, bool& unknown) {
  unknown = collection.is_unknown();
  if (unknown) return std::nullopt;
  const bool sensitive = collection.is_sensitive();
  std::vector<Element> out;
  switch (collection.kind()) {
    case Value::Kind::List: {
      std::size_t index = 0;
      for (const Value& v : collection.as_list()) {
        out.push_back({Value::number(index++), v.marked_sensitive(sensitive)});
      }
      return out;
    }
    case Value::Kind::Object:
      for (const auto& [k, v] : collection.as_object()) {
        out.push_back({Value::string(k).marked_sensitive(sensitive), v.marked_sensitive(sensitive)});
      }
      return out;
    case Value::Kind::Null:
      diags_->error(where, "Cannot iterate over a null value; a list or an object is required");
      return std::nullopt;
    default:
      diags_->error(where, "Cannot iterate over " + ops::article(collection.type_name()) +
                               " value; a list or an object is required");
      return std::nullopt;
  }
}

std::optional<std::string> Evaluator::object_key(const Value& k, const SourceRange& where) {
  switch (k.kind()) {
    case Value::Kind::String: return k.as_string();
    case Value::Kind::Number: return format_number(k.as_number());
    case Value::Kind::Bool: return std::string(k.as_bool() ? "true" : "false");
    default:
      diags_->error(where, "An object key must be a string, not " + ops::article(k.type_name()));
      return std::nullopt;
  }
}

Result Evaluator::eval_node(const ForExpr& f, const Expr&) {
  Result collection = eval(*f.collection);
  if (!collection) return std::nullopt;
  bool sensitive = collection->is_sensitive(), unknown = false;
  const auto items = elements(*collection, f.collection->range, unknown);
  if (unknown) return Value::unknown().marked_sensitive(sensitive);
  if (!items) return std::nullopt;

  Value::List list;
  std::map<std::string, Value::List> groups;
  std::map<std::string, Value> members;
  std::map<std::string, SourceRange> first_seen;  // only for the error message
  // Runs one element with the iteration names bound; false after an error.
  const auto one = [&]() -> bool {
    if (f.cond) {
      Result c = eval(*f.cond);
      if (!c) return false;
      sensitive = sensitive || c->is_sensitive();
      if (c->is_unknown()) {
        unknown = true;
        return true;
      }
      if (c->kind() != Value::Kind::Bool) {
        diags_->error(f.cond->range, "The condition of a for expression must be a bool, not " +
                                         ops::article(c->type_name()));
        return false;
      }
      if (!c->as_bool()) return true;
    }
    std::optional<std::string> key;
    if (f.key) {
      Result k = eval(*f.key);
      if (!k) return false;
      sensitive = sensitive || k->is_sensitive();
      if (k->is_unknown()) {
        unknown = true;
        return true;
      }
      key = object_key(*k, f.key->range);
      if (!key) return false;
    }
    Result v = eval(*f.value);
    if (!v) return false;
    if (!f.key) {
      list.push_back(std::move(*v));
    } else if (f.grouping) {
      groups[*key].push_back(std::move(*v));
    } else if (members.count(*key) != 0) {
      diags_->error(f.key->range,
                    "Duplicate object key \"" + *key + "\" in this for expression",
                    "Two elements produced the same key. To collect the values of equal keys "
                    "into lists, put \"...\" after the value expression.");
      return false;
    } else {
      members.emplace(std::move(*key), std::move(*v));
    }
    return true;
  };
  for (const Element& item : *items) {
    if (!f.key_name.empty()) locals_.emplace_back(f.key_name, item.key);
    locals_.emplace_back(f.value_name, item.value);
    const bool ok = one();
    locals_.resize(locals_.size() - (f.key_name.empty() ? 1 : 2));
    if (!ok) return std::nullopt;
  }
  if (unknown) return Value::unknown().marked_sensitive(sensitive);
  if (!f.key) return Value::list(std::move(list)).marked_sensitive(sensitive);
  for (auto& [k, values] : groups) members.emplace(k, Value::list(std::move(values)));
  return Value::object(std::move(members)).marked_sensitive(sensitive);
}

Result Evaluator::eval_node(const SplatItem&, const Expr& e) {
  if (const Value* v = local("")) return *v;
  diags_->error(e.range, "A splat item outside a splat expression");  // not reachable
  return std::nullopt;
}

Result Evaluator::eval_node(const SplatExpr& s, const Expr&) {
  Result source = eval(*s.source);
  if (!source) return std::nullopt;
  const bool sensitive = source->is_sensitive();
  if (source->is_unknown()) return Value::unknown().marked_sensitive(sensitive);
  // As in HCL, a value that is not a list splats as a list of itself; null as no elements.
  Value::List items;
  if (source->kind() == Value::Kind::List) {
    items = source->as_list();
  } else if (!source->is_null()) {
    items.push_back(*source);
  }
  Value::List out;
  for (const Value& item : items) {
    locals_.emplace_back("", item.marked_sensitive(sensitive));
    Result v = eval(*s.each);
    locals_.pop_back();
    if (!v) return std::nullopt;
    out.push_back(std::move(*v));
  }
  return Value::list(std::move(out)).marked_sensitive(sensitive);
}

}  // namespace infra::lang::detail
