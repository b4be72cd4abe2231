// Planning the configuration's nodes: see planner/plan_walk.hpp.
#include "planner/plan_walk.hpp"

#include <algorithm>
#include <deque>
#include <mutex>

#include <nlohmann/json.hpp>
#include <tbb/parallel_for.h>

#include "planner/conditions.hpp"
#include "planner/diff.hpp"
#include "planner/expansion.hpp"
#include "planner/module_eval.hpp"
#include "planner/module_walk.hpp"
#include "planner/planner.hpp"
#include "planner/provider_set.hpp"
#include "planner/replace_triggers.hpp"
#include "planner/targeting.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

/// The planning of the configuration's nodes, module instance by module instance.
class PlanWalk {
 public:
  PlanWalk(const ModuleGraph& graph, ModuleWalk& modules, const state::Snapshot& prior,
           std::map<std::string, lang::Value>& current, ProviderSet& providers,
           const Selection& selection, const std::set<std::string>& replace,
           const WalkOptions& options)
      : graph_(graph), modules_(modules), prior_(prior), current_(current),
        providers_(providers), selection_(selection), replace_(replace), options_(options),
        planned_(graph.nodes.size()) {
    if (options.providers_only) {
      // The provider blocks configured on the way, and everything they depend on.
      visited_.assign(graph.nodes.size(), 0);
      std::vector<std::size_t> pending;
      for (const auto& [key, id] : graph.walk_providers) pending.push_back(id);
      while (!pending.empty()) {
        const std::size_t n = pending.back();
        pending.pop_back();
        if (visited_[n]) continue;
        visited_[n] = 1;
        pending.insert(pending.end(), graph.dag.deps[n].begin(), graph.dag.deps[n].end());
      }
    }
    // The import blocks (root module only) by the module instance and resource they adopt
    // into, read once rather than at every resource.
    for (const lang::Import& im : graph.modules[0].config->imports) {
      if (im.to_index) {
        auto target = parse_object_address(im.to);
        if (!target || !target->resource) continue;
        const InstanceAddress a{target->modules, false, target->type, target->name, {}};
        import_targets_.insert({{a.module_address(), a.resource()}, {&im, {}}});
      } else if (auto target = parse_instance_address(im.to)) {
        import_targets_.insert({{target->module_address(), target->resource()}, {&im, target->key}});
      }
    }
  }

