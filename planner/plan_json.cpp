// The documents of `show -json`: see planner/plan_json.hpp and docs/plan-json.md.
#include "planner/plan_json.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "planner/address.hpp"
#include "planner/planner.hpp"
#include "planner/values.hpp"
#include "providers/protocol/paths.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

// nlohmann's numbers are 64-bit; a Number is exact at any size. Its decimal text rides in a
// binary value, which nothing else in these documents uses, and write() puts it unquoted.
json exact_number(const lang::Number& n) {
  const std::string text = n.to_string();
  return json::binary(std::vector<std::uint8_t>(text.begin(), text.end()));
}

void write(const json& j, std::string& out) {
  switch (j.type()) {
    case json::value_t::binary:
      out.append(j.get_binary().begin(), j.get_binary().end());
      return;
    case json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ',';
        first = false;
        out += json(it.key()).dump(-1, ' ', false, json::error_handler_t::replace);
        out += ':';
        write(it.value(), out);
      }
      out += '}';
      return;
    }
    case json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : j) {
        if (!first) out += ',';
        first = false;
        write(item, out);
      }
      out += ']';
      return;
    }
    default:
      out += j.dump(-1, ' ', false, json::error_handler_t::replace);
  }
}

std::string document(const json& j) {
  std::string out;
  write(j, out);
  out += '\n';
  return out;
}

// The value with its sensitive and unknown parts left out: dropped from objects, null in
// lists (so that the other elements keep their indexes). `omitted` is set when the value
// itself is left out.
json visible(const lang::Value& v, bool* omitted = nullptr) {
  if (v.is_sensitive() || v.is_unknown()) {
    if (omitted != nullptr) *omitted = true;
    return nullptr;
  }
  switch (v.kind()) {
    case lang::Value::Kind::Null:
    case lang::Value::Kind::Unknown:
      return nullptr;
    case lang::Value::Kind::Bool:
      return v.as_bool();
    case lang::Value::Kind::Number:
      return exact_number(v.as_number());
    case lang::Value::Kind::String:
      return v.as_string();
    case lang::Value::Kind::List: {
      json out = json::array();
      for (const auto& item : v.as_list()) out.push_back(visible(item));
      return out;
    }
    case lang::Value::Kind::Object: {
      json out = json::object();
      for (const auto& [key, member] : v.as_object()) {
        bool gone = false;
        json child = visible(member, &gone);
        if (!gone) out[key] = std::move(child);
      }
      return out;
    }
  }
  return nullptr;
}

// Terraform's shape of a mark: true where the mark is, lists element by element, objects
// with only their members that are not plain false, false everywhere else.
template <typename Marked>
json mark_shape(const lang::Value& v, Marked marked) {
  if (marked(v)) return true;
  if (v.is_unknown()) return false;
  if (v.kind() == lang::Value::Kind::List) {
    json out = json::array();
    for (const auto& item : v.as_list()) out.push_back(mark_shape(item, marked));
    return out;
  }
  if (v.kind() == lang::Value::Kind::Object) {
    json out = json::object();
    for (const auto& [key, member] : v.as_object()) {
      json child = mark_shape(member, marked);
      if (child != json(false)) out[key] = std::move(child);
    }
    return out;
  }
  return false;
}

json unknown_shape(const lang::Value& v) {
  return mark_shape(v, [](const lang::Value& x) { return x.is_unknown(); });
}

json sensitive_shape(const lang::Value& v) {
  return mark_shape(v, [](const lang::Value& x) { return x.is_sensitive(); });
}

// The values of a resource are an object even when there is nothing to show.
json object_or_empty(json j) { return j.is_object() ? j : json::object(); }

// The provider's name: "local" for the configuration key "local" or "local.backup".
std::string provider_name(const std::string& provider, const std::string& type) {
  if (provider.empty()) return type.substr(0, type.find('_'));
  return provider.substr(0, provider.find('.'));
}

// The identifying fields every resource entry starts with.
json resource_head(const std::string& address, const std::string& type, const std::string& name,
                   const std::string& provider) {
  json out = {{"address", address},
              {"mode", "managed"},
              {"type", type},
              {"name", name},
              {"provider_name", provider_name(provider, type)}};
  if (auto parsed = parse_instance_address(address)) {
    if (parsed->data) out["mode"] = "data";
    if (parsed->key.kind == InstanceKey::Kind::Index) out["index"] = parsed->key.index;
    if (parsed->key.kind == InstanceKey::Kind::Name) out["index"] = parsed->key.name;
  }
  return out;
}

