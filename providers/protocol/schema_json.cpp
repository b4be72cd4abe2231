// JSON form of the schema model. Attribute flags are written only when set, so the
// handshake stays readable: {"type": "string", "required": true}; "blocks" only when a
// type has nested block types, so a schema without them is what protocol 1 always sent.
#include "providers/protocol/schema_json.hpp"

#include <cstdint>

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
  if (!a.default_json.empty()) j["default"] = json::parse(a.default_json);
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
    if (auto d = j.find("default"); d != j.end() && !d->is_null()) {
      if (!a.optional) fail(at + ".default", "only an optional attribute has a default");
      a.default_json = d->dump();
    }
    if (a.required && (a.optional || a.computed)) {
      fail(at, "an attribute cannot be both required and optional/computed");
    }
    out.push_back(std::move(a));
  }
  return out;  // json objects iterate in key order, so this is sorted by name
}

int item_count(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 0;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 ||
      it->get<std::int64_t>() > 1'000'000) {
    fail(where + "." + key, "expected a count from 0 to 1000000");
  }
  return it->get<int>();
}

void body_from_json(const json& j, const std::string& where, SchemaBody& out);

std::vector<BlockType> blocks_from_json(const json& blocks, const std::string& where) {
  std::vector<BlockType> out;
  for (const auto& [name, j] : blocks.items()) {
    std::string at = where + "." + name;
    if (!j.is_object()) fail(at, "expected an object");
    BlockType b;
    b.name = name;
    const std::string nesting = text(j, "nesting", at, "list");
    auto mode = nesting_from_name(nesting);
    if (!mode) fail(at + ".nesting", "expected \"list\", \"set\" or \"single\", got \"" + nesting + "\"");
    b.nesting = *mode;
    b.min_items = item_count(j, "min_items", at);
    b.max_items = item_count(j, "max_items", at);
    if (b.max_items > 0 && b.min_items > b.max_items) {
      fail(at, "min_items is greater than max_items");
    }
    if (b.nesting == Nesting::Single && (b.min_items > 1 || b.max_items > 1)) {
      fail(at, "a single block type takes at most one block");
    }
    b.description = text(j, "description", at, "");
    body_from_json(j, at, b);
    out.push_back(std::move(b));
  }
  return out;  // sorted by name, as attributes are
}

// The "attributes" and "blocks" members of a resource type or a block type.
void body_from_json(const json& j, const std::string& where, SchemaBody& out) {
  out.attributes = attributes_from_json(member_object(j, "attributes", where), where + ".attributes");
  out.blocks = blocks_from_json(member_object(j, "blocks", where), where + ".blocks");
  for (const auto& b : out.blocks) {
    if (out.find(b.name) != nullptr) {
      fail(where + ".blocks." + b.name, "an attribute of the same name exists");
    }
  }
}

json blocks_to_json(const std::vector<BlockType>& blocks);

// Adds the "blocks" member when there are blocks: a schema without them reads as before.
void add_blocks(json& j, const std::vector<BlockType>& blocks) {
  if (!blocks.empty()) j["blocks"] = blocks_to_json(blocks);
}

json blocks_to_json(const std::vector<BlockType>& blocks) {
  json out = json::object();
  for (const auto& b : blocks) {
    json j = {{"nesting", std::string(nesting_name(b.nesting))},
              {"attributes", attributes_to_json(b.attributes)}};
    if (b.min_items > 0) j["min_items"] = b.min_items;
    if (b.max_items > 0) j["max_items"] = b.max_items;
    if (!b.description.empty()) j["description"] = b.description;
    add_blocks(j, b.blocks);
    out[b.name] = std::move(j);
  }
  return out;
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
  if (!r.validates) j["validates"] = false;
  add_blocks(j, r.blocks);
  return j;
}

json schema_to_json(const ProviderSchema& schema) {
  json resources = json::object();
  for (const auto& [type, r] : schema.resources) resources[type] = resource_schema_to_json(r);
  json data_sources = json::object();
  for (const auto& [type, r] : schema.data_sources) {
    data_sources[type] = resource_schema_to_json(r);
  }
  json provider = {{"attributes", attributes_to_json(schema.config)}};
  add_blocks(provider, schema.config_blocks);
  return {{"provider", provider},
          {"resources", resources},
          {"data_sources", data_sources}};
}

ProviderSchema schema_from_json(const json& schema) {
  if (!schema.is_object()) fail("schema", "expected an object");
  ProviderSchema out;
  const json& provider = member_object(schema, "provider", "schema");
  SchemaBody config;
  body_from_json(provider, "schema.provider", config);
  out.config = std::move(config.attributes);
  out.config_blocks = std::move(config.blocks);
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
      if (auto validates = item.find("validates"); validates != item.end()) {
        if (!validates->is_boolean()) fail(at + ".validates", "expected true or false");
        r.validates = validates->get<bool>();
      }
      body_from_json(item, at, r);
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
