// make_plan, refresh and validate: the orchestration of one plan.
#include "planner/planner.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include <tbb/parallel_for.h>

#include "planner/address.hpp"
#include "planner/conditions.hpp"
#include "planner/expansion.hpp"
#include "planner/module_graph.hpp"
#include "planner/module_walk.hpp"
#include "planner/moves.hpp"
#include "planner/targeting.hpp"
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
  if (module.backend) {
    diags.error(module.backend->range, "Unsupported: backend settings",
                "The configuration is valid, but this version of Infra keeps the state in "
                ".infra/state.db (or the file given with -state=PATH); remove the backend "
                "block.");
  }
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

namespace {

void validate_module(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags);

/// Every distinct module directory of the tree, the root first.
std::vector<const lang::Module*> tree_configs(const ModuleGraph& graph) {
  std::vector<const lang::Module*> out;
  for (const auto& t : graph.modules) {
    if (std::find(out.begin(), out.end(), t.config) == out.end()) out.push_back(t.config);
  }
  return out;
}

/// Why an instance in the state that the plan does not configure goes: the words after
/// "because" in the plan.
std::string orphan_reason(const std::string& address, const ModuleGraph& graph) {
  auto parsed = parse_instance_address(address);
  if (!parsed) return "it is not in the configuration";
  // The deepest module of the path that the configuration still has.
  std::size_t m = 0;
  std::string prefix;
  for (const auto& [call, key] : parsed->modules) {
    auto it = graph.modules[m].children.find(call);
    const std::string step = join_address(prefix, "module." + call);
    if (it == graph.modules[m].children.end()) return step + " is not in the configuration";
    const auto& mc = graph.modules[m].config->module_calls[graph.modules[it->second].call];
    const Repetition rep = repetition_of(mc.count, mc.for_each);
    if ((rep == Repetition::None) != (key.kind == InstanceKey::Kind::None) ||
        (rep == Repetition::Count) != (key.kind == InstanceKey::Kind::Index)) {
      return step + key.suffix() + " is not in the configuration";
    }
    if (key.kind == InstanceKey::Kind::Index) return "index " + key.suffix() + " of " + step + " is out of range for count";
    if (key.kind == InstanceKey::Kind::Name) return "key " + key.suffix() + " of " + step + " is not in for_each";
    prefix = step + key.suffix();
    m = it->second;
  }
  const lang::Module& config = *graph.modules[m].config;
  const lang::Resource* r = parsed->data ? config.find_data_source(parsed->type, parsed->name)
                                         : config.find_resource(parsed->type, parsed->name);
  if (r == nullptr) return parsed->config_address() + " is not in the configuration";
  switch (parsed->key.kind) {
    case InstanceKey::Kind::None:
      return r->count ? parsed->resource() + " now uses count" : parsed->resource() + " now uses for_each";
    case InstanceKey::Kind::Index:
      if (!r->count) return parsed->resource() + " no longer uses count";
      return "index " + parsed->key.suffix() + " is out of range for count";
    case InstanceKey::Kind::Name:
      break;
  }
  if (!r->for_each) return parsed->resource() + " no longer uses for_each";
  return "key " + parsed->key.suffix() + " is not in for_each";
}

/// The resource of the configuration that an instance address belongs to, if any.
const lang::Resource* configured_resource(const std::string& address, const ModuleGraph& graph) {
  auto parsed = parse_instance_address(address);
  if (!parsed || parsed->data) return nullptr;
  std::size_t m = 0;
  for (const auto& step : parsed->modules) {
    auto it = graph.modules[m].children.find(step.first);
    if (it == graph.modules[m].children.end()) return nullptr;
    m = it->second;
  }
  return graph.modules[m].config->find_resource(parsed->type, parsed->name);
}

/// The planning of the configuration's nodes, module instance by module instance.
class PlanWalk {
 public:
  PlanWalk(const ModuleGraph& graph, ModuleWalk& modules, const state::Snapshot& prior,
           const std::map<std::string, lang::Value>& current, ProviderSet& providers,
           const Selection& selection, const std::set<std::string>& replace)
      : graph_(graph), modules_(modules), prior_(prior), current_(current),
        providers_(providers), selection_(selection), replace_(replace),
        planned_(graph.nodes.size()) {}

