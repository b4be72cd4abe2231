// The planning of a configuration's nodes: the graph walked in dependency order, each
// resource and data source expanded and planned per module instance (instances in
// parallel), imports adopted on the way, and blocks whose count or for_each is known only
// after apply deferred.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "lang/diagnostics.hpp"
#include "planner/module_graph.hpp"
#include "planner/plan.hpp"
#include "state/backend.hpp"

namespace infra::planner {

class ModuleWalk;
class ProviderSet;
class RefreshObserver;
class Selection;

struct WalkResult {
  std::vector<Change> changes;     // every configured instance's, in no particular order
  std::vector<Deferral> deferred;  // sorted by address
  /// The evaluated arguments of the provider blocks configured on the way
  /// (ModuleGraph::walk_providers), by configuration key.
  std::map<std::string, lang::Value> provider_configurations;
};

struct WalkOptions {
  int parallelism = 10;  // nodes at once
  /// Read the state's instances of each provider configured on the way, into `current`.
  bool refresh = true;
  /// Visit only the provider blocks configured on the way and what they depend on.
  bool providers_only = false;
  RefreshObserver* observer = nullptr;  // told of each read; may be null
};

/// Walks `graph` with `modules` (whose instances it fills in) against the state `prior`
/// as refresh found it (`current`: an entry for every instance of `prior`; those of the
/// providers configured on the way are read when their provider is). Only what
/// `selection` covers is planned; the instances in `replace` are replaced. Errors go to
/// `diags` in node order.
WalkResult plan_configuration(const ModuleGraph& graph, ModuleWalk& modules,
                              const state::Snapshot& prior,
                              std::map<std::string, lang::Value>& current,
                              ProviderSet& providers, const Selection& selection,
                              const std::set<std::string>& replace, const WalkOptions& options,
                              lang::Diagnostics& diags);

}  // namespace infra::planner
