// The JSON Schema subset validator: see json_schema_check.hpp.
#include "tests/cli/json_schema_check.hpp"

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace infra::testing {
namespace {

using json = nlohmann::json;

const std::set<std::string> kAnnotations = {"$schema", "$id", "title", "description", "$defs"};
const std::set<std::string> kKeywords = {"type",  "properties", "required", "additionalProperties",
                                         "items", "enum",       "$ref",     "oneOf",
                                         "anyOf"};

bool has_type(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  if (type == "number") return v.is_number();
  if (type == "integer") {
    if (v.is_number_integer()) return true;
    return v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>();
  }
  return false;
}

class Checker {
 public:
  explicit Checker(const json& root) : root_(root) {}

  void check(const json& schema, const json& v, const std::string& where,
             std::vector<std::string>& errors) const {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) errors.push_back(at(where) + ": no value is allowed here");
      return;
    }
    if (!schema.is_object()) {
      errors.push_back(at(where) + ": the schema is not an object");
      return;
    }
    for (const auto& [key, _] : schema.items()) {
      if (!kKeywords.count(key) && !kAnnotations.count(key)) {
        errors.push_back(at(where) + ": unsupported schema keyword \"" + key + "\"");
      }
    }
    if (schema.contains("$ref")) {
      const std::string ref = schema["$ref"].get<std::string>();
      if (const json* target = resolve(ref)) {
        check(*target, v, where, errors);
      } else {
        errors.push_back(at(where) + ": unresolved $ref \"" + ref + "\"");
      }
    }
    if (schema.contains("type")) {
      const json& t = schema["type"];
      bool ok = false;
      if (t.is_string()) ok = has_type(v, t.get<std::string>());
      for (const auto& one : t.is_array() ? t : json::array()) ok = ok || has_type(v, one.get<std::string>());
      if (!ok) {
        errors.push_back(at(where) + ": expected " + t.dump() + ", got " + v.type_name());
        return;  // the other keywords would only repeat it
      }
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e == v;
      if (!found) errors.push_back(at(where) + ": " + v.dump() + " is not one of " + schema["enum"].dump());
    }
    if (v.is_object()) check_object(schema, v, where, errors);
    if (v.is_array() && schema.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) check(schema["items"], v[i], where + "/" + std::to_string(i), errors);
    }
    if (schema.contains("anyOf")) {
      bool any = false;
      for (const auto& s : schema["anyOf"]) any = any || valid(s, v, where);
      if (!any) errors.push_back(at(where) + ": matches none of anyOf");
    }
    if (schema.contains("oneOf")) {
      int matches = 0;
      for (const auto& s : schema["oneOf"]) matches += valid(s, v, where) ? 1 : 0;
      if (matches != 1) {
        errors.push_back(at(where) + ": matches " + std::to_string(matches) + " of oneOf, not exactly one");
      }
    }
  }

 private:
  static std::string at(const std::string& where) { return where.empty() ? "/" : where; }

  bool valid(const json& schema, const json& v, const std::string& where) const {
    std::vector<std::string> errors;
    check(schema, v, where, errors);
    return errors.empty();
  }

  void check_object(const json& schema, const json& v, const std::string& where,
                    std::vector<std::string>& errors) const {
    for (const auto& name : schema.value("required", json::array())) {
      if (!v.contains(name.get<std::string>())) {
        errors.push_back(at(where) + ": \"" + name.get<std::string>() + "\" is required");
      }
    }
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, member] : v.items()) {
      const std::string path = where + "/" + key;
      if (properties.contains(key)) {
        check(properties[key], member, path, errors);
      } else if (schema.contains("additionalProperties")) {
        const json& extra = schema["additionalProperties"];
        if (extra.is_boolean() && !extra.get<bool>()) {
          errors.push_back(at(where) + ": \"" + key + "\" is not allowed");
        } else {
          check(extra, member, path, errors);
        }
      }
    }
  }

  // The schema that `ref` names: only references to #/$defs/NAME are supported.
  const json* resolve(const std::string& ref) const {
    static const std::string kPrefix = "#/$defs/";
    if (ref.rfind(kPrefix, 0) != 0) return nullptr;
    const std::string name = ref.substr(kPrefix.size());
    if (!root_.contains("$defs") || !root_["$defs"].contains(name)) return nullptr;
    return &root_["$defs"][name];
  }

  const json& root_;
};

}  // namespace

std::vector<std::string> schema_errors(const json& schema, const json& doc) {
  std::vector<std::string> errors;
  Checker(schema).check(schema, doc, "", errors);
  return errors;
}

std::string check_against_schema_file(const std::string& schema_path, const std::string& doc) {
  std::ifstream in(schema_path);
  std::stringstream text;
  text << in.rdbuf();
  json schema = json::parse(text.str(), nullptr, false);
  if (schema.is_discarded()) return "cannot read the schema " + schema_path;
  json parsed = json::parse(doc, nullptr, false);
  if (parsed.is_discarded()) return "not JSON: " + doc.substr(0, 200);
  std::string out;
  for (const auto& e : schema_errors(schema, parsed)) out += e + "\n";
  return out;
}

}  // namespace infra::testing
