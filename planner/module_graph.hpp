// The graph of a whole configuration: the graph of every module of the tree (the root and
// each module it calls, through any depth), joined at the module calls. Everything in a
// called module runs after its module block (which decides its instances and inputs);
// `module.NAME.OUTPUT` runs after that output.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lang/config.hpp"
#include "planner/dag.hpp"
#include "planner/graph.hpp"

namespace infra::planner {

/// One module of the configuration, before count and for_each of module blocks.
struct TreeModule {
  std::string path;  // "" for the root, `module.app`, `module.app.module.db`
  const lang::Module* config = nullptr;
  ConfigGraph graph;
  std::size_t offset = 0;             // the whole graph's id of graph.nodes[0]
  std::optional<std::size_t> parent;  // index into ModuleGraph::modules
  std::size_t call = 0;               // index into the parent's module_calls
  std::map<std::string, std::size_t> children;  // module block name -> module index
};

struct ModuleGraph {
  std::vector<TreeModule> modules;  // [0] is the root; a parent comes before its children
  Dag dag;
  struct NodeRef {
    std::size_t module;
    std::size_t node;  // into modules[module].graph.nodes
  };
  std::vector<NodeRef> nodes;  // by id
  /// The provider blocks of the root whose arguments use resources, data sources or
  /// modules (directly or through locals), by key ("docker", "docker.remote") -> node id:
  /// they are configured when the walk reaches them, not before it. The others use only
  /// variables and locals, and are configured before anything is planned.
  std::map<std::string, std::size_t> walk_providers;

  const GraphNode& node(std::size_t id) const {
    return modules[nodes[id].module].graph.nodes[nodes[id].node];
  }
  /// Every distinct module directory of the tree, the root first.
  std::vector<const lang::Module*> configs() const;
  /// The node's address in the whole configuration: `module.app.local_file.a`.
  std::string address(std::size_t id) const;
  /// The id of a node of module `m`, by its address within the module.
  std::optional<std::size_t> find(std::size_t m, const std::string& address) const;
  /// The node of the resource that instance `address` (`module.app["x"].local_file.a[0]`)
  /// belongs to, if the configuration still has it.
  std::optional<std::size_t> resource_of_instance(const std::string& address) const;
  /// The resources node `id` depends on, directly or through anything else (locals,
  /// variables, outputs, module blocks), as node ids in no particular order.
  std::vector<std::size_t> resource_dependency_ids(std::size_t id) const;
  /// The same as sorted configuration addresses (`local_file.a`, `module.app.local_file.b`).
  std::vector<std::string> resource_dependencies(std::size_t id) const;
};

/// Builds the graph of `root` and the modules it calls (lang::load_module loaded them).
/// Reports what build_graph reports for each module (once per directory), references to
/// outputs a called module does not declare, aliased provider configurations a called
/// module uses that its module block does not pass, and cycles across modules.
ModuleGraph build_module_graph(const lang::Module& root, lang::Diagnostics& diags);

}  // namespace infra::planner
