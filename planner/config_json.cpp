// The configuration section of the JSON plan: see planner/config_json.hpp.
#include "planner/config_json.hpp"

#include <nlohmann/json.hpp>

#include "lang/ast.hpp"
#include "lang/eval.hpp"
#include "planner/values.hpp"

namespace infra::planner {

namespace {

using json = nlohmann::json;

bool is_object_kind(const std::string& first) {
  static const std::set<std::string> kNotResources = {
      "var", "local", "module", "data", "count", "each", "path", "self", "infra", "terraform"};
  return kNotResources.count(first) == 0;
}

std::string joined(const std::vector<std::string>& parts, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n && i < parts.size(); ++i) out += (i ? "." : "") + parts[i];
  return out;
}

/// What a reference names, most precise first, as Terraform lists them: `local_file.a.id`
/// and `local_file.a`; `module.app.url` and `module.app`; `var.name`.
void add_reference(const lang::Reference& ref, json& out, std::set<std::string>& seen) {
  const auto& p = ref.parts;
  if (p.empty()) return;
  std::vector<std::string> names{joined(p, p.size())};
  if (p[0] == "data" && p.size() > 3) names.push_back(joined(p, 3));
  else if (p[0] == "module" && p.size() > 2) names.push_back(joined(p, 2));
  else if (is_object_kind(p[0]) && p.size() > 2) names.push_back(joined(p, 2));
  for (auto& n : names) {
    if (seen.insert(n).second) out.push_back(n);
  }
}

/// One expression: its constant value when it has no references and `show_constant`, else
/// the references it makes (an empty object for a constant that is hidden or not known).
json expression(const lang::Expr& expr, bool show_constant) {
  auto refs = lang::references(expr);
  if (refs.empty()) {
    if (!show_constant) return json::object();
    lang::Diagnostics diags;
    lang::Value v = lang::evaluate(expr, lang::ConstantScope(), nullptr, diags);
    if (diags.has_errors() || !v.is_wholly_known() || v.contains_sensitive()) return json::object();
    return {{"constant_value", to_json(v)}};
  }
  json names = json::array();
  std::set<std::string> seen;
  for (const auto& r : refs) add_reference(r, names, seen);
  return {{"references", names}};
}

/// The expressions of a body; the constants of the attributes and blocks in `hidden` (all
/// of them with `hide_all`) are left out.
json body_expressions(const lang::Body& body, const std::set<std::string>& hidden,
                      bool hide_all = false) {
  json out = json::object();
  for (const auto& a : body.attributes) {
    out[a.name] = expression(*a.value, !hide_all && !hidden.count(a.name));
  }
  for (const auto& b : body.blocks) {
    if (!out.contains(b.type)) out[b.type] = json::array();
    out[b.type].push_back(body_expressions(*b.body, {}, hide_all || hidden.count(b.type)));
  }
  return out;
}

json resource_json(const lang::Resource& r, const std::string& module_path,
                   const ConfigFacts& facts) {
  const std::string address = r.address();
  const std::string full = module_path.empty() ? address : module_path + "." + address;
  auto hidden = facts.sensitive_attributes.find(full);
  auto version = facts.schema_versions.find(r.type);
  json out = {{"address", address},
              {"mode", r.mode == lang::ResourceMode::Data ? "data" : "managed"},
              {"type", r.type},
              {"name", r.name},
              {"provider_config_key", r.provider_key()},
              {"schema_version", version == facts.schema_versions.end() ? 0 : version->second},
              {"expressions", body_expressions(*r.body, hidden == facts.sensitive_attributes.end()
                                                            ? std::set<std::string>{}
                                                            : hidden->second)}};
  if (r.count) out["count_expression"] = expression(*r.count, true);
  if (r.for_each) out["for_each_expression"] = expression(*r.for_each, true);
  if (!r.depends_on.empty()) {
    out["depends_on"] = json::array();
    for (const auto& d : r.depends_on) out["depends_on"].push_back(joined(d.parts, d.parts.size()));
  }
  return out;
}

json module_json(const lang::Module& m, const std::string& path, const ConfigFacts& facts) {
  json out = json::object();
  json resources = json::array();
  for (const auto& r : m.resources) resources.push_back(resource_json(r, path, facts));
  for (const auto& r : m.data_sources) resources.push_back(resource_json(r, path, facts));
  if (!resources.empty()) out["resources"] = std::move(resources);
  if (!m.outputs.empty()) {
    json outputs = json::object();
    for (const auto& o : m.outputs) {
      json entry = {{"expression", expression(*o.value, !o.sensitive)}};
      if (o.sensitive) entry["sensitive"] = true;
      if (!o.description.empty()) entry["description"] = o.description;
      outputs[o.name] = std::move(entry);
    }
    out["outputs"] = std::move(outputs);
  }
  if (!m.variables.empty()) {
    json variables = json::object();
    for (const auto& v : m.variables) {
      json entry = json::object();
      if (v.default_value && !v.sensitive) {
        json d = expression(*v.default_value, true);
        if (d.contains("constant_value")) entry["default"] = d["constant_value"];
      }
      if (!v.description.empty()) entry["description"] = v.description;
      if (v.sensitive) entry["sensitive"] = true;
      variables[v.name] = std::move(entry);
    }
    out["variables"] = std::move(variables);
  }
  if (!m.module_calls.empty()) {
    json calls = json::object();
    for (const auto& c : m.module_calls) {
      const std::string child_path = (path.empty() ? "" : path + ".") + "module." + c.name;
      json entry = {{"source", c.source}, {"expressions", body_expressions(*c.body, {})}};
      if (c.count) entry["count_expression"] = expression(*c.count, true);
      if (c.for_each) entry["for_each_expression"] = expression(*c.for_each, true);
      if (c.module) entry["module"] = module_json(*c.module, child_path, facts);
      calls[c.name] = std::move(entry);
    }
    out["module_calls"] = std::move(calls);
  }
  return out;
}

}  // namespace

std::string configuration_root_json(const lang::Module& root, const ConfigFacts& facts) {
  return module_json(root, "", facts).dump();
}

}  // namespace infra::planner