// A module instance and the resources in it, by address.
struct ModuleNode {
  std::vector<json> resources;
  std::map<std::string, ModuleNode> children;
};

void place(ModuleNode& root, const std::string& address, json resource) {
  ModuleNode* node = &root;
  if (auto parsed = parse_instance_address(address)) {
    std::string prefix;
    for (const auto& [call, key] : parsed->modules) {
      prefix = join_address(prefix, "module." + call) + key.suffix();
      node = &node->children[prefix];
    }
  }
  node->resources.push_back(std::move(resource));
}

json module_json(const ModuleNode& node, const std::string& address) {
  json out = json::object();
  if (!address.empty()) out["address"] = address;
  if (!node.resources.empty()) out["resources"] = node.resources;
  if (!node.children.empty()) {
    out["child_modules"] = json::array();
    for (const auto& [child, n] : node.children) out["child_modules"].push_back(module_json(n, child));
  }
  return out;
}

json resource_values(const std::string& address, const std::string& type, const std::string& name,
                     const std::string& provider, int schema_version, const lang::Value& v) {
  json out = resource_head(address, type, name, provider);
  out["schema_version"] = schema_version;
  out["values"] = object_or_empty(visible(v));
  out["sensitive_values"] = object_or_empty(sensitive_shape(v));
  return out;
}

json output_value(const lang::Value& v, bool sensitive) {
  json out = {{"sensitive", sensitive}};
  bool omitted = false;
  json value = visible(v.marked_sensitive(sensitive), &omitted);
  if (!omitted) out["value"] = std::move(value);
  return out;
}

json change_body(json actions, const lang::Value& before, const lang::Value& after) {
  return {{"actions", std::move(actions)},
          {"before", visible(before)},
          {"after", visible(after)},
          {"after_unknown", unknown_shape(after)},
          {"before_sensitive", sensitive_shape(before)},
          {"after_sensitive", sensitive_shape(after)}};
}

json actions_of(const Change& c, bool data) {
  switch (c.action) {
    case Action::NoOp:
      return {"no-op"};
    case Action::Create:
      return {data ? "read" : "create"};
    case Action::Update:
      return {data ? "read" : "update"};
    case Action::Replace:
      return c.create_before_destroy ? json{"create", "delete"} : json{"delete", "create"};
    case Action::Delete:
      return {"delete"};
    case Action::Forget:
      return {"forget"};
  }
  return {"no-op"};
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }
bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Terraform's name for why an instance is replaced or deleted, from the reason the planner
// gave (planner/diff.cpp, plan_walk.cpp, orphans.cpp); empty when Terraform gives none.
std::string action_reason(const Change& c) {
  const std::string& r = c.reason;
  if (c.action == Action::Replace) {
    if (r == "tainted") return "replace_because_tainted";
    if (r == kReplaceRequested) return "replace_by_request";
    if (starts_with(r, kTriggeredBy)) return "replace_by_triggers";
    return "replace_because_cannot_update";
  }
  if (c.action != Action::Delete || r.empty()) return "";
  if ((starts_with(r, "index ") || starts_with(r, "key ")) && r.find(" of module.") != std::string::npos) {
    return "delete_because_no_module";
  }
  if (starts_with(r, "index ") && ends_with(r, " is out of range for count")) return "delete_because_count_index";
  if (starts_with(r, "key ") && ends_with(r, " is not in for_each")) return "delete_because_each_key";
  if (ends_with(r, " now uses count") || ends_with(r, " now uses for_each") ||
      ends_with(r, " no longer uses count") || ends_with(r, " no longer uses for_each")) {
    return "delete_because_wrong_repetition";
  }
  constexpr std::string_view kNotInConfig = " is not in the configuration";
  if (ends_with(r, kNotInConfig)) {
    // The subject is a module instance (`module.app["x"]`) or a resource.
    const std::string subject = r.substr(0, r.size() - kNotInConfig.size());
    if (starts_with(subject, "module.") && !parse_instance_address(subject)) return "delete_because_no_module";
  }
  return "delete_because_no_resource_config";
}

// An object that refresh found gone and that apply only drops from the state: Terraform
// drops it during refresh, so it shows only as drift.
bool vanished(const Change& c) { return c.action == Action::NoOp && c.before.is_null() && c.after.is_null(); }

