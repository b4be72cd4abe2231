// Tests of infra-provider-postgresql through the host, against the throwaway server of the
// postgres_cluster fixture (tests/state/pg_test_server.hpp). For each type: create, read
// back with psql, update in place, replace, drift after a change made with psql, import of
// an object made with psql, destroy. Every object has a name of its own, so that the test
// cases can run in parallel.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "tests/providers/plugin_driver.hpp"
#include "tests/providers/test_support.hpp"
#include "tests/state/pg_test_server.hpp"

using namespace infra::providers;
using nlohmann::json;

namespace {

using infra::providers::test::error_of;
using infra::state::testing::pg_conn_str;

// A name no other test case, process or run uses.
std::string fresh(const std::string& prefix) {
  static int counter = 0;
  return prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// What `psql -Atc SQL` prints (rows as lines, columns separated by '|'), connected to
// `database`; the test fails when psql does.
std::string psql(const std::string& sql, const std::string& database = "postgres") {
  const std::string command = "psql " + shell_quote(pg_conn_str() + " dbname=" + database) +
                              " -X -v ON_ERROR_STOP=1 -Atc " + shell_quote(sql) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  const int status = ::pclose(pipe);
  INFO(sql << "\n" << out);
  REQUIRE(status == 0);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The plugin, configured for the test server, and the steps the engine takes with it.
struct Provider : infra::providers::test::PluginDriver {
  // Configured with `config` (the provider block); default: the test server's conn_str.
  explicit Provider(const json& config = nullptr)
      : PluginDriver("postgresql",
                     config.is_null() ? json{{"conn_str", pg_conn_str()}} : config) {}
};

}  // namespace

TEST_CASE("postgresql: the handshake declares every type, the passwords sensitive") {
  auto plugin = Plugin::start(test::bin_dir() / "infra-provider-postgresql", "postgresql");
  const ProviderSchema& schema = plugin->schema();
  for (const char* type : {"postgresql_role", "postgresql_database", "postgresql_schema",
                           "postgresql_grant", "postgresql_extension"}) {
    CHECK(schema.find(type) != nullptr);
  }
  CHECK(schema.find("postgresql_role")->find("password")->sensitive);
  bool provider_password_sensitive = false;
  for (const auto& attr : schema.config) {
    if (attr.name == "password") provider_password_sensitive = attr.sensitive;
  }
  CHECK(provider_password_sensitive);
}

// The value of `key` in the test server's conn_str ("host=127.0.0.1 port=5433 ...").
std::string conn_setting(const std::string& key) {
  const std::string conn = pg_conn_str();
  const auto at = conn.find(key + "=");
  REQUIRE(at != std::string::npos);
  const auto start = at + key.size() + 1;
  return conn.substr(start, conn.find(' ', start) - start);
}

TEST_CASE("postgresql: the provider block's settings, and a server that cannot be reached") {
  Provider pg({{"host", conn_setting("host")},
               {"port", std::stoi(conn_setting("port"))},
               {"username", "postgres"},
               {"password", "not-needed-here"},
               {"database", "postgres"},
               {"sslmode", "disable"},
               {"connect_timeout", 5}});
  const std::string name = fresh("settings");
  json state = pg.create("postgresql_role", {{"name", name}});
  CHECK(psql("select count(*) from pg_roles where rolname = '" + name + "'") == "1");
  pg.destroy("postgresql_role", state);

  Provider unreachable({{"host", "127.0.0.1"}, {"port", 1}, {"password", "never-shown-pw"}});
  const std::string message = error_of([&] { unreachable.import("postgresql_role", "postgres"); });
  CHECK(message.find("postgresql_role \"postgres\": cannot connect to the PostgreSQL server "
                     "(database \"postgres\"): connection to server at \"127.0.0.1\", port 1 "
                     "failed") != std::string::npos);
  CHECK(message.find("never-shown-pw") == std::string::npos);
}

TEST_CASE("postgresql_role: create, update in place, rename, drift, destroy") {
  Provider pg;
  const std::string name = fresh("role");
  const std::string renamed = fresh("role_renamed");
  json config = {{"name", name},
                 {"login", true},
                 {"password", "s3cret-pass"},
                 {"connection_limit", 5},
                 {"roles", {"pg_read_all_data"}},
                 {"search_path", {"app", "public"}}};
  json state = pg.create("postgresql_role", config);
  CHECK(state["password"] == "s3cret-pass");
  CHECK(state["inherit"] == true);
  CHECK(psql("select rolcanlogin, rolconnlimit, rolsuper, rolpassword is not null from pg_authid "
             "where rolname = '" + name + "'") == "t|5|f|t");
  CHECK(psql("select pg_has_role('" + name + "', 'pg_read_all_data', 'member')") == "t");
  CHECK(psql("select array_to_string(rolconfig, ';') from pg_roles where rolname = '" + name +
             "'") == "search_path=app, public");
  CHECK(pg.read("postgresql_role", state) == state);
  CHECK(pg.unchanged("postgresql_role", state, config));

  // In place: options, memberships, search_path, expiry.
  config["connection_limit"] = 10;
  config["create_database"] = true;
  config["roles"] = json::array();
  config["search_path"] = json::array();
  config["valid_until"] = "2040-01-01";  // read back as the same instant: no drift
  state = pg.update("postgresql_role", state, config);
  CHECK(psql("select rolconnlimit, rolcreatedb, rolconfig is null, rolvaliduntil from pg_roles "
             "where rolname = '" + name + "'") == "10|t|t|2040-01-01 00:00:00+00");
  CHECK(psql("select pg_has_role('" + name + "', 'pg_read_all_data', 'member')") == "f");
  CHECK(pg.unchanged("postgresql_role", pg.read("postgresql_role", state), config));

  // A new name renames in place.
  config["name"] = renamed;
  state = pg.update("postgresql_role", state, config);
  CHECK(psql("select count(*) from pg_roles where rolname = '" + name + "'") == "0");
  CHECK(psql("select rolconnlimit from pg_roles where rolname = '" + renamed + "'") == "10");

  // Drift: changed with psql, read back, planned back.
  psql("alter role " + renamed + " nologin connection limit 3");
  json drifted = pg.read("postgresql_role", state);
  CHECK(drifted["login"] == false);
  CHECK(drifted["connection_limit"] == 3);
  json p = pg.plan("postgresql_role", drifted, config);
  CHECK(p["planned_state"]["login"] == true);
  CHECK(p["requires_replace"] == json::array());
  state = pg.apply("postgresql_role", drifted, p);
  CHECK(psql("select rolcanlogin, rolconnlimit from pg_roles where rolname = '" + renamed + "'") ==
        "t|10");

  pg.destroy("postgresql_role", state);
  CHECK(psql("select count(*) from pg_roles where rolname = '" + renamed + "'") == "0");
  CHECK(pg.read("postgresql_role", state).is_null());
}

TEST_CASE("postgresql_role: import of a role made with psql") {
  Provider pg;
  const std::string name = fresh("imported");
  const std::string group = fresh("group");
  psql("create role " + group + "; create role " + name +
       " login createrole connection limit 4 in role " + group + "; alter role " + name +
       " set search_path to \"$user\", extra");
  json state = pg.import("postgresql_role", name);
  CHECK(state == json{{"name", name},
                      {"login", true},
                      {"password", nullptr},
                      {"superuser", false},
                      {"create_database", false},
                      {"create_role", true},
                      {"inherit", true},
                      {"replication", false},
                      {"connection_limit", 4},
                      {"valid_until", "infinity"},
                      {"roles", {group}},
                      {"search_path", {"$user", "extra"}}});
  CHECK(pg.unchanged("postgresql_role", state,
                     {{"name", name},
                      {"login", true},
                      {"create_role", true},
                      {"connection_limit", 4},
                      {"roles", {group}},
                      {"search_path", {"$user", "extra"}}}));
  CHECK(error_of([&] { pg.import("postgresql_role", fresh("missing")); })
            .find("no role named") != std::string::npos);
  pg.destroy("postgresql_role", state);
  psql("drop role " + group);
}

TEST_CASE("postgresql_role: errors name the role and the attribute, never the password") {
  Provider pg;
  const std::string name = fresh("failing");
  const std::string missing = fresh("no_such_group");
  json config = {{"name", name}, {"password", "do-not-print-me"}, {"roles", {missing}}};
  try {
    pg.create("postgresql_role", config);
    FAIL("created a role in a group that does not exist");
  } catch (const ProviderError& e) {
    const std::string message = e.what();
    CHECK(message.find("postgresql_role \"" + name + "\"") != std::string::npos);
    CHECK(message.find("role \"" + missing + "\" does not exist") != std::string::npos);
    CHECK(message.find("do-not-print-me") == std::string::npos);
    CHECK(to_string(e.path()) == "roles");
  }
  // The transaction rolled back: no half-made role.
  CHECK(psql("select count(*) from pg_roles where rolname = '" + name + "'") == "0");
}

TEST_CASE("postgresql_database: create, update in place, replace, drift, import, destroy") {
  Provider pg;
  const std::string owner = fresh("dbowner");
  const std::string name = fresh("db");
  psql("create role " + owner);
  json config = {{"name", name}, {"owner", owner}, {"connection_limit", 2}};
  json state = pg.create("postgresql_database", config);
  CHECK(state["encoding"] == "UTF8");
  CHECK(state["lc_collate"] == "C");
  CHECK(psql("select pg_get_userbyid(datdba), datconnlimit, datallowconn from pg_database "
             "where datname = '" + name + "'") == owner + "|2|t");
  CHECK(pg.read("postgresql_database", state) == state);
  CHECK(pg.unchanged("postgresql_database", state, config));

  config["connection_limit"] = 9;
  config["allow_connections"] = false;
  config["owner"] = "postgres";
  state = pg.update("postgresql_database", state, config);
  CHECK(psql("select pg_get_userbyid(datdba), datconnlimit, datallowconn from pg_database "
             "where datname = '" + name + "'") == "postgres|9|f");

  // Drift.
  psql("alter database " + name + " connection limit 7");
  json drifted = pg.read("postgresql_database", state);
  CHECK(drifted["connection_limit"] == 7);
  CHECK(pg.plan("postgresql_database", drifted, config)["planned_state"]["connection_limit"] == 9);

  // Another encoding is another database.
  config["encoding"] = "LATIN1";
  config["allow_connections"] = true;
  state = pg.replace("postgresql_database", drifted, config, {"encoding"});
  CHECK(psql("select pg_encoding_to_char(encoding) from pg_database where datname = '" + name +
             "'") == "LATIN1");
  CHECK(pg.unchanged("postgresql_database", pg.read("postgresql_database", state), config));

  pg.destroy("postgresql_database", state);
  CHECK(psql("select count(*) from pg_database where datname = '" + name + "'") == "0");
  CHECK(pg.read("postgresql_database", state).is_null());
  psql("drop role " + owner);
}

TEST_CASE("postgresql_database: import, and destroy while a session is connected") {
  Provider pg;
  const std::string name = fresh("busy");
  psql("create database " + name + " connection limit 20");
  json state = pg.import("postgresql_database", name);
  CHECK(state["connection_limit"] == 20);
  CHECK(state["owner"] == "postgres");
  CHECK(state["template"].is_null());
  // No template recorded: naming one does not replace the imported database.
  json config = {{"name", name}, {"connection_limit", 20}, {"template", "template0"}};
  json p = pg.plan("postgresql_database", state, config);
  CHECK(p["requires_replace"] == json::array());

  // A session in the database: destroying fails, unless force_destroy ends it.
  const std::string session = "psql " + shell_quote(pg_conn_str() + " dbname=" + name) +
                              " -X -c 'select pg_sleep(60)' >/dev/null 2>&1 &";
  REQUIRE(std::system(session.c_str()) == 0);
  for (int i = 0; i < 100 && psql("select count(*) from pg_stat_activity where datname = '" +
                                  name + "'") == "0";
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string message = error_of([&] { pg.destroy("postgresql_database", state); });
  CHECK(message.find("postgresql_database \"" + name + "\"") != std::string::npos);
  CHECK(message.find("being accessed by other users") != std::string::npos);
  config["force_destroy"] = true;
  state = pg.apply("postgresql_database", state, pg.plan("postgresql_database", state, config));
  pg.destroy("postgresql_database", state);
  CHECK(psql("select count(*) from pg_database where datname = '" + name + "'") == "0");
}

TEST_CASE("postgresql_schema: create, rename and owner in place, replace, drift, import") {
  Provider pg;
  const std::string db = fresh("schemadb");
  const std::string db2 = fresh("schemadb2");
  const std::string owner = fresh("schemaowner");
  const std::string name = fresh("sch");
  psql("create role " + owner);
  psql("create database " + db);
  psql("create database " + db2);
  json config = {{"name", name}, {"database", db}};
  json state = pg.create("postgresql_schema", config);
  CHECK(state == json{{"name", name},
                      {"database", db},
                      {"owner", "postgres"},
                      {"if_not_exists", true},
                      {"drop_cascade", false}});
  CHECK(psql("select pg_get_userbyid(nspowner) from pg_namespace where nspname = '" + name + "'",
             db) == "postgres");

  const std::string renamed = fresh("sch_renamed");
  config["name"] = renamed;
  config["owner"] = owner;
  state = pg.update("postgresql_schema", state, config);
  CHECK(psql("select pg_get_userbyid(nspowner) from pg_namespace where nspname = '" + renamed +
             "'", db) == owner);
  CHECK(psql("select count(*) from pg_namespace where nspname = '" + name + "'", db) == "0");

  psql("alter schema " + renamed + " owner to postgres", db);
  json drifted = pg.read("postgresql_schema", state);
  CHECK(drifted["owner"] == "postgres");
  CHECK(pg.plan("postgresql_schema", drifted, config)["planned_state"]["owner"] == owner);

  config["database"] = db2;
  state = pg.replace("postgresql_schema", drifted, config, {"database"});
  CHECK(psql("select count(*) from pg_namespace where nspname = '" + renamed + "'", db) == "0");
  CHECK(psql("select pg_get_userbyid(nspowner) from pg_namespace where nspname = '" + renamed +
             "'", db2) == owner);

  // An owner that does not exist: the message names the schema and the attribute.
  json bad = config;
  bad["owner"] = fresh("nobody");
  try {
    pg.update("postgresql_schema", state, bad);
    FAIL("changed the owner to a role that does not exist");
  } catch (const ProviderError& e) {
    CHECK(std::string(e.what()).find("postgresql_schema \"" + renamed + "\"") != std::string::npos);
    CHECK(to_string(e.path()) == "owner");
  }

  const std::string made = fresh("psql_schema");
  psql("create schema " + made + " authorization " + owner, db);
  json imported = pg.import("postgresql_schema", db + "." + made);
  CHECK(imported["owner"] == owner);
  CHECK(pg.unchanged("postgresql_schema", imported,
                     {{"name", made}, {"database", db}, {"owner", owner}}));
  CHECK(error_of([&] { pg.import("postgresql_schema", "no-dot"); })
            .find("is not of the form DATABASE.SCHEMA") != std::string::npos);

  pg.destroy("postgresql_schema", state);
  pg.destroy("postgresql_schema", imported);
  CHECK(psql("select count(*) from pg_namespace where nspname in ('" + renamed + "', '" + made +
             "')", db2) == "0");
  CHECK(pg.read("postgresql_schema", imported).is_null());
  psql("drop database " + db);
  psql("drop database " + db2);
  psql("drop role " + owner);
}

TEST_CASE("postgresql_grant: tables of a schema, in place, replace, drift, import, destroy") {
  Provider pg;
  const std::string db = fresh("grantdb");
  const std::string role = fresh("reader");
  psql("create role " + role);
  psql("create database " + db);
  psql("create schema app; create table app.a (x int); create table app.b (x int)", db);
  json config = {{"role", role},
                 {"database", db},
                 {"schema", "app"},
                 {"object_type", "table"},
                 {"privileges", {"select", "INSERT"}}};
  json state = pg.create("postgresql_grant", config);
  CHECK(state["privileges"] == json{"INSERT", "SELECT"});
  CHECK(state["with_grant_option"] == false);
  const std::string has = "select has_table_privilege('" + role + "', 'app.a', 'SELECT'), " +
                          "has_table_privilege('" + role + "', 'app.b', 'INSERT'), " +
                          "has_table_privilege('" + role + "', 'app.b', 'UPDATE')";
  CHECK(psql(has, db) == "t|t|f");
  CHECK(pg.read("postgresql_grant", state) == state);
  CHECK(pg.unchanged("postgresql_grant", state, config));

  // In place: other privileges, with grant option.
  config["privileges"] = {"SELECT", "UPDATE"};
  config["with_grant_option"] = true;
  state = pg.update("postgresql_grant", state, config);
  CHECK(psql(has, db) == "t|f|t");
  CHECK(psql("select has_table_privilege('" + role + "', 'app.a', 'SELECT WITH GRANT OPTION')",
             db) == "t");
  CHECK(pg.read("postgresql_grant", state) == state);

  // Drift: a privilege revoked with psql on one table.
  psql("revoke update on app.b from " + role, db);
  json drifted = pg.read("postgresql_grant", state);
  CHECK(drifted["privileges"] == json{"SELECT"});
  state = pg.apply("postgresql_grant", drifted, pg.plan("postgresql_grant", drifted, config));
  CHECK(psql(has, db) == "t|f|t");
  // Everything revoked: the grant is gone.
  psql("revoke all on app.a, app.b from " + role, db);
  CHECK(pg.read("postgresql_grant", state).is_null());
  state = pg.create("postgresql_grant", config);

  // Other objects are another grant.
  config["objects"] = {"a"};
  state = pg.replace("postgresql_grant", state, config, {"objects"});
  CHECK(psql(has, db) == "t|f|f");

  // Import of privileges granted with psql.
  psql("grant usage, create on schema app to " + role, db);
  json imported = pg.import("postgresql_grant", role + "/" + db + "/schema/app");
  CHECK(imported["privileges"] == json{"CREATE", "USAGE"});
  CHECK(pg.unchanged("postgresql_grant", imported,
                     {{"role", role},
                      {"database", db},
                      {"schema", "app"},
                      {"object_type", "schema"},
                      {"privileges", {"CREATE", "USAGE"}}}));
  // Imported without objects; objects = [] means the same: at most an update in place.
  CHECK(pg.plan("postgresql_grant", imported,
                {{"role", role},
                 {"database", db},
                 {"schema", "app"},
                 {"object_type", "schema"},
                 {"objects", json::array()},
                 {"privileges", {"CREATE", "USAGE"}}})["requires_replace"] == json::array());

  pg.destroy("postgresql_grant", state);
  pg.destroy("postgresql_grant", imported);
  CHECK(psql(has + ", has_schema_privilege('" + role + "', 'app', 'USAGE')", db) == "f|f|f|f");
  CHECK(pg.read("postgresql_grant", state).is_null());
  psql("drop database " + db);
  psql("drop role " + role);
}

TEST_CASE("postgresql_grant: databases, sequences, functions and PUBLIC") {
  Provider pg;
  const std::string db = fresh("grantdb");
  const std::string role = fresh("user");
  psql("create role " + role);
  psql("create database " + db);
  psql("create schema app; create sequence app.ids; "
       "create function app.answer() returns int language sql as 'select 42'; "
       "revoke execute on function app.answer() from public",
       db);

  json on_db = pg.create("postgresql_grant", {{"role", role},
                                              {"database", db},
                                              {"object_type", "database"},
                                              {"privileges", {"CONNECT", "CREATE"}}});
  CHECK(psql("select has_database_privilege('" + role + "', '" + db + "', 'CREATE')") == "t");
  json on_sequences = pg.create("postgresql_grant", {{"role", role},
                                                     {"database", db},
                                                     {"schema", "app"},
                                                     {"object_type", "sequence"},
                                                     {"privileges", {"USAGE"}}});
  CHECK(psql("select has_sequence_privilege('" + role + "', 'app.ids', 'USAGE')", db) == "t");
  json on_functions = pg.create("postgresql_grant", {{"role", role},
                                                     {"database", db},
                                                     {"schema", "app"},
                                                     {"object_type", "function"},
                                                     {"objects", {"answer"}},
                                                     {"privileges", {"EXECUTE"}}});
  CHECK(psql("select has_function_privilege('" + role + "', 'app.answer()', 'EXECUTE')", db) ==
        "t");
  CHECK(pg.read("postgresql_grant", on_functions) == on_functions);

  // PUBLIC holds CONNECT and TEMPORARY on a new database by default.
  json public_db = pg.import("postgresql_grant", "public/" + db + "/database");
  CHECK(public_db["privileges"] == json{"CONNECT", "TEMPORARY"});

  for (const json& state : {on_db, on_sequences, on_functions}) {
    pg.destroy("postgresql_grant", state);
  }
  CHECK(psql("select has_database_privilege('" + role + "', '" + db + "', 'CREATE'), " +
             "has_sequence_privilege('" + role + "', 'app.ids', 'USAGE'), " +
             "has_function_privilege('" + role + "', 'app.answer()', 'EXECUTE')",
             db) == "f|f|f");
  // A grant whose schema is gone reads as gone, and destroying it is no error.
  psql("drop schema app cascade", db);
  CHECK(pg.read("postgresql_grant", on_sequences).is_null());
  pg.destroy("postgresql_grant", on_sequences);
  psql("drop database " + db);
  psql("drop role " + role);
}

TEST_CASE("postgresql_grant: validation and import ids") {
  Provider pg;
  json d = pg.validate("postgresql_grant", {{"role", "r"},
                                            {"database", "d"},
                                            {"object_type", "table"},
                                            {"privileges", {"SELECT", "EXECUTE"}}});
  REQUIRE(d.size() == 2);
  CHECK(d[0]["summary"] == "missing schema");
  CHECK(d[1]["detail"] ==
        "object_type \"table\" takes the privileges DELETE, INSERT, REFERENCES, SELECT, TRIGGER, "
        "TRUNCATE, UPDATE; got \"EXECUTE\"");
  CHECK(d[1]["path"] == json{"privileges"});
  d = pg.validate("postgresql_grant", {{"role", "r"},
                                       {"database", "d"},
                                       {"object_type", "view"},
                                       {"privileges", {"SELECT"}}});
  REQUIRE(d.size() == 1);
  CHECK(d[0]["path"] == json{"object_type"});
  CHECK(error_of([&] { pg.import("postgresql_grant", "r/d/table"); })
            .find("is not of the form ROLE/DATABASE/OBJECT_TYPE[/SCHEMA]") != std::string::npos);
}

TEST_CASE("postgresql_extension: create, update and move in place, replace, drift, import") {
  Provider pg;
  const std::string db = fresh("extdb");
  psql("create database " + db);
  psql("create schema other", db);
  json config = {{"name", "hstore"}, {"database", db}, {"version", "1.7"}};
  json state = pg.create("postgresql_extension", config);
  CHECK(state["schema"] == "public");
  CHECK(psql("select extversion, extnamespace::regnamespace from pg_extension where extname = "
             "'hstore'", db) == "1.7|public");
  CHECK(pg.read("postgresql_extension", state) == state);

  config["version"] = "1.8";
  config["schema"] = "other";
  state = pg.update("postgresql_extension", state, config);
  CHECK(psql("select extversion, extnamespace::regnamespace from pg_extension where extname = "
             "'hstore'", db) == "1.8|other");

  psql("alter extension hstore set schema public", db);
  json drifted = pg.read("postgresql_extension", state);
  CHECK(drifted["schema"] == "public");
  CHECK(pg.plan("postgresql_extension", drifted, config)["planned_state"]["schema"] == "other");

  // Another extension is another object.
  // (The configuration names version and schema: unset, they would be the old object's.)
  json pgcrypto = {
      {"name", "pgcrypto"}, {"database", db}, {"version", "1.3"}, {"schema", "public"}};
  state = pg.replace("postgresql_extension", drifted, pgcrypto, {"name"});
  CHECK(psql("select string_agg(extname, ',' order by extname) from pg_extension", db) ==
        "pgcrypto,plpgsql");

  psql("create extension hstore", db);
  json imported = pg.import("postgresql_extension", db + ".hstore");
  CHECK(imported["version"] == "1.8");
  CHECK(pg.unchanged("postgresql_extension", imported, {{"name", "hstore"}, {"database", db}}));

  pg.destroy("postgresql_extension", state);
  pg.destroy("postgresql_extension", imported);
  CHECK(psql("select string_agg(extname, ',' order by extname) from pg_extension", db) ==
        "plpgsql");
  CHECK(pg.read("postgresql_extension", imported).is_null());
  psql("drop database " + db);
}
