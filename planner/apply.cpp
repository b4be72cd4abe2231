// The executor: a DAG of actions walked with bounded parallelism; each finished provider
// action is committed to the state before any dependent starts.
#include "planner/apply.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <mutex>

#include <nlohmann/json.hpp>

#include <tbb/parallel_for.h>

#include "planner/address.hpp"
#include "planner/dag.hpp"
#include "planner/expansion.hpp"
#include "planner/module_graph.hpp"
#include "planner/module_walk.hpp"
#include "planner/conditions.hpp"
#include "planner/diff.hpp"
#include "planner/graph.hpp"
#include "planner/module_eval.hpp"
#include "planner/planner.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

// The one owner of state writes during an apply. The backend is thread-safe, and commits
// writes that arrive together in one transaction, so writes are not serialised here.
class StateWriter {
 public:
  explicit StateWriter(state::Backend& backend) : backend_(backend) {}

  void put(const Change& change, const lang::Value& object, int schema_version,
           const std::string& address, const std::string& status = "ready",
           state::Action action = state::Action::Auto) {
    state::ResourceInstance inst;
    inst.address = address;
    inst.type = change.type;
    inst.name = change.name;
    inst.provider = change.provider;
    inst.schema_version = schema_version;
    inst.attributes_json = to_json(object).dump();
    inst.sensitive_paths = sensitive_attributes(object);
    inst.dependencies = change.dependencies;
    inst.status = status;
    backend_.put_instance(inst, action);
  }
  void remove(const std::string& address, state::Action action = state::Action::Delete) {
    backend_.remove_instances({address}, action);
  }
  void move(const std::vector<state::InstanceMove>& moves) {
    if (!moves.empty()) backend_.move_instances(moves);
  }
  void outputs(const std::vector<state::OutputValue>& values) {
    backend_.put_outputs(values);
  }

 private:
  state::Backend& backend_;
};

class Executor {
 public:
  Executor(const Plan& plan, const lang::Module& module, state::Backend& backend,
           ProviderSet& providers, const ApplyOptions& options, ApplyObserver* observer)
      : plan_(plan), module_(module), writer_(backend), providers_(providers),
        options_(options), observer_(observer), stored_outputs_(backend.read().outputs) {}

  ApplyResult run(lang::Diagnostics& diags) {
    graph_ = build_module_graph(module_, diags);
    if (diags.has_errors()) return {};
    modules_ = std::make_unique<ModuleWalk>(
        graph_, plan_.variables, /*planning=*/false,
        parse_timestamp(plan_.timestamp).value_or(std::chrono::system_clock::now()),
        plan_.workspace);
    state::Snapshot none;
    start_providers(module_, none, modules_->root().values, graph_.walk_providers, providers_,
                    diags);
    // The provider blocks that use resources, data sources or modules: exactly as planned
    // (a value known when planning stays as it is).
    for (const auto& [key, config] : plan_.provider_configurations) {
      providers_.set_configuration(key, to_json(config));
    }
    for (const auto& c : plan_.changes) {
      try {
        providers_.configured(c.provider);
      } catch (const std::exception& e) {
        diags.error(c.address + ": provider \"" + c.provider + "\" is not available", e.what());
      }
    }
    if (diags.has_errors()) return {};

    for (const auto& d : plan_.deferred) deferred_.insert(d.address);
    for (const auto& c : plan_.changes) {
      by_address_[c.address] = &c;
      if (auto parsed = parse_instance_address(c.address)) {
        by_resource_[{parsed->module_address(), parsed->resource()}].emplace_back(parsed->key, &c);
      }
    }
    record_refresh();
    build_dag();
    node_diags_.resize(dag_.size());
    auto status = walk(dag_, options_.parallelism, [this](std::size_t i) { return run_node(i); });
    for (std::size_t i = 0; i < dag_.size(); ++i) diags.append(node_diags_[i]);
    if (walks_configuration() && !diags.has_errors()) {
      for (std::size_t m = 0; m < graph_.modules.size(); ++m) {
        for (ModuleInstance* mi : modules_->instances(m)) {
          check_assertions(*graph_.modules[m].config, mi->values, providers_, diags);
        }
      }
    }
    if (walks_configuration()) commit_outputs(status);
    else if (plan_.destroy) writer_.outputs({});
    return {added_.load(), changed_.load(), destroyed_.load(), forgotten_.load(), imported_.load()};
  }

