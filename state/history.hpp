// History that every backend records the same way: the changes of a replace_state, and
// rewinding a state (snapshot_at) once a backend has the changes after the serial it wants.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// What replacing the state `current` by `next` changes, as history records it: the lineage,
/// then the instances deleted, then those created or updated (each by address). Outputs
/// are left to the write that replaces them.
std::vector<Change> replacement_changes(const Snapshot& current, const Snapshot& next);

/// Turns `snapshot` (the state at its serial) into the state at `serial` by undoing
/// `newest_first`, the changes recorded after `serial`, newest first.
void undo_changes(Snapshot& snapshot, const std::vector<Change>& newest_first, std::int64_t serial);

/// What a failed move or removal says it could not do, naming every instance:
/// "cannot move instance a to b, c to d", "cannot remove instance a, b".
std::string failed_moves(const std::vector<InstanceMove>& moves);
std::string failed_removals(const std::vector<std::string>& addresses);

}  // namespace infra::state
