// Schema shorthands and attribute readers of the docker resource types.
#include "providers/docker/attributes.hpp"

namespace infra::providers::docker {

Attribute required_arg(std::string name, std::string type, std::string description,
                       bool in_place) {
  return {.name = std::move(name),
          .type = std::move(type),
          .required = true,
          .force_new = !in_place,
          .description = std::move(description)};
}

Attribute optional_arg(std::string name, std::string type, std::string description,
                       bool in_place) {
  return {.name = std::move(name),
          .type = std::move(type),
          .optional = true,
          .force_new = !in_place,
          .description = std::move(description)};
}

Attribute defaulted_arg(std::string name, std::string type, std::string description,
                        bool in_place) {
  Attribute a = optional_arg(std::move(name), std::move(type), std::move(description), in_place);
  a.computed = true;
  return a;
}

bool bool_of(const json& object, const std::string& name, bool fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(name);
  return it != object.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::int64_t int_of(const json& object, const std::string& name, std::int64_t fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(name);
  return it != object.end() && it->is_number() ? it->get<std::int64_t>() : fallback;
}

json array_of(const json& object, const std::string& name) {
  if (!object.is_object()) return json::array();
  auto it = object.find(name);
  return it != object.end() && it->is_array() ? *it : json::array();
}

json map_of(const json& object, const std::string& name) {
  if (!object.is_object()) return json::object();
  auto it = object.find(name);
  return it != object.end() && it->is_object() ? *it : json::object();
}

void fill_defaults(sdk::Plan& plan, const std::vector<Default>& defaults) {
  for (const auto& d : defaults) {
    if (d.block.empty()) fill_default(plan, d.name, d.value);
    else fill_block_default(plan, d.block, d.name, d.value);
  }
}

void declare_defaults(ResourceSchema& schema, const std::vector<Default>& defaults) {
  for (const auto& d : defaults) {
    if (d.block.empty()) sdk::declare_default(schema, d.name, d.value);
    else sdk::declare_default(schema, d.block, d.name, d.value);
  }
}

void fill_default(sdk::Plan& plan, const std::string& name, const json& value) {
  if (plan.planned.value(name, json()).is_null() &&
      !has_path(plan.proposed_unknown, json::array({name}))) {
    plan.set_known(name, value);
  }
}

void fill_block_default(sdk::Plan& plan, const std::string& block, const std::string& name,
                        const json& value) {
  auto found = plan.planned.find(block);
  if (found == plan.planned.end() || !found->is_array()) return;
  json& blocks = *found;
  for (size_t i = 0; i < blocks.size(); ++i) {
    json path = json::array({block, i, name});
    if (has_path(plan.proposed_unknown, path) || !blocks[i].value(name, json()).is_null()) {
      continue;
    }
    blocks[i][name] = value;
    remove_path(plan.unknown, path);
  }
}

json engine_map(const json& prior, const json& value) {
  if (value.is_object() && !value.empty()) return value;
  return prior.is_null() ? json() : json::object();
}

std::string in_quotes(const std::string& text) { return "\"" + text + "\""; }

}  // namespace infra::providers::docker
