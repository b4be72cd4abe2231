// make_plan, refresh and validate: the orchestration of one plan.
#include "planner/planner.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include <nlohmann/json.hpp>
#include <tbb/parallel_for.h>

#include "planner/address.hpp"
#include "planner/backend_config.hpp"
#include "planner/conditions.hpp"
#include "planner/config_json.hpp"
#include "planner/diff.hpp"
#include "planner/expansion.hpp"
#include "planner/graph.hpp"
#include "planner/module_eval.hpp"
#include "planner/module_graph.hpp"
#include "planner/module_walk.hpp"
#include "planner/moves.hpp"
#include "planner/orphans.hpp"
#include "planner/plan_walk.hpp"
#include "planner/schema_values.hpp"
#include "planner/targeting.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

/// What the language accepts but this planner does not carry out yet: an error at each
/// place, so that nothing in the configuration is silently ignored.
// Every name is unknown: what validate evaluates with, having no state and no variables.
class UnknownScope : public lang::Scope {
 public:
  std::optional<lang::Value> resolve(std::string_view, std::string_view, const lang::SourceRange&,
                                     lang::Diagnostics&) const override {
    return lang::Value::unknown();
  }
};

Action output_action(const std::optional<lang::Value>& before, const std::optional<lang::Value>& after) {
  if (!before && !after) return Action::NoOp;
  if (!before) return Action::Create;
  if (!after) return Action::Delete;
  return same_value(*before, *after) ? Action::NoOp : Action::Update;
}

}  // namespace

void check_provider_references(const lang::Module& module, lang::Diagnostics& diags) {
  std::vector<const lang::Resource*> all;
  for (const auto& r : module.resources) all.push_back(&r);
  for (const auto& r : module.data_sources) all.push_back(&r);
  for (const lang::Resource* rp : all) {
    const lang::Resource& r = *rp;
    if (r.provider_alias.empty()) continue;
    const lang::ProviderConfig* block = module.find_provider(r.provider_key());
    if (block == nullptr) {
      diags.error(r.provider_range, "Provider configuration not present",
                  r.address() + " uses provider \"" + r.provider_key() + "\", but there is no "
                  "provider \"" + r.provider + "\" block with alias = \"" + r.provider_alias +
                      "\".");
    } else if (block->for_each && !r.provider_index) {
      diags.error(r.provider_range, "Missing provider instance key",
                  "The provider block \"" + r.provider_key() + "\" has for_each: name one of "
                  "its configurations, like " + r.provider_key() + "[\"KEY\"].");
    } else if (!block->for_each && r.provider_index) {
      diags.error(lang::range_of(*r.provider_index), "Unexpected provider instance key",
                  "The provider block \"" + r.provider_key() + "\" has no for_each, so it has "
                  "one configuration: write " + r.provider_key() + " without a key.");
    }
  }
}

std::optional<lang::Value> plan_data_source(const lang::Resource& r, const std::string& key,
                                            const lang::Scope& scope, const ModuleValues& values,
                                            ProviderSet& providers, bool defer,
                                            lang::Diagnostics& diags) {
  providers::Plugin* plugin = nullptr;
  try {
    plugin = &providers.configured(key);
  } catch (const std::exception& e) {
    diags.error(r.range, "Failed to start provider \"" + key + "\"", e.what());
    return std::nullopt;
  }
  const auto* schema = plugin->schema().find_data_source(r.type);
  if (schema == nullptr) {
    std::string known;
    for (const auto& [type, s] : plugin->schema().data_sources) {
      known += (known.empty() ? "" : ", ") + type;
    }
    diags.error(r.range, "Invalid data source type \"" + r.type + "\"",
                "The provider \"" + r.provider + "\" has no data source \"" + r.type + "\"" +
                    (known.empty() ? "; it has none." : ". It has: " + known + "."));
    return std::nullopt;
  }
  if (!check_conditions(r.lifecycle.preconditions, ConditionKind::Precondition, r.address(),
                        scope, values.functions(), nullptr, diags)) {
    return std::nullopt;
  }
  lang::Value config = lang::evaluate_body(*r.body, scope, &values.functions(), diags);
  if (diags.has_errors()) return std::nullopt;
  if (defer || !config.is_wholly_known()) return lang::Value::unknown();
  auto value = read_data_source(r, *schema, config, *plugin, diags);
  if (!value) return std::nullopt;
  if (!check_conditions(r.lifecycle.postconditions, ConditionKind::Postcondition, r.address(),
                        scope, values.functions(), &*value, diags)) {
    return std::nullopt;
  }
  return value;
}