  bool visit(std::size_t id, lang::Diagnostics& d) {
    if (!selection_.node(id)) return true;  // left out by -target or -exclude
    if (auto done = modules_.visit(id, d)) return *done;
    const auto [m, n] = graph_.nodes[id];
    const GraphNode& node = graph_.node(id);
    const lang::Module& config = *graph_.modules[m].config;
    const bool data = node.kind == GraphNode::Kind::DataSource;
    const lang::Resource& r = data ? config.data_sources[node.index] : config.resources[node.index];
    bool ok = true;
    for (ModuleInstance* mi : modules_.instances(m)) {
      ModuleScope scope(mi->values);
      const std::string what = join_address(mi->address, r.address());
      bool unknown = false;
      auto instances = expand(r.count, r.for_each, "\"" + what + "\"", scope,
                              mi->values.functions(), d, &unknown);
      if (unknown) {
        // Left for a further round, in every module instance alike.
        modules_.defer(id, std::string(r.count ? "count" : "for_each") + " is known only after apply");
        std::lock_guard lock(mutex_);
        planned_[id].clear();
        return false;
      }
      if (!instances) {
        ok = false;
        continue;
      }
      ok = (data ? plan_data(id, r, *mi, *instances, d) : plan_managed(id, r, *mi, *instances, d)) && ok;
    }
    return ok;
  }

  /// The planned changes, in no particular order.
  std::vector<Change> take_changes() {
    std::vector<Change> out;
    for (auto& per_node : planned_) {
      for (auto& [module, changes] : per_node) {
        for (auto& c : changes) out.push_back(std::move(c));
      }
    }
    return out;
  }

 private:
  /// An object an import block adopts into one instance.
  struct PendingImport {
    std::string id;
    std::string provider;  // the import block's provider configuration, "" for the resource's
    const lang::Import* block;
  };

  /// The import blocks (of the root module) whose target is an instance of `r` in `mi`,
  /// by instance key. False after an error: a target the expansion does not have, an id
  /// that is not a known string.
  bool collect_imports(const lang::Resource& r, const ModuleInstance& mi,
                       const std::vector<Instance>& instances,
                       std::map<InstanceKey, PendingImport>& out, lang::Diagnostics& diags) {
    const lang::Module& root = *graph_.modules[0].config;
    if (root.imports.empty()) return true;
    ModuleInstance& top = modules_.root();
    ModuleScope scope(top.values);
    const auto& functions = top.values.functions();
    std::set<InstanceKey> keys;
    for (const auto& instance : instances) keys.insert(instance.key);
    bool ok = true;
    for (const lang::Import& im : root.imports) {
      std::string module_address;
      std::string resource;
      InstanceKey fixed;
      if (im.to_index) {
        auto target = parse_object_address(im.to);
        if (!target || !target->resource) continue;
        InstanceAddress a{target->modules, false, target->type, target->name, {}};
        module_address = a.module_address();
        resource = a.resource();
      } else {
        auto target = parse_instance_address(im.to);
        if (!target) continue;
        module_address = target->module_address();
        resource = target->resource();
        fixed = target->key;
      }
      if (module_address != mi.address || resource != r.address()) continue;
      auto each = expand(nullptr, im.for_each, "the import block", scope, functions, diags);
      if (!each) {
        ok = false;
        continue;
      }
      for (const Instance& instance : *each) {
        InstanceScope in(scope, instance);
        lang::Diagnostics d;
        InstanceKey key = fixed;
        if (im.to_index) {
          lang::Value index = lang::evaluate(*im.to_index, in, &functions, d);
          if (index.is_wholly_known() && index.kind() == lang::Value::Kind::String) {
            key = InstanceKey::of_name(index.as_string());
          } else if (index.is_wholly_known() && index.kind() == lang::Value::Kind::Number &&
                     index.as_number().to_int64()) {
            key = InstanceKey::of_index(*index.as_number().to_int64());
          } else if (!d.has_errors()) {
            d.error(lang::range_of(*im.to_index), "Invalid import address",
                    "The index of the import target must be a known string or whole number.");
          }
        }
        lang::Value id = lang::evaluate(*im.id, in, &functions, d);
        if (!d.has_errors() && (!id.is_wholly_known() || id.kind() != lang::Value::Kind::String)) {
          d.error(lang::range_of(*im.id), "Invalid import id",
                  "The id of an import block must be a string known before planning; it "
                  "is " + (id.is_unknown() ? std::string("known only after apply") : id.type_name()) + ".");
        }
        const std::string target = join_address(mi.address, r.address() + key.suffix());
        if (!d.has_errors() && !keys.count(key)) {
          d.error(im.to_range, "Configuration for import target does not exist",
                  "The import block adopts an object into " + target + ", but the "
                  "configuration has no such instance (its count or for_each does not "
                  "make it).");
        }
        diags.append(d);
        if (d.has_errors()) {
          ok = false;
          continue;
        }
        out[key] = {id.as_string(), im.provider.name.empty() ? "" : im.provider.key(), &im};
      }
    }
    return ok;
  }