 private:
  // A destroy plan only destroys; a refresh-only plan only records what refresh found.
  bool walks_configuration() const { return !plan_.destroy && !plan_.refresh_only; }

  // What refresh found and the plan leaves alone is recorded as it is now: objects gone
  // outside Infra are forgotten, objects changed outside are stored with their new values.
  void record_refresh() {
    // Moves first, in one write: everything after speaks of the new addresses.
    std::vector<state::InstanceMove> moves;
    for (const auto& c : plan_.changes) {
      if (!c.moved_from.empty()) moves.push_back({c.moved_from, c.address, c.name});
    }
    writer_.move(moves);
    // Then, each of its own address: imports (the adopted object is in the state before
    // anything is done to it), forgets, objects gone or changed outside. They are written
    // from many threads at once, so that the store commits them in groups.
    std::vector<std::function<void()>> writes;
    for (const auto& c : plan_.changes) {
      if (!c.import_id.empty()) {
        writes.push_back([this, &c] {
          const auto* schema = providers_.get(c.provider).schema().find(c.type);
          writer_.put(c, c.before, schema ? schema->version : 0, c.address, "ready",
                      state::Action::Import);
          ++imported_;
        });
      }
      if (c.action == Action::NoOp && c.before.is_null() && c.after.is_null()) {
        writes.push_back([this, &c] { writer_.remove(c.address); });
      }
      if (c.action == Action::Forget) {
        writes.push_back([this, &c] {
          writer_.remove(c.address, state::Action::Forget);
          ++forgotten_;
        });
      }
    }
    for (const auto& drift : plan_.drift) {
      auto it = by_address_.find(drift.address);
      if (it == by_address_.end() || it->second->action != Action::NoOp || drift.after.is_null()) continue;
      const Change& c = *it->second;
      writes.push_back([this, &c, &drift] {
        const auto* schema = providers_.get(c.provider).schema().find(c.type);
        writer_.put(c, drift.after, schema ? schema->version : 0, drift.address);
      });
    }
    Dag independent;
    for (std::size_t i = 0; i < writes.size(); ++i) independent.add_node();
    walk(independent, options_.parallelism, [&](std::size_t i) {
      writes[i]();
      return true;
    });
  }

  // Node ids: 0..graph_.nodes.size()-1 are the configuration's nodes (skipped for a
  // destroy plan); after them, one node per Delete of an instance the configuration does
  // not have (every Delete: a configured instance is never deleted, only replaced).
  void build_dag() {
    std::size_t config_nodes = walks_configuration() ? graph_.nodes.size() : 0;
    for (std::size_t i = 0; i < config_nodes; ++i) dag_.add_node();
    if (walks_configuration()) dag_.deps = graph_.dag.deps;
    // The delete nodes of each resource of the configuration (`module.app.local_file.a`).
    std::map<std::string, std::vector<std::size_t>> delete_nodes;
    std::map<std::string, std::size_t> delete_node;
    for (const auto& c : plan_.changes) {
      if (c.action != Action::Delete) continue;
      std::size_t n = dag_.add_node();
      deletes_.push_back(&c);
      delete_node[c.address] = n;
      auto parsed = parse_instance_address(c.address);
      delete_nodes[parsed ? parsed->config_address() : c.address].push_back(n);
    }
    // Destroy in reverse dependency order: a dependency goes after what depends on it.
    for (const auto& c : plan_.changes) {
      auto self = delete_node.find(c.address);
      std::optional<std::size_t> configured;
      if (self == delete_node.end() && walks_configuration()) configured = graph_.resource_of_instance(c.address);
      for (const auto& dep : c.dependencies) {
        auto d = delete_nodes.find(dep);
        if (d == delete_nodes.end()) continue;
        for (std::size_t dn : d->second) {
          if (self != delete_node.end()) {
            if (dn != self->second) dag_.add_edge(dn, self->second);
          } else if (configured) {
            // Something still configured used to depend on it: update that first.
            dag_.add_edge(dn, *configured);
          }
        }
      }
    }
  }