bool read_data_instances(const lang::Resource& r, ModuleInstance& mi, const ModuleWalk& modules,
                         const std::vector<Instance>& instances, ProviderSet& providers, bool defer,
                         lang::Diagnostics& diags) {
  bool ok = true;
  std::vector<std::pair<InstanceKey, lang::Value>> values;
  ModuleScope outer(mi.values);
  for (const Instance& instance : instances) {
    InstanceScope scope(outer, instance);
    auto key = modules.provider_of(r, mi, scope, diags);
    auto value = key ? plan_data_source(r, *key, scope, mi.values, providers, defer, diags)
                     : std::nullopt;
    if (!value) {
      ok = false;
      continue;
    }
    values.emplace_back(instance.key, *value);
  }
  mi.values.set_resource(r.address(), collect_instances(repetition_of(r.count, r.for_each), values));
  return ok;
}

void check_assertions(const lang::Module& module, ModuleValues& values, ProviderSet& providers,
                      lang::Diagnostics& diags) {
  ModuleScope scope(values);
  for (const auto& c : module.checks) {
    const std::string where = "check \"" + c.name + "\"";
    bool read = true;
    for (const auto& r : c.data_sources) {
      // A check never stops anything: what fails here becomes a warning.
      lang::Diagnostics d;
      auto key = provider_key(r, values, d);
      auto value = key ? plan_data_source(r, *key, scope, values, providers, false, d)
                       : std::nullopt;
      for (const auto& item : d.items()) {
        diags.add({lang::Severity::Warning, item.summary,
                   item.detail + (item.detail.empty() ? "" : "\n\n") + "This was reading the "
                   "data source of " + where + "; its assertions were not checked.",
                   item.range});
      }
      if (!value) read = false;
      else values.set_resource(r.address(), *value);
    }
    if (!read) continue;
    check_conditions(c.asserts, ConditionKind::CheckAssert, where, scope, values.functions(),
                     nullptr, diags);
  }
}

lang::Value instance_value(const state::ResourceInstance& instance) {
  lang::Value v;
  try {
    v = parse_json_value(instance.attributes_json);
  } catch (const std::exception&) {
    v = lang::Value::object({});
  }
  return mark_attributes_sensitive(std::move(v), instance.sensitive_paths);
}

std::optional<lang::Value> read_instance(const state::ResourceInstance& inst,
                                         ProviderSet& providers, lang::Diagnostics& diags,
                                         RefreshObserver* observer) {
  if (observer) observer->refresh_started(inst);
  try {
    json state = json::parse(inst.attributes_json);
    providers::Plugin& plugin = providers.configured(inst.provider);
    // A state stored by another version of the provider is first brought to its schema.
    const providers::ResourceSchema* schema = plugin.schema().find(inst.type);
    if (schema != nullptr && schema->version != inst.schema_version) {
      state = plugin.call("upgrade_state", {{"type", inst.type},
                                            {"version", inst.schema_version},
                                            {"state", state}})
                  .value("state", json(nullptr));
    }
    json result = plugin.call("read", {{"type", inst.type}, {"state", state}});
    lang::Value now = mark_attributes_sensitive(from_json(result.value("state", json(nullptr))),
                                                inst.sensitive_paths);
    if (observer) observer->refresh_finished(inst, now);
    return now;
  } catch (const std::exception& e) {
    diags.error(inst.address + ": refreshing failed", e.what());
    return std::nullopt;
  }
}

void refresh(const std::vector<const state::ResourceInstance*>& instances, ProviderSet& providers,
             int parallelism, std::map<std::string, lang::Value>& current,
             lang::Diagnostics& diags, RefreshObserver* observer) {
  // Only what changed is kept (an unchanged object stays the stored copy, so that a large
  // state is held once). The workers look entries up and replace their own ones' values,
  // never adding any: the map's shape does not change under them.
  std::vector<std::optional<lang::Value>> added(instances.size());
  std::vector<lang::Diagnostics> errors(instances.size());
  Dag independent;
  for (std::size_t i = 0; i < instances.size(); ++i) independent.add_node();
  walk(independent, parallelism, [&](std::size_t i) {
    auto now = read_instance(*instances[i], providers, errors[i], observer);
    if (!now) return false;
    auto it = current.find(instances[i]->address);
    if (it == current.end()) added[i] = std::move(*now);
    else if (!(it->second == *now)) it->second = std::move(*now);
    return true;
  });
  for (std::size_t i = 0; i < instances.size(); ++i) {
    diags.append(errors[i]);
    if (added[i]) current.emplace(instances[i]->address, std::move(*added[i]));
  }
}