  bool plan_managed(std::size_t id, const lang::Resource& r, ModuleInstance& mi,
                    const std::vector<Instance>& instances, lang::Diagnostics& diags) {
    std::map<InstanceKey, PendingImport> imports;
    if (!collect_imports(r, mi, instances, imports, diags)) return false;
    std::vector<std::optional<Change>> changes(instances.size());
    std::vector<lang::Diagnostics> instance_diags(instances.size());
    // The walk's task arena bounds how many instances plan at once.
    std::vector<char> left_out(instances.size(), 0);
    tbb::parallel_for(std::size_t(0), instances.size(), [&](std::size_t k) {
      const std::string address = join_address(mi.address, r.address() + instances[k].key.suffix());
      if (!selection_.instance(id, address)) {
        left_out[k] = 1;
        return;
      }
      auto im = imports.find(instances[k].key);
      changes[k] = plan_instance(id, r, mi, instances[k], im == imports.end() ? nullptr : &im->second,
                                 instance_diags[k]);
    });
    bool ok = true;
    std::vector<std::pair<InstanceKey, lang::Value>> values;
    std::vector<Change> done;
    for (std::size_t k = 0; k < instances.size(); ++k) {
      diags.append(instance_diags[k]);
      if (left_out[k]) {
        // Not planned: what exists stays as it is.
        const std::string address = join_address(mi.address, r.address() + instances[k].key.suffix());
        auto it = current_.find(address);
        values.emplace_back(instances[k].key, it == current_.end() ? lang::Value::unknown() : it->second);
        continue;
      }
      if (!changes[k]) {
        ok = false;
        continue;
      }
      values.emplace_back(instances[k].key, changes[k]->after);
      done.push_back(std::move(*changes[k]));
    }
    mi.values.set_resource(r.address(), collect_instances(repetition_of(r.count, r.for_each), values));
    std::lock_guard lock(mutex_);
    planned_[id][mi.address] = std::move(done);
    return ok;
  }

