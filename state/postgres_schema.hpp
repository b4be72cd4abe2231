// The schema of the PostgreSQL state and its migrations (docs/state.md, "PostgreSQL
// backend", describes the tables).
#pragma once

#include <cstdint>
#include <string>

namespace infra::state {

class PgConnection;

/// The schema version this build writes, kept in the `schema_migrations` table. To change
/// the schema, bump it and append one step to kMigrations in postgres_schema.cpp.
inline constexpr int kPostgresSchemaVersion = 2;

/// Whether `name` may name the state's schema: 1 to 63 lowercase ASCII letters, digits and
/// underscores, starting with a letter or underscore, not starting with "pg_". Such a name
/// needs no quoting and means the same to every client.
bool valid_schema_name(const std::string& name);

/// Throws StateError saying what a valid name is when `name` is not one.
void check_schema_name(const std::string& name);

/// The key of the session-level advisory lock that locks the state in schema `name`: the
/// first 8 bytes of a 64-bit FNV-1a hash of "infra-state:" + name, stable across builds.
std::int64_t lock_key(const std::string& name);

/// Creates the schema `name` and its tables when missing and brings an older one to
/// kPostgresSchemaVersion, in one transaction. Throws StateError, starting with `where`,
/// when the schema holds other tables or has a newer version than this build knows.
void migrate_postgres(PgConnection& db, const std::string& name, const std::string& where);

}  // namespace infra::state
