// The SDK's default validate and plan logic, driven by the resource schema.
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

ProviderSchema Provider::schema() const {
  ProviderSchema out;
  out.name = name;
  out.version = version;
  out.config = config;
  for (const auto& [type, resource] : resources) {
    ResourceSchema r = resource.schema;
    r.type = type;
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

std::vector<Diagnostic> validate_resource(const Resource& resource, const json& config,
                                          const json& unknown) {
  std::vector<Diagnostic> out;
  if (!config.is_object()) {
    out.push_back({"error", "the configuration must be an object", "", json::array()});
    return out;
  }
  for (const auto& [name, value] : config.items()) {
    if (!resource.schema.find(name)) {
      out.push_back({"error", "unsupported attribute \"" + name + "\"",
                     "the resource type has no attribute of that name", attr_path(name)});
    }
  }
  for (const auto& attr : resource.schema.attributes) {
    json value = value_of(config, attr.name);
    bool unknown_value = has_path(unknown, attr_path(attr.name));
    if (attr.required && value.is_null() && !unknown_value) {
      out.push_back({"error", "missing required attribute \"" + attr.name + "\"", attr.description,
                     attr_path(attr.name)});
    } else if (attr.computed && !attr.optional && !attr.required &&
               (!value.is_null() || unknown_value)) {
      out.push_back({"error", "attribute \"" + attr.name + "\" cannot be set",
                     "it is computed by the provider", attr_path(attr.name)});
    } else if (!value.is_null() && !has_type(value, attr.type)) {
      out.push_back({"error",
                     "attribute \"" + attr.name + "\" must be " + article(attr.type) + " " +
                         attr.type,
                     "got " + value.dump(), attr_path(attr.name)});
    }
  }
  if (resource.validate) {
    auto more = resource.validate(config, unknown);
    out.insert(out.end(), more.begin(), more.end());
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
  plan.prior = prior;
  plan.planned = proposed;
  plan.unknown = unknown.is_array() ? unknown : json::array();
  plan.proposed_unknown = plan.unknown;
  plan.requires_replace = json::array();

  if (prior.is_object()) {
    for (const auto& attr : resource.schema.attributes) {
      if (!attr.force_new) continue;
      json path = attr_path(attr.name);
      if (has_path(plan.unknown, path) ||
          value_of(proposed, attr.name) != value_of(prior, attr.name)) {
        add_path(plan.requires_replace, path);
      }
    }
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
  if (resource.plan) resource.plan(plan);

  json diagnostics = json::array();
  for (const auto& d : plan.diagnostics) diagnostics.push_back(to_json(d));
  return {{"planned_state", plan.planned},
          {"unknown", plan.unknown},
          {"requires_replace", plan.requires_replace},
          {"diagnostics", diagnostics}};
}

}  // namespace infra::providers::sdk
