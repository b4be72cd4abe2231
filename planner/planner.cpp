// make_plan, refresh and validate: the orchestration of one plan.
#include "planner/planner.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "planner/diff.hpp"
#include "planner/graph.hpp"
#include "planner/module_eval.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

void reject_unsupported(const lang::Module& module, lang::Diagnostics& diags) {
  for (const auto& r : module.resources) {
    if (r.count) {
      diags.error(lang::range_of(*r.count), "Unsupported meta-argument \"count\"",
                  "This version of Infra does not expand \"count\" yet.");
    }
    if (r.for_each) {
      diags.error(lang::range_of(*r.for_each), "Unsupported meta-argument \"for_each\"",
                  "This version of Infra does not expand \"for_each\" yet.");
    }
  }
}

const providers::ResourceSchema* find_schema(const lang::Resource& r, ProviderSet& providers,
                                             lang::Diagnostics& diags) {
  providers::Plugin* plugin = nullptr;
  try {
    plugin = &providers.get(r.provider);
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
        case GraphNode::Kind::Output: {
          const auto& out = module.outputs[node.index];
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
      const auto* schema = find_schema(r, providers, d);
      if (schema == nullptr) return false;
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
      auto change = plan_resource(r, *schema, *conformed, before, tainted,
                                  providers.get(r.provider), d);
      if (!change) return false;
      change->dependencies = graph.resource_dependencies(i);
      if (r.lifecycle.prevent_destroy &&
          (change->action == Action::Replace || change->action == Action::Delete)) {
        d.error(r.range, "Instance cannot be destroyed",
                "Resource " + r.address() + " has lifecycle.prevent_destroy set, but the plan "
                "calls for this resource to be replaced. To go on, remove prevent_destroy or "
                "change the plan so that it keeps the resource.");
        return false;
      }
      values.set_resource(r.address(), change->after);
      planned[i] = std::move(change);
      return true;
    });
    for (auto& d : node_diags) diags.append(d);
    if (diags.has_errors()) return std::nullopt;
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
}

}  // namespace infra::planner
