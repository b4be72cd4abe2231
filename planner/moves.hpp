// `moved` blocks, and the moves Infra makes by itself when a resource gains or loses
// `count`: the state's instances are renamed before the plan is made, so that what moved
// is updated (or left alone) instead of destroyed and created again.
#pragma once

#include <string>
#include <vector>

#include "lang/diagnostics.hpp"
#include "planner/module_graph.hpp"
#include "state/backend.hpp"

namespace infra::planner {

/// One instance of the state that gets a new address.
struct Move {
  std::string from;
  std::string to;
};

/// Renames the instances of `prior` as the `moved` blocks of every module say (a block in
/// a called module moves within each of its instances; chains a -> b -> c are followed),
/// then moves `TYPE.NAME` to `TYPE.NAME[0]` for a resource that now has count, and back
/// for one that lost it. A move whose target already has an object, or that would move
/// one object onto another, is skipped with a warning at the block. Returns what moved,
/// sorted by the new address; `prior` stays sorted by address.
std::vector<Move> apply_moves(const ModuleGraph& graph, state::Snapshot& prior,
                              lang::Diagnostics& diags);

}  // namespace infra::planner
