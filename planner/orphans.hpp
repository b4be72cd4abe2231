// The instances of the state that a plan does not configure: why they go (the words after
// "because"), which `removed` blocks take them, and which stay because their block was
// deferred to a further round.
#pragma once

#include <string>
#include <vector>

#include "lang/config.hpp"
#include "planner/address.hpp"
#include "planner/module_graph.hpp"
#include "planner/plan.hpp"

namespace infra::planner {

/// Why the instance at `address` goes: "index [2] is out of range for count", "key
/// [\"x\"] is not in for_each", "module.app is not in the configuration", ...
std::string orphan_reason(const std::string& address, const ModuleGraph& graph);

/// The resource of the configuration that an instance address belongs to, if any.
const lang::Resource* configured_resource(const std::string& address, const ModuleGraph& graph);

/// Whether an instance belongs to a deferred block (or to a module it is in): it stays
/// until a further round plans it.
bool is_deferred(const std::string& address, const std::vector<Deferral>& deferred);

/// One removed block, with the module it is in.
struct Removal {
  ObjectAddress from;
  std::size_t prefix;  // the number of module steps before `from`
  std::vector<std::string> path;
  const lang::Removed* block;
};

/// The removed blocks of every module of the tree.
std::vector<Removal> removed_blocks(const ModuleGraph& graph);

/// The removed block that takes the instance at `address`, or null.
const Removal* removal_of(const std::string& address, const std::vector<Removal>& removed);

/// Reports every removed block that names what the configuration still declares.
void check_removed(const ModuleGraph& graph, lang::Diagnostics& diags);

}  // namespace infra::planner
