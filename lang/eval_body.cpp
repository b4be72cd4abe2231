// Evaluation of a body into an object: attributes, nested blocks as lists of objects, and
// `dynamic` blocks expanded into the blocks they stand for.
#include <map>

#include "lang/evaluator.hpp"

namespace infra::lang::detail {

Value Evaluator::body(const Body& body) {
  Value::Object out;
  for (const Attribute& a : body.attributes) {
    Result v = eval(*a.value);
    out.emplace(a.name, v ? std::move(*v) : Value::null());
  }
  std::map<std::string, Value::List> blocks;
  std::map<std::string, bool> unknown;  // block types whose number of blocks is unknown
  for (const Block& b : body.blocks) {
    const bool is_dynamic = b.type == "dynamic" && b.labels.size() == 1;
    const std::string& type = is_dynamic ? b.labels[0] : b.type;
    if (!is_dynamic && !b.labels.empty()) {
      diags_->error(b.label_ranges.front(),
                    "Unexpected label on block \"" + b.type + "\"; nested blocks take no labels");
      continue;
    }
    if (body.find_attribute(type) != nullptr) {
      diags_->error(b.type_range, "Block \"" + type +
                                      "\" has the same name as an attribute of this body");
      continue;
    }
    if (!is_dynamic) {
      blocks[type].push_back(this->body(*b.body));
    } else if (!dynamic(b, blocks[type])) {
      unknown[type] = true;
    }
  }
  for (auto& [type, list] : blocks) {
    out.emplace(type, unknown[type] ? Value::unknown() : Value::list(std::move(list)));
  }
  return Value::object(std::move(out));
}

bool Evaluator::dynamic(const Block& d, Value::List& out) {
  const Attribute* for_each = d.body->find_attribute("for_each");
  const Block* content = nullptr;
  for (const Block& b : d.body->blocks) {
    if (b.type == "content") content = &b;
  }
  if (for_each == nullptr || content == nullptr) return true;  // reported by the loader
  std::string iterator = d.labels[0];
  if (const Attribute* a = d.body->find_attribute("iterator")) {
    if (const auto* t = std::get_if<ScopeTraversal>(&a->value->node)) iterator = t->root;
  }
  if (const Attribute* labels = d.body->find_attribute("labels")) {
    diags_->error(labels->name_range, "Unexpected labels in the dynamic block \"" +
                                          d.labels[0] + "\"",
                  "The blocks of this body take no labels.");
    return true;
  }
  Result collection = eval(*for_each->value);
  if (!collection) return true;
  if (collection->is_null()) {
    diags_->error(for_each->value->range, "Invalid dynamic for_each value",
                  "The for_each of a dynamic block cannot be null; use [] for no blocks.");
    return true;
  }
  bool unknown = false;
  auto elements = this->elements(*collection, for_each->value->range, unknown);
  if (unknown) return false;
  if (!elements) return true;
  const bool sensitive = collection->is_sensitive();
  for (Element& e : *elements) {
    Value::Object it{{"key", std::move(e.key)}, {"value", std::move(e.value)}};
    locals_.emplace_back(iterator, Value::object(std::move(it)).marked_sensitive(sensitive));
    out.push_back(this->body(*content->body));
    locals_.pop_back();
  }
  return true;
}

}  // namespace infra::lang::detail