  std::optional<Change> plan_instance(std::size_t id, const lang::Resource& r, ModuleInstance& mi,
                                      const Instance& instance, const PendingImport* import,
                                      lang::Diagnostics& d) {
    ModuleScope outer(mi.values);
    InstanceScope scope(outer, instance);
    const std::string address = join_address(mi.address, r.address() + instance.key.suffix());
    const auto key = modules_.provider_of(r, mi, scope, d);
    if (!key) return std::nullopt;
    providers::Plugin* plugin = nullptr;
    try {
      plugin = &providers_.configured(*key);
    } catch (const std::exception& e) {
      d.error(r.range, "Failed to start provider \"" + *key + "\"", e.what());
      return std::nullopt;
    }
    const auto* schema = plugin->schema().find(r.type);
    if (schema == nullptr) {
      std::string known;
      for (const auto& [type, s] : plugin->schema().resources) known += (known.empty() ? "" : ", ") + type;
      d.error(r.range, "Invalid resource type \"" + r.type + "\"",
              "The provider \"" + r.provider + "\" does not support resource type \"" + r.type +
                  "\". It supports: " + known + ".");
      return std::nullopt;
    }
    const auto& functions = mi.values.functions();
    if (!check_conditions(r.lifecycle.preconditions, ConditionKind::Precondition, address, scope,
                          functions, nullptr, d)) {
      return std::nullopt;
    }
    lang::Value config = lang::evaluate_body(*r.body, scope, &functions, d);
    if (d.has_errors()) return std::nullopt;
    auto conformed = conform_config(r, *schema, config, d);
    if (!conformed) return std::nullopt;
    const state::ResourceInstance* inst = prior_.find(address);
    lang::Value before = lang::Value::null();
    if (auto it = current_.find(address); inst != nullptr && it != current_.end()) before = it->second;
    const bool tainted = inst && inst->status == "tainted";
    if (inst != nullptr) import = nullptr;  // adopted already: the block has nothing to do
    if (import != nullptr) {
      providers::Plugin* through = import->provider.empty() ? plugin : nullptr;
      auto imported = import_object(r, *schema, *import, through, address, d);
      if (!imported) return std::nullopt;
      before = std::move(*imported);
    }
    auto change = plan_resource(r, *schema, *conformed, before, tainted, *plugin, d);
    if (!change) return std::nullopt;
    if (!before.is_null() && (change->action == Action::NoOp || change->action == Action::Update)) {
      // Dependencies are planned before their dependents, so their changes are final.
      const std::string trigger = replace_.count(address) ? std::string(kReplaceRequested) : replace_trigger(
          r,
          [&](const std::string& a) { return planned_of(mi, a); },
          [&](const lang::Expr& e) -> std::optional<lang::Value> {
            lang::Diagnostics ignored;
            lang::Value v = lang::evaluate(e, scope, &functions, ignored);
            if (ignored.has_errors()) return std::nullopt;
            return v;
          });
      if (!trigger.empty()) {
        // Planned as a new object, so that what the provider computes shows as unknown.
        change = plan_resource(r, *schema, *conformed, lang::Value::null(), false, *plugin, d);
        if (!change) return std::nullopt;
        change->before = before;
        change->action = Action::Replace;
        change->reason = trigger == kReplaceRequested ? trigger : std::string(kTriggeredBy) + trigger;
      }
    }
    change->address = address;
    change->provider = *key;
    if (import != nullptr) change->import_id = import->id;
    change->dependencies = graph_.resource_dependencies(id);
    if (r.lifecycle.prevent_destroy &&
        (change->action == Action::Replace || change->action == Action::Delete)) {
      d.error(r.range, "Instance cannot be destroyed",
              "Resource " + address + " has lifecycle.prevent_destroy set, but the plan "
              "calls for this resource to be replaced. To go on, remove prevent_destroy or "
              "change the plan so that it keeps the resource.");
      return std::nullopt;
    }
    if (!check_conditions(r.lifecycle.postconditions, ConditionKind::Postcondition, address, scope,
                          functions, &change->after, d)) {
      return std::nullopt;
    }
    return change;
  }

