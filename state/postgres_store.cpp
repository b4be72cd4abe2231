// The PostgreSQL store: the default workspace's state in the configured schema, every other
// workspace's in a schema of its own, named in the catalog table `infra_workspaces` of the
// configured schema (docs/state.md, "Workspaces on PostgreSQL").
#include <cstdio>
#include <optional>
#include <type_traits>

#include "state/identity.hpp"
#include "state/postgres_backend.hpp"
#include "state/postgres_connection.hpp"
#include "state/postgres_schema.hpp"
#include "state/store.hpp"
#include "state/workspaces.hpp"

namespace infra::state {

namespace {

constexpr std::size_t kMaxSchemaName = 63;
constexpr std::size_t kHashedPrefix = 40;

class PostgresStore final : public Store {
 public:
  PostgresStore(std::string conn_str, std::string schema)
      : conn_str_(std::move(conn_str)), schema_(std::move(schema)) {}

  std::string kind() const override { return "postgres"; }

  std::string location(std::string_view workspace) override {
    return "schema " + schema_of(workspace) + " of " + describe_server(conn_str_);
  }

  bool has_state(std::string_view workspace) override {
    return guarded("cannot look for the state", [&] {
      if (workspace != kDefaultWorkspace && !registered(workspace)) return false;
      return !db().exec("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'meta'",
                        {schema_of(workspace)})
                  .empty();
    });
  }

  std::vector<std::string> list() override {
    return guarded("cannot list the workspaces", [&] {
      std::vector<std::string> names{std::string(kDefaultWorkspace)};
      if (!catalog_exists()) return names;
      const PgRows rows = db().exec("SELECT name FROM \"" + schema_ +
                                    "\".infra_workspaces ORDER BY name COLLATE \"C\"");
      for (const auto& row : rows.rows) {
        if (row[0] && *row[0] != kDefaultWorkspace) names.push_back(*row[0]);
      }
      return names;
    });
  }

  std::unique_ptr<Backend> open(std::string_view workspace, const StateKeys& keys) override {
    if (workspace == kDefaultWorkspace) return open_postgres(conn_str_, schema_, keys);
    // The catalog lives in the default workspace's schema, which must be a state first
    // (opened with the same keys: the workspaces of a store share them).
    open_postgres(conn_str_, schema_, keys);
    guarded("cannot create the workspace", [&] {
      register_workspace(workspace);
      return 0;
    });
    return open_postgres(conn_str_, schema_of(workspace), keys);
  }

  void remove(std::string_view workspace) override {
    if (workspace == kDefaultWorkspace) throw StateError("the default workspace cannot be removed");
    guarded("cannot remove the workspace", [&] {
      transaction([&] {
        db().exec("DELETE FROM \"" + schema_ + "\".infra_workspaces WHERE name = $1",
                  {std::string(workspace)});
        db().exec("DROP SCHEMA IF EXISTS \"" + schema_of(workspace) + "\" CASCADE");
      });
      return 0;
    });
  }

 private:
  std::string schema_of(std::string_view workspace) const {
    return workspace == kDefaultWorkspace ? schema_ : postgres_workspace_schema(schema_, workspace);
  }

  PgConnection& db() {
    if (!db_) db_ = std::make_unique<PgConnection>(conn_str_, std::vector<std::string>{
                                                                  "SET client_encoding TO 'UTF8'"});
    return *db_;
  }

  template <typename F>
  std::invoke_result_t<F> guarded(const std::string& what, F&& f) {
    try {
      return f();
    } catch (const PgError& e) {
      throw StateError(describe_server(conn_str_) + " (schema " + schema_ + "): " + what + ": " +
                       e.what());
    }
  }

  template <typename F>
  void transaction(F&& f) {
    db().exec("BEGIN");
    try {
      f();
      db().exec("COMMIT");
    } catch (...) {
      try {
        db().exec("ROLLBACK");
      } catch (const PgError&) {
        // The connection is gone, and the transaction with it.
      }
      throw;
    }
  }

  bool catalog_exists() {
    return !db().exec("SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = "
                      "'infra_workspaces'",
                      {schema_})
                .empty();
  }

  bool registered(std::string_view workspace) {
    return catalog_exists() &&
           !db().exec("SELECT 1 FROM \"" + schema_ + "\".infra_workspaces WHERE name = $1",
                      {std::string(workspace)})
                .empty();
  }

  /// Records `workspace` in the catalog. A schema of that name that the catalog does not
  /// name belongs to something else: another configuration's state, or not a state at all.
  void register_workspace(std::string_view workspace) {
    const std::string name(workspace);
    const std::string schema = schema_of(workspace);
    transaction([&] {
      // Two clients creating the first workspace at once must not both create the table.
      db().exec("SELECT pg_advisory_xact_lock($1)",
                {std::to_string(static_cast<std::int64_t>(stable_hash("infra-workspaces:" + schema_)))});
      db().exec("CREATE TABLE IF NOT EXISTS \"" + schema_ +
                "\".infra_workspaces (name TEXT COLLATE \"C\" PRIMARY KEY, "
                "schema_name TEXT NOT NULL UNIQUE, created TEXT NOT NULL)");
      const PgRows row = db().exec(
          "SELECT schema_name FROM \"" + schema_ + "\".infra_workspaces WHERE name = $1", {name});
      if (!row.empty()) return;
      if (!db().exec("SELECT 1 FROM pg_namespace WHERE nspname = $1", {schema}).empty()) {
        throw StateError(describe_server(conn_str_) + ": cannot create workspace \"" + name +
                         "\": its schema " + schema +
                         " already exists and is not a workspace of the state in schema " +
                         schema_);
      }
      db().exec("INSERT INTO \"" + schema_ +
                    "\".infra_workspaces (name, schema_name, created) VALUES ($1, $2, $3)",
                {name, schema, utc_now_iso8601()});
    });
  }

  std::string conn_str_;
  std::string schema_;
  std::unique_ptr<PgConnection> db_;
};

bool simple_name(std::string_view name) {
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return !name.empty();
}

}  // namespace

std::string postgres_workspace_schema(const std::string& schema_name, std::string_view workspace) {
  std::string readable = schema_name + "_ws_" + std::string(workspace);
  if (simple_name(workspace) && readable.size() <= kMaxSchemaName) return readable;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(stable_hash(std::string(workspace))));
  return schema_name.substr(0, kHashedPrefix) + "_ws_" + hex;
}

std::unique_ptr<Store> postgres_store(const std::string& conn_str, const std::string& schema_name) {
  check_schema_name(schema_name);
  return std::make_unique<PostgresStore>(conn_str, schema_name);
}

}  // namespace infra::state
