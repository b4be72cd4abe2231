// End-to-end tests of `backend "postgres"` with the real `infra` binary against a real
// server (tests/state/pg_test_server.hpp): plan, apply and the read-only commands on a
// shared state, workspaces as schemas, the lock across processes, and `infra init
// -migrate-state` between SQLite and PostgreSQL, in both directions.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "state/backend.hpp"
#include "state/postgres_backend.hpp"
#include "state/store.hpp"
#include "tests/e2e/harness.hpp"
#include "tests/state/pg_test_server.hpp"

namespace infra::e2e {
namespace {

using state::testing::fresh_schema;
using state::testing::pg_conn_str;

constexpr const char* kPerWorkspace = R"(resource "local_file" "f" {
  filename = "out-${infra.workspace}.txt"
  content  = "workspace ${infra.workspace}"
}
output "where" {
  value = infra.workspace
}
)";

std::string postgres_block(const std::string& schema) {
  return "infra {\n  backend \"postgres\" {\n    conn_str    = \"" + pg_conn_str() +
         "\"\n    schema_name = \"" + schema + "\"\n  }\n}\n";
}

std::vector<std::string> addresses(state::Backend& backend) {
  std::vector<std::string> out;
  for (const auto& inst : backend.read().instances) out.push_back(inst.address);
  return out;
}

std::vector<std::string> addresses_in_schema(const std::string& schema) {
  return addresses(*state::open_postgres(pg_conn_str(), schema));
}

Result ok(const Scratch& dir, const std::vector<std::string>& args) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  REQUIRE(r.code == 0);
  return r;
}

TEST_CASE("postgres backend: plan, apply and the state commands use the state in the database") {
  Scratch dir;
  const std::string schema = fresh_schema();
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(schema));

  Result init = ok(dir, {"init", "-no-color"});
  CHECK(contains(init.out, "- State at schema " + schema + " of postgresql://postgres@127.0.0.1:"));
  ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(dir.read("out-default.txt") == "workspace default");
  CHECK_FALSE(dir.exists(".infra/state.db"));
  CHECK(addresses_in_schema(schema) == std::vector<std::string>{"local_file.f"});

  CHECK(contains(ok(dir, {"plan", "-no-color"}).out, "No changes."));
  CHECK(ok(dir, {"state", "list"}).out == "local_file.f\n");
  CHECK(ok(dir, {"output", "-raw", "where"}).out == "default");
  CHECK(contains(ok(dir, {"show", "-no-color"}).out, "local_file.f"));
  CHECK(contains(ok(dir, {"state", "history"}).out, "apply"));
}

TEST_CASE("postgres backend: each workspace is a schema that new creates and delete drops") {
  Scratch dir;
  const std::string schema = fresh_schema();
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(schema));
  ok(dir, {"apply", "-auto-approve"});

  Result created = ok(dir, {"workspace", "new", "Staging.eu"});
  CHECK(contains(created.out, "Created and switched to workspace \"Staging.eu\""));
  ok(dir, {"apply", "-auto-approve"});
  CHECK(dir.read("out-Staging.eu.txt") == "workspace Staging.eu");
  ok(dir, {"workspace", "new", "qa"});
  CHECK(ok(dir, {"workspace", "list"}).out == "  default\n  Staging.eu\n* qa\n");

  // The names that PostgreSQL cannot take as they are get a hashed schema.
  const std::string staging = state::postgres_workspace_schema(schema, "Staging.eu");
  CHECK(staging.rfind(schema + "_ws_", 0) == 0);
  CHECK(addresses_in_schema(staging) == std::vector<std::string>{"local_file.f"});
  CHECK(state::postgres_workspace_schema(schema, "qa") == schema + "_ws_qa");
  CHECK(addresses_in_schema(schema) == std::vector<std::string>{"local_file.f"});

  ok(dir, {"workspace", "select", "default"});
  Result refused = run_infra(dir.path(), {"workspace", "delete", "Staging.eu", "-no-color"});
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "Workspace \"Staging.eu\" is not empty"));
  ok(dir, {"workspace", "delete", "-force", "Staging.eu"});
  ok(dir, {"workspace", "delete", "qa"});
  CHECK(ok(dir, {"workspace", "list"}).out == "* default\n");
  auto store = state::postgres_store(pg_conn_str(), schema);
  CHECK_FALSE(store->has_state("Staging.eu"));
  CHECK(store->has_state("default"));

  Result gone = run_infra(dir.path(), {"workspace", "select", "qa", "-no-color"});
  CHECK(gone.code == 1);
  CHECK(contains(gone.err, "Workspace \"qa\" does not exist"));
}

TEST_CASE("postgres backend: an apply while another client holds the lock names the holder") {
  Scratch dir;
  const std::string schema = fresh_schema();
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(schema));
  auto other = state::open_postgres(pg_conn_str(), schema);
  const state::LockInfo held = other->lock("apply");

  Result refused = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(refused.all());
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "Error acquiring the state lock"));
  CHECK(contains(refused.err, "ID:        " + held.id));
  CHECK_FALSE(dir.exists("out-default.txt"));

  other->unlock(held.id);
  ok(dir, {"apply", "-auto-approve"});
  CHECK(addresses(*other) == std::vector<std::string>{"local_file.f"});
}

