// End to end: the postgresql provider through the real binary against the server of the
// postgres_cluster fixture: a role, a database it owns, a schema and grants applied; a
// second plan with nothing to do; the role's password never shown; `infra import` of a
// role made with psql, then no changes; destroy.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "tests/e2e/harness.hpp"
#include "tests/state/pg_test_server.hpp"

namespace infra::e2e {
namespace {

using state::testing::pg_conn_str;

constexpr const char* kPassword = "e2e-Secret-Passw0rd";

// The single value `sql` selects, by psql, in `database`.
std::string query(const std::string& sql, const std::string& database = "postgres") {
  const std::string command = "psql \"" + pg_conn_str() + " dbname=" + database +
                              "\" -X -At -c \"" + sql + "\"";
  FILE* out = ::popen(command.c_str(), "r");
  REQUIRE(out);
  std::string text;
  for (int c = std::fgetc(out); c != EOF; c = std::fgetc(out)) text += static_cast<char>(c);
  REQUIRE(::pclose(out) == 0);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

std::string config(const std::string& suffix) {
  return R"(provider "postgresql" {
  conn_str = ")" + pg_conn_str() + R"("
}

resource "postgresql_role" "owner" {
  name     = "owner_)" + suffix + R"("
  login    = true
  password = ")" + kPassword + R"("
}

resource "postgresql_role" "reader" {
  name = "reader_)" + suffix + R"("
}

resource "postgresql_database" "app" {
  name  = "app_)" + suffix + R"("
  owner = postgresql_role.owner.name
}

resource "postgresql_schema" "app" {
  name     = "app"
  database = postgresql_database.app.name
  owner    = postgresql_role.owner.name
}

resource "postgresql_grant" "connect" {
  role        = postgresql_role.reader.name
  database    = postgresql_database.app.name
  object_type = "database"
  privileges  = ["CONNECT"]
}

resource "postgresql_grant" "usage" {
  role        = postgresql_role.reader.name
  database    = postgresql_database.app.name
  schema      = postgresql_schema.app.name
  object_type = "schema"
  privileges  = ["USAGE"]
}
)";
}

Result ok(const Scratch& dir, const std::vector<std::string>& args) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  REQUIRE(r.code == 0);
  CHECK_FALSE(contains(r.out + r.err, kPassword));
  return r;
}

TEST_CASE("postgresql: a role, its database, a schema and grants, an import, then destroy") {
  Scratch dir;
  const std::string suffix = std::to_string(getpid());
  const std::string owner = "owner_" + suffix;
  const std::string reader = "reader_" + suffix;
  const std::string db = "app_" + suffix;
  dir.write("main.infra", config(suffix));
  ok(dir, {"init", "-no-color"});

  Result plan = ok(dir, {"plan", "-no-color"});
  CHECK(contains(plan.out, "# postgresql_role.owner will be created"));
  CHECK(contains(plan.out, "(sensitive value)"));
  CHECK(contains(plan.out, "Plan: 6 to add, 0 to change, 0 to destroy."));

  Result apply = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(apply.out, "Apply complete! Resources: 6 added, 0 changed, 0 destroyed."));
  CHECK(query("select pg_get_userbyid(datdba) from pg_database where datname = '" + db + "'") ==
        owner);
  CHECK(query("select rolcanlogin and rolpassword is not null from pg_authid where rolname = '" +
              owner + "'") == "t");
  CHECK(query("select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'app'", db) ==
        owner);
  CHECK(query("select has_schema_privilege('" + reader + "', 'app', 'USAGE'), "
              "has_database_privilege('" + reader + "', '" + db + "', 'CONNECT')", db) == "t|t");

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  ok(dir, {"show", "-no-color"});

  // Revoked with psql: the next plan puts it back.
  query("revoke usage on schema app from " + reader, db);
  Result drift = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(drift.all());
  CHECK(drift.code == 2);
  CHECK(contains(drift.out, "postgresql_grant.usage"));

  // A role made with psql, imported: then nothing to change.
  const std::string made = "made_" + suffix;
  query("create role " + made + " login connection limit 3");
  dir.write("imported.infra", R"(resource "postgresql_role" "made" {
  name             = ")" + made + R"("
  login            = true
  connection_limit = 3
}
)");
  Result import = ok(dir, {"import", "-no-color", "postgresql_role.made", made});
  Result after = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode",
                                        "-target", "postgresql_role.made"});
  INFO(after.all());
  CHECK(after.code == 0);
  CHECK(contains(after.out, "No changes."));

  ok(dir, {"destroy", "-auto-approve", "-no-color"});
  CHECK(query("select count(*) from pg_roles where rolname in ('" + owner + "', '" + reader +
              "', '" + made + "')") == "0");
  CHECK(query("select count(*) from pg_database where datname = '" + db + "'") == "0");
}

}  // namespace
}  // namespace infra::e2e
