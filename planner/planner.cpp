// make_plan, refresh and validate: the orchestration of one plan.
#include "planner/planner.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "planner/conditions.hpp"
#include "planner/diff.hpp"
#include "planner/replace_triggers.hpp"
#include "planner/graph.hpp"
#include "planner/module_eval.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

/// What the language accepts but this planner does not carry out yet: an error at each
/// place, so that nothing in the configuration is silently ignored.
void reject_unsupported(const lang::Module& module, lang::Diagnostics& diags) {
  const auto unsupported = [&](const lang::SourceRange& where, const std::string& what) {
    diags.error(where, "Unsupported: " + what,
                "The configuration is valid, but this version of Infra does not plan " + what +
                    " yet.");
  };
  for (const auto& r : module.resources) {
    if (r.count) unsupported(lang::range_of(*r.count), "the \"count\" meta-argument");
    if (r.for_each) unsupported(lang::range_of(*r.for_each), "the \"for_each\" meta-argument");
  }
  for (const auto& c : module.module_calls) unsupported(c.range, "module calls");
  for (const auto& m : module.moved) unsupported(m.range, "moved blocks");
  for (const auto& r : module.removed) unsupported(r.range, "removed blocks");
  for (const auto& i : module.imports) unsupported(i.range, "import blocks");
  if (module.backend) {
    diags.error(module.backend->range, "Unsupported: backend settings",
                "The configuration is valid, but this version of Infra keeps the state in "
                ".infra/state.db (or the file given with -state=PATH); remove the backend "
                "block.");
  }
}

const providers::ResourceSchema* find_schema(const lang::Resource& r, const std::string& key,
                                             ProviderSet& providers, lang::Diagnostics& diags) {
  providers::Plugin* plugin = nullptr;
  try {
    plugin = &providers.get(key);
  } catch (const std::exception&) {
    return nullptr;  // already reported by start_providers
  }
  const auto* schema = plugin->schema().find(r.type);
  if (schema == nullptr) {
    std::string known;
    for (const auto& [type, s] : plugin->schema().resources) known += (known.empty() ? "" : ", ") + type;
    diags.error(r.range, "Invalid resource type \"" + r.type + "\"",
                "The provider \"" + r.provider + "\" does not support resource type \"" + r.type +
                    "\". It supports: " + known + ".");
  }
  return schema;
}

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
    plugin = &providers.get(key);
  } catch (const std::exception&) {
    return std::nullopt;  // reported by start_providers
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

std::map<std::string, lang::Value> refresh(const state::Snapshot& prior, ProviderSet& providers,
                                           int parallelism, lang::Diagnostics& diags) {
  const auto& instances = prior.instances;
  std::vector<lang::Value> results(instances.size());
  std::vector<std::string> errors(instances.size());
  Dag independent;
  for (std::size_t i = 0; i < instances.size(); ++i) independent.add_node();
  walk(independent, parallelism, [&](std::size_t i) {
    const auto& inst = instances[i];
    try {
      json state = json::parse(inst.attributes_json);
      json result = providers.get(inst.provider).call("read", {{"type", inst.type}, {"state", state}});
      results[i] = mark_attributes_sensitive(from_json(result.value("state", json(nullptr))),
                                             inst.sensitive_paths);
      return true;
    } catch (const std::exception& e) {
      errors[i] = e.what();
      return false;
    }
  });
  std::map<std::string, lang::Value> out;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (!errors[i].empty()) {
      diags.error(instances[i].address + ": refreshing failed", errors[i]);
      out[instances[i].address] = instance_value(instances[i]);
    } else {
      out[instances[i].address] = results[i];
    }
  }
  return out;
}

