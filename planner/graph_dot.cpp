// infra graph: see planner/graph_dot.hpp.
#include "planner/graph_dot.hpp"

#include <map>
#include <set>
#include <sstream>

#include "planner/address.hpp"

namespace infra::planner {
namespace {

/// A DOT string literal.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

const char* shape_of(GraphNode::Kind kind) {
  switch (kind) {
    case GraphNode::Kind::Resource:
      return "box";
    case GraphNode::Kind::DataSource:
      return "note";
    case GraphNode::Kind::ModuleCall:
      return "component";
    case GraphNode::Kind::Output:
      return "house";
    case GraphNode::Kind::Provider:
      return "diamond";
    case GraphNode::Kind::Variable:
    case GraphNode::Kind::Local:
      break;
  }
  return "ellipse";
}

/// How DOT names a node: `provider["docker.remote"]` for a provider configuration, as
/// Terraform writes them, the address for the rest.
std::string dot_name(const ModuleGraph& graph, std::size_t i) {
  const GraphNode& n = graph.node(i);
  if (n.kind != GraphNode::Kind::Provider) return graph.address(i);
  return "provider[" + quoted(n.address.substr(std::string("provider.").size())) + "]";
}

}  // namespace

std::string plan_graph_dot(const ModuleGraph& graph) {
  std::ostringstream out;
  out << "digraph infra {\n  compound = \"true\"\n  newrank = \"true\"\n  rankdir = \"RL\"\n";
  // Default configurations without a block have no node of their own: one is drawn for
  // each that is used.
  std::set<std::string> implied;
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode& n = graph.node(i);
    out << "  " << quoted(dot_name(graph, i)) << " [shape = " << shape_of(n.kind) << "]\n";
  }
  for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
    const GraphNode& n = graph.node(i);
    std::set<std::string> targets;
    bool has_provider = false;
    for (std::size_t d : graph.dag.deps[i]) {
      targets.insert(dot_name(graph, d));
      has_provider = has_provider || graph.node(d).kind == GraphNode::Kind::Provider;
    }
    if ((n.kind == GraphNode::Kind::Resource || n.kind == GraphNode::Kind::DataSource) &&
        !has_provider) {
      const lang::Module& config = *graph.modules[graph.nodes[i].module].config;
      const lang::Resource& r = n.kind == GraphNode::Kind::Resource ? config.resources[n.index]
                                                                    : config.data_sources[n.index];
      const std::string provider = "provider[" + quoted(r.provider_key()) + "]";
      implied.insert(provider);
      targets.insert(provider);
    }
    for (const auto& t : targets) out << "  " << quoted(dot_name(graph, i)) << " -> " << quoted(t) << "\n";
  }
  for (const auto& p : implied) out << "  " << quoted(p) << " [shape = diamond]\n";
  out << "}\n";
  return out.str();
}

std::string apply_graph_dot(const Plan& plan) {
  std::ostringstream out;
  out << "digraph infra {\n  compound = \"true\"\n  newrank = \"true\"\n  rankdir = \"RL\"\n";
  // The instances of each resource of the configuration, for the dependencies.
  std::map<std::string, std::vector<const Change*>> by_config;
  for (const auto& c : plan.changes) {
    auto a = parse_instance_address(c.address);
    by_config[a ? a->config_address() : c.address].push_back(&c);
  }
  const auto shown = [](const Change& c) {
    return c.action != Action::NoOp || !c.moved_from.empty() || !c.import_id.empty();
  };
  for (const auto& c : plan.changes) {
    if (!shown(c)) continue;
    out << "  " << quoted(c.address) << " [label = " << quoted(c.address + " (" + std::string(action_name(c.action)) + ")")
        << ", shape = box]\n";
  }
  for (const auto& c : plan.changes) {
    if (!shown(c)) continue;
    for (const auto& dep : c.dependencies) {
      auto it = by_config.find(dep);
      if (it == by_config.end()) continue;
      for (const Change* d : it->second) {
        if (!shown(*d)) continue;
        // A dependency is destroyed after what depends on it.
        if (c.action == Action::Delete && d->action == Action::Delete) {
          out << "  " << quoted(d->address) << " -> " << quoted(c.address) << "\n";
        } else if (d->action != Action::Delete) {
          out << "  " << quoted(c.address) << " -> " << quoted(d->address) << "\n";
        }
      }
    }
  }
  out << "}\n";
  return out.str();
}

}  // namespace infra::planner
