// The SDK's default validate and plan logic, driven by the resource schema.
#include <stdexcept>
#include <algorithm>

#include "providers/sdk/provider.hpp"

namespace infra::providers::sdk {

namespace {

json attr_path(const std::string& name) { return json::array({name}); }

json value_of(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? json() : *it;
}

// Whether `value` fits the schema type; nested element types are the caller's business.
bool has_type(const json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  if (type == "bool") return value.is_boolean();
  if (type.rfind("list", 0) == 0 || type.rfind("set", 0) == 0) return value.is_array();
  if (type.rfind("map", 0) == 0 || type.rfind("object", 0) == 0) return value.is_object();
  return true;  // "any" and types this SDK does not check
}

const char* article(const std::string& type) {
  return type.empty() || std::string("aeiou").find(type[0]) == std::string::npos ? "a" : "an";
}

}  // namespace

bool Plan::is_unknown(const std::string& name) const { return has_path(unknown, attr_path(name)); }

void Plan::set_known(const std::string& name, json value) {
  planned[name] = std::move(value);
  remove_path(unknown, attr_path(name));
}

void Plan::set_unknown(const std::string& name) {
  planned[name] = nullptr;
  add_path(unknown, attr_path(name));
}

void declare_default(SchemaBody& body, const std::string& name, const json& value) {
  for (auto& a : body.attributes) {
    if (a.name != name) continue;
    if (!a.optional) throw std::logic_error("declare_default: " + name + " is not optional");
    a.default_json = value.dump();
    return;
  }
  throw std::logic_error("declare_default: no attribute " + name);
}

void declare_default(SchemaBody& body, const std::string& block, const std::string& name,
                     const json& value) {
  for (auto& b : body.blocks) {
    if (b.name == block) return declare_default(b, name, value);
  }
  throw std::logic_error("declare_default: no block type " + block);
}

ProviderSchema Provider::schema() const {
  ProviderSchema out;
  out.name = name;
  out.version = version;
  out.config = config;
  out.config_blocks = config_blocks;
  for (const auto& [type, resource] : resources) {
    ResourceSchema r = resource.schema;
    r.type = type;
    // The schema's own checks are the host's too: only a validate callback adds any.
    r.validates = static_cast<bool>(resource.validate);
    out.resources.emplace(type, std::move(r));
  }
  for (const auto& [type, source] : data_sources) {
    ResourceSchema r = source.schema;
    r.type = type;
    out.data_sources.emplace(type, std::move(r));
  }
  return out;
}

json to_json(const Diagnostic& d) {
  json j = {{"severity", d.severity}, {"summary", d.summary}};
  if (!d.detail.empty()) j["detail"] = d.detail;
  if (d.path.is_array() && !d.path.empty()) j["path"] = d.path;
  return j;
}

namespace {

json child(const json& path, const json& step) {
  json out = path;
  out.push_back(step);
  return out;
}

// The blocks of block type `block` in `value`: the elements of a list or set, the one object
// of a single block; none for null.
std::vector<json> blocks_of(const json& value, const BlockType& block) {
  if (block.nesting == Nesting::Single) {
    return value.is_object() ? std::vector<json>{value} : std::vector<json>{};
  }
  return value.is_array() ? std::vector<json>(value.begin(), value.end()) : std::vector<json>{};
}

// The schema's checks of one object (the configuration, or one block of it) at `path`.
void validate_body(const SchemaBody& schema, const json& config, const json& unknown,
                   const json& path, std::vector<Diagnostic>& out) {
  if (!config.is_object()) {
    out.push_back({"error", "expected an object", "", path});
    return;
  }
  for (const auto& [name, value] : config.items()) {
    if (!schema.find(name) && !schema.find_block(name)) {
      out.push_back({"error", "unsupported attribute \"" + name + "\"",
                     "the resource type has no attribute of that name", child(path, name)});
    }
  }
  for (const auto& attr : schema.attributes) {
    json value = value_of(config, attr.name);
    const json at = child(path, attr.name);
    bool unknown_value = has_path(unknown, at);
    if (attr.required && value.is_null() && !unknown_value) {
      out.push_back({"error", "missing required attribute \"" + attr.name + "\"", attr.description, at});
    } else if (attr.computed && !attr.optional && !attr.required &&
               (!value.is_null() || unknown_value)) {
      out.push_back({"error", "attribute \"" + attr.name + "\" cannot be set",
                     "it is computed by the provider", at});
    } else if (!value.is_null() && !has_type(value, attr.type)) {
      out.push_back({"error",
                     "attribute \"" + attr.name + "\" must be " + article(attr.type) + " " +
                         attr.type,
                     "got " + value.dump(), at});
    }
  }
  for (const auto& block : schema.blocks) {
    const json at = child(path, block.name);
    if (has_path(unknown, at)) continue;  // a dynamic block whose for_each is not known yet
    const json value = value_of(config, block.name);
    const auto items = blocks_of(value, block);
    const int n = static_cast<int>(items.size());
    if (n < block.min_items || (block.max_items > 0 && n > block.max_items)) {
      out.push_back({"error", "wrong number of \"" + block.name + "\" blocks",
                     "got " + std::to_string(n) + ", expected " + std::to_string(block.min_items) +
                         (block.max_items > 0 ? " to " + std::to_string(block.max_items) : " or more"),
                     at});
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
      validate_body(block, items[i], unknown,
                    block.nesting == Nesting::Single ? at : child(at, i), out);
    }
  }
}

bool has_force_new(const SchemaBody& schema) {
  for (const auto& attr : schema.attributes) {
    if (attr.force_new) return true;
  }
  return std::any_of(schema.blocks.begin(), schema.blocks.end(),
                     [](const BlockType& b) { return has_force_new(b); });
}

bool unknown_under(const json& unknown, const json& path) {
  if (!unknown.is_array()) return false;
  return std::any_of(unknown.begin(), unknown.end(), [&](const json& p) {
    return p.is_array() && p.size() >= path.size() && std::equal(path.begin(), path.end(), p.begin());
  });
}

// The force_new parts of one block: what, changed, replaces the object.
json force_new_part(const SchemaBody& schema, const json& value) {
  json out = json::object();
  for (const auto& attr : schema.attributes) {
    if (attr.force_new) out[attr.name] = value_of(value, attr.name);
  }
  for (const auto& block : schema.blocks) {
    if (!has_force_new(block)) continue;
    json parts = json::array();
    for (const auto& item : blocks_of(value_of(value, block.name), block)) {
      parts.push_back(force_new_part(block, item));
    }
    if (block.nesting == Nesting::Set) std::sort(parts.begin(), parts.end());
    out[block.name] = std::move(parts);
  }
  return out;
}

// Adds to `out` the paths under `path` whose force_new attributes change from `prior` to
// `proposed`: list blocks by index, single blocks as objects; a set block's own path when
// the force_new parts of its elements differ.
void replace_paths(const SchemaBody& schema, const json& prior, const json& proposed,
                   const json& unknown, const json& path, json& out) {
  for (const auto& attr : schema.attributes) {
    if (!attr.force_new) continue;
    const json at = child(path, attr.name);
    if (has_path(unknown, at) || value_of(proposed, attr.name) != value_of(prior, attr.name)) {
      add_path(out, at);
    }
  }
  for (const auto& block : schema.blocks) {
    if (!has_force_new(block)) continue;
    const json at = child(path, block.name);
    if (has_path(unknown, at)) {
      add_path(out, at);  // blocks known only after apply
      continue;
    }
    const auto before = blocks_of(value_of(prior, block.name), block);
    const auto after = blocks_of(value_of(proposed, block.name), block);
    switch (block.nesting) {
      case Nesting::Single:
        replace_paths(block, before.empty() ? json() : before[0], after.empty() ? json() : after[0],
                      unknown, at, out);
        break;
      case Nesting::List:
        for (std::size_t i = 0; i < std::max(before.size(), after.size()); ++i) {
          replace_paths(block, i < before.size() ? before[i] : json(),
                        i < after.size() ? after[i] : json(), unknown, child(at, i), out);
        }
        break;
      case Nesting::Set: {
        json a = json::array(), b = json::array();
        for (const auto& item : before) a.push_back(force_new_part(block, item));
        for (const auto& item : after) b.push_back(force_new_part(block, item));
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        if (a != b || unknown_under(unknown, at)) add_path(out, at);
        break;
      }
    }
  }
}

// The value at `path` inside `root`, or null when the path leads nowhere.
json* at_path(json& root, const json& path) {
  json* at = &root;
  for (const auto& step : path) {
    if (step.is_string() && at->is_object()) {
      auto it = at->find(step.get<std::string>());
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (step.is_number_unsigned() && at->is_array() && step.get<std::size_t>() < at->size()) {
      at = &(*at)[step.get<std::size_t>()];
    } else {
      return nullptr;
    }
  }
  return at;
}

// Marks unknown the computed attributes of the blocks a new object or a changed block list
// gets: every block when `all`, else those with no counterpart in `prior`.
void unknown_computed(const SchemaBody& schema, const json& prior, Plan& plan, const json& path,
                      bool all) {
  for (const auto& block : schema.blocks) {
    const json at = child(path, block.name);
    json* value = at_path(plan.planned, at);
    if (value == nullptr) continue;
    const auto before = blocks_of(value_of(prior, block.name), block);
    const std::size_t n = block.nesting == Nesting::Single ? (value->is_object() ? 1 : 0)
                                                           : (value->is_array() ? value->size() : 0);
    for (std::size_t i = 0; i < n; ++i) {
      json& item = block.nesting == Nesting::Single ? *value : (*value)[i];
      const json item_path = block.nesting == Nesting::Single ? at : child(at, i);
      bool is_new = all;
      const json* old = nullptr;
      if (block.nesting == Nesting::Set) {
        auto it = std::find(before.begin(), before.end(), item);
        if (it != before.end()) old = &*it;
      } else if (i < before.size()) {
        old = &before[i];
      }
      is_new = is_new || old == nullptr;
      if (is_new) {
        for (const auto& attr : block.attributes) {
          if (!attr.computed) continue;
          bool computed_only = !attr.optional && !attr.required;
          if (computed_only || value_of(item, attr.name).is_null()) {
            item[attr.name] = nullptr;
            add_path(plan.unknown, child(item_path, attr.name));
          }
        }
      }
      unknown_computed(block, old != nullptr ? *old : json(), plan, item_path, is_new);
    }
  }
}

}  // namespace

std::vector<Diagnostic> validate_resource(const Resource& resource, const json& config,
                                          const json& unknown) {
  std::vector<Diagnostic> out;
  if (!config.is_object()) {
    out.push_back({"error", "the configuration must be an object", "", json::array()});
    return out;
  }
  validate_body(resource.schema, config, unknown, json::array(), out);
  if (resource.validate) {
    auto more = resource.validate(config, unknown);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

json adopt_prior(const Resource& resource, const json& prior, const json& proposed,
                 const json& unknown, json& adopted, std::vector<Diagnostic>& diagnostics) {
  if (!resource.adopt || !prior.is_object() || !proposed.is_object()) return prior;
  json out = prior;
  for (const auto& name : resource.adopt(prior, proposed, diagnostics)) {
    // A value known only after apply cannot be checked against the object.
    if (unknown_under(unknown, attr_path(name))) continue;
    out[name] = value_of(proposed, name);
    add_path(adopted, attr_path(name));
  }
  return out;
}

json plan_resource(const Resource& resource, const json& prior, const json& proposed,
                   const json& unknown) {
  if (proposed.is_null()) {  // destroying: nothing to plan
    return {{"planned_state", nullptr},
            {"unknown", json::array()},
            {"requires_replace", json::array()},
            {"diagnostics", json::array()}};
  }
  Plan plan;
  plan.planned = proposed;
  plan.unknown = unknown.is_array() ? unknown : json::array();
  plan.proposed_unknown = plan.unknown;
  plan.requires_replace = json::array();
  json adopted = json::array();
  plan.prior = adopt_prior(resource, prior, proposed, plan.unknown, adopted, plan.diagnostics);

  if (plan.prior.is_object()) {
    replace_paths(resource.schema, plan.prior, proposed, plan.unknown, json::array(),
                  plan.requires_replace);
  }
  if (plan.creates_new_object()) {
    for (const auto& attr : resource.schema.attributes) {
      if (!attr.computed) continue;
      // The host merged the old object's computed values into `proposed`; a new object
      // gets new ones. Optional+computed values the configuration set are kept.
      bool computed_only = !attr.optional && !attr.required;
      if (computed_only || value_of(plan.planned, attr.name).is_null()) {
        plan.set_unknown(attr.name);
      }
    }
  }
  unknown_computed(resource.schema, plan.prior, plan, json::array(), plan.creates_new_object());
  if (resource.plan) resource.plan(plan);

  json diagnostics = json::array();
  for (const auto& d : plan.diagnostics) diagnostics.push_back(to_json(d));
  json result = {{"planned_state", plan.planned},
                 {"unknown", plan.unknown},
                 {"requires_replace", plan.requires_replace},
                 {"diagnostics", diagnostics}};
  // Adopted values of an object that is replaced anyway are the new object's arguments.
  if (!adopted.empty() && !plan.creates_new_object()) result["adopted"] = adopted;
  return result;
}

}  // namespace infra::providers::sdk
