// JSON form of the schema model. Attribute flags are written only when set, so the
// handshake stays readable: {"type": "string", "required": true}.
#include "providers/protocol/schema_json.hpp"

#include <nlohmann/json.hpp>

namespace infra::providers {

using nlohmann::json;

namespace {

json attribute_to_json(const Attribute& a) {
  json j = {{"type", a.type}};
  if (a.required) j["required"] = true;
  if (a.optional) j["optional"] = true;
  if (a.computed) j["computed"] = true;
  if (a.force_new) j["force_new"] = true;
  if (a.sensitive) j["sensitive"] = true;
  if (!a.description.empty()) j["description"] = a.description;
  return j;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw SchemaError(where + ": " + what);
}

const json& member_object(const json& j, const char* key, const std::string& where) {
  static const json kEmpty = json::object();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_object()) fail(where + "." + key, "expected an object");
  return *it;
}

bool flag(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return false;
  if (!it->is_boolean()) fail(where + "." + key, "expected true or false");
  return it->get<bool>();
}

std::string text(const json& j, const char* key, const std::string& where, std::string fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_string()) fail(where + "." + key, "expected a string");
  return it->get<std::string>();
}

std::vector<Attribute> attributes_from_json(const json& attrs, const std::string& where) {
  std::vector<Attribute> out;
  for (const auto& [name, j] : attrs.items()) {
    std::string at = where + "." + name;
    if (!j.is_object()) fail(at, "expected an object");
    Attribute a;
    a.name = name;
    a.type = text(j, "type", at, "string");
    a.required = flag(j, "required", at);
    a.optional = flag(j, "optional", at);
    a.computed = flag(j, "computed", at);
    a.force_new = flag(j, "force_new", at);
    a.sensitive = flag(j, "sensitive", at);
    a.description = text(j, "description", at, "");
    if (a.required && (a.optional || a.computed)) {
      fail(at, "an attribute cannot be both required and optional/computed");
    }
    out.push_back(std::move(a));
  }
  return out;  // json objects iterate in key order, so this is sorted by name
}

}  // namespace

json attributes_to_json(const std::vector<Attribute>& attributes) {
  json j = json::object();
  for (const auto& a : attributes) j[a.name] = attribute_to_json(a);
  return j;
}

json resource_schema_to_json(const ResourceSchema& r) {
  json j = {{"version", r.version}, {"attributes", attributes_to_json(r.attributes)}};
  if (!r.description.empty()) j["description"] = r.description;
  return j;
}

json schema_to_json(const ProviderSchema& schema) {
  json resources = json::object();
  for (const auto& [type, r] : schema.resources) resources[type] = resource_schema_to_json(r);
  json data_sources = json::object();
  for (const auto& [type, r] : schema.data_sources) {
    data_sources[type] = resource_schema_to_json(r);
  }
  return {{"provider", {{"attributes", attributes_to_json(schema.config)}}},
          {"resources", resources},
          {"data_sources", data_sources}};
}

ProviderSchema schema_from_json(const json& schema) {
  if (!schema.is_object()) fail("schema", "expected an object");
  ProviderSchema out;
  const json& provider = member_object(schema, "provider", "schema");
  out.config = attributes_from_json(member_object(provider, "attributes", "schema.provider"),
                                    "schema.provider.attributes");
  const auto types = [&](const json& j, const std::string& where,
                         std::map<std::string, ResourceSchema>& into) {
    for (const auto& [type, item] : j.items()) {
      std::string at = where + "." + type;
      if (!item.is_object()) fail(at, "expected an object");
      ResourceSchema r;
      r.type = type;
      auto version = item.find("version");
      if (version != item.end() && !version->is_null()) {
        if (!version->is_number_integer()) fail(at + ".version", "expected an integer");
        r.version = version->get<int>();
      }
      r.description = text(item, "description", at, "");
      r.attributes = attributes_from_json(member_object(item, "attributes", at), at + ".attributes");
      into.emplace(type, std::move(r));
    }
  };
  types(member_object(schema, "resources", "schema"), "schema.resources", out.resources);
  // Optional: a provider without data sources may leave it out.
  if (schema.contains("data_sources")) {
    types(member_object(schema, "data_sources", "schema"), "schema.data_sources",
          out.data_sources);
  }
  return out;
}

}  // namespace infra::providers
