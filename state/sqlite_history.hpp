// The history tables of the SQLite state (versions and changes, docs/state.md): writing
// them inside a write's transaction, reading them back, and rewinding a snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "state/backend.hpp"
#include "state/encryption.hpp"

namespace SQLite {
class Database;
}

namespace infra::state {

/// Records the changes of the write that produced `serial`, inside the caller's
/// transaction: in the version `version_id` when it is not 0 (moving its serial on), or
/// in a new version for `command`. Returns the id of the version used. Before and after
/// are stored through `codec`, as every read below opens them.
std::int64_t record_write(SQLite::Database& db, const PayloadCodec& codec, std::int64_t version_id,
                          const std::string& command, std::int64_t serial,
                          const std::vector<Change>& changes);

/// Every version, newest first, with its changes.
std::vector<Version> select_history(SQLite::Database& db, const PayloadCodec& codec);

/// Turns `snapshot` (the state at its serial) into the state at `serial` by undoing, newest
/// first, every change recorded after `serial`.
void rewind(SQLite::Database& db, const PayloadCodec& codec, Snapshot& snapshot,
            std::int64_t serial);

}  // namespace infra::state
