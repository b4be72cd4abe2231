// End to end: the postgresql provider through the real binary against the server of the
// postgres_cluster fixture: a role, a database it owns, a schema and grants applied; a
// second plan with nothing to do; the role's password never shown; `infra import` of a
// role made with psql, then no changes; destroy.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <regex>
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

// Adoption: a role, a database, a schema, a grant and an extension made with psql are
// imported by `infra import` and by import blocks (one with for_each), the configuration of
// those without a resource block written by infra; each plan after is empty, and a later
// change to the generated configuration updates the adopted role in place.
TEST_CASE("postgresql: objects made with psql imported both ways, config generated") {
  Scratch dir;
  const std::string suffix = std::to_string(getpid());
  const std::string role = "adopted_" + suffix;
  const std::string db = "adopted_db_" + suffix;
  query("create role " + role + " login connection limit 4");
  query("create role " + role + "_a");
  query("create role " + role + "_b");
  query("create database " + db + " owner " + role);
  query("create schema app authorization " + role, db);
  query("grant usage on schema app to " + role + "_a", db);
  query("create extension hstore", db);

  dir.write("main.infra", R"(provider "postgresql" {
  conn_str = ")" + pg_conn_str() + R"("
}

resource "postgresql_role" "owner" {
  name             = ")" + role + R"("
  login            = true
  connection_limit = 4
}

resource "postgresql_role" "team" {
  for_each = toset(["a", "b"])
  name     = ")" + role + R"(_${each.key}"
}

import {
  for_each = toset(["a", "b"])
  to       = postgresql_role.team[each.key]
  id       = ")" + role + R"(_${each.key}"
}
)");
  ok(dir, {"init", "-no-color"});
  Result imported = ok(dir, {"import", "-no-color", "postgresql_role.owner", role});
  CHECK(contains(imported.out, "Import successful!"));

  // The rest have no resource blocks yet: infra writes them.
  dir.write("main.infra", dir.read("main.infra") + R"(
import {
  to = postgresql_database.app
  id = ")" + db + R"("
}

import {
  to = postgresql_schema.app
  id = ")" + db + R"(.app"
}

import {
  to = postgresql_grant.usage
  id = ")" + role + "_a/" + db + R"(/schema/app"
}

import {
  to = postgresql_extension.hstore
  id = ")" + db + R"(.hstore"
}
)");
  Result plan = ok(dir, {"plan", "-no-color", "-generate-config-out=adopted.infra"});
  CHECK(contains(plan.out, "# postgresql_role.team[\"b\"] will be imported"));
  CHECK(contains(plan.out, "# postgresql_grant.usage will be imported"));
  CHECK(contains(plan.out, "Plan: 6 to import, 0 to add, 0 to change, 0 to destroy."));
  const std::string generated = dir.read("adopted.infra");
  INFO(generated);
  CHECK(contains(generated, "resource \"postgresql_database\" \"app\" {"));
  CHECK(contains(generated, "resource \"postgresql_extension\" \"hstore\" {"));
  CHECK_FALSE(contains(generated, "resource \"postgresql_role\""));  // those have blocks
  // Arguments at the provider's declared defaults are left out; others are written.
  CHECK_FALSE(contains(generated, "connection_limit"));
  CHECK_FALSE(contains(generated, "force_destroy"));
  CHECK_FALSE(contains(generated, "with_grant_option"));
  CHECK(contains(generated, "privileges  = [\"USAGE\"]"));

  Result apply = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(apply.out,
                 "Apply complete! Resources: 6 imported, 0 added, 0 changed, 0 destroyed."));
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // The generated blocks name the role and database literally; written as references
  // instead (so that destroy goes in order), they still plan no change.
  std::string linked = generated;
  auto relink = [&linked](const std::string& argument, const std::string& value,
                          const std::string& reference) {
    linked = std::regex_replace(linked, std::regex("(" + argument + " +)= \"" + value + "\""),
                                "$1= " + reference);
  };
  relink("role", role + "_a", "postgresql_role.team[\"a\"].name");
  relink("owner", role, "postgresql_role.owner.name");
  relink("database", db, "postgresql_database.app.name");
  REQUIRE(linked != generated);
  dir.write("adopted.infra", linked);
  Result linked_plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(linked_plan.all());
  CHECK(linked_plan.code == 0);

  // A later change in configuration: the adopted role is altered, not dropped and made anew.
  const std::string oid = query("select oid from pg_roles where rolname = '" + role + "'");
  std::string text = dir.read("main.infra");
  text.replace(text.find("connection_limit = 4"), 20, "connection_limit = 9");
  dir.write("main.infra", text);
  Result update = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(update.out, "# postgresql_role.owner will be updated in-place"));
  CHECK(contains(update.out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed."));
  CHECK(query("select oid || '/' || rolconnlimit from pg_roles where rolname = '" + role + "'") ==
        oid + "/9");

  ok(dir, {"destroy", "-auto-approve", "-no-color"});
  CHECK(query("select count(*) from pg_roles where rolname like '" + role + "%'") == "0");
  CHECK(query("select count(*) from pg_database where datname = '" + db + "'") == "0");
}

}  // namespace
}  // namespace infra::e2e