json resource_change(const Change& c) {
  json out = resource_head(c.address, c.type, c.name, c.provider);
  auto parsed = parse_instance_address(c.address);
  if (parsed && !parsed->modules.empty()) out["module_address"] = parsed->module_address();
  if (!c.moved_from.empty()) out["previous_address"] = c.moved_from;
  json change = change_body(actions_of(c, parsed && parsed->data), c.before, c.after);
  if (!c.replace_paths.empty()) {
    change["replace_paths"] = json::array();
    for (const auto& p : c.replace_paths) change["replace_paths"].push_back(providers::path_to_json(p));
  }
  if (!c.import_id.empty()) change["importing"] = {{"id", c.import_id}};
  out["change"] = std::move(change);
  if (std::string reason = action_reason(c); !reason.empty()) out["action_reason"] = reason;
  return out;
}

json drift_change(const Drift& d, const std::string& provider) {
  json out = resource_head(d.address, d.type, d.name, provider);
  auto parsed = parse_instance_address(d.address);
  if (parsed && !parsed->modules.empty()) out["module_address"] = parsed->module_address();
  out["change"] = change_body(d.after.is_null() ? json{"delete"} : json{"update"}, d.before, d.after);
  return out;
}

json output_change(const OutputChange& o) {
  json actions;
  switch (o.action) {
    case Action::Create:
      actions = {"create"};
      break;
    case Action::Update:
    case Action::Replace:
      actions = {"update"};
      break;
    case Action::Delete:
    case Action::Forget:
      actions = {"delete"};
      break;
    case Action::NoOp:
      actions = {"no-op"};
      break;
  }
  return change_body(std::move(actions), o.before.marked_sensitive(o.sensitive),
                     o.after.marked_sensitive(o.sensitive));
}

// The attributes whose change outside Infra the plan saw: the top-level attributes that
// differ between the recorded object and the one refresh read.
json relevant_attributes(const Plan& plan) {
  std::set<std::pair<std::string, std::string>> found;
  for (const auto& d : plan.drift) {
    if (d.before.kind() != lang::Value::Kind::Object || d.after.kind() != lang::Value::Kind::Object) continue;
    const auto& before = d.before.as_object();
    const auto& after = d.after.as_object();
    for (const auto& [key, v] : after) {
      auto it = before.find(key);
      if (it == before.end() || !(it->second == v)) found.emplace(d.address, key);
    }
    for (const auto& [key, v] : before) {
      if (!after.count(key)) found.emplace(d.address, key);
    }
  }
  json out = json::array();
  for (const auto& [address, attribute] : found) {
    out.push_back({{"resource", address}, {"attribute", json::array({attribute})}});
  }
  return out;
}

// The configuration as far as the plan knows it: the resources it configures (by module,
// keys removed) and the provider configurations it uses.
struct ConfigNode {
  std::map<std::string, json> resources;  // by address within the module
  std::map<std::string, ConfigNode> calls;
};

json config_json(const ConfigNode& node) {
  json out = json::object();
  if (!node.resources.empty()) {
    out["resources"] = json::array();
    for (const auto& [address, r] : node.resources) out["resources"].push_back(r);
  }
  if (!node.calls.empty()) {
    out["module_calls"] = json::object();
    for (const auto& [call, n] : node.calls) out["module_calls"][call] = {{"module", config_json(n)}};
  }
  return out;
}

void configure(ConfigNode& root, const InstanceAddress& a, const std::string& provider,
               int schema_version) {
  ConfigNode* node = &root;
  for (const auto& step : a.modules) node = &node->calls[step.first];
  const std::string address = (a.data ? "data." : "") + a.type + "." + a.name;
  if (node->resources.count(address)) return;
  node->resources[address] = {{"address", address},
                              {"mode", a.data ? "data" : "managed"},
                              {"type", a.type},
                              {"name", a.name},
                              {"provider_config_key", provider.empty() ? provider_name(provider, a.type) : provider},
                              {"schema_version", schema_version},
                              {"expressions", json::object()}};
}

json configuration(const Plan& plan) {
  ConfigNode root;
  std::set<std::string> providers;
  for (const auto& c : plan.changes) {
    // Instances deleted because their configuration is gone are not in it.
    if (c.action == Action::Delete && !c.reason.empty()) continue;
    if (c.action == Action::Forget || vanished(c)) continue;
    if (auto parsed = parse_instance_address(c.address)) configure(root, *parsed, c.provider, c.schema_version);
    if (!c.provider.empty()) providers.insert(c.provider);
  }
  for (const auto& d : plan.deferred) {
    if (auto parsed = parse_instance_address(d.address)) configure(root, *parsed, "", 0);
  }
  for (const auto& [key, v] : plan.provider_configurations) providers.insert(key);
  json provider_config = json::object();
  for (const auto& key : providers) {
    json p = {{"name", provider_name(key, "")}};
    if (auto dot = key.find('.'); dot != std::string::npos) p["alias"] = key.substr(dot + 1);
    provider_config[key] = std::move(p);
  }
  json root_module = plan.config_root_json.empty() ? config_json(root)
                                                  : json::parse(plan.config_root_json);
  return {{"provider_config", std::move(provider_config)}, {"root_module", std::move(root_module)}};
}