TEST_CASE("postgres backend: a schema name that PostgreSQL would need quoted is refused") {
  Scratch dir;
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block("Team-State"));
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: Invalid backend settings"));
  CHECK(contains(r.err, "schema name \"Team-State\" is not valid"));
}

TEST_CASE("init -migrate-state moves every workspace from SQLite to PostgreSQL and back") {
  Scratch dir;
  dir.write("main.infra", kPerWorkspace);
  ok(dir, {"apply", "-auto-approve"});
  ok(dir, {"workspace", "new", "eu"});
  ok(dir, {"apply", "-auto-approve"});
  auto lineage_of = [&](const std::string& file) {
    return state::open_sqlite(dir.path() / file)->read().lineage;
  };
  const std::string default_lineage = lineage_of(".infra/state.db");

  // The configuration names PostgreSQL now: nothing may run on an empty state there.
  const std::string schema = fresh_schema();
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(schema));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "Error: Backend initialization required"));
  CHECK(contains(plan.err, "backend sqlite (.infra/state.db)"));
  Result init = run_infra(dir.path(), {"init", "-no-color"});
  CHECK(init.code == 1);
  CHECK(contains(init.err, "Error: Backend configuration changed"));
  CHECK(contains(init.err, "holds the state of 2 workspaces"));
  CHECK_FALSE(state::postgres_store(pg_conn_str(), schema)->has_state("default"));

  Result migrated = ok(dir, {"init", "-migrate-state", "-no-color"});
  CHECK(contains(migrated.out, "- Workspace \"default\": copied 1 resource instance and 1 output"));
  CHECK(contains(migrated.out, "- Workspace \"eu\": copied 1 resource instance and 1 output"));
  CHECK(contains(migrated.out, "and checked them"));
  auto pg = state::open_postgres(pg_conn_str(), schema);
  CHECK(pg->read().lineage == default_lineage);
  CHECK(addresses(*pg) == std::vector<std::string>{"local_file.f"});
  CHECK(contains(ok(dir, {"plan", "-no-color"}).out, "No changes."));
  CHECK(ok(dir, {"workspace", "list"}).out == "  default\n* eu\n");
  CHECK(ok(dir, {"output", "-raw", "where"}).out == "eu");
  // The old states stay where they were.
  CHECK(dir.exists(".infra/workspaces/eu/state.db"));

  // And back, into another SQLite file.
  dir.write("main.infra", std::string(kPerWorkspace) +
                              "infra {\n  backend \"sqlite\" {\n    path = \"back.db\"\n  }\n}\n");
  ok(dir, {"init", "-migrate-state"});
  CHECK(lineage_of("back.db") == default_lineage);
  CHECK(dir.exists("back.db.d/eu/state.db"));
  CHECK(contains(ok(dir, {"plan", "-no-color"}).out, "No changes."));

  // To PostgreSQL again: "default" is there as it is here, and is skipped; "eu" has changed
  // here since, so the state there is only replaced on demand.
  ok(dir, {"taint", "local_file.f"});
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(schema));
  Result refused = run_infra(dir.path(), {"init", "-migrate-state", "-no-color"});
  INFO(refused.all());
  CHECK(refused.code == 1);
  CHECK(contains(refused.out, "- Workspace \"default\": already copied"));
  CHECK(contains(refused.err, "The new backend already has a state for workspace \"eu\""));
  CHECK(contains(refused.err, "-force-copy"));
  CHECK(pg->read().instances.at(0).status == "ready");
  ok(dir, {"init", "-migrate-state", "-force-copy"});
  CHECK(contains(ok(dir, {"plan", "-no-color"}).out, "1 to add, 0 to change, 1 to destroy"));

  // -reconfigure starts afresh in the new backend, leaving the states behind.
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(fresh_schema()));
  // The backend is recorded, but the selected workspace is not there: init says so.
  Result afresh = run_infra(dir.path(), {"init", "-reconfigure", "-no-color"});
  INFO(afresh.all());
  CHECK(afresh.code == 1);
  CHECK(contains(afresh.err, "Workspace \"eu\" does not exist"));
  CHECK(contains(run_infra(dir.path(), {"plan", "-no-color"}).err,
                 "Workspace \"eu\" does not exist"));
  ok(dir, {"workspace", "select", "default"});
  CHECK(contains(ok(dir, {"plan", "-no-color"}).out, "1 to add"));
}

TEST_CASE("init -migrate-state waits for no one: a locked source stops it with the holder") {
  Scratch dir;
  const std::string first = fresh_schema();
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(first));
  ok(dir, {"init"});
  ok(dir, {"apply", "-auto-approve"});
  auto source = state::open_postgres(pg_conn_str(), first);
  const state::LockInfo held = source->lock("apply");

  const std::string second = fresh_schema();
  dir.write("main.infra", std::string(kPerWorkspace) + postgres_block(second));
  Result r = run_infra(dir.path(), {"init", "-migrate-state", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error acquiring the state lock"));
  CHECK(contains(r.err, held.id));
  // Nothing was copied and the record still names the first schema.
  CHECK(state::open_postgres(pg_conn_str(), second)->read().instances.empty());
  CHECK(contains(run_infra(dir.path(), {"plan", "-no-color"}).err,
                 "Backend initialization required"));
  source->unlock(held.id);
  ok(dir, {"init", "-migrate-state"});
  CHECK(addresses_in_schema(second) == std::vector<std::string>{"local_file.f"});
}

}  // namespace
}  // namespace infra::e2e
