// Per-instance planning: schema checks, the provider's plan, and the action.
#include "planner/diff.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "lang/ast.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

// Converts `v` to the primitive type `type` as HCL does; nullopt when it cannot.
std::optional<lang::Value> convert_to(const lang::Value& v, const std::string& type) {
  if (v.is_unknown() || v.is_null()) return v;
  const bool s = v.is_sensitive();
  auto kind = v.kind();
  if (type == "string") {
    if (kind == lang::Value::Kind::String) return v;
    if (kind == lang::Value::Kind::Number)
      return lang::Value::string(lang::format_number(v.as_number())).marked_sensitive(s);
    if (kind == lang::Value::Kind::Bool)
      return lang::Value::string(v.as_bool() ? "true" : "false").marked_sensitive(s);
    return std::nullopt;
  }
  if (type == "number") {
    if (kind == lang::Value::Kind::Number) return v;
    if (kind == lang::Value::Kind::String) {
      // Exact, and so a number that travelled as a string (values.cpp) comes back whole.
      lang::NumberResult n = lang::Number::parse(v.as_string());
      if (n) return lang::Value::number(*n).marked_sensitive(s);
    }
    return std::nullopt;
  }
  if (type == "bool") {
    if (kind == lang::Value::Kind::Bool) return v;
    if (kind == lang::Value::Kind::String) {
      if (v.as_string() == "true") return lang::Value::boolean(true).marked_sensitive(s);
      if (v.as_string() == "false") return lang::Value::boolean(false).marked_sensitive(s);
    }
    return std::nullopt;
  }
  if (type.rfind("list(", 0) == 0 || type.rfind("set(", 0) == 0) {
    if (kind != lang::Value::Kind::List) return std::nullopt;
    std::string elem = type.substr(type.find('(') + 1);
    elem.pop_back();
    lang::Value::List items;
    for (const auto& item : v.as_list()) {
      auto c = convert_to(item, elem);
      if (!c) return std::nullopt;
      items.push_back(*c);
    }
    return lang::Value::list(std::move(items)).marked_sensitive(s);
  }
  if (type.rfind("map(", 0) == 0) {
    if (kind != lang::Value::Kind::Object) return std::nullopt;
    std::string elem = type.substr(4);
    elem.pop_back();
    lang::Value::Object members;
    for (const auto& [k, item] : v.as_object()) {
      auto c = convert_to(item, elem);
      if (!c) return std::nullopt;
      members.emplace(k, *c);
    }
    return lang::Value::object(std::move(members)).marked_sensitive(s);
  }
  return v;  // "any" and types this version does not check
}

std::string type_article(const std::string& type) {
  if (type == "string") return "a string";
  if (type == "number") return "a number";
  if (type == "bool") return "a bool";
  return "a value of type " + type;
}

}  // namespace

bool same_value(const lang::Value& a, const lang::Value& b) {
  // Value's equality is false wherever either side is unknown, and ignores marks.
  if (a == b) return true;
  // A number too large for JSON travels to and from providers as its decimal string:
  // equal as the provider sees them is equal.
  json ua, ub;
  json ja = to_json(a, &ua);
  json jb = to_json(b, &ub);
  return ua.empty() && ub.empty() && ja == jb;
}

