// The SQLite state's schema, one migration step per version. Every step runs inside the
// same IMMEDIATE transaction as the version check, so two processes opening a fresh file
// at once cannot both create it, and a crash mid-migration leaves the old version.
#include "state/sqlite_schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "state/backend.hpp"
#include "state/identity.hpp"

namespace infra::state {

namespace {

/// Version 0 (empty database) to version 1: the first schema.
void create_v1(SQLite::Database& db) {
  db.exec(R"sql(
    CREATE TABLE meta (
      one     INTEGER PRIMARY KEY CHECK (one = 1),
      lineage TEXT    NOT NULL,
      serial  INTEGER NOT NULL
    );
    CREATE TABLE instances (
      address         TEXT PRIMARY KEY,
      type            TEXT    NOT NULL,
      name            TEXT    NOT NULL,
      provider        TEXT    NOT NULL,
      schema_version  INTEGER NOT NULL,
      attributes      TEXT    NOT NULL,
      sensitive_paths TEXT    NOT NULL,
      dependencies    TEXT    NOT NULL,
      status          TEXT    NOT NULL
    );
    CREATE TABLE outputs (
      name      TEXT PRIMARY KEY,
      value     TEXT    NOT NULL,
      sensitive INTEGER NOT NULL
    );
    CREATE TABLE lock (
      one       INTEGER PRIMARY KEY CHECK (one = 1),
      id        TEXT NOT NULL,
      holder    TEXT NOT NULL,
      operation TEXT NOT NULL,
      created   TEXT NOT NULL
    );
  )sql");
  SQLite::Statement insert(db, "INSERT INTO meta (one, lineage, serial) VALUES (1, ?, 0)");
  insert.bind(1, random_uuid());
  insert.exec();
}

struct Migration {
  int to;  // the version the step produces, from `to - 1`
  void (*apply)(SQLite::Database&);
};

// Append only: a released step never changes, since states in the wild went through it.
constexpr Migration kMigrations[] = {
    {1, create_v1},
};
static_assert(std::size(kMigrations) == kSqliteSchemaVersion);

int pragma_int(SQLite::Database& db, const char* pragma) {
  return db.execAndGet(std::string("PRAGMA ") + pragma).getInt();
}

bool has_tables(SQLite::Database& db) {
  return db.execAndGet("SELECT count(*) FROM sqlite_schema WHERE substr(name, 1, 7) <> 'sqlite_'")
             .getInt() > 0;
}

}  // namespace

void migrate_sqlite(SQLite::Database& db, const std::filesystem::path& path) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  const int application_id = pragma_int(db, "application_id");
  const int version = pragma_int(db, "user_version");

  const bool ours = application_id == kSqliteApplicationId;
  if (!ours && (application_id != 0 || version != 0 || has_tables(db))) {
    throw StateError(path.string() + ": a SQLite database, but not an infra state");
  }
  if (version > kSqliteSchemaVersion) {
    throw StateError(path.string() + ": the state has schema version " +
                     std::to_string(version) + ", newer than version " +
                     std::to_string(kSqliteSchemaVersion) +
                     " that this build of infra knows; use a newer infra");
  }
  if (version == kSqliteSchemaVersion) return;  // the transaction rolls back: nothing to do

  for (const Migration& step : kMigrations) {
    if (step.to > version) step.apply(db);
  }
  // PRAGMA takes no bound parameters; both values are integers from this file.
  db.exec("PRAGMA application_id = " + std::to_string(kSqliteApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(kSqliteSchemaVersion));
  tx.commit();
}

}  // namespace infra::state