json header(std::string_view format_version, std::string_view version) {
  return {{"format_version", std::string(format_version)}, {"terraform_version", std::string(version)}};
}

}  // namespace

std::string plan_to_json(const Plan& plan, std::string_view version) {
  json out = header(kPlanJsonFormatVersion, version);

  json variables = json::object();
  for (const auto& [name, v] : plan.variables) {
    json entry = json::object();
    bool omitted = false;
    json value = visible(v, &omitted);
    if (!omitted) entry["value"] = std::move(value);
    variables[name] = std::move(entry);
  }
  out["variables"] = std::move(variables);

  ModuleNode planned, prior;
  json changes = json::array();
  std::map<std::string, std::string> provider_of;
  for (const auto& c : plan.changes) {
    provider_of[c.address] = c.provider;
    if (!c.before.is_null()) {
      place(prior, c.address, resource_values(c.address, c.type, c.name, c.provider, c.schema_version, c.before));
    }
    if (vanished(c)) continue;
    if (c.action != Action::Delete && c.action != Action::Forget && !c.after.is_null()) {
      place(planned, c.address, resource_values(c.address, c.type, c.name, c.provider, c.schema_version, c.after));
    }
    changes.push_back(resource_change(c));
  }

  json planned_outputs = json::object(), prior_outputs = json::object(), output_changes = json::object();
  for (const auto& o : plan.outputs) {
    output_changes[o.name] = output_change(o);
    if (o.action != Action::Delete && o.action != Action::Forget) {
      planned_outputs[o.name] = output_value(o.after, o.sensitive);
    }
    if (o.action != Action::Create && !o.before.is_null()) prior_outputs[o.name] = output_value(o.before, o.sensitive);
  }

  json planned_values = {{"root_module", module_json(planned, "")}};
  if (!planned_outputs.empty()) planned_values["outputs"] = std::move(planned_outputs);
  out["planned_values"] = std::move(planned_values);

  json drift = json::array();
  for (const auto& d : plan.drift) {
    auto it = provider_of.find(d.address);
    drift.push_back(drift_change(d, it == provider_of.end() ? "" : it->second));
  }
  out["resource_drift"] = std::move(drift);
  out["resource_changes"] = std::move(changes);
  out["output_changes"] = std::move(output_changes);

  json prior_values = {{"root_module", module_json(prior, "")}};
  if (!prior_outputs.empty()) prior_values["outputs"] = std::move(prior_outputs);
  json prior_state = header(kStateJsonFormatVersion, version);
  prior_state["values"] = std::move(prior_values);
  out["prior_state"] = std::move(prior_state);

  out["configuration"] = configuration(plan);
  out["relevant_attributes"] = relevant_attributes(plan);
  out["timestamp"] = plan.timestamp;
  out["applyable"] = plan.has_changes();
  out["complete"] = !plan.partial && plan.deferred.empty();
  out["errored"] = false;
  return document(out);
}

std::string state_to_json(const state::Snapshot& snapshot, std::string_view version) {
  json out = header(kStateJsonFormatVersion, version);
  if (snapshot.instances.empty() && snapshot.outputs.empty()) return document(out);
  ModuleNode root;
  for (const auto& inst : snapshot.instances) {
    json r = resource_values(inst.address, inst.type, inst.name, inst.provider, inst.schema_version,
                             instance_value(inst));
    if (inst.status == "tainted") r["tainted"] = true;
    if (!inst.dependencies.empty()) r["depends_on"] = inst.dependencies;
    place(root, inst.address, std::move(r));
  }
  json values = {{"root_module", module_json(root, "")}};
  if (!snapshot.outputs.empty()) {
    json outputs = json::object();
    for (const auto& o : snapshot.outputs) {
      outputs[o.name] = output_value(parse_json_value(o.value_json), o.sensitive);
    }
    values["outputs"] = std::move(outputs);
  }
  out["values"] = std::move(values);
  return document(out);
}

}  // namespace infra::planner