  bool run_node(std::size_t i) {
    lang::Diagnostics& d = node_diags_[i];
    if (options_.interrupted != nullptr && options_.interrupted->load()) {
      if (!interrupt_reported_.exchange(true)) {
        d.error("Apply interrupted",
                "Actions that had started finished and are recorded in the state; the rest "
                "did not start. Run plan again to see what is left.");
      }
      return false;
    }
    std::size_t config_nodes = walks_configuration() ? graph_.nodes.size() : 0;
    if (i >= config_nodes) return destroy(*deletes_[i - config_nodes], d);
    if (deferred_.count(graph_.address(i))) return false;  // a further round's: skip what depends on it
    if (auto done = modules_->visit(i, d)) return *done;
    const auto [m, n] = graph_.nodes[i];
    const GraphNode& node = graph_.node(i);
    if (node.kind == GraphNode::Kind::Provider) return true;  // configured before the walk
    const lang::Module& config = *graph_.modules[m].config;
    bool ok = true;
    for (ModuleInstance* mi : modules_->instances(m)) {
      ok = (node.kind == GraphNode::Kind::DataSource
                ? read_data(config.data_sources[node.index], *mi, d)
                : apply_resource(config.resources[node.index], *mi, d)) && ok;
    }
    return ok;
  }

  // Reads a data source again, now that everything it refers to exists.
  bool read_data(const lang::Resource& r, ModuleInstance& mi, lang::Diagnostics& d) {
    ModuleScope outer(mi.values);
    auto instances = expand(r.count, r.for_each, "\"" + join_address(mi.address, r.address()) + "\"",
                            outer, mi.values.functions(), d);
    if (!instances) return false;
    return read_data_instances(r, mi, *modules_, *instances, providers_, false, d);
  }

