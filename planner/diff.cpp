// Per-instance planning: schema checks, the provider's plan, and the action.
#include "planner/diff.hpp"

#include <stdexcept>
#include <variant>

#include <nlohmann/json.hpp>

#include "lang/ast.hpp"
#include "planner/schema_values.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

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

namespace {

// The place in `body` of what `path` names from step `i`, as deep as the source shows it:
// an attribute, or a block (found by its index among the plain blocks of its type).
std::optional<lang::SourceRange> place_of(const lang::Body& body, const json& path, std::size_t i) {
  if (i >= path.size() || !path[i].is_string()) return std::nullopt;
  const std::string name = path[i].get<std::string>();
  if (const lang::Attribute* a = body.find_attribute(name)) return a->name_range;
  std::vector<const lang::Block*> blocks;
  for (const lang::Block& b : body.blocks) {
    if (b.type == name) blocks.push_back(&b);
  }
  std::size_t index = 0;
  if (i + 1 < path.size() && path[i + 1].is_number_integer()) {
    index = path[i + 1].get<std::size_t>();
    ++i;
  }
  if (index >= blocks.size()) return std::nullopt;
  auto inner = place_of(*blocks[index]->body, path, i + 1);
  return inner ? inner : blocks[index]->type_range;
}

// Reports a provider's diagnostics ({severity, summary, detail, path}) for `resource`,
// each at the attribute or block its path names when the configuration writes it.
bool report_provider_diagnostics(const lang::Resource& resource, const json& list,
                                 const lang::Value& sent, lang::Diagnostics& diags) {
  bool ok = true;
  for (const auto& d : list) {
    const json path = d.value("path", json::array());
    const lang::SourceRange where =
        place_of(*resource.body, path.is_array() ? path : json::array(), 0).value_or(resource.range);
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
                                    lang::Diagnostics& diags, bool importing) {
  // A provider that checks nothing beyond the schema (conform_config checked it) is not asked.
  if (schema.validates && !provider_validate(resource, config, plugin, diags)) return std::nullopt;
  Change change;
  change.address = resource.address();
  change.type = resource.type;
  change.name = resource.name;
  change.provider = resource.provider_key();
  change.create_before_destroy = resource.lifecycle.create_before_destroy;
  change.before = prior;

  // The proposed state: the configuration, with the prior values of computed attributes
  // that the configuration leaves unset (inside nested blocks too), and of the attributes
  // and paths whose changes are ignored.
  lang::Value proposed = config;
  if (!prior.is_null()) {
    keep_computed(proposed, prior, schema);
    const auto settable = [&](const std::string& name) {
      const providers::Attribute* def = schema.find(name);
      return def != nullptr ? def->required || def->optional : schema.find_block(name) != nullptr;
    };
    if (resource.lifecycle.ignore_all_changes) {
      for (const auto& def : schema.attributes) {
        if (settable(def.name)) keep_prior_at(proposed, prior, {def.name}, schema);
      }
      for (const auto& block : schema.blocks) keep_prior_at(proposed, prior, {block.name}, schema);
    }
    for (const auto& path : resource.lifecycle.ignore_changes) {
      if (settable(path.name())) keep_prior_at(proposed, prior, path.steps, schema);
    }
    proposed = mark_schema_sensitive(std::move(proposed), schema);
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
  change.after = mark_echoed_secrets(
      mark_echoed_secrets(mark_schema_sensitive(std::move(change.after), schema), proposed), prior);
  change.blocks = block_shapes(schema);
  change.schema_version = schema.version;

  for (const auto& path : result.value("requires_replace", json::array())) {
    try {
      providers::AttributePath steps = providers::path_from_json(path);
      if (!steps.empty() && std::holds_alternative<std::string>(steps.front())) {
        change.replace_paths.push_back(std::move(steps));
      }
    } catch (const std::invalid_argument&) {
      // Not a path: nothing it could name forces the replacement.
    }
  }
  // Only an import adopts: a stored state that lacks these values gets them by an update,
  // which the provider applies without touching the object, so that the state records them.
  const json adopted = result.value("adopted", json::array());
  if (importing && adopted.is_array() && change.before.kind() == lang::Value::Kind::Object &&
      change.after.kind() == lang::Value::Kind::Object) {
    for (const auto& path : adopted) {
      if (!path.is_array() || path.size() != 1 || !path[0].is_string()) continue;
      const std::string name = path[0].get<std::string>();
      auto it = change.after.as_object().find(name);
      if (it != change.after.as_object().end() && it->second.is_wholly_known()) {
        change.before.as_object()[name] = it->second;
      }
    }
  }
  if (prior.is_null()) {
    change.action = Action::Create;
  } else if (tainted) {
    change.action = Action::Replace;
    change.reason = "tainted";
  } else if (!change.replace_paths.empty()) {
    change.action = Action::Replace;
  } else if (!same_value(change.before, change.after)) {
    change.action = Action::Update;
  } else {
    change.action = Action::NoOp;
    // The same object: keep one copy (a large plan is mostly no-ops), when the marks agree.
    if (sensitive_attributes(change.before) == sensitive_attributes(change.after)) {
      change.after = change.before;
    }
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
  return mark_echoed_secrets(mark_schema_sensitive(std::move(state), schema), config);
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
    return mark_schema_sensitive(std::move(object), schema);
  } catch (const std::exception& e) {
    diags.add({lang::Severity::Error, summary, e.what(), where});
    return std::nullopt;
  }
}

}  // namespace infra::planner
