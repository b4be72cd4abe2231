// The executor: a DAG of actions walked with bounded parallelism; each finished provider
// action is committed to the state before any dependent starts.
#include "planner/apply.hpp"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

#include <nlohmann/json.hpp>

#include "planner/dag.hpp"
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

// The one owner of state writes during an apply: SQLite connections are not shared
// between threads, so every commit goes through here.
class StateWriter {
 public:
  explicit StateWriter(state::Backend& backend) : backend_(backend) {}

  void put(const Change& change, const lang::Value& object, int schema_version,
           const std::string& address, const std::string& status = "ready") {
    state::ResourceInstance inst;
    inst.address = address;
    inst.type = change.type;
    inst.name = address == change.address ? change.name : address.substr(change.type.size() + 1);
    inst.provider = change.provider;
    inst.schema_version = schema_version;
    inst.attributes_json = to_json(object).dump();
    inst.sensitive_paths = sensitive_attributes(object);
    inst.dependencies = change.dependencies;
    inst.status = status;
    std::lock_guard lock(mutex_);
    backend_.put_instance(inst);
  }
  void remove(const std::string& address) {
    std::lock_guard lock(mutex_);
    backend_.remove_instance(address);
  }
  void outputs(const std::vector<state::OutputValue>& values) {
    std::lock_guard lock(mutex_);
    backend_.put_outputs(values);
  }

 private:
  state::Backend& backend_;
  std::mutex mutex_;
};

class Executor {
 public:
  Executor(const Plan& plan, const lang::Module& module, state::Backend& backend,
           ProviderSet& providers, const ApplyOptions& options, ApplyObserver* observer)
      : plan_(plan), module_(module), writer_(backend), providers_(providers),
        options_(options), observer_(observer) {}

  ApplyResult run(lang::Diagnostics& diags) {
    graph_ = build_graph(module_, diags);
    if (diags.has_errors()) return {};
    for (const auto& [name, v] : plan_.variables) values_.set_variable(name, v);
    values_.set_paths(module_.dir.string(), module_.dir.string(),
                      std::filesystem::current_path().string());
    values_.set_function_context(
        module_, /*planning=*/false,
        parse_timestamp(plan_.timestamp).value_or(std::chrono::system_clock::now()));
    state::Snapshot none;
    start_providers(module_, none, values_, providers_, diags);
    for (const auto& c : plan_.changes) {
      try {
        providers_.get(c.provider);
      } catch (const std::exception& e) {
        diags.error(c.address + ": provider \"" + c.provider + "\" is not available", e.what());
      }
    }
    if (diags.has_errors()) return {};

    for (const auto& c : plan_.changes) by_address_[c.address] = &c;
    record_refresh();
    build_dag();
    node_diags_.resize(dag_.size());
    output_values_.resize(module_.outputs.size());
    auto status = walk(dag_, options_.parallelism, [this](std::size_t i) { return run_node(i); });
    for (std::size_t i = 0; i < dag_.size(); ++i) diags.append(node_diags_[i]);
    if (!plan_.destroy && !diags.has_errors()) check_assertions(module_, values_, providers_, diags);
    if (!plan_.destroy) commit_outputs(status);
    else writer_.outputs({});
    return {added_.load(), changed_.load(), destroyed_.load()};
  }

 private:
  // What refresh found and the plan leaves alone is recorded as it is now: objects gone
  // outside Infra are forgotten, objects changed outside are stored with their new values.
  void record_refresh() {
    for (const auto& c : plan_.changes) {
      if (c.action == Action::NoOp && c.before.is_null() && c.after.is_null()) writer_.remove(c.address);
    }
    for (const auto& drift : plan_.drift) {
      auto it = by_address_.find(drift.address);
      if (it == by_address_.end() || it->second->action != Action::NoOp || drift.after.is_null()) continue;
      const auto* schema = providers_.get(it->second->provider).schema().find(it->second->type);
      writer_.put(*it->second, drift.after, schema ? schema->version : 0, drift.address);
    }
  }

