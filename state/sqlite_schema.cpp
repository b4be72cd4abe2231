// The SQLite state's schema, one migration step per version. Every step runs inside the
// same IMMEDIATE transaction as the version check, so two processes opening a fresh file
// at once cannot both create it, and a crash mid-migration leaves the old version.
#include "state/sqlite_schema.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "state/backend.hpp"
#include "state/identity.hpp"
#include "state/instance_address.hpp"

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

/// Version 1 to version 2: instances gain their module path and index key (derived from
/// the address), and history begins: versions, the changes of each write, and the serial
/// from which history is recorded (the serial at the migration, for an existing state).
void add_history_v2(SQLite::Database& db) {
  db.exec(R"sql(
    ALTER TABLE meta ADD COLUMN history_start INTEGER NOT NULL DEFAULT 0;
    UPDATE meta SET history_start = serial;
    ALTER TABLE instances ADD COLUMN module    TEXT NOT NULL DEFAULT '';
    ALTER TABLE instances ADD COLUMN index_key TEXT NOT NULL DEFAULT 'null';
    CREATE TABLE versions (
      id           INTEGER PRIMARY KEY,
      first_serial INTEGER NOT NULL,
      serial       INTEGER NOT NULL,
      time         TEXT    NOT NULL,
      user         TEXT    NOT NULL,
      command      TEXT    NOT NULL
    );
    CREATE TABLE changes (
      serial           INTEGER NOT NULL,
      seq              INTEGER NOT NULL,
      version          INTEGER NOT NULL REFERENCES versions (id),
      action           TEXT    NOT NULL,
      address          TEXT    NOT NULL,
      previous_address TEXT    NOT NULL,
      before           TEXT,
      after            TEXT,
      PRIMARY KEY (serial, seq)
    );
    CREATE INDEX changes_by_version ON changes (version);
  )sql");
  SQLite::Statement select(db, "SELECT address FROM instances");
  SQLite::Statement update(db, "UPDATE instances SET module = ?, index_key = ? WHERE address = ?");
  while (select.executeStep()) {
    const std::string address = select.getColumn(0).getString();
    // An address that does not parse (none should) keeps the root module and no key.
    const auto parts = split_instance_address(address);
    if (!parts) continue;
    update.bind(1, parts->module);
    update.bind(2, parts->index_key_json);
    update.bind(3, address);
    update.exec();
    update.reset();
  }
}

/// Version 2 to version 3: encryption at rest. NULL: the payloads are in clear; else the
/// encryption's settings and key check value (state/encryption.hpp, PayloadCodec).
void add_encryption_v3(SQLite::Database& db) {
  db.exec("ALTER TABLE meta ADD COLUMN encryption TEXT");
}

struct Migration {
  int to;  // the version the step produces, from `to - 1`
  void (*apply)(SQLite::Database&);
};

// Append only: a released step never changes, since states in the wild went through it.
constexpr Migration kMigrations[] = {
    {1, create_v1},
    {2, add_history_v2},
    {3, add_encryption_v3},
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

void migrate_sqlite(SQLite::Database& db, const std::filesystem::path& path, int target) {
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
  if (version >= target) return;  // the transaction rolls back: nothing to do

  for (const Migration& step : kMigrations) {
    if (step.to > version && step.to <= target) step.apply(db);
  }
  // PRAGMA takes no bound parameters; both values are integers from this file.
  db.exec("PRAGMA application_id = " + std::to_string(kSqliteApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(target));
  tx.commit();
}

}  // namespace infra::state