std::optional<lang::Value> conform_config(const lang::Resource& resource,
                                          const providers::ResourceSchema& schema,
                                          const lang::Value& config, lang::Diagnostics& diags) {
  bool ok = true;
  lang::Value::Object out;
  std::set<std::string> written;
  for (const auto& attr : lang::attributes(*resource.body)) {
    written.insert(attr.name);
    const providers::Attribute* def = schema.find(attr.name);
    if (def == nullptr) {
      diags.error(attr.range, "Unsupported argument",
                  "An argument named \"" + attr.name + "\" is not expected here: resource type \"" +
                      schema.type + "\" has no such attribute.");
      ok = false;
      continue;
    }
    if (def->computed && !def->optional && !def->required) {
      diags.error(attr.range, "Invalid argument \"" + attr.name + "\"",
                  "\"" + attr.name + "\" is computed by the provider and cannot be set.");
      ok = false;
      continue;
    }
    const auto& members = config.as_object();
    auto it = members.find(attr.name);
    lang::Value v = it == members.end() ? lang::Value::null() : it->second;
    auto converted = convert_to(v, def->type);
    if (!converted) {
      diags.error(attr.range, "Inappropriate value for attribute \"" + attr.name + "\"",
                  type_article(def->type) + " is required, got " + v.type_name() + ".");
      ok = false;
      continue;
    }
    out[attr.name] = converted->marked_sensitive(def->sensitive);
  }
  // Resource types of this protocol version have attributes only.
  for (const auto& block : resource.body->blocks) {
    diags.error(block.type_range, "Unsupported block type",
                "Blocks of type \"" + block.type + "\" are not expected here: resource type \"" +
                    schema.type + "\" has no nested blocks.");
    ok = false;
  }
  for (const auto& name : resource.lifecycle.ignore_changes) {
    if (schema.find(name) == nullptr) {
      diags.error(resource.range, "Invalid lifecycle.ignore_changes",
                  "ignore_changes names \"" + name + "\", but resource type \"" + schema.type +
                      "\" has no such attribute.");
      ok = false;
    }
  }
  for (const auto& def : schema.attributes) {
    if (def.required && !written.count(def.name)) {
      diags.error(resource.range, "Missing required argument",
                  "The argument \"" + def.name + "\" is required by resource type \"" +
                      schema.type + "\", but no definition was found.");
      ok = false;
    }
    if (!written.count(def.name)) out[def.name] = lang::Value::null().marked_sensitive(def.sensitive);
  }
  if (!ok) return std::nullopt;
  return lang::Value::object(std::move(out));
}

namespace {

// Reports a provider's diagnostics ({severity, summary, detail, path}) for `resource`,
// each at the attribute its path starts with when the configuration sets it.
bool report_provider_diagnostics(const lang::Resource& resource, const json& list,
                                 const lang::Value& sent, lang::Diagnostics& diags) {
  bool ok = true;
  auto attrs = lang::attributes(*resource.body);
  for (const auto& d : list) {
    lang::SourceRange where = resource.range;
    const json path = d.value("path", json::array());
    if (path.is_array() && !path.empty() && path[0].is_string()) {
      for (const auto& a : attrs) {
        if (a.name == path[0].get<std::string>()) where = a.range;
      }
    }
    std::string summary =
        resource.address() + ": " + redact(d.value("summary", std::string("provider error")), sent);
    std::string detail = redact(d.value("detail", std::string()), sent);
    if (d.value("severity", std::string("error")) == "warning") {
      diags.warning(where, summary, detail);
    } else {
      diags.error(where, summary, detail);
      ok = false;
    }
  }
  return ok;
}

}  // namespace

bool provider_validate(const lang::Resource& resource, const lang::Value& config,
                       providers::Plugin& plugin, lang::Diagnostics& diags) {
  json unknown;
  json params = {{"type", resource.type}, {"config", to_json(config, &unknown)}};
  params["unknown"] = unknown;
  json result;
  try {
    result = plugin.call("validate", params);
  } catch (const std::exception& e) {
    diags.error(resource.range, resource.address() + ": validation failed", redact(e.what(), config));
    return false;
  }
  return report_provider_diagnostics(resource, result.value("diagnostics", json::array()), config,
                                     diags);
}

