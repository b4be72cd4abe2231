// The schema of the SQLite state and its migrations (docs/state.md describes the tables).
#pragma once

#include <filesystem>

namespace SQLite {
class Database;
}

namespace infra::state {

/// The schema version this build writes, kept in `PRAGMA user_version`. To change the
/// schema, bump it and append one step to kMigrations in sqlite_schema.cpp.
inline constexpr int kSqliteSchemaVersion = 3;

/// Stamped into `PRAGMA application_id` so that a foreign SQLite file is recognised ("INFR").
inline constexpr int kSqliteApplicationId = 0x494e4652;

/// Brings the database at `path` to `target` (kSqliteSchemaVersion unless a test writes
/// an older file) in one transaction; on an empty
/// database this creates the tables and a fresh lineage with serial 0. Throws StateError
/// when the database is not an infra state or has a newer schema than this build knows.
void migrate_sqlite(SQLite::Database& db, const std::filesystem::path& path,
                    int target = kSqliteSchemaVersion);

}  // namespace infra::state