std::optional<Plan> make_plan(const lang::Module& module, const state::Snapshot& prior,
                              ProviderSet& providers, const PlanOptions& options,
                              lang::Diagnostics& diags) {
  Plan plan;
  plan.destroy = options.destroy;
  plan.lineage = prior.lineage;
  plan.serial = prior.serial;

  ConfigGraph graph = build_graph(module, diags);
  reject_unsupported(module, diags);
  check_provider_references(module, diags);
  // Evaluation would report again the calls that check_functions rejects.
  if (!check_functions(module, diags)) return std::nullopt;
  plan.variables = resolve_variables(module, options.variables, diags);
  if (diags.has_errors()) return std::nullopt;
  plan.config_hash = config_hash(module, plan.variables);

  ModuleValues values;
  for (const auto& [name, v] : plan.variables) values.set_variable(name, v);
  values.set_paths(module.dir.string(), module.dir.string(),
                   std::filesystem::current_path().string());
  auto now = std::chrono::system_clock::now();
  plan.timestamp = format_timestamp(now);
  values.set_function_context(module, /*planning=*/true, *parse_timestamp(plan.timestamp));

  start_providers(module, prior, values, providers, diags);
  if (diags.has_errors()) return std::nullopt;
  // The configuration each resource uses (start_providers has checked that all resolve).
  std::map<std::string, std::string> provider_keys;
  for (const auto* list : {&module.resources, &module.data_sources}) {
    for (const auto& r : *list) {
      lang::Diagnostics ignored;
      provider_keys[r.address()] = provider_key(r, values, ignored).value_or(r.provider_key());
      if (r.mode == lang::ResourceMode::Data) values.set_resource(r.address(), lang::Value::unknown());
    }
  }

  // Refresh: what exists now.
  std::map<std::string, lang::Value> current;
  if (options.refresh) {
    current = refresh(prior, providers, options.parallelism, diags);
    if (diags.has_errors()) return std::nullopt;
  } else {
    for (const auto& inst : prior.instances) current[inst.address] = instance_value(inst);
  }
  for (const auto& inst : prior.instances) {
    lang::Value before = instance_value(inst);
    const lang::Value& now = current[inst.address];
    if (!same_value(before, now)) {
      plan.drift.push_back({inst.address, inst.type, inst.name, before, now});
    }
  }

  std::vector<Change> changes;
  if (!options.destroy) {
    // Plan every node of the configuration after what it refers to, in parallel.
    std::vector<std::optional<Change>> planned(graph.nodes.size());
    std::vector<lang::Diagnostics> node_diags(graph.nodes.size());
    std::vector<std::optional<lang::Value>> output_values(module.outputs.size());
    walk(graph.dag, options.parallelism, [&](std::size_t i) {
      const GraphNode& node = graph.nodes[i];
      lang::Diagnostics& d = node_diags[i];
      ModuleScope scope(values);
      switch (node.kind) {
        case GraphNode::Kind::Variable:
          return true;
        case GraphNode::Kind::Local: {
          const auto& local = module.locals[node.index];
          values.set_local(local.name, lang::evaluate(*local.value, scope, &values.functions(), d));
          return !d.has_errors();
        }
        case GraphNode::Kind::ModuleCall:
          return true;  // rejected by reject_unsupported
        case GraphNode::Kind::DataSource: {
          const auto& r = module.data_sources[node.index];
          // What it depends on changes in this plan: read it during apply, after them.
          bool pending = false;
          for (const auto& dep : graph.resource_dependencies(i)) {
            auto it = graph.by_address.find(dep);
            if (it != graph.by_address.end() && planned[it->second] &&
                planned[it->second]->action != Action::NoOp) {
              pending = true;
            }
          }
          auto value = plan_data_source(r, provider_keys.at(r.address()), scope, values,
                                        providers, pending, d);
          if (!value) return false;
          values.set_resource(r.address(), *value);
          return true;
        }
        case GraphNode::Kind::Output: {
          const auto& out = module.outputs[node.index];
          if (!check_conditions(out.preconditions, ConditionKind::OutputPrecondition,
                                "output \"" + out.name + "\"", scope, values.functions(),
                                nullptr, d)) {
            return false;
          }
          output_values[node.index] =
              lang::evaluate(*out.value, scope, &values.functions(), d).marked_sensitive(out.sensitive);
          if (!out.sensitive && output_values[node.index]->contains_sensitive()) {
            d.error(out.range, "Output refers to sensitive values",
                    "Output \"" + out.name + "\" would expose a sensitive value; declare it "
                    "with sensitive = true.");
          }
          return !d.has_errors();
        }
        case GraphNode::Kind::Resource:
          break;
      }
      const auto& r = module.resources[node.index];
      const std::string& key = provider_keys.at(r.address());
      const auto* schema = find_schema(r, key, providers, d);
      if (schema == nullptr) return false;
      if (!check_conditions(r.lifecycle.preconditions, ConditionKind::Precondition, r.address(),
                            scope, values.functions(), nullptr, d)) {
        return false;
      }
      lang::Value config = lang::evaluate_body(*r.body, scope, &values.functions(), d);
      if (d.has_errors()) return false;
      auto conformed = conform_config(r, *schema, config, d);
      if (!conformed) return false;
      const state::ResourceInstance* inst = prior.find(r.address());
      lang::Value before = lang::Value::null();
      if (auto it = current.find(r.address()); inst != nullptr && it != current.end()) {
        before = it->second;
      }
      bool tainted = inst && inst->status == "tainted";
      auto change = plan_resource(r, *schema, *conformed, before, tainted, providers.get(key), d);
      if (!change) return false;
      if (!before.is_null() &&
          (change->action == Action::NoOp || change->action == Action::Update)) {
        // Dependencies are planned before their dependents, so their changes are final.
        const std::string trigger = replace_trigger(r, [&](const std::string& a) -> const Change* {
          auto it = graph.by_address.find(a);
          return it == graph.by_address.end() || !planned[it->second] ? nullptr
                                                                      : &*planned[it->second];
        });
        if (!trigger.empty()) {
          // Planned as a new object, so that what the provider computes shows as unknown.
          change = plan_resource(r, *schema, *conformed, lang::Value::null(), false,
                                 providers.get(key), d);
          if (!change) return false;
          change->before = before;
          change->action = Action::Replace;
          change->reason = std::string(kTriggeredBy) + trigger;
        }
      }
      change->provider = key;
      change->dependencies = graph.resource_dependencies(i);
      if (r.lifecycle.prevent_destroy &&
          (change->action == Action::Replace || change->action == Action::Delete)) {
        d.error(r.range, "Instance cannot be destroyed",
                "Resource " + r.address() + " has lifecycle.prevent_destroy set, but the plan "
                "calls for this resource to be replaced. To go on, remove prevent_destroy or "
                "change the plan so that it keeps the resource.");
        return false;
      }
      if (!check_conditions(r.lifecycle.postconditions, ConditionKind::Postcondition,
                            r.address(), scope, values.functions(), &change->after, d)) {
        return false;
      }
      values.set_resource(r.address(), change->after);
      planned[i] = std::move(change);
      return true;
    });
    for (auto& d : node_diags) diags.append(d);
    if (diags.has_errors()) return std::nullopt;
    check_assertions(module, values, providers, diags);
    for (auto& c : planned) {
      if (c) changes.push_back(std::move(*c));
    }
    // Outputs.
    std::set<std::string> declared;
    for (std::size_t i = 0; i < module.outputs.size(); ++i) {
      const auto& out = module.outputs[i];
      declared.insert(out.name);
      std::optional<lang::Value> before;
      for (const auto& o : prior.outputs) {
        if (o.name == out.name) before = parse_json_value(o.value_json).marked_sensitive(o.sensitive);
      }
      plan.outputs.push_back({out.name, output_action(before, output_values[i]),
                              before.value_or(lang::Value::null()), *output_values[i],
                              out.sensitive});
    }
    for (const auto& o : prior.outputs) {
      if (declared.count(o.name)) continue;
      plan.outputs.push_back({o.name, Action::Delete,
                              parse_json_value(o.value_json).marked_sensitive(o.sensitive),
                              lang::Value::null(), o.sensitive});
    }
  } else {
    for (const auto& o : prior.outputs) {
      plan.outputs.push_back({o.name, Action::Delete,
                              parse_json_value(o.value_json).marked_sensitive(o.sensitive),
                              lang::Value::null(), o.sensitive});
    }
  }

  // Instances in the state that the configuration no longer has (all of them for destroy).
  for (const auto& inst : prior.instances) {
    const lang::Resource* configured = module.find_resource(inst.type, inst.name);
    if (options.destroy && configured != nullptr && configured->lifecycle.prevent_destroy &&
        !current[inst.address].is_null()) {
      diags.error(configured->range, "Instance cannot be destroyed",
                  "Resource " + inst.address + " has lifecycle.prevent_destroy set, but the "
                  "plan calls for it to be destroyed. To destroy it, remove prevent_destroy "
                  "from its configuration first.");
    }
  }
  if (diags.has_errors()) return std::nullopt;
  for (const auto& inst : prior.instances) {
    bool in_config = !options.destroy && module.find_resource(inst.type, inst.name) != nullptr;
    if (in_config) continue;
    Change c;
    c.address = inst.address;
    c.type = inst.type;
    c.name = inst.name;
    c.provider = inst.provider;
    c.before = current[inst.address];
    c.dependencies = inst.dependencies;
    if (c.before.is_null()) {
      c.action = Action::NoOp;  // already gone: apply only forgets it
      c.reason = "it no longer exists";
    } else {
      c.action = Action::Delete;
      c.reason = options.destroy ? "" : "it is not in the configuration";
    }
    changes.push_back(std::move(c));
  }
  std::sort(changes.begin(), changes.end(),
            [](const Change& a, const Change& b) { return a.address < b.address; });
  std::sort(plan.outputs.begin(), plan.outputs.end(),
            [](const OutputChange& a, const OutputChange& b) { return a.name < b.name; });
  plan.changes = std::move(changes);
  return plan;
}

void validate(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags) {
  build_graph(module, diags);
  reject_unsupported(module, diags);
  check_provider_references(module, diags);
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
    if (!providers.locate(r.provider)) continue;
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
    if (conformed) provider_validate(r, *conformed, providers.get(r.provider), diags);
  }
  for (const auto& r : module.data_sources) {
    if (!providers.locate(r.provider)) continue;
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

}  // namespace infra::planner
