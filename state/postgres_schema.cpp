// The PostgreSQL state's schema, one migration step per version. The steps run in one
// transaction holding a transaction-level advisory lock (distinct from the state lock),
// so that two clients opening a fresh schema at once cannot both create it, and a client
// killed mid-migration leaves the old version.
#include "state/postgres_schema.hpp"

#include "state/backend.hpp"
#include "state/identity.hpp"
#include "state/postgres_connection.hpp"

namespace infra::state {

namespace {

/// Version 0 (no schema, or an empty one) to version 1: the tables of the SQLite store's
/// schema version 2, in PostgreSQL's types. Text that is sorted or compared (addresses,
/// names) uses the "C" collation: byte order, as SQLite sorts.
void create_v1(PgConnection& db) {
  db.run(R"sql(
    CREATE TABLE meta (
      one           INTEGER PRIMARY KEY CHECK (one = 1),
      lineage       TEXT    NOT NULL,
      serial        BIGINT  NOT NULL,
      history_start BIGINT  NOT NULL
    );
    CREATE TABLE instances (
      address         TEXT COLLATE "C" PRIMARY KEY,
      type            TEXT    NOT NULL,
      name            TEXT    NOT NULL,
      provider        TEXT    NOT NULL,
      schema_version  INTEGER NOT NULL,
      attributes      TEXT    NOT NULL,
      sensitive_paths TEXT    NOT NULL,
      dependencies    TEXT    NOT NULL,
      status          TEXT    NOT NULL,
      module          TEXT    NOT NULL,
      index_key       TEXT    NOT NULL
    );
    CREATE TABLE outputs (
      name      TEXT COLLATE "C" PRIMARY KEY,
      value     TEXT    NOT NULL,
      sensitive BOOLEAN NOT NULL
    );
    CREATE TABLE lock (
      one       INTEGER PRIMARY KEY CHECK (one = 1),
      id        TEXT    NOT NULL,
      holder    TEXT    NOT NULL,
      operation TEXT    NOT NULL,
      created   TEXT    NOT NULL,
      pid       INTEGER NOT NULL
    );
    CREATE TABLE versions (
      id           BIGSERIAL PRIMARY KEY,
      first_serial BIGINT NOT NULL,
      serial       BIGINT NOT NULL,
      time         TEXT   NOT NULL,
      "user"       TEXT   NOT NULL,
      command      TEXT   NOT NULL
    );
    CREATE TABLE changes (
      serial           BIGINT  NOT NULL,
      seq              INTEGER NOT NULL,
      version          BIGINT  NOT NULL REFERENCES versions (id),
      action           TEXT    NOT NULL,
      address          TEXT    NOT NULL,
      previous_address TEXT    NOT NULL,
      before           TEXT,
      after            TEXT,
      PRIMARY KEY (serial, seq)
    );
    CREATE INDEX changes_by_version ON changes (version);
  )sql");
  db.exec("INSERT INTO meta (one, lineage, serial, history_start) VALUES (1, $1, 0, 0)",
          {random_uuid()});
}

/// Version 1 to version 2: encryption at rest, as in the SQLite store's version 3. NULL:
/// the payloads are in clear; else the encryption's settings and key check value.
void add_encryption_v2(PgConnection& db) {
  db.run("ALTER TABLE meta ADD COLUMN encryption TEXT");
}

struct Migration {
  int to;  // the version the step produces, from `to - 1`
  void (*apply)(PgConnection&);
};

// Append only: a released step never changes, since states in the wild went through it.
constexpr Migration kMigrations[] = {
    {1, create_v1},
    {2, add_encryption_v2},
};
static_assert(std::size(kMigrations) == kPostgresSchemaVersion);

}  // namespace

bool valid_schema_name(const std::string& name) {
  if (name.empty() || name.size() > 63 || name.rfind("pg_", 0) == 0) return false;
  if (name[0] >= '0' && name[0] <= '9') return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

void check_schema_name(const std::string& name) {
  if (valid_schema_name(name)) return;
  throw StateError("the PostgreSQL state's schema name \"" + name +
                   "\" is not valid: use 1 to 63 lowercase letters, digits and underscores, "
                   "starting with a letter or underscore and not with pg_");
}

std::int64_t lock_key(const std::string& name) {
  return static_cast<std::int64_t>(stable_hash("infra-state:" + name));
}

void migrate_postgres(PgConnection& db, const std::string& name, const std::string& where) {
  db.exec("BEGIN");
  try {
    // Another key than the state lock's, so that opening a locked state does not wait.
    db.exec("SELECT pg_advisory_xact_lock($1)",
            {std::to_string(static_cast<std::int64_t>(stable_hash("infra-migrate:" + name)))});
    // Only create what is missing: CREATE SCHEMA needs a privilege that a team's role
    // may lack when an administrator created the schema for it.
    if (db.exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {name}).empty()) {
      db.exec("CREATE SCHEMA \"" + name + "\"");
    }
    int version = 0;
    if (!db.exec("SELECT to_regclass('schema_migrations')").text(0, 0).empty()) {
      version =
          std::stoi(db.exec("SELECT coalesce(max(version), 0) FROM schema_migrations").text(0, 0));
    } else if (!db.exec("SELECT 1 FROM pg_tables WHERE schemaname = $1", {name}).empty()) {
      throw StateError(where + ": the schema holds tables, but not an infra state");
    } else {
      db.exec(
          "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
    }
    if (version > kPostgresSchemaVersion) {
      throw StateError(where + ": the state has schema version " + std::to_string(version) +
                       ", newer than version " + std::to_string(kPostgresSchemaVersion) +
                       " that this build of infra knows; use a newer infra");
    }
    for (const Migration& step : kMigrations) {
      if (step.to <= version) continue;
      step.apply(db);
      db.exec("INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)",
              {std::to_string(step.to), utc_now_iso8601()});
    }
    db.exec("COMMIT");
  } catch (...) {
    try {
      db.exec("ROLLBACK");
    } catch (const PgError&) {
      // The connection is gone, and the transaction with it.
    }
    throw;
  }
}

}  // namespace infra::state