  // Node ids: 0..graph_.nodes.size()-1 are the configuration's nodes (skipped for a
  // destroy plan); after them, one node per Delete of an instance not in the configuration.
  void build_dag() {
    std::size_t config_nodes = plan_.destroy ? 0 : graph_.nodes.size();
    for (std::size_t i = 0; i < config_nodes; ++i) dag_.add_node();
    if (!plan_.destroy) dag_.deps = graph_.dag.deps;
    std::map<std::string, std::size_t> delete_node;
    for (const auto& c : plan_.changes) {
      if (c.action != Action::Delete) continue;
      if (!plan_.destroy && module_.find_resource(c.type, c.name) != nullptr) continue;
      std::size_t n = dag_.add_node();
      deletes_.push_back(&c);
      delete_node[c.address] = n;
    }
    // Destroy in reverse dependency order: a dependency goes after what depends on it.
    for (const auto& c : plan_.changes) {
      auto self = delete_node.find(c.address);
      for (const auto& dep : c.dependencies) {
        auto d = delete_node.find(dep);
        if (d == delete_node.end()) continue;
        if (self != delete_node.end()) {
          dag_.add_edge(d->second, self->second);
        } else if (auto g = graph_.by_address.find(c.address);
                   !plan_.destroy && g != graph_.by_address.end()) {
          // Something still configured used to depend on it: update that first.
          dag_.add_edge(d->second, g->second);
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
    std::size_t config_nodes = plan_.destroy ? 0 : graph_.nodes.size();
    if (i >= config_nodes) return destroy(*deletes_[i - config_nodes], d);
    const GraphNode& node = graph_.nodes[i];
    ModuleScope scope(values_);
    switch (node.kind) {
      case GraphNode::Kind::Variable:
        return true;
      case GraphNode::Kind::Local: {
        const auto& local = module_.locals[node.index];
        values_.set_local(local.name, lang::evaluate(*local.value, scope, &values_.functions(), d));
        return !d.has_errors();
      }
      case GraphNode::Kind::ModuleCall:
        return true;  // not planned: the planner rejects them
      case GraphNode::Kind::DataSource: {
        // Read again now that everything it refers to exists.
        const auto& r = module_.data_sources[node.index];
        auto key = provider_key(r, values_, d);
        if (!key) return false;
        auto value = plan_data_source(r, *key, scope, values_, providers_, false, d);
        if (!value) return false;
        values_.set_resource(r.address(), *value);
        return true;
      }
      case GraphNode::Kind::Output: {
        const auto& out = module_.outputs[node.index];
        if (!check_conditions(out.preconditions, ConditionKind::OutputPrecondition,
                              "output \"" + out.name + "\"", scope, values_.functions(),
                              nullptr, d)) {
          return false;
        }
        output_values_[node.index] =
            lang::evaluate(*out.value, scope, &values_.functions(), d).marked_sensitive(out.sensitive);
        return !d.has_errors();
      }
      case GraphNode::Kind::Resource:
        break;
    }
    auto it = by_address_.find(node.address);
    if (it == by_address_.end()) {
      d.error(node.range, node.address + ": not in the plan",
              "The configuration has a resource that the plan does not know about.");
      return false;
    }
    const Change& change = *it->second;
    const auto& resource = module_.resources[node.index];
    try {
      const auto& lifecycle = resource.lifecycle;
      if (!check_conditions(lifecycle.preconditions, ConditionKind::Precondition,
                            change.address, scope, values_.functions(), nullptr, d) ||
          !apply_change(resource, change, scope, d)) {
        return false;
      }
      const lang::Value self = values_.resource(change.address).value_or(lang::Value::null());
      return check_conditions(lifecycle.postconditions, ConditionKind::Postcondition,
                              change.address, scope, values_.functions(), &self, d);
    } catch (const std::exception& e) {
      d.error(resource.range, change.address + ": " + e.what());
      return false;
    }
  }

  bool apply_change(const lang::Resource& resource, const Change& change, ModuleScope& scope,
                    lang::Diagnostics& d) {
    if (change.action == Action::NoOp) {
      values_.set_resource(change.address, change.after);
      return true;
    }
    providers::Plugin& plugin = providers_.get(change.provider);
    const auto* schema = plugin.schema().find(change.type);
    if (schema == nullptr) {
      d.error(resource.range, change.address + ": the provider no longer has type " + change.type);
      return false;
    }
    // Now that everything it refers to exists, the configuration is fully known.
    lang::Value config = lang::evaluate_body(*resource.body, scope, &values_.functions(), d);
    if (d.has_errors()) return false;
    auto conformed = conform_config(resource, *schema, config, d);
    if (!conformed) return false;
    bool replacing = change.action == Action::Replace;
    lang::Value prior = replacing ? lang::Value::null() : change.before;
    auto final_plan = plan_resource(resource, *schema, *conformed, prior, false, plugin, d);
    if (!final_plan) return false;
    if (!consistent(change.after, final_plan->after)) {
      d.error(resource.range, change.address + ": provider produced an inconsistent final plan",
              "The values planned for " + change.address +
                  " changed between plan and apply; this is a bug in provider \"" +
                  change.provider + "\". Run plan again.");
      return false;
    }
    const lang::Value& planned = final_plan->after;

    if (replacing && !change.create_before_destroy) {
      if (!destroy_object(change, change.address, change.before, d)) return false;
      return create(change, planned, *schema, d, Action::Replace);
    }
    if (replacing) {
      // The old object is kept under a deposed address until it is gone, so that a crash
      // in between leaves both in the state.
      std::string deposed = change.address + "#deposed";
      writer_.put(change, change.before, schema->version, deposed);
      if (!create(change, planned, *schema, d, Action::Replace)) return false;
      return destroy_object(change, deposed, change.before, d);
    }
    if (change.action == Action::Create) return create(change, planned, *schema, d, Action::Create);
    return update(change, planned, *schema, d);
  }

  bool create(const Change& change, const lang::Value& planned,
              const providers::ResourceSchema& schema, lang::Diagnostics& d, Action shown) {
    auto start = Clock::now();
    if (observer_) observer_->started(change, shown == Action::Replace ? Action::Create : shown);
    lang::Value created;
    bool ok = call_apply(change, lang::Value::null(), planned, created, d);
    if (!created.is_null()) {
      writer_.put(change, remark(created, planned, schema), schema.version, change.address,
                  ok ? "ready" : "tainted");
    }
    if (!ok) return false;
    values_.set_resource(change.address, remark(created, planned, schema));
    if (shown == Action::Create) ++added_;
    else ++added_, ++destroyed_;
    if (observer_) observer_->finished(change, Action::Create, seconds_since(start), id_of(created));
    return true;
  }

  bool update(const Change& change, const lang::Value& planned,
              const providers::ResourceSchema& schema, lang::Diagnostics& d) {
    auto start = Clock::now();
    if (observer_) observer_->started(change, Action::Update);
    lang::Value updated;
    bool ok = call_apply(change, change.before, planned, updated, d);
    if (!updated.is_null()) writer_.put(change, remark(updated, planned, schema), schema.version, change.address);
    if (!ok) return false;
    values_.set_resource(change.address, remark(updated, planned, schema));
    ++changed_;
    if (observer_) observer_->finished(change, Action::Update, seconds_since(start), id_of(updated));
    return true;
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
    if (!ok) return false;
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
    return mark_attributes_sensitive(object, names);
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
    if (it == object.as_object().end() || it->second.kind() != lang::Value::Kind::String) return "";
    return it->second.as_string();
  }

  static double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  void commit_outputs(const std::vector<NodeStatus>& status) {
    std::vector<state::OutputValue> out;
    for (std::size_t i = 0; i < module_.outputs.size(); ++i) {
      const auto& v = output_values_[i];
      auto node = graph_.by_address.at("output." + module_.outputs[i].name);
      if (status[node] != NodeStatus::Done || !v || !v->is_wholly_known()) continue;
      out.push_back({module_.outputs[i].name, to_json(*v).dump(), module_.outputs[i].sensitive});
    }
    writer_.outputs(out);
  }

  const Plan& plan_;
  const lang::Module& module_;
  StateWriter writer_;
  ProviderSet& providers_;
  ApplyOptions options_;
  ApplyObserver* observer_;

  ConfigGraph graph_;
  Dag dag_;
  ModuleValues values_;
  std::map<std::string, const Change*> by_address_;
  std::vector<const Change*> deletes_;
  std::vector<lang::Diagnostics> node_diags_;
  std::vector<std::optional<lang::Value>> output_values_;
  std::atomic<int> added_{0}, changed_{0}, destroyed_{0};
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
