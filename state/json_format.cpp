// See state/json_format.hpp.
#include "state/json_format.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "state/instance_address.hpp"

namespace infra::state {
namespace {

using json = nlohmann::json;

json instance_object(const ResourceInstance& i) {
  const auto parts = split_instance_address(i.address);
  return json{
      {"address", i.address},
      {"module", parts ? parts->module : i.module},
      {"type", i.type},
      {"name", i.name},
      {"index_key", json::parse(parts ? parts->index_key_json : i.index_key_json)},
      {"provider", i.provider},
      {"schema_version", i.schema_version},
      {"attributes", json::parse(i.attributes_json)},
      {"sensitive_paths", i.sensitive_paths},
      {"dependencies", i.dependencies},
      {"status", i.status},
  };
}

/// The member `key` of `object`, which must have type `is` (described as `what`).
const json& member(const json& object, const char* key, bool (json::*is)() const noexcept,
                   const char* what, const std::string& where) {
  auto it = object.find(key);
  if (it == object.end()) throw StateError(where + "\"" + key + "\" is missing");
  if (!((*it).*is)()) throw StateError(where + "\"" + key + "\" must be " + what);
  return *it;
}

std::vector<std::string> strings(const json& list, const char* key, const std::string& where) {
  std::vector<std::string> out;
  for (const json& item : member(list, key, &json::is_array, "a list of strings", where)) {
    if (!item.is_string()) throw StateError(where + "\"" + key + "\" must be a list of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

ResourceInstance instance_from(const json& j, const std::string& where) {
  if (!j.is_object()) throw StateError(where + "an instance must be a JSON object");
  ResourceInstance i;
  i.address = member(j, "address", &json::is_string, "a string", where).get<std::string>();
  i.type = member(j, "type", &json::is_string, "a string", where).get<std::string>();
  i.name = member(j, "name", &json::is_string, "a string", where).get<std::string>();
  i.provider = member(j, "provider", &json::is_string, "a string", where).get<std::string>();
  i.schema_version =
      member(j, "schema_version", &json::is_number_integer, "an integer", where).get<int>();
  i.attributes_json = member(j, "attributes", &json::is_object, "an object", where).dump();
  i.sensitive_paths = strings(j, "sensitive_paths", where);
  i.dependencies = strings(j, "dependencies", where);
  i.status = member(j, "status", &json::is_string, "a string", where).get<std::string>();
  if (i.status != "ready" && i.status != "tainted") {
    throw StateError(where + "\"status\" must be \"ready\" or \"tainted\", not \"" + i.status + "\"");
  }
  const auto parts = split_instance_address(i.address);
  if (!parts) throw StateError(where + "\"" + i.address + "\" is not an instance address");
  if (parts->type != i.type || parts->name != i.name) {
    throw StateError(where + "the address " + i.address + " does not agree with type \"" +
                     i.type + "\" and name \"" + i.name + "\"");
  }
  i.module = parts->module;
  i.index_key_json = parts->index_key_json;
  return i;
}

json parse(const std::string& text, const std::string& what) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) throw StateError(what + " is not valid JSON");
  return j;
}

std::vector<OutputValue> outputs_from(const json& j, const std::string& where) {
  if (!j.is_object()) throw StateError(where + "\"outputs\" must be an object");
  std::vector<OutputValue> out;
  for (const auto& [name, o] : j.items()) {
    const std::string at = where + "outputs." + name + ": ";
    if (!o.is_object()) throw StateError(at + "an output must be an object");
    auto value = o.find("value");
    if (value == o.end()) throw StateError(at + "\"value\" is missing");
    const bool sensitive = member(o, "sensitive", &json::is_boolean, "true or false", at).get<bool>();
    out.push_back({name, value->dump(), sensitive});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace

std::string instance_to_json(const ResourceInstance& instance) {
  return instance_object(instance).dump();
}

ResourceInstance instance_from_json(const std::string& text) {
  return instance_from(parse(text, "the instance"), "");
}

std::string outputs_to_json(const std::vector<OutputValue>& outputs) {
  json j = json::object();
  for (const OutputValue& o : outputs) {
    j[o.name] = {{"value", json::parse(o.value_json)}, {"sensitive", o.sensitive}};
  }
  return j.dump();
}

std::vector<OutputValue> outputs_from_json(const std::string& text) {
  return outputs_from(parse(text, "the outputs"), "");
}

std::string snapshot_to_json(const Snapshot& snapshot) {
  json instances = json::array();
  for (const ResourceInstance& i : snapshot.instances) instances.push_back(instance_object(i));
  json j{
      {"format_version", kStateJsonFormatVersion},
      {"lineage", snapshot.lineage},
      {"serial", snapshot.serial},
      {"instances", std::move(instances)},
      {"outputs", json::parse(outputs_to_json(snapshot.outputs))},
  };
  return j.dump(2) + "\n";
}

Snapshot snapshot_from_json(const std::string& text) {
  const json j = parse(text, "the file");
  if (!j.is_object()) throw StateError("the file must hold a JSON object");
  const int version =
      member(j, "format_version", &json::is_number_integer, "an integer", "").get<int>();
  if (version != kStateJsonFormatVersion) {
    throw StateError("format_version " + std::to_string(version) + " is not " +
                     std::to_string(kStateJsonFormatVersion) + ", the one this infra reads");
  }
  Snapshot s;
  s.lineage = member(j, "lineage", &json::is_string, "a string", "").get<std::string>();
  if (s.lineage.empty()) throw StateError("\"lineage\" must not be empty");
  s.serial = member(j, "serial", &json::is_number_integer, "an integer", "").get<std::int64_t>();
  if (s.serial < 0) throw StateError("\"serial\" must not be negative");
  const json& instances = member(j, "instances", &json::is_array, "a list", "");
  for (std::size_t k = 0; k < instances.size(); ++k) {
    s.instances.push_back(instance_from(instances[k], "instances[" + std::to_string(k) + "]: "));
  }
  std::sort(s.instances.begin(), s.instances.end(),
            [](const auto& a, const auto& b) { return a.address < b.address; });
  for (std::size_t k = 1; k < s.instances.size(); ++k) {
    if (s.instances[k].address == s.instances[k - 1].address) {
      throw StateError("the address " + s.instances[k].address + " appears twice");
    }
  }
  s.outputs = outputs_from(member(j, "outputs", &json::is_object, "an object", ""), "");
  return s;
}

std::string encode_strings(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump();
}

std::vector<std::string> decode_strings(const std::string& text, const std::string& what) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> items;
  bool ok = parsed.is_array();
  if (ok) {
    for (const nlohmann::json& item : parsed) {
      if (!item.is_string()) {
        ok = false;
        break;
      }
      items.push_back(item.get<std::string>());
    }
  }
  if (!ok) throw StateError(what + " is not a JSON list of strings: " + text);
  return items;
}

void require_json(const std::string& text, const std::string& subject) {
  if (!nlohmann::json::accept(text)) throw StateError(subject + " not valid JSON: " + text);
}

}  // namespace infra::state