std::optional<Change> plan_resource(const lang::Resource& resource,
                                    const providers::ResourceSchema& schema,
                                    const lang::Value& config, const lang::Value& prior,
                                    bool tainted, providers::Plugin& plugin,
                                    lang::Diagnostics& diags) {
  if (!provider_validate(resource, config, plugin, diags)) return std::nullopt;
  Change change;
  change.address = resource.address();
  change.type = resource.type;
  change.name = resource.name;
  change.provider = resource.provider_key();
  change.create_before_destroy = resource.lifecycle.create_before_destroy;
  change.before = prior;

  // The proposed state: the configuration, with the prior values of computed attributes
  // that the configuration leaves unset, and of attributes whose changes are ignored.
  lang::Value proposed = config;
  if (!prior.is_null()) {
    auto& members = proposed.as_object();
    const auto& old = prior.as_object();
    const auto& ignored = resource.lifecycle.ignore_changes;
    for (const auto& def : schema.attributes) {
      auto it = members.find(def.name);
      auto was = old.find(def.name);
      if (was == old.end()) continue;
      bool unset = it == members.end() || it->second.is_null();
      bool settable = def.required || def.optional;
      bool ignore = settable && (resource.lifecycle.ignore_all_changes ||
                                 std::find(ignored.begin(), ignored.end(), def.name) != ignored.end());
      if ((def.computed && unset) || ignore) {
        members.insert_or_assign(def.name, was->second.marked_sensitive(def.sensitive));
      }
    }
  }

  json unknown, sensitive;
  json params = {{"type", resource.type},
                 {"prior_state", prior.is_null() ? json(nullptr) : to_json(prior)},
                 {"proposed_state", to_json(proposed, &unknown, &sensitive)}};
  params["unknown"] = unknown;
  json result;
  try {
    result = plugin.call("plan", params);
  } catch (const std::exception& e) {
    diags.error(resource.range, change.address + ": planning failed",
                redact(redact(e.what(), proposed), prior));
    return std::nullopt;
  }
  if (!report_provider_diagnostics(resource, result.value("diagnostics", json::array()), proposed,
                                   diags)) {
    return std::nullopt;
  }

  json planned_unknown = result.value("unknown", json::array());
  change.after = from_json(result.value("planned_state", json(nullptr)), &planned_unknown, &sensitive);
  std::vector<std::string> sensitive_names;
  for (const auto& def : schema.attributes) {
    if (def.sensitive) sensitive_names.push_back(def.name);
  }
  change.after = mark_attributes_sensitive(change.after, sensitive_names);

  for (const auto& path : result.value("requires_replace", json::array())) {
    if (path.is_array() && !path.empty() && path[0].is_string()) {
      change.replace_paths.push_back(path[0].get<std::string>());
    }
  }
  if (prior.is_null()) {
    change.action = Action::Create;
  } else if (tainted) {
    change.action = Action::Replace;
    change.reason = "tainted";
  } else if (!change.replace_paths.empty()) {
    change.action = Action::Replace;
  } else if (!same_value(prior, change.after)) {
    change.action = Action::Update;
  } else {
    change.action = Action::NoOp;
  }
  return change;
}

std::optional<lang::Value> read_data_source(const lang::Resource& resource,
                                            const providers::ResourceSchema& schema,
                                            const lang::Value& config, providers::Plugin& plugin,
                                            lang::Diagnostics& diags) {
  json result;
  try {
    result = plugin.call("read_data", {{"type", resource.type}, {"config", to_json(config)}});
  } catch (const std::exception& e) {
    diags.error(resource.range, resource.address() + ": reading failed", redact(e.what(), config));
    return std::nullopt;
  }
  if (!report_provider_diagnostics(resource, result.value("diagnostics", json::array()), config,
                                   diags)) {
    return std::nullopt;
  }
  std::vector<std::string> sensitive;
  for (const auto& def : schema.attributes) {
    if (def.sensitive) sensitive.push_back(def.name);
  }
  lang::Value state = from_json(result.value("state", json(nullptr)));
  if (state.kind() != lang::Value::Kind::Object) {
    diags.error(resource.range, resource.address() + ": the provider returned no object");
    return std::nullopt;
  }
  // Sensitive arguments stay sensitive in what was read.
  for (const auto& [name, v] : config.as_object()) {
    auto it = state.as_object().find(name);
    if (v.contains_sensitive() && it != state.as_object().end()) {
      it->second = it->second.marked_sensitive();
    }
  }
  return mark_attributes_sensitive(std::move(state), sensitive);
}

std::optional<lang::Value> import_object(providers::Plugin& plugin,
                                         const providers::ResourceSchema& schema,
                                         const std::string& id, const std::string& address,
                                         const std::optional<lang::SourceRange>& where,
                                         lang::Diagnostics& diags) {
  const std::string summary = "Cannot import " + address;
  try {
    const json result = plugin.call("import", {{"type", schema.type}, {"id", id}});
    lang::Value object = from_json(result.value("state", json(nullptr)));
    if (object.kind() != lang::Value::Kind::Object) {
      diags.add({lang::Severity::Error, summary,
                 "The provider found no object with id \"" + id + "\".", where});
      return std::nullopt;
    }
    std::vector<std::string> sensitive;
    for (const auto& a : schema.attributes) {
      if (a.sensitive) sensitive.push_back(a.name);
    }
    return mark_attributes_sensitive(std::move(object), sensitive);
  } catch (const std::exception& e) {
    diags.add({lang::Severity::Error, summary, e.what(), where});
    return std::nullopt;
  }
}

}  // namespace infra::planner
