// Rewinding a state through its history: what every backend's snapshot_at does once it
// has the changes recorded after the serial it wants.
#pragma once

#include <cstdint>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// Turns `snapshot` (the state at its serial) into the state at `serial` by undoing
/// `newest_first`, the changes recorded after `serial`, newest first.
void undo_changes(Snapshot& snapshot, const std::vector<Change>& newest_first, std::int64_t serial);

}  // namespace infra::state
