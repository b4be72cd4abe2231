// The configuration graph: variables, locals, resources, data sources, module calls,
// outputs and provider blocks of a module, with an edge for every reference and
// depends_on, and from every resource and data source to the provider block it uses. Undeclared
// references, references out of their place (count.index without count, each.* without
// for_each, self outside a postcondition) and cycles are errors.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "lang/config.hpp"
#include "planner/dag.hpp"

namespace infra::planner {

struct GraphNode {
  enum class Kind { Variable, Local, Resource, Output, DataSource, ModuleCall, Provider };
  Kind kind;
  std::size_t index;    // into the module's vector of that kind
  /// "var.x", "local.y", "local_file.a", "output.z", "data.local_file.b", "module.app",
  /// "provider.docker", "provider.docker.remote"
  std::string address;
  lang::SourceRange range;
};

/// A reference from a node to a called module: `module.NAME.OUTPUT`, `module.NAME` (all
/// of its outputs) or, in depends_on, the whole module.
struct ModuleReference {
  std::size_t from;      // the node that refers
  std::string call;      // NAME
  std::string output;    // OUTPUT, "" for all of them
  bool depends_on = false;
  lang::SourceRange range;
};

struct ConfigGraph {
  std::vector<GraphNode> nodes;
  std::vector<ModuleReference> module_references;
  /// For each import block of the module, the nodes it refers to.
  std::vector<std::vector<std::size_t>> import_dependencies;
  Dag dag;  // dag.deps[i]: the nodes node i references
  std::map<std::string, std::size_t> by_address;

};

/// Builds the graph of `module`. Reports undeclared references (with their place) and
/// cycles (naming every member with its place) to `diags`.
ConfigGraph build_graph(const lang::Module& module, lang::Diagnostics& diags);

/// The address of the node of provider configuration `key` ("docker", "docker.remote").
inline std::string provider_node_address(const std::string& key) { return "provider." + key; }

}  // namespace infra::planner