  bool visit(std::size_t id, lang::Diagnostics& d) {
    if (!visited_.empty() && !visited_[id]) return true;
    if (!selection_.node(id)) return true;  // left out by -target or -exclude
    if (auto done = modules_.visit(id, d)) return *done;
    const auto [m, n] = graph_.nodes[id];
    const GraphNode& node = graph_.node(id);
    const lang::Module& config = *graph_.modules[m].config;
    if (node.kind == GraphNode::Kind::Provider) return configure(id, config.providers[node.index], d);
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

  /// The configurations configured on the way.
  std::map<std::string, lang::Value> take_provider_configurations() {
    return std::move(provider_configurations_);
  }

  /// The planned changes, in no particular order.
  std::vector<Change> take_changes() {
    std::vector<Change> out;
    std::size_t n = 0;
    for (const auto& per_node : planned_) {
      for (const auto& [module, changes] : per_node) n += changes.size();
    }
    out.reserve(n);
    for (auto& per_node : planned_) {
      for (auto& [module, changes] : per_node) {
        for (auto& c : changes) out.push_back(std::move(c));
      }
    }
    return out;
  }

 private:
  /// A provider block that uses resources, data sources or modules: configured now that
  /// they are planned, and its instances in the state read. Deferred when its arguments
  /// are known only after apply, with everything that uses it. (The others were
  /// configured before the walk.)
  bool configure(std::size_t id, const lang::ProviderConfig& block, lang::Diagnostics& d) {
    if (!graph_.walk_providers.count(block.key())) return true;
    ModuleInstance& root = modules_.root();
    ModuleScope scope(root.values);
    bool unknown = false;
    auto configs = evaluate_provider_block(block, scope, root.values.functions(),
                                           provider_schema(providers_, block.name), &unknown, d);
    if (!configs) return false;
    for (const auto& [key, config] : *configs) unknown = unknown || !config.is_wholly_known();
    if (unknown) {
      modules_.defer(id, "configuration is known only after apply");
      return false;
    }
    std::vector<const state::ResourceInstance*> instances;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [key, config] : *configs) {
        providers_.set_configuration(key, to_json(config));
        provider_configurations_[key] = config;
      }
    }
    if (!options_.refresh) return true;
    for (const auto& inst : prior_.instances) {
      if (configs->count(inst.provider)) instances.push_back(&inst);
    }
    std::vector<std::optional<lang::Value>> read(instances.size());
    std::vector<lang::Diagnostics> errors(instances.size());
    // The walk's task arena bounds how many reads run at once.
    tbb::parallel_for(std::size_t(0), instances.size(), [&](std::size_t k) {
      read[k] = read_instance(*instances[k], providers_, errors[k], options_.observer);
    });
    bool ok = true;
    for (std::size_t k = 0; k < instances.size(); ++k) {
      d.append(errors[k]);
      ok = ok && read[k].has_value();
      // Every entry exists already, and only what depends on this node reads it.
      auto& slot = current_.at(instances[k]->address);
      if (read[k] && !(slot == *read[k])) slot = std::move(*read[k]);
    }
    return ok;
  }

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
    auto [first, last] = import_targets_.equal_range({mi.address, r.address()});
    if (first == last) return true;
    ModuleInstance& top = modules_.root();
    ModuleScope scope(top.values);
    const auto& functions = top.values.functions();
    std::set<InstanceKey> keys;
    for (const auto& instance : instances) keys.insert(instance.key);
    bool ok = true;
    for (auto target = first; target != last; ++target) {
      const lang::Import& im = *target->second.block;
      const InstanceKey& fixed = target->second.key;
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
    const std::vector<std::string> dependencies = graph_.resource_dependencies(id);
    std::vector<char> left_out(instances.size(), 0);
    tbb::parallel_for(std::size_t(0), instances.size(), [&](std::size_t k) {
      const std::string address = join_address(mi.address, r.address() + instances[k].key.suffix());
      if (!selection_.instance(id, address)) {
        left_out[k] = 1;
        return;
      }
      auto im = imports.find(instances[k].key);
      changes[k] = plan_instance(r, mi, instances[k], im == imports.end() ? nullptr : &im->second,
                                 dependencies, instance_diags[k]);
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

  std::optional<Change> plan_instance(const lang::Resource& r, ModuleInstance& mi,
                                      const Instance& instance, const PendingImport* import,
                                      const std::vector<std::string>& dependencies,
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
      providers::Plugin* through = plugin;
      if (!import->provider.empty()) {
        try {
          through = &providers_.configured(import->provider);
        } catch (const std::exception& e) {
          d.error(import->block->range, "Failed to start provider \"" + import->provider + "\"", e.what());
          return std::nullopt;
        }
      }
      auto imported = import_object(*through, *schema, import->id, address, import->block->range, d);
      if (!imported) return std::nullopt;
      before = std::move(*imported);
    }
    auto change =
        plan_resource(r, *schema, *conformed, before, tainted, *plugin, d, import != nullptr);
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
    change->dependencies = dependencies;
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
      for (std::size_t dep : graph_.resource_dependency_ids(id)) {
        for (const auto& [module, changes] : planned_[dep]) {
          for (const auto& c : changes) pending = pending || c.action != Action::NoOp;
        }
      }
    }
    return read_data_instances(r, mi, modules_, instances, providers_, pending, diags);
  }

  const ModuleGraph& graph_;
  ModuleWalk& modules_;
  const state::Snapshot& prior_;
  std::map<std::string, lang::Value>& current_;
  ProviderSet& providers_;
  const Selection& selection_;
  const std::set<std::string>& replace_;
  const WalkOptions& options_;
  std::vector<char> visited_;  // with providers_only: the nodes to visit
  std::map<std::string, lang::Value> provider_configurations_;
  std::mutex mutex_;
  /// By node: module instance address -> the planned changes of its instances.
  std::vector<std::map<std::string, std::vector<Change>>> planned_;
  std::map<std::pair<std::size_t, std::string>, std::unique_ptr<Change>> aggregates_;
  /// An import block's target: the block, and the key of its `to` when it is fixed.
  struct ImportTarget {
    const lang::Import* block;
    InstanceKey key;
  };
  /// (module instance address, "TYPE.NAME") -> the import blocks adopting into it
  std::multimap<std::pair<std::string, std::string>, ImportTarget> import_targets_;
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
      std::deque<std::size_t> pending(graph.dag.deps[id].begin(), graph.dag.deps[id].end());
      std::set<std::size_t> seen;
      std::string cause;
      while (!pending.empty() && cause.empty()) {
        const std::size_t n = pending.front();
        pending.pop_front();
        if (!seen.insert(n).second) continue;
        if (deferred.count(n)) cause = graph.address(n);
        pending.insert(pending.end(), graph.dag.deps[n].begin(), graph.dag.deps[n].end());
      }
      out.push_back({graph.address(id), "it depends on " + (cause.empty() ? "a deferred block" : cause)});
    }
  }
  std::sort(out.begin(), out.end(), [](const Deferral& a, const Deferral& b) { return a.address < b.address; });
  return out;
}

}  // namespace

WalkResult plan_configuration(const ModuleGraph& graph, ModuleWalk& modules,
                              const state::Snapshot& prior,
                              std::map<std::string, lang::Value>& current,
                              ProviderSet& providers, const Selection& selection,
                              const std::set<std::string>& replace, const WalkOptions& options,
                              lang::Diagnostics& diags) {
  PlanWalk walk(graph, modules, prior, current, providers, selection, replace, options);
  std::vector<lang::Diagnostics> node_diags(graph.nodes.size());
  const auto status = planner::walk(graph.dag, options.parallelism,
                                    [&](std::size_t i) { return walk.visit(i, node_diags[i]); });
  for (auto& d : node_diags) diags.append(d);
  return {walk.take_changes(), deferrals(graph, status, modules.deferred()),
          walk.take_provider_configurations()};
}

}  // namespace infra::planner