  /// The object `import` names, read through the resource's plugin or the import block's
  /// provider configuration; nullopt after an error.
  std::optional<lang::Value> import_object(const lang::Resource& r,
                                           const providers::ResourceSchema& schema,
                                           const PendingImport& import, providers::Plugin* plugin,
                                           const std::string& address, lang::Diagnostics& d) {
    try {
      if (plugin == nullptr) plugin = &providers_.configured(import.provider);
      json result = plugin->call("import", {{"type", r.type}, {"id", import.id}});
      lang::Value object = from_json(result.value("state", json(nullptr)));
      if (object.kind() != lang::Value::Kind::Object) {
        d.error(import.block->range, "Cannot import " + address,
                "The provider found no object with id \"" + import.id + "\".");
        return std::nullopt;
      }
      std::vector<std::string> sensitive;
      for (const auto& a : schema.attributes) {
        if (a.sensitive) sensitive.push_back(a.name);
      }
      return mark_attributes_sensitive(std::move(object), sensitive);
    } catch (const std::exception& e) {
      d.error(import.block->range, "Cannot import " + address, e.what());
      return std::nullopt;
    }
  }

  /// The planned change of resource `address` ("TYPE.NAME") in module instance `mi`: for a
  /// resource with count or for_each, one change that holds all of its instances.
  const Change* planned_of(const ModuleInstance& mi, const std::string& address) {
    auto id = graph_.find(mi.module, address);
    if (!id) return nullptr;
    std::lock_guard lock(mutex_);
    auto it = planned_[*id].find(mi.address);
    if (it == planned_[*id].end()) return nullptr;
    const lang::Resource* r = graph_.modules[mi.module].config->find_resource(
        address.substr(0, address.find('.')), address.substr(address.find('.') + 1));
    const Repetition rep = r ? repetition_of(r->count, r->for_each) : Repetition::None;
    if (rep == Repetition::None) return it->second.empty() ? nullptr : &it->second.front();
    auto& aggregate = aggregates_[{*id, mi.address}];
    if (!aggregate) {
      std::vector<std::pair<InstanceKey, lang::Value>> before, after;
      Change c;
      c.action = Action::NoOp;
      for (const Change& one : it->second) {
        auto parsed = parse_instance_address(one.address);
        const InstanceKey key = parsed ? parsed->key : InstanceKey{};
        before.emplace_back(key, one.before);
        after.emplace_back(key, one.after);
        if (one.action != Action::NoOp) c.action = Action::Update;
      }
      c.before = collect_instances(rep, before);
      c.after = collect_instances(rep, after);
      aggregate = std::make_unique<Change>(std::move(c));
    }
    return aggregate.get();
  }

  bool plan_data(std::size_t id, const lang::Resource& r, ModuleInstance& mi,
                 const std::vector<Instance>& instances, lang::Diagnostics& diags) {
    // What it depends on changes in this plan: read it during apply, after them.
    bool pending = false;
    {
      std::lock_guard lock(mutex_);
      for (std::size_t dep : resource_dependency_ids(id)) {
        for (const auto& [module, changes] : planned_[dep]) {
          for (const auto& c : changes) pending = pending || c.action != Action::NoOp;
        }
      }
    }
    return read_data_instances(r, mi, modules_, instances, providers_, pending, diags);
  }

  std::vector<std::size_t> resource_dependency_ids(std::size_t id) const {
    std::vector<std::size_t> out;
    std::vector<std::size_t> todo(graph_.dag.deps[id].begin(), graph_.dag.deps[id].end());
    std::set<std::size_t> seen;
    while (!todo.empty()) {
      std::size_t n = todo.back();
      todo.pop_back();
      if (!seen.insert(n).second) continue;
      if (graph_.node(n).kind == GraphNode::Kind::Resource) out.push_back(n);
      else todo.insert(todo.end(), graph_.dag.deps[n].begin(), graph_.dag.deps[n].end());
    }
    return out;
  }

