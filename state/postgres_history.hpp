// The history tables of the PostgreSQL state (versions and changes, docs/state.md):
// writing them inside a write's transaction and reading them back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "state/backend.hpp"
#include "state/encryption.hpp"

namespace infra::state {

class PgConnection;

/// Records the changes of the write that produced `serial`, inside the caller's
/// transaction: in the version `version_id` when it is not 0 (moving its serial on), or
/// in a new version for `command`. Returns the id of the version used. Before and after
/// are stored through `codec`, as the reads below open them.
std::int64_t record_write(PgConnection& db, const PayloadCodec& codec, std::int64_t version_id,
                          const std::string& command, std::int64_t serial,
                          const std::vector<Change>& changes);

/// Every version, newest first, with its changes.
std::vector<Version> select_history(PgConnection& db, const PayloadCodec& codec);

/// The changes recorded after `serial`, newest first (for undo_changes).
std::vector<Change> changes_after(PgConnection& db, const PayloadCodec& codec,
                                  std::int64_t serial);

}  // namespace infra::state