namespace {

void validate_module(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags);

std::vector<OutputChange> removed_outputs(const state::Snapshot& prior,
                                          const std::set<std::string>& declared) {
  std::vector<OutputChange> out;
  for (const auto& o : prior.outputs) {
    if (declared.count(o.name)) continue;
    out.push_back({o.name, Action::Delete,
                   parse_json_value(o.value_json).marked_sensitive(o.sensitive),
                   lang::Value::null(), o.sensitive});
  }
  return out;
}

// The nested block types of an object the configuration did not plan (a destroy, a forget,
// drift), so that it shows them as blocks; none when the provider cannot say.
std::vector<BlockShape> block_shapes_of(const std::string& provider, const std::string& type,
                                        ProviderSet& providers) {
  try {
    if (!providers.available(ProviderSet::name_of(provider))) return {};
    const providers::ResourceSchema* schema = providers.get(provider).schema().find(type);
    return schema != nullptr ? block_shapes(*schema) : std::vector<BlockShape>{};
  } catch (const std::exception&) {
    return {};  // starting it fails again, with the error, where it must run
  }
}

}  // namespace

/// What the configuration section of the JSON plan takes from the changes.
ConfigFacts config_facts(const Plan& plan);

std::optional<Plan> make_plan(const lang::Module& module, const state::Snapshot& stored,
                              ProviderSet& providers, const PlanOptions& options,
                              lang::Diagnostics& diags) {
  Plan plan;
  plan.destroy = options.destroy;
  plan.workspace = options.workspace;
  plan.lineage = stored.lineage;
  plan.serial = stored.serial;

  ModuleGraph graph = build_module_graph(module, diags);
  const auto configs = graph.configs();
  bool calls_ok = true;
  read_backend(module, diags);
  for (const lang::Module* config : configs) {
    // Evaluation would report again the calls that check_functions rejects.
    calls_ok = check_functions(*config, diags) && calls_ok;
  }
  check_provider_references(module, diags);
  check_removed(graph, diags);
  auto selection = Selection::make(graph, options.targets, options.excludes, diags);
  if (!calls_ok || !selection) return std::nullopt;
  plan.partial = selection->partial();
  if (plan.partial) {
    diags.add({lang::Severity::Warning, "Resource targeting is in effect",
               "This plan covers only part of the configuration (-target or -exclude), so it "
               "may not show every change that the configuration asks for. Use it for "
               "exceptional situations, such as recovering from errors, and plan without it "
               "afterwards.",
               std::nullopt});
  }
  // The state as the configuration's moved blocks (and count added or removed) rename it.
  state::Snapshot prior = stored;
  std::map<std::string, std::string> moved_from;
  for (const Move& m : apply_moves(graph, prior, diags)) moved_from[m.to] = m.from;
  plan.variables = resolve_variables(module, options.variables, diags);
  if (diags.has_errors()) return std::nullopt;
  plan.config_hash = config_hash(module, plan.variables);

  auto now = std::chrono::system_clock::now();
  plan.timestamp = format_timestamp(now);
  ModuleWalk modules(graph, plan.variables, /*planning=*/true, *parse_timestamp(plan.timestamp),
                     plan.workspace);
  ModuleValues& values = modules.root().values;

  start_providers(module, prior, values, graph.walk_providers, providers, diags);
  if (diags.has_errors()) return std::nullopt;

  // Refresh: what exists now. The instances of providers configured during the walk are
  // read there, once their provider is.
  const auto walk_provider = [&](const std::string& key) {
    return graph.walk_providers.count(key.substr(0, key.find('['))) > 0;
  };
  std::map<std::string, lang::Value> current;
  std::vector<lang::Value> stored_values;  // by index into prior.instances, for the drift
  std::vector<const state::ResourceInstance*> read_now;
  // The stored objects, parsed in parallel: a large state is mostly this.
  stored_values.resize(prior.instances.size());
  tbb::parallel_for(std::size_t(0), prior.instances.size(),
                    [&](std::size_t i) { stored_values[i] = instance_value(prior.instances[i]); });
  for (std::size_t i = 0; i < prior.instances.size(); ++i) {
    const auto& inst = prior.instances[i];
    current.emplace_hint(current.end(), inst.address, stored_values[i]);
    if (!walk_provider(inst.provider)) read_now.push_back(&inst);
  }
  if (options.refresh) {
    refresh(read_now, providers, options.parallelism, current, diags, options.refresh_observer);
    if (diags.has_errors()) return std::nullopt;
  }

  // Plan every node of the configuration after what it refers to, in parallel. A destroy
  // or refresh-only plan walks only what provider blocks need, to configure them.
  std::vector<Change> changes;
  if (!options.destroy && !options.refresh_only) {
    const std::set<std::string> replace(options.replace.begin(), options.replace.end());
    WalkResult walked = plan_configuration(graph, modules, prior, current, providers, *selection,
                                           replace, {options.parallelism, options.refresh, false, options.refresh_observer},
                                           diags);
    if (diags.has_errors()) return std::nullopt;
    plan.deferred = std::move(walked.deferred);
    plan.provider_configurations = std::move(walked.provider_configurations);
    changes = std::move(walked.changes);
  } else if (!graph.walk_providers.empty()) {
    const auto all = Selection::make(graph, {}, {}, diags);
    WalkResult walked = plan_configuration(graph, modules, prior, current, providers, *all, {},
                                           {options.parallelism, options.refresh, true, options.refresh_observer}, diags);
    if (diags.has_errors()) return std::nullopt;
    plan.provider_configurations = std::move(walked.provider_configurations);
  }
  for (std::size_t i = 0; options.refresh && i < prior.instances.size(); ++i) {
    const auto& inst = prior.instances[i];
    const lang::Value& now_value = current[inst.address];
    if (!same_value(stored_values[i], now_value)) {
      plan.drift.push_back({inst.address, inst.type, inst.name, stored_values[i], now_value,
                            block_shapes_of(inst.provider, inst.type, providers)});
    }
  }

  if (options.refresh_only) {
    // Every instance as refresh found it; outputs as stored.
    plan.refresh_only = true;
    for (const auto& inst : prior.instances) {
      if (walk_provider(inst.provider) && !plan.provider_configurations.count(inst.provider)) {
        diags.add({lang::Severity::Warning, inst.address + " was not refreshed",
                   "The configuration of provider \"" + inst.provider + "\" is known only "
                   "after apply, so the object could not be read.", std::nullopt});
      }
      Change c;
      c.address = inst.address;
      c.type = inst.type;
      c.name = inst.name;
      c.provider = inst.provider;
      c.before = c.after = current[inst.address];
      c.dependencies = inst.dependencies;
      if (c.before.is_null()) c.reason = "it no longer exists";
      plan.changes.push_back(std::move(c));
    }
    for (const auto& o : prior.outputs) {
      lang::Value v = parse_json_value(o.value_json).marked_sensitive(o.sensitive);
      plan.outputs.push_back({o.name, Action::NoOp, v, v, o.sensitive});
    }
    return plan;
  }

  std::set<std::string> configured;  // the instances the configuration has
  if (!options.destroy) {
    for (std::size_t m = 0; m < graph.modules.size(); ++m) {
      for (ModuleInstance* mi : modules.instances(m)) {
        check_assertions(*graph.modules[m].config, mi->values, providers, diags);
      }
    }
    for (const auto& c : changes) configured.insert(c.address);
    for (const auto& address : options.replace) {
      if (configured.count(address)) continue;
      diags.error("Invalid -replace address \"" + address + "\"",
                  "The plan has no resource instance " + address + " to replace; name one that "
                  "the configuration has, like local_file.a or local_file.a[\"key\"].");
    }
    if (diags.has_errors()) return std::nullopt;
    // Outputs of the root module.
    std::set<std::string> declared;
    for (const auto& out : module.outputs) {
      declared.insert(out.name);
      std::optional<lang::Value> before;
      for (const auto& o : prior.outputs) {
        if (o.name == out.name) before = parse_json_value(o.value_json).marked_sensitive(o.sensitive);
      }
      auto node = graph.find(0, "output." + out.name);
      if (node && !selection->node(*node)) {
        // Left out of a partial plan: it stays as it is.
        if (before) plan.outputs.push_back({out.name, Action::NoOp, *before, *before, out.sensitive});
        continue;
      }
      const lang::Value after = values.output(out.name).value_or(lang::Value::unknown());
      plan.outputs.push_back({out.name, output_action(before, after),
                              before.value_or(lang::Value::null()), after, out.sensitive});
    }
    for (auto& o : removed_outputs(prior, declared)) plan.outputs.push_back(std::move(o));
  } else {
    for (auto& o : removed_outputs(prior, {})) plan.outputs.push_back(std::move(o));
  }

  // Instances in the state that the configuration no longer has (all of them for destroy).
  if (options.destroy) {
    for (const auto& inst : prior.instances) {
      if (plan.partial && !options.targets.empty() && !selection->orphan(inst.address)) continue;
      const lang::Resource* r = configured_resource(inst.address, graph);
      if (r != nullptr && r->lifecycle.prevent_destroy && !current[inst.address].is_null()) {
        diags.error(r->range, "Instance cannot be destroyed",
                    "Resource " + inst.address + " has lifecycle.prevent_destroy set, but the "
                    "plan calls for it to be destroyed. To destroy it, remove prevent_destroy "
                    "from its configuration first.");
      }
    }
    if (diags.has_errors()) return std::nullopt;
  }
  const auto removed = removed_blocks(graph);
  // A targeted destroy takes what depends on its targets too; a destroy with -exclude
  // keeps what the excluded objects depend on.
  std::set<std::string> destroyed;
  if (options.destroy && plan.partial) {
    const auto config_of = [](const std::string& address) {
      auto a = parse_instance_address(address);
      return a ? a->config_address() : address;
    };
    const bool targeted = !options.targets.empty();
    std::set<std::string> seed;    // instance addresses
    std::set<std::string> spread;  // configuration addresses
    for (const auto& inst : prior.instances) {
      if (selection->orphan(inst.address) != targeted) continue;
      seed.insert(inst.address);
      if (targeted) spread.insert(config_of(inst.address));
      else spread.insert(inst.dependencies.begin(), inst.dependencies.end());
    }
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto& inst : prior.instances) {
        if (seed.count(inst.address)) continue;
        bool reached = false;
        if (targeted) {
          for (const auto& dep : inst.dependencies) reached = reached || spread.count(dep) > 0;
        } else {
          reached = spread.count(config_of(inst.address)) > 0;
        }
        if (!reached) continue;
        seed.insert(inst.address);
        if (targeted) spread.insert(config_of(inst.address));
        else spread.insert(inst.dependencies.begin(), inst.dependencies.end());
        grew = true;
      }
    }
    for (const auto& inst : prior.instances) {
      if (seed.count(inst.address) == static_cast<std::size_t>(targeted)) destroyed.insert(inst.address);
    }
  }
  std::map<std::size_t, std::vector<std::string>> config_dependencies;  // by resource node
  for (const auto& inst : prior.instances) {
    if (configured.count(inst.address) || is_deferred(inst.address, plan.deferred)) continue;
    if (options.destroy && plan.partial ? !destroyed.count(inst.address)
                                        : !selection->orphan(inst.address)) {
      continue;
    }
    Change c;
    c.address = inst.address;
    c.type = inst.type;
    c.name = inst.name;
    c.provider = inst.provider;
    c.before = current[inst.address];
    c.dependencies = inst.dependencies;
    if (options.destroy) {
      // The configuration may name dependencies the state does not have yet (references
      // written after the object was adopted or last changed): destroy respects both.
      // One walk of the graph per resource, not per instance.
      if (auto node = graph.resource_of_instance(inst.address)) {
        auto [it, fresh] = config_dependencies.try_emplace(*node);
        if (fresh) it->second = graph.resource_dependencies(*node);
        std::set<std::string> both(c.dependencies.begin(), c.dependencies.end());
        both.insert(it->second.begin(), it->second.end());
        c.dependencies.assign(both.begin(), both.end());
      }
    }
    if (c.before.is_null()) {
      c.action = Action::NoOp;  // already gone: apply only forgets it
      c.reason = "it no longer exists";
    } else if (const Removal* r = options.destroy ? nullptr : removal_of(inst.address, removed);
               r != nullptr && !r->block->destroy) {
      c.action = Action::Forget;
      c.after = c.before;
      c.reason = "a removed block says so, with destroy = false";
    } else {
      c.action = Action::Delete;
      c.reason = options.destroy ? ""
                 : removal_of(inst.address, removed) != nullptr
                     ? "a removed block says so"
                     : orphan_reason(inst.address, graph);
    }
    if (c.action == Action::Delete && walk_provider(inst.provider) &&
        !plan.provider_configurations.count(inst.provider)) {
      // Its provider cannot be configured before apply: a further round destroys it.
      if (options.destroy) {
        diags.error("Cannot destroy " + inst.address,
                    "The arguments of provider \"" + inst.provider + "\" are known only after "
                    "apply, so the provider cannot be configured to destroy the object. Apply "
                    "the configuration first, or remove the object from the state.");
        continue;
      }
      plan.deferred.push_back({inst.address, "its provider's configuration is known only after apply"});
      continue;
    }
    changes.push_back(std::move(c));
  }
  std::sort(plan.deferred.begin(), plan.deferred.end(),
            [](const Deferral& a, const Deferral& b) { return a.address < b.address; });
  if (diags.has_errors()) return std::nullopt;
  std::map<std::pair<std::string, std::string>, std::vector<BlockShape>> shapes;
  for (auto& c : changes) {
    if (auto it = moved_from.find(c.address); it != moved_from.end()) c.moved_from = it->second;
    if (c.blocks.empty() && c.before.kind() == lang::Value::Kind::Object) {
      auto [it, added] = shapes.try_emplace({c.provider, c.type});
      if (added) it->second = block_shapes_of(c.provider, c.type, providers);
      c.blocks = it->second;
    }
  }
  std::sort(changes.begin(), changes.end(),
            [](const Change& a, const Change& b) { return a.address < b.address; });
  std::sort(plan.outputs.begin(), plan.outputs.end(),
            [](const OutputChange& a, const OutputChange& b) { return a.name < b.name; });
  plan.changes = std::move(changes);
  plan.config_root_json = configuration_root_json(module, config_facts(plan));
  return plan;
}

