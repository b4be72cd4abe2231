// Tests of state/store.cpp (the SQLite stores) and of the schema names that the PostgreSQL
// store gives workspaces (state/postgres_store.cpp; its server tests are in
// postgres_store_test.cpp).
#include "state/store.hpp"

#include <catch2/catch.hpp>

#include "state/workspaces.hpp"
#include "tests/state/temp_dir.hpp"

namespace infra::state {
namespace {

using testing::TempDir;

TEST_CASE("the sqlite store keeps each workspace in its file and creates it on open") {
  TempDir dir;
  auto store = sqlite_store(dir.path() / "main.db");
  CHECK(store->kind() == "sqlite");
  CHECK(store->location("default") == (dir.path() / "main.db").string());
  CHECK(store->location("eu") == (dir.path() / "main.db.d/eu/state.db").string());
  CHECK(store->exists("default"));
  CHECK_FALSE(store->has_state("default"));
  CHECK_FALSE(store->exists("eu"));
  CHECK(store->list() == std::vector<std::string>{"default"});

  const std::string lineage = store->open("eu")->read().lineage;
  CHECK(store->has_state("eu"));
  CHECK(store->open("eu")->read().lineage == lineage);
  CHECK(store->open("default")->read().lineage != lineage);
  CHECK(store->list() == std::vector<std::string>{"default", "eu"});

  store->remove("eu");
  CHECK_FALSE(store->exists("eu"));
  CHECK_THROWS_WITH(store->remove("default"), "the default workspace cannot be removed");
}

TEST_CASE("a single-file store is the same state in every workspace and holds no others") {
  TempDir dir;
  auto store = single_file_store(dir.path() / "other.db");
  CHECK_FALSE(store->has_state("eu"));
  const std::string lineage = store->open("default")->read().lineage;
  CHECK(store->has_state("eu"));
  CHECK(store->open("eu")->read().lineage == lineage);
  CHECK(store->location("eu") == (dir.path() / "other.db").string());
  CHECK(store->list() == std::vector<std::string>{"default"});
  CHECK_THROWS_WITH(store->remove("eu"),
                    Catch::Contains("-state=PATH names one file, which cannot hold workspaces"));
}

TEST_CASE("postgres workspace schemas: readable when the name allows, hashed otherwise") {
  CHECK(postgres_workspace_schema("infra_state", "staging") == "infra_state_ws_staging");
  CHECK(postgres_workspace_schema("infra_state", "eu_2") == "infra_state_ws_eu_2");
  const std::string upper = postgres_workspace_schema("infra_state", "Staging");
  const std::string dotted = postgres_workspace_schema("infra_state", "v1.2");
  CHECK(upper.size() == std::string("infra_state_ws_").size() + 16);
  CHECK(upper.rfind("infra_state_ws_", 0) == 0);
  CHECK(upper != dotted);
  CHECK(postgres_workspace_schema("infra_state", "Staging") == upper);  // stable
  // Too long to be readable: at most 63 bytes, whatever the names.
  const std::string long_schema(63, 's');
  const std::string hashed = postgres_workspace_schema(long_schema, "staging");
  CHECK(hashed.size() == 40 + 4 + 16);
  CHECK(hashed.rfind(std::string(40, 's') + "_ws_", 0) == 0);
  CHECK(postgres_workspace_schema("s", std::string(80, 'a')).size() <= 63);
}

TEST_CASE("the postgres store refuses a schema name that would need quoting") {
  CHECK_THROWS_WITH(postgres_store("host=127.0.0.1", "Infra-State"),
                    Catch::Contains("schema name \"Infra-State\" is not valid"));
}

}  // namespace
}  // namespace infra::state
