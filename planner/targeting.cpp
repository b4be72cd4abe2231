// -target and -exclude: see planner/targeting.hpp.
#include "planner/targeting.hpp"

namespace infra::planner {
namespace {

/// The module steps of node `id`, by name, from the root.
std::vector<std::string> module_names(const ModuleGraph& graph, std::size_t id) {
  std::vector<std::string> names;
  for (std::size_t m = graph.nodes[id].module; graph.modules[m].parent; m = *graph.modules[m].parent) {
    const auto& parent = graph.modules[*graph.modules[m].parent];
    names.insert(names.begin(), parent.config->module_calls[graph.modules[m].call].name);
  }
  return names;
}

/// Whether `a` names node `id` or a module it is in (keys aside).
bool names_node(const ObjectAddress& a, const ModuleGraph& graph, std::size_t id) {
  const std::vector<std::string> path = module_names(graph, id);
  if (path.size() < a.modules.size()) return false;
  for (std::size_t i = 0; i < a.modules.size(); ++i) {
    if (path[i] != a.modules[i].first) return false;
  }
  if (!a.resource) return true;
  const GraphNode& n = graph.node(id);
  const bool data = n.kind == GraphNode::Kind::DataSource;
  if (path.size() != a.modules.size() || (n.kind != GraphNode::Kind::Resource && !data)) return false;
  return n.address == (a.data ? "data." : "") + a.type + "." + a.name && data == a.data;
}

/// Whether `a` names node `id` with an instance key somewhere, so that only some of its
/// instances are meant.
bool keyed(const ObjectAddress& a) {
  if (a.indexed) return true;
  for (const auto& step : a.modules) {
    if (step.second.kind != InstanceKey::Kind::None) return true;
  }
  return false;
}

}  // namespace

std::optional<Selection> Selection::make(const ModuleGraph& graph,
                                         const std::vector<std::string>& targets,
                                         const std::vector<std::string>& excludes,
                                         lang::Diagnostics& diags) {
  Selection s;
  if (targets.empty() && excludes.empty()) return s;
  bool ok = true;
  const auto parse = [&](const std::vector<std::string>& list, const char* flag,
                         std::vector<ObjectAddress>& out) {
    for (const auto& text : list) {
      auto a = parse_object_address(text);
      if (!a) {
        diags.error("Invalid " + std::string(flag) + " address \"" + text + "\"",
                    "Name a resource, a resource instance or a module, like local_file.a, "
                    "local_file.a[\"key\"], module.app or module.app[0].local_file.b.");
        ok = false;
        continue;
      }
      bool found = false;
      for (std::size_t id = 0; id < graph.nodes.size() && !found; ++id) found = names_node(*a, graph, id);
      if (!found) {
        diags.error("Invalid " + std::string(flag) + " address \"" + text + "\"",
                    "The configuration has no " + std::string(a->resource ? "resource" : "module") +
                        " " + text + ".");
        ok = false;
        continue;
      }
      out.push_back(std::move(*a));
    }
  };
  parse(targets, "-target", s.targets_);
  parse(excludes, "-exclude", s.excludes_);
  if (!ok) return std::nullopt;

  const std::size_t n = graph.nodes.size();
  if (!s.targets_.empty()) {
    // What is named, then everything it depends on, whole.
    s.nodes_.assign(n, Cover::Out);
    std::vector<std::size_t> pending;
    for (std::size_t id = 0; id < n; ++id) {
      for (const auto& t : s.targets_) {
        if (!names_node(t, graph, id)) continue;
        if (s.nodes_[id] == Cover::Out) s.nodes_[id] = keyed(t) ? Cover::Targeted : Cover::Whole;
        else if (!keyed(t)) s.nodes_[id] = Cover::Whole;
        pending.push_back(id);
      }
    }
    while (!pending.empty()) {
      const std::size_t id = pending.back();
      pending.pop_back();
      for (std::size_t d : graph.dag.deps[id]) {
        if (s.nodes_[d] == Cover::Whole) continue;
        s.nodes_[d] = Cover::Whole;
        pending.push_back(d);
      }
    }
  } else {
    s.nodes_.assign(n, Cover::Whole);
  }
  if (!s.excludes_.empty()) {
    // What is named, and everything that depends on it, out.
    std::vector<std::vector<std::size_t>> dependents(n);
    for (std::size_t id = 0; id < n; ++id) {
      for (std::size_t d : graph.dag.deps[id]) dependents[d].push_back(id);
    }
    std::vector<std::size_t> pending;
    for (std::size_t id = 0; id < n; ++id) {
      for (const auto& e : s.excludes_) {
        if (!names_node(e, graph, id) || s.nodes_[id] == Cover::Out) continue;
        s.nodes_[id] = keyed(e) ? Cover::Excluded : Cover::Out;
        pending.push_back(id);
      }
    }
    while (!pending.empty()) {
      const std::size_t id = pending.back();
      pending.pop_back();
      for (std::size_t d : dependents[id]) {
        if (s.nodes_[d] == Cover::Out) continue;
        s.nodes_[d] = Cover::Out;
        pending.push_back(d);
      }
    }
  }
  // A root output is worth evaluating only when everything it refers to is planned.
  for (std::size_t id = 0; id < n; ++id) {
    if (graph.node(id).kind != GraphNode::Kind::Output || graph.nodes[id].module != 0) continue;
    bool all = true;
    for (std::size_t d : graph.dag.deps[id]) all = all && s.nodes_[d] != Cover::Out;
    s.nodes_[id] = all ? Cover::Whole : Cover::Out;
  }
  return s;
}

bool Selection::instance(std::size_t id, const std::string& address) const {
  if (nodes_.empty()) return true;
  const Cover c = nodes_[id];
  if (c == Cover::Whole) return true;
  if (c == Cover::Out) return false;
  auto a = parse_instance_address(address);
  if (!a) return false;
  const auto& list = c == Cover::Targeted ? targets_ : excludes_;
  bool named = false;
  for (const auto& t : list) named = named || t.contains(*a, 0);
  return c == Cover::Targeted ? named : !named;
}

bool Selection::orphan(const std::string& address) const {
  if (nodes_.empty()) return true;
  auto a = parse_instance_address(address);
  if (!a) return targets_.empty();
  for (const auto& e : excludes_) {
    if (e.contains(*a, 0)) return false;
  }
  if (targets_.empty()) return true;
  for (const auto& t : targets_) {
    if (t.contains(*a, 0)) return true;
  }
  return false;
}

}  // namespace infra::planner
