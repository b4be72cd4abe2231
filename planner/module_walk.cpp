// Module instances and the nodes plan and apply evaluate alike: see planner/module_walk.hpp.
#include "planner/module_walk.hpp"

#include <filesystem>

#include "lang/ast.hpp"
#include "planner/conditions.hpp"

namespace infra::planner {

std::optional<std::string> ModuleInstance::provider(const std::string& local) const {
  if (parent == nullptr) return local;
  if (auto it = passed_providers.find(local); it != passed_providers.end()) return it->second;
  if (local.find('.') != std::string::npos) return std::nullopt;
  return parent->provider(local);
}

ModuleWalk::ModuleWalk(const ModuleGraph& graph,
                       const std::map<std::string, lang::Value>& variables, bool planning,
                       std::chrono::system_clock::time_point time, std::string workspace)
    : graph_(graph), planning_(planning), time_(time), workspace_(std::move(workspace)) {
  owned_.resize(graph.modules.size());
  instances_.resize(graph.modules.size());
  auto root = make_instance(0, "", Instance{}, nullptr);
  for (const auto& [name, v] : variables) root->values.set_variable(name, v);
  instances_[0].push_back(root.get());
  owned_[0].push_back(std::move(root));
}

ModuleWalk::~ModuleWalk() = default;

std::unique_ptr<ModuleInstance> ModuleWalk::make_instance(std::size_t m, std::string address,
                                                          Instance instance,
                                                          const ModuleInstance* parent) {
  auto mi = std::make_unique<ModuleInstance>();
  mi->module = m;
  mi->address = std::move(address);
  mi->instance = std::move(instance);
  mi->parent = parent;
  const lang::Module& config = *graph_.modules[m].config;
  const lang::Module& root = *graph_.modules[0].config;
  mi->values.set_paths(config.dir.string(), root.dir.string(),
                       std::filesystem::current_path().string());
  mi->values.set_function_context(config, root.dir, planning_, time_);
  mi->values.set_workspace(workspace_);
  for (const auto& r : config.data_sources) mi->values.set_resource(r.address(), lang::Value::unknown());
  const ModuleInstance* self = mi.get();
  mi->values.set_module_calls([this, self](const std::string& name) {
    std::lock_guard lock(calls_mutex_);
    auto it = calls_.find({self, name});
    if (it == calls_.end()) return lang::Value::unknown();  // not expanded yet
    std::vector<std::pair<InstanceKey, lang::Value>> values;
    for (const ModuleInstance* child : it->second.instances) {
      values.emplace_back(child->instance.key, outputs_of(*child));
    }
    return collect_instances(it->second.repetition, values);
  });
  return mi;
}

lang::Value ModuleWalk::outputs_of(const ModuleInstance& mi) const {
  lang::Value::Object out;
  for (const auto& o : graph_.modules[mi.module].config->outputs) {
    // An output not evaluated yet is known only later.
    out.emplace(o.name, mi.values.output(o.name).value_or(lang::Value::unknown()));
  }
  return lang::Value::object(std::move(out));
}

std::optional<bool> ModuleWalk::visit(std::size_t id, lang::Diagnostics& diags) {
  const auto [m, n] = graph_.nodes[id];
  const TreeModule& t = graph_.modules[m];
  const GraphNode& node = t.graph.nodes[n];
  const lang::Module& config = *t.config;
  bool ok = true;
  switch (node.kind) {
    case GraphNode::Kind::Variable:
      return true;  // the root's are given; a called module's are set by its module block
    case GraphNode::Kind::Local:
      for (ModuleInstance* mi : instances_[m]) {
        const auto& local = config.locals[node.index];
        ModuleScope scope(mi->values);
        lang::Diagnostics d;
        mi->values.set_local(local.name, lang::evaluate(*local.value, scope, &mi->values.functions(), d));
        diags.append(d);
        ok = ok && !d.has_errors();
      }
      return ok;
    case GraphNode::Kind::ModuleCall: {
      const lang::ModuleCall& call = config.module_calls[node.index];
      auto child = t.children.find(call.name);
      if (child == t.children.end()) return false;  // not loaded: reported
      return visit_call(id, m, call, child->second, diags);
    }
    case GraphNode::Kind::Output:
      for (ModuleInstance* mi : instances_[m]) {
        const auto& out = config.outputs[node.index];
        ModuleScope scope(mi->values);
        lang::Diagnostics d;
        const std::string where = join_address(mi->address, "output \"" + out.name + "\"");
        if (!check_conditions(out.preconditions, ConditionKind::OutputPrecondition, where, scope,
                              mi->values.functions(), nullptr, d)) {
          diags.append(d);
          ok = false;
          continue;
        }
        lang::Value v = lang::evaluate(*out.value, scope, &mi->values.functions(), d)
                            .marked_sensitive(out.sensitive);
        if (!out.sensitive && v.contains_sensitive()) {
          d.error(out.range, "Output refers to sensitive values",
                  "Output \"" + out.name + "\" would expose a sensitive value; declare it "
                  "with sensitive = true.");
        }
        diags.append(d);
        if (d.has_errors()) {
          ok = false;
          continue;
        }
        mi->values.set_output(out.name, std::move(v));
      }
      return ok;
    case GraphNode::Kind::Resource:
    case GraphNode::Kind::DataSource:
    case GraphNode::Kind::Provider:
      break;
  }
  return std::nullopt;
}

bool ModuleWalk::visit_call(std::size_t id, std::size_t m, const lang::ModuleCall& call,
                            std::size_t child, lang::Diagnostics& diags) {
  const lang::Module& config = *graph_.modules[child].config;
  const Repetition repetition = repetition_of(call.count, call.for_each);
  bool ok = true;
  std::map<std::string, lang::AttributeInfo> given;  // the module block's arguments
  for (auto& a : lang::attributes(*call.body)) given.emplace(a.name, a);
  std::vector<std::unique_ptr<ModuleInstance>> made;
  for (ModuleInstance* parent : instances_[m]) {
    ModuleScope outer(parent->values);
    const std::string what = "module \"" + call.name + "\"";
    bool unknown = false;
    auto instances = expand(call.count, call.for_each, what, outer, parent->values.functions(), diags,
                            planning_ ? &unknown : nullptr);
    if (unknown) {
      defer(id, std::string(call.count ? "count" : "for_each") + " is known only after apply");
      return false;
    }
    if (!instances) {
      ok = false;
      continue;
    }
    CallInstances call_instances{repetition, {}};
    for (Instance& instance : *instances) {
      std::string address =
          join_address(parent->address, "module." + call.name + instance.key.suffix());
      InstanceScope scope(outer, instance);
      auto mi = make_instance(child, std::move(address), instance, parent);
      lang::Diagnostics d;
      // The input variables, evaluated where the module block is.
      for (const auto& var : config.variables) {
        lang::Value value;
        lang::SourceRange where = call.range;
        if (auto it = given.find(var.name); it != given.end()) {
          value = lang::evaluate(*it->second.expr, scope, &parent->values.functions(), d);
          where = lang::range_of(*it->second.expr);
        } else if (var.default_value) {
          lang::ConstantScope constant;
          value = lang::evaluate(*var.default_value, constant, &mi->values.functions(), d);
        } else {
          continue;  // reported by the loader
        }
        if (d.has_errors()) break;
        auto accepted = accept_variable(var, value, where, mi->values.functions(), d);
        if (accepted) mi->values.set_variable(var.name, std::move(*accepted));
      }
      // The provider configurations passed to it.
      for (const auto& [inner, outer_ref] : call.providers) {
        std::string key = outer_ref.key();
        if (outer_ref.index) {
          lang::Value index = lang::evaluate(*outer_ref.index, scope, &parent->values.functions(), d);
          if (d.has_errors()) break;
          if (!index.is_wholly_known() || index.kind() != lang::Value::Kind::String) {
            d.error(lang::range_of(*outer_ref.index), "Invalid provider instance key",
                    "The key of provider \"" + key + "\" passed to " + what + " must be a string "
                    "known before planning (a constant, a variable or each.key).");
            break;
          }
          key += InstanceKey::of_name(index.as_string()).suffix();
        }
        auto resolved = parent->provider(key);
        if (!resolved) {
          d.error(outer_ref.range, "Provider configuration not present",
                  "\"" + key + "\" is not a configuration this module has: pass it to this "
                  "module with its own providers argument.");
          break;
        }
        mi->passed_providers[inner.key()] = *resolved;
      }
      diags.append(d);
      if (d.has_errors()) {
        ok = false;
        continue;
      }
      call_instances.instances.push_back(mi.get());
      made.push_back(std::move(mi));
    }
    std::lock_guard lock(calls_mutex_);
    calls_[{parent, call.name}] = std::move(call_instances);
  }
  for (auto& mi : made) {
    instances_[child].push_back(mi.get());
    owned_[child].push_back(std::move(mi));
  }
  return ok;
}

void ModuleWalk::defer(std::size_t id, std::string reason) {
  std::lock_guard lock(deferred_mutex_);
  deferred_.emplace(id, std::move(reason));
}

std::map<std::size_t, std::string> ModuleWalk::deferred() const {
  std::lock_guard lock(deferred_mutex_);
  return deferred_;
}

std::optional<std::string> ModuleWalk::provider_of(const lang::Resource& r,
                                                   const ModuleInstance& mi,
                                                   const lang::Scope& scope,
                                                   lang::Diagnostics& diags) const {
  auto local = provider_key(r, scope, mi.values.functions(), diags);
  if (!local) return std::nullopt;
  auto key = mi.provider(*local);
  if (!key) {
    diags.error(r.provider_range, "Provider configuration not present",
                r.address() + " in " + mi.address + " uses provider \"" + *local +
                    "\", which its module block does not pass.");
  }
  return key;
}

}  // namespace infra::planner
