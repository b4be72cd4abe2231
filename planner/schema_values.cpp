// Values shaped by a provider's schema: the walks over nested blocks that planning needs.
#include "planner/schema_values.hpp"

namespace infra::planner {
namespace {

using lang::Value;
using providers::Nesting;

bool is_object(const Value& v) { return !v.is_unknown() && v.kind() == Value::Kind::Object; }
bool is_list(const Value& v) { return !v.is_unknown() && v.kind() == Value::Kind::List; }

const Value* member(const Value& object, const std::string& name) {
  if (!is_object(object)) return nullptr;
  auto it = object.as_object().find(name);
  return it == object.as_object().end() ? nullptr : &it->second;
}

bool unset(const Value* v) { return v == nullptr || v->is_null(); }

// Whether the prior element `prior` is the one the configuration's `proposed` stands for: the
// same in everything but the computed values the configuration leaves unset.
bool same_but_computed(const Value& proposed, const Value& prior,
                       const providers::SchemaBody& schema) {
  if (!is_object(proposed) || !is_object(prior)) return false;
  for (const auto& attr : schema.attributes) {
    const Value* q = member(proposed, attr.name);
    const Value* p = member(prior, attr.name);
    if (attr.computed && unset(q)) continue;
    if (unset(q) != unset(p)) return false;
    if (!unset(q) && !(*q == *p)) return false;
  }
  for (const auto& block : schema.blocks) {
    const Value* q = member(proposed, block.name);
    const Value* p = member(prior, block.name);
    if (unset(q) || unset(p)) {
      if (unset(q) != unset(p)) return false;
      continue;
    }
    if (block.nesting == Nesting::Single) {
      if (!same_but_computed(*q, *p, block)) return false;
      continue;
    }
    if (!is_list(*q) || !is_list(*p) || q->as_list().size() != p->as_list().size()) return false;
    for (std::size_t i = 0; i < q->as_list().size(); ++i) {
      if (!same_but_computed(q->as_list()[i], p->as_list()[i], block)) return false;
    }
  }
  return true;
}

}  // namespace

namespace {

// Inside blocks (not `top`) a null value stays unmarked: the state keeps marks per
// attribute of the resource, and would hide a whole block for a secret that is not set.
Value mark_sensitive(Value v, const providers::SchemaBody& schema, bool top) {
  if (!is_object(v)) return v;
  auto& members = v.as_object();
  for (const auto& attr : schema.attributes) {
    auto it = members.find(attr.name);
    if (attr.sensitive && it != members.end() && (top || !it->second.is_null())) {
      it->second = std::move(it->second).marked_sensitive();
    }
  }
  for (const auto& block : schema.blocks) {
    auto it = members.find(block.name);
    if (it == members.end()) continue;
    if (block.nesting == Nesting::Single) {
      it->second = mark_sensitive(std::move(it->second), block, false);
    } else if (is_list(it->second)) {
      for (Value& item : it->second.as_list()) item = mark_sensitive(std::move(item), block, false);
    }
  }
  return v;
}

}  // namespace

Value mark_schema_sensitive(Value v, const providers::SchemaBody& schema) {
  return mark_sensitive(std::move(v), schema, true);
}

void keep_computed(Value& proposed, const Value& prior, const providers::SchemaBody& schema) {
  if (!is_object(proposed) || !is_object(prior)) return;
  auto& members = proposed.as_object();
  for (const auto& attr : schema.attributes) {
    const Value* was = member(prior, attr.name);
    auto it = members.find(attr.name);
    if (attr.computed && was != nullptr && (it == members.end() || it->second.is_null())) {
      members.insert_or_assign(attr.name, was->marked_sensitive(attr.sensitive));
    }
  }
  for (const auto& block : schema.blocks) {
    const Value* was = member(prior, block.name);
    auto it = members.find(block.name);
    if (was == nullptr || it == members.end()) continue;
    if (block.nesting == Nesting::Single) {
      keep_computed(it->second, *was, block);
      continue;
    }
    if (!is_list(it->second) || !is_list(*was)) continue;
    auto& items = it->second.as_list();
    const auto& old = was->as_list();
    if (block.nesting == Nesting::List) {
      for (std::size_t i = 0; i < items.size() && i < old.size(); ++i) {
        keep_computed(items[i], old[i], block);
      }
      continue;
    }
    // A set has no indexes: each element takes the computed values of its match.
    std::vector<bool> used(old.size(), false);
    for (Value& item : items) {
      for (std::size_t i = 0; i < old.size(); ++i) {
        if (used[i] || !same_but_computed(item, old[i], block)) continue;
        used[i] = true;
        keep_computed(item, old[i], block);
        break;
      }
    }
  }
}

void keep_prior_at(Value& proposed, const Value& prior, const std::vector<lang::PathStep>& path,
                   const providers::SchemaBody& schema) {
  Value* to = &proposed;
  const Value* from = &prior;
  // The schema of the object `to` is, or of its elements when `to` is a list of blocks;
  // null inside an attribute's value (a map, a list), where keys come and go.
  const providers::SchemaBody* shape = &schema;
  bool blocks = false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const bool last = i + 1 == path.size();
    if (const auto* key = std::get_if<std::string>(&path[i])) {
      if (!is_object(*to) || blocks) return;
      auto& members = to->as_object();
      const Value* was = member(*from, *key);
      if (last) {
        if (was != nullptr) {
          members.insert_or_assign(*key, *was);
        } else if (shape == nullptr && is_object(*from)) {
          members.erase(*key);  // a map key the prior object did not have
        }
        return;
      }
      auto it = members.find(*key);
      if (it == members.end() || was == nullptr) return;
      const providers::BlockType* block = shape ? shape->find_block(*key) : nullptr;
      shape = block;
      blocks = block != nullptr && block->nesting != Nesting::Single;
      to = &it->second;
      from = was;
    } else {
      const auto index = static_cast<std::size_t>(std::get<std::int64_t>(path[i]));
      if (!is_list(*to) || !is_list(*from)) return;
      if (index >= to->as_list().size() || index >= from->as_list().size()) return;
      if (last) {
        to->as_list()[index] = from->as_list()[index];
        return;
      }
      if (!blocks) shape = nullptr;
      blocks = false;
      to = &to->as_list()[index];
      from = &from->as_list()[index];
    }
  }
}

std::vector<BlockShape> block_shapes(const providers::SchemaBody& schema) {
  std::vector<BlockShape> out;
  for (const auto& block : schema.blocks) {
    out.push_back({block.name, block.nesting, block_shapes(block)});
  }
  return out;
}

}  // namespace infra::planner