  const ModuleGraph& graph_;
  ModuleWalk& modules_;
  const state::Snapshot& prior_;
  const std::map<std::string, lang::Value>& current_;
  ProviderSet& providers_;
  const Selection& selection_;
  const std::set<std::string>& replace_;
  std::mutex mutex_;
  /// By node: module instance address -> the planned changes of its instances.
  std::vector<std::map<std::string, std::vector<Change>>> planned_;
  std::map<std::pair<std::size_t, std::string>, std::unique_ptr<Change>> aggregates_;
};

/// What the walk left for a further round: the blocks deferred, and the resources, data
/// sources and module blocks skipped because they depend on one.
std::vector<Deferral> deferrals(const ModuleGraph& graph, const std::vector<NodeStatus>& status,
                                const std::map<std::size_t, std::string>& deferred) {
  std::vector<Deferral> out;
  for (std::size_t id = 0; id < graph.nodes.size(); ++id) {
    const auto kind = graph.node(id).kind;
    if (kind != GraphNode::Kind::Resource && kind != GraphNode::Kind::DataSource &&
        kind != GraphNode::Kind::ModuleCall) {
      continue;
    }
    if (auto it = deferred.find(id); it != deferred.end()) {
      out.push_back({graph.address(id), "its " + it->second});
    } else if (status[id] == NodeStatus::Skipped) {
      // The first deferred node on the way, for the reason.
      std::vector<std::size_t> todo(graph.dag.deps[id].begin(), graph.dag.deps[id].end());
      std::set<std::size_t> seen;
      std::string cause;
      while (!todo.empty() && cause.empty()) {
        const std::size_t n = todo.front();
        todo.erase(todo.begin());
        if (!seen.insert(n).second) continue;
        if (deferred.count(n)) cause = graph.address(n);
        todo.insert(todo.end(), graph.dag.deps[n].begin(), graph.dag.deps[n].end());
      }
      out.push_back({graph.address(id), "it depends on " + (cause.empty() ? "a deferred block" : cause)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Deferral& a, const Deferral& b) { return a.address < b.address; });
  return out;
}

/// Whether an instance belongs to a deferred block (or to a module it is in): it stays
/// until a further round plans it.
bool is_deferred(const std::string& address, const std::vector<Deferral>& deferred) {
  if (deferred.empty()) return false;
  auto a = parse_instance_address(address);
  const std::string config = a ? a->config_address() : address;
  for (const auto& d : deferred) {
    if (config == d.address || config.rfind(d.address + ".", 0) == 0) return true;
  }
  return false;
}

/// One removed block, with the module it is in.
struct Removal {
  ObjectAddress from;
  std::size_t prefix;  // the number of module steps before `from`
  std::vector<std::string> path;
  const lang::Removed* block;
};

std::vector<Removal> removed_blocks(const ModuleGraph& graph) {
  std::vector<Removal> out;
  for (const auto& t : graph.modules) {
    for (const auto& r : t.config->removed) {
      auto from = parse_object_address(r.from);
      if (!from) continue;  // reported by the loader
      std::vector<std::string> path;
      if (auto p = parse_object_address(t.path.empty() ? "" : t.path)) {
        for (const auto& step : p->modules) path.push_back(step.first);
      }
      out.push_back({*from, path.size(), path, &r});
    }
  }
  return out;
}

const Removal* removal_of(const std::string& address, const std::vector<Removal>& removed) {
  auto a = parse_instance_address(address);
  if (!a) return nullptr;
  for (const Removal& r : removed) {
    if (a->modules.size() < r.prefix) continue;
    bool under = true;
    for (std::size_t i = 0; i < r.prefix; ++i) under = under && a->modules[i].first == r.path[i];
    if (under && r.from.contains(*a, r.prefix)) return &r;
  }
  return nullptr;
}

/// A removed block must name what the configuration no longer has.
void check_removed(const ModuleGraph& graph, lang::Diagnostics& diags) {
  for (const lang::Module* config : tree_configs(graph)) {
    for (const auto& r : config->removed) {
      auto from = parse_object_address(r.from);
      if (!from) continue;
      // Walk the module steps in the configuration.
      const lang::Module* m = config;
      bool present = true;
      for (const auto& step : from->modules) {
        const lang::ModuleCall* call = m->find_module_call(step.first);
        if (call == nullptr || !call->module) {
          present = false;
          break;
        }
        m = call->module.get();
      }
      if (present && from->resource) {
        present = (from->data ? m->find_data_source(from->type, from->name)
                              : m->find_resource(from->type, from->name)) != nullptr;
      }
      if (present) {
        diags.error(r.from_range, "Removed object still exists",
                    "This removed block says that " + r.from + " was removed, but the "
                    "configuration still declares it. Remove it from the configuration, or "
                    "remove the removed block.");
      }
    }
  }
}

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

}  // namespace

std::optional<Plan> make_plan(const lang::Module& module, const state::Snapshot& stored,
                              ProviderSet& providers, const PlanOptions& options,
                              lang::Diagnostics& diags) {
  Plan plan;
  plan.destroy = options.destroy;
  plan.lineage = stored.lineage;
  plan.serial = stored.serial;

  ModuleGraph graph = build_module_graph(module, diags);
  const auto configs = tree_configs(graph);
  bool calls_ok = true;
  for (const lang::Module* config : configs) {
    reject_unsupported(*config, diags);
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
  ModuleWalk modules(graph, plan.variables, /*planning=*/true, *parse_timestamp(plan.timestamp));
  ModuleValues& values = modules.root().values;

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
    const lang::Value& now_value = current[inst.address];
    if (!same_value(before, now_value)) {
      plan.drift.push_back({inst.address, inst.type, inst.name, before, now_value});
    }
  }

  if (options.refresh_only) {
    // Every instance as refresh found it; outputs as stored.
    plan.refresh_only = true;
    for (const auto& inst : prior.instances) {
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

  std::vector<Change> changes;
  std::set<std::string> configured;  // the instances the configuration has
  if (!options.destroy) {
    // Plan every node of the configuration after what it refers to, in parallel.
    const std::set<std::string> replace(options.replace.begin(), options.replace.end());
    PlanWalk walk(graph, modules, prior, current, providers, *selection, replace);
    std::vector<lang::Diagnostics> node_diags(graph.nodes.size());
    const auto status = planner::walk(graph.dag, options.parallelism,
                                      [&](std::size_t i) { return walk.visit(i, node_diags[i]); });
    for (auto& d : node_diags) diags.append(d);
    if (diags.has_errors()) return std::nullopt;
    plan.deferred = deferrals(graph, status, modules.deferred());
    for (std::size_t m = 0; m < graph.modules.size(); ++m) {
      for (ModuleInstance* mi : modules.instances(m)) {
        check_assertions(*graph.modules[m].config, mi->values, providers, diags);
      }
    }
    changes = walk.take_changes();
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
    changes.push_back(std::move(c));
  }
  for (auto& c : changes) {
    if (auto it = moved_from.find(c.address); it != moved_from.end()) c.moved_from = it->second;
  }
  std::sort(changes.begin(), changes.end(),
            [](const Change& a, const Change& b) { return a.address < b.address; });
  std::sort(plan.outputs.begin(), plan.outputs.end(),
            [](const OutputChange& a, const OutputChange& b) { return a.name < b.name; });
  plan.changes = std::move(changes);
  return plan;
}

void validate(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags) {
  const ModuleGraph graph = build_module_graph(module, diags);
  check_provider_references(module, diags);
  for (const lang::Module* config : tree_configs(graph)) validate_module(*config, providers, diags);
}

namespace {

void validate_module(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags) {
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
    if (conformed) provider_validate(r, *conformed, providers.get(r.provider), diags);
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