ConfigFacts config_facts(const Plan& plan) {
  ConfigFacts facts;
  for (const auto& c : plan.changes) {
    if (c.schema_version != 0) facts.schema_versions[c.type] = c.schema_version;
    auto a = parse_instance_address(c.address);
    if (!a || c.after.kind() != lang::Value::Kind::Object) continue;
    std::string config_address;
    for (const auto& step : a->modules) config_address += "module." + step.first + ".";
    config_address += (a->data ? "data." : "") + a->type + "." + a->name;
    for (const auto& [name, v] : c.after.as_object()) {
      if (v.contains_sensitive()) facts.sensitive_attributes[config_address].insert(name);
    }
  }
  return facts;
}

void validate(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags) {
  const ModuleGraph graph = build_module_graph(module, diags);
  check_provider_references(module, diags);
  read_backend(module, diags);
  for (const lang::Module* config : graph.configs()) validate_module(*config, providers, diags);
}

namespace {

void validate_module(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags) {
  const bool calls_ok = check_functions(module, diags);
  const lang::DeclaredFunctions module_functions = functions(module);
  std::set<std::string> seen;
  for (const auto& r : module.resources) {
    if (!seen.insert(r.provider).second) continue;
    try {
      providers.get(r.provider);
    } catch (const std::exception& e) {
      diags.error(r.range, "Failed to start provider \"" + r.provider + "\"", e.what());
    }
  }
  for (const auto& r : module.resources) {
    if (!providers.available(r.provider)) continue;
    const providers::ResourceSchema* schema = nullptr;
    try {
      schema = providers.get(r.provider).schema().find(r.type);
    } catch (const std::exception&) {
      continue;
    }
    if (schema == nullptr) {
      diags.error(r.range, "Invalid resource type \"" + r.type + "\"",
                  "The provider \"" + r.provider + "\" does not support resource type \"" +
                      r.type + "\".");
      continue;
    }
    // Evaluation would report again the calls that check_functions rejects.
    if (!calls_ok) continue;
    // Literal values are checked as they are; anything from a variable or another
    // resource is unknown here.
    UnknownScope scope;
    lang::Diagnostics eval_diags;
    lang::Value config = lang::evaluate_body(*r.body, scope, &module_functions, eval_diags);
    diags.append(eval_diags);
    if (eval_diags.has_errors()) continue;
    auto conformed = conform_config(r, *schema, config, diags);
    if (conformed && schema->validates) provider_validate(r, *conformed, providers.get(r.provider), diags);
  }
  for (const auto& r : module.data_sources) {
    if (!providers.available(r.provider)) continue;
    try {
      const auto& schema = providers.get(r.provider).schema();
      if (schema.find_data_source(r.type) == nullptr) {
        diags.error(r.range, "Invalid data source type \"" + r.type + "\"",
                    "The provider \"" + r.provider + "\" has no data source \"" + r.type +
                        "\".");
      }
    } catch (const std::exception& e) {
      diags.error(r.range, "Failed to start provider \"" + r.provider + "\"", e.what());
    }
  }
}

}  // namespace

}  // namespace infra::planner
