// Tests of state/postgres_store.cpp against a real server (tests/state/pg_test_server.hpp):
// workspaces as schemas named in the catalog, their isolation, removal, and a schema that
// belongs to something else.
#include <catch2/catch.hpp>

#include "state/postgres_backend.hpp"
#include "state/store.hpp"
#include "tests/state/pg_test_server.hpp"

namespace infra::state {
namespace {

using testing::fresh_schema;
using testing::pg_conn_str;

TEST_CASE("postgres store: workspaces are schemas of their own, listed from the catalog") {
  const std::string schema = fresh_schema();
  auto store = postgres_store(pg_conn_str(), schema);
  CHECK(store->kind() == "postgres");
  CHECK(store->location("default").rfind("schema " + schema + " of postgresql://", 0) == 0);
  CHECK(store->location("eu").rfind("schema " + schema + "_ws_eu of ", 0) == 0);
  CHECK(store->exists("default"));
  CHECK_FALSE(store->has_state("default"));
  CHECK_FALSE(store->exists("eu"));
  CHECK(store->list() == std::vector<std::string>{"default"});

  const std::string default_lineage = store->open("default")->read().lineage;
  CHECK(store->has_state("default"));
  const std::string eu_lineage = store->open("eu")->read().lineage;
  store->open("Prod.1");
  CHECK(eu_lineage != default_lineage);
  CHECK(store->exists("eu"));
  CHECK(store->list() == std::vector<std::string>{"default", "Prod.1", "eu"});
  // Another client sees the same, and opens the same state.
  auto other = postgres_store(pg_conn_str(), schema);
  CHECK(other->list() == store->list());
  CHECK(other->open("eu")->read().lineage == eu_lineage);
  CHECK(open_postgres(pg_conn_str(), postgres_workspace_schema(schema, "eu"))->read().lineage ==
        eu_lineage);

  store->remove("eu");
  CHECK_FALSE(store->exists("eu"));
  CHECK_FALSE(other->has_state("eu"));
  CHECK(store->list() == std::vector<std::string>{"default", "Prod.1"});
  // Created again, it is a new state.
  CHECK(store->open("eu")->read().lineage != eu_lineage);
  CHECK_THROWS_WITH(store->remove("default"), "the default workspace cannot be removed");
}

TEST_CASE("postgres store: a workspace whose schema belongs to something else is refused") {
  const std::string schema = fresh_schema();
  // Another configuration's state, in the schema that workspace "x" would take.
  open_postgres(pg_conn_str(), schema + "_ws_x");
  auto store = postgres_store(pg_conn_str(), schema);
  CHECK_THROWS_WITH(store->open("x"),
                    Catch::Contains("cannot create workspace \"x\": its schema " + schema +
                                    "_ws_x already exists and is not a workspace of the state in "
                                    "schema " + schema));
  CHECK_FALSE(store->exists("x"));
}

TEST_CASE("postgres store: a server that cannot be reached is named, without the password") {
  auto store = postgres_store(
      "postgresql://infra:hunter2-secret@127.0.0.1:1/infra?connect_timeout=5", "infra_state");
  try {
    store->list();
    FAIL("list() did not throw");
  } catch (const StateError& e) {
    const std::string message = e.what();
    CHECK(message.find("postgresql://infra@127.0.0.1:1/infra") != std::string::npos);
    CHECK(message.find("hunter2") == std::string::npos);
  }
}

}  // namespace
}  // namespace infra::state