  // Applies the planned changes of every instance of `r` in module instance `mi`.
  bool apply_resource(const lang::Resource& r, ModuleInstance& mi, lang::Diagnostics& d) {
    std::vector<std::pair<InstanceKey, const Change*>> changes;
    if (auto it = by_resource_.find({mi.address, r.address()}); it != by_resource_.end()) {
      for (const auto& [key, c] : it->second) {
        if (c->action != Action::Delete) changes.emplace_back(key, c);
      }
    }
    std::sort(changes.begin(), changes.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    const Repetition repetition = repetition_of(r.count, r.for_each);
    if (changes.empty() && repetition == Repetition::None) {
      if (plan_.partial) return true;  // left out by -target or -exclude
      d.error(r.range, join_address(mi.address, r.address()) + ": not in the plan",
              "The configuration has a resource that the plan does not know about.");
      return false;
    }
    std::vector<lang::Diagnostics> instance_diags(changes.size());
    std::vector<std::optional<lang::Value>> results(changes.size());
    tbb::parallel_for(std::size_t(0), changes.size(), [&](std::size_t k) {
      results[k] = apply_instance(r, mi, Instance{changes[k].first, each_value(r, mi, changes[k].first)},
                                  *changes[k].second, instance_diags[k]);
    });
    bool ok = true;
    std::vector<std::pair<InstanceKey, lang::Value>> values;
    for (std::size_t k = 0; k < changes.size(); ++k) {
      d.append(instance_diags[k]);
      if (!results[k]) ok = false;
      else values.emplace_back(changes[k].first, *results[k]);
    }
    mi.values.set_resource(r.address(), collect_instances(repetition, values));
    return ok;
  }

  // each.value of the instance `key` of `r`: for_each evaluated again (it is known by now).
  lang::Value each_value(const lang::Resource& r, ModuleInstance& mi, const InstanceKey& key) {
    if (!r.for_each || key.kind != InstanceKey::Kind::Name) return lang::Value::null();
    std::lock_guard lock(each_mutex_);
    auto& cached = each_values_[{&r, mi.address}];
    if (!cached) {
      ModuleScope scope(mi.values);
      lang::Diagnostics ignored;
      auto instances = expand(nullptr, r.for_each, r.address(), scope, mi.values.functions(), ignored);
      cached.emplace();
      if (instances) {
        for (auto& inst : *instances) cached->emplace(inst.key.name, std::move(inst.each_value));
      }
    }
    auto it = cached->find(key.name);
    return it == cached->end() ? lang::Value::unknown() : it->second;
  }

  // One instance: its value afterwards, or nullopt after an error.
  std::optional<lang::Value> apply_instance(const lang::Resource& resource, ModuleInstance& mi,
                                            const Instance& instance, const Change& change,
                                            lang::Diagnostics& d) {
    ModuleScope outer(mi.values);
    InstanceScope scope(outer, instance);
    const auto& functions = mi.values.functions();
    try {
      const auto& lifecycle = resource.lifecycle;
      if (!check_conditions(lifecycle.preconditions, ConditionKind::Precondition,
                            change.address, scope, functions, nullptr, d)) {
        return std::nullopt;
      }
      auto result = apply_change(resource, change, scope, functions, d);
      if (!result) return std::nullopt;
      if (!check_conditions(lifecycle.postconditions, ConditionKind::Postcondition,
                            change.address, scope, functions, &*result, d)) {
        return std::nullopt;
      }
      return result;
    } catch (const std::exception& e) {
      d.error(resource.range, change.address + ": " + e.what());
      return std::nullopt;
    }
  }

  // The object after the change, or nullopt after an error.
  std::optional<lang::Value> apply_change(const lang::Resource& resource, const Change& change,
                                          const lang::Scope& scope,
                                          const lang::FunctionTable& functions,
                                          lang::Diagnostics& d) {
    if (change.action == Action::NoOp) return change.after;
    providers::Plugin& plugin = providers_.get(change.provider);
    const auto* schema = plugin.schema().find(change.type);
    if (schema == nullptr) {
      d.error(resource.range, change.address + ": the provider no longer has type " + change.type);
      return std::nullopt;
    }
    // Now that everything it refers to exists, the configuration is fully known.
    lang::Value config = lang::evaluate_body(*resource.body, scope, &functions, d);
    if (d.has_errors()) return std::nullopt;
    auto conformed = conform_config(resource, *schema, config, d);
    if (!conformed) return std::nullopt;
    bool replacing = change.action == Action::Replace;
    lang::Value prior = replacing ? lang::Value::null() : change.before;
    auto final_plan = plan_resource(resource, *schema, *conformed, prior, false, plugin, d);
    if (!final_plan) return std::nullopt;
    if (!consistent(change.after, final_plan->after)) {
      d.error(resource.range, change.address + ": provider produced an inconsistent final plan",
              "The values planned for " + change.address +
                  " changed between plan and apply; this is a bug in provider \"" +
                  change.provider + "\". Run plan again.");
      return std::nullopt;
    }
    const lang::Value& planned = final_plan->after;

    if (replacing && !change.create_before_destroy) {
      if (!destroy_object(change, change.address, change.before, d)) return std::nullopt;
      return create(change, planned, *schema, d, Action::Replace);
    }
    if (replacing) {
      // The old object is kept under a deposed address until it is gone, so that a crash
      // in between leaves both in the state.
      std::string deposed = change.address + "#deposed";
      writer_.put(change, change.before, schema->version, deposed);
      auto created = create(change, planned, *schema, d, Action::Replace);
      if (!created || !destroy_object(change, deposed, change.before, d)) return std::nullopt;
      return created;
    }
    if (change.action == Action::Create) return create(change, planned, *schema, d, Action::Create);
    return update(change, planned, *schema, d);
  }

  std::optional<lang::Value> create(const Change& change, const lang::Value& planned,
                                    const providers::ResourceSchema& schema, lang::Diagnostics& d,
                                    Action shown) {
    auto start = Clock::now();
    if (observer_) observer_->started(change, shown == Action::Replace ? Action::Create : shown);
    lang::Value created;
    bool ok = call_apply(change, lang::Value::null(), planned, created, d);
    if (!created.is_null()) {
      writer_.put(change, remark(created, planned, schema), schema.version, change.address,
                  ok ? "ready" : "tainted");
    }
    if (!ok) {
      if (observer_) observer_->errored(change, Action::Create, seconds_since(start));
      return std::nullopt;
    }
    if (shown == Action::Create) ++added_;
    else ++added_, ++destroyed_;
    lang::Value result = remark(created, planned, schema);
    if (observer_) observer_->finished(change, Action::Create, seconds_since(start), id_of(result));
    return result;
  }

  std::optional<lang::Value> update(const Change& change, const lang::Value& planned,
                                    const providers::ResourceSchema& schema, lang::Diagnostics& d) {
    auto start = Clock::now();
    if (observer_) observer_->started(change, Action::Update);
    lang::Value updated;
    bool ok = call_apply(change, change.before, planned, updated, d);
    if (!updated.is_null()) writer_.put(change, remark(updated, planned, schema), schema.version, change.address);
    if (!ok) {
      if (observer_) observer_->errored(change, Action::Update, seconds_since(start));
      return std::nullopt;
    }
    ++changed_;
    lang::Value result = remark(updated, planned, schema);
    if (observer_) observer_->finished(change, Action::Update, seconds_since(start), id_of(result));
    return result;
  }

  bool destroy(const Change& change, lang::Diagnostics& d) {
    if (!destroy_object(change, change.address, change.before, d)) return false;
    ++destroyed_;
    return true;
  }

  bool destroy_object(const Change& change, const std::string& address,
                      const lang::Value& object, lang::Diagnostics& d) {
    auto start = Clock::now();
    if (observer_) observer_->started(change, Action::Delete);
    lang::Value remaining;
    bool ok = call_apply(change, object, lang::Value::null(), remaining, d);
    if (ok || remaining.is_null()) {
      if (ok) writer_.remove(address);
    }
    if (!ok) {
      if (observer_) observer_->errored(change, Action::Delete, seconds_since(start));
      return false;
    }
    if (observer_) observer_->finished(change, Action::Delete, seconds_since(start), "");
    return true;
  }

  // One provider apply call. `result` gets the object that exists afterwards (null when
  // none), also when the provider reports a failure after a partial change.
  bool call_apply(const Change& change, const lang::Value& prior, const lang::Value& planned,
                  lang::Value& result, lang::Diagnostics& d) {
    json unknown;
    json params = {{"type", change.type},
                   {"prior_state", prior.is_null() ? json(nullptr) : to_json(prior)},
                   {"planned_state", planned.is_null() ? json(nullptr) : to_json(planned, &unknown)}};
    params["unknown"] = unknown.is_null() ? json::array() : unknown;
    json response;
    try {
      response = providers_.get(change.provider).call("apply", params);
    } catch (const std::exception& e) {
      result = prior;  // an error response means nothing changed
      d.error(change.address + ": " + std::string(action_name(change.action)) + " failed",
              redact(redact(e.what(), planned), prior));
      return false;
    }
    result = from_json(response.value("new_state", json(nullptr)));
    bool ok = true;
    for (const auto& diag : response.value("diagnostics", json::array())) {
      std::string summary =
          change.address + ": " + redact(redact(diag.value("summary", std::string("provider error")), planned), prior);
      std::string detail = redact(redact(diag.value("detail", std::string()), planned), prior);
      if (diag.value("severity", std::string("error")) == "warning") {
        d.add({lang::Severity::Warning, summary, detail, std::nullopt});
      } else {
        d.error(summary, detail);
        ok = false;
      }
    }
    return ok;
  }

  // Carries the sensitive marks of the plan and the schema over to what the provider returned.
  static lang::Value remark(const lang::Value& object, const lang::Value& planned,
                            const providers::ResourceSchema& schema) {
    std::vector<std::string> names = sensitive_attributes(planned);
    for (const auto& a : schema.attributes) {
      if (a.sensitive) names.push_back(a.name);
    }
    return mark_echoed_secrets(mark_attributes_sensitive(object, names), planned);
  }

  // Every value known in the saved plan must be the same in the final plan.
  static bool consistent(const lang::Value& saved, const lang::Value& final_value) {
    if (saved.is_unknown()) return true;
    if (saved.kind() != lang::Value::Kind::Object || final_value.kind() != lang::Value::Kind::Object) {
      return same_value(saved, final_value) || !saved.is_wholly_known();
    }
    const auto& f = final_value.as_object();
    for (const auto& [name, v] : saved.as_object()) {
      auto it = f.find(name);
      lang::Value other = it == f.end() ? lang::Value::null() : it->second;
      if (v.is_wholly_known() && !same_value(v, other)) return false;
    }
    return true;
  }

  static std::string id_of(const lang::Value& object) {
    if (object.kind() != lang::Value::Kind::Object) return "";
    auto it = object.as_object().find("id");
    if (it == object.as_object().end() || it->second.kind() != lang::Value::Kind::String ||
        it->second.is_sensitive()) {
      return "";  // a sensitive id is never shown
    }
    return it->second.as_string();
  }

  static double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  // The root outputs as apply left them: an output that could not be evaluated (after an
  // error, or left out of a partial plan) keeps its stored value.
  void commit_outputs(const std::vector<NodeStatus>& status) {
    std::vector<state::OutputValue> out;
    const ModuleValues& root = modules_->root().values;
    for (const auto& o : module_.outputs) {
      auto node = graph_.find(0, "output." + o.name);
      auto v = root.output(o.name);
      if (!node || status[*node] != NodeStatus::Done || !v || !v->is_wholly_known()) {
        for (const auto& stored : stored_outputs_) {
          if (stored.name == o.name) out.push_back(stored);
        }
        continue;
      }
      out.push_back({o.name, dump_json_value(*v), o.sensitive});
    }
    writer_.outputs(out);
  }

  const Plan& plan_;
  const lang::Module& module_;
  StateWriter writer_;
  ProviderSet& providers_;
  ApplyOptions options_;
  ApplyObserver* observer_;
  std::vector<state::OutputValue> stored_outputs_;

  ModuleGraph graph_;
  std::unique_ptr<ModuleWalk> modules_;
  Dag dag_;
  std::map<std::string, const Change*> by_address_;
  /// (module instance address, "TYPE.NAME") -> the planned changes of its instances
  std::map<std::pair<std::string, std::string>, std::vector<std::pair<InstanceKey, const Change*>>>
      by_resource_;
  std::vector<const Change*> deletes_;
  std::set<std::string> deferred_;  // the plan's deferred blocks, by address
  std::vector<lang::Diagnostics> node_diags_;
  std::mutex each_mutex_;
  std::map<std::pair<const lang::Resource*, std::string>,
           std::optional<std::map<std::string, lang::Value>>>
      each_values_;
  std::atomic<int> added_{0}, changed_{0}, destroyed_{0}, forgotten_{0}, imported_{0};
  std::atomic<bool> interrupt_reported_{false};
};

}  // namespace

ApplyResult apply_plan(const Plan& plan, const lang::Module& module, state::Backend& backend,
                       ProviderSet& providers, const ApplyOptions& options,
                       ApplyObserver* observer, lang::Diagnostics& diags) {
  Executor executor(plan, module, backend, providers, options, observer);
  return executor.run(diags);
}

}  // namespace infra::planner
