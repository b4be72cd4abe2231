// Instances the configuration no longer has: see planner/orphans.hpp.
#include "planner/orphans.hpp"

#include "planner/expansion.hpp"

namespace infra::planner {

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
  for (const lang::Module* config : graph.configs()) {
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

}  // namespace infra::planner
