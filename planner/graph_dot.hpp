// The graphs of `infra graph`, in Graphviz DOT: the configuration's (what plan walks) and a
// plan's (what apply does, instance by instance). Edges point from a node to what it
// depends on, as in Terraform's graphs; `dot -Tsvg` draws them.
#pragma once

#include <string>

#include "planner/module_graph.hpp"
#include "planner/plan.hpp"

namespace infra::planner {

/// Every variable, local, resource, data source, module block and output of the
/// configuration, with the provider configurations resources use.
std::string plan_graph_dot(const ModuleGraph& graph);

/// Every instance `plan` changes, labelled with its action; deletions point the other way
/// (a dependency is destroyed after what depends on it).
std::string apply_graph_dot(const Plan& plan);

}  // namespace infra::planner
