// End to end: provider blocks are nodes of the graph. A block whose arguments use a
// resource, a data source or a module is configured when the walk reaches it; while its
// arguments are known only after apply, what uses it waits for a further round.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

namespace {

// The fake provider keeps its objects in the directory its block names: here one that
// another resource decides, known only once it exists (its id is).
constexpr const char* kFromResource = R"(resource "infra_data" "place" {
  input = "objects"
}
provider "fake" {
  dir = "${infra_data.place.output}/${length(infra_data.place.id) > 0 ? "store" : "none"}"
}
resource "fake_thing" "a" {
  name  = "a"
  value = "one"
}
)";

}  // namespace

TEST_CASE("a provider configured from a resource waits for it, and apply makes the rounds") {
  Scratch dir;
  dir.write("main.infra", kFromResource);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 2);
  CHECK(contains(plan.out, "# infra_data.place will be created"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 0 to destroy."));
  CHECK(contains(plan.out, "~ fake_thing.a (it depends on provider.fake)"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Round 2: planning what was deferred..."));
  CHECK(dir.exists("objects/store/a.json"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"fake_thing.a", "infra_data.place"});

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);

  SECTION("its objects are refreshed through it, once it is configured") {
    std::filesystem::remove(dir.path() / "objects/store/a.json");
    Result drift = run_infra(dir.path(), {"plan", "-no-color"});
    INFO(drift.all());
    CHECK(drift.code == 0);
    CHECK(contains(drift.out, "# fake_thing.a has been deleted"));
    CHECK(contains(drift.out, "# fake_thing.a will be created"));
  }
  SECTION("destroy configures it from what the state holds") {
    Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
    INFO(destroy.all());
    CHECK(destroy.code == 0);
    CHECK_FALSE(dir.exists("objects/store/a.json"));
    CHECK(state_addresses(dir).empty());
  }
  SECTION("a saved plan holds the configuration it was made with") {
    dir.write("main.infra", std::string(kFromResource) + R"(resource "fake_thing" "b" {
  name = "b"
}
)");
    Result saved = run_infra(dir.path(), {"plan", "-out=next.plan", "-no-color"});
    INFO(saved.all());
    REQUIRE(saved.code == 0);
    CHECK(contains(saved.out, "# fake_thing.b will be created"));
    Result applied = run_infra(dir.path(), {"apply", "-no-color", "next.plan"});
    INFO(applied.all());
    CHECK(applied.code == 0);
    CHECK(dir.exists("objects/store/b.json"));
  }
  SECTION("-refresh-only reads its objects too") {
    dir.write("objects/store/a.json", R"({"name":"a","value":"changed","id":"fake-a"})");
    Result refresh = run_infra(dir.path(), {"plan", "-refresh-only", "-no-color"});
    INFO(refresh.all());
    CHECK(refresh.code == 0);
    CHECK(contains(refresh.out, "# fake_thing.a has changed"));
  }
  SECTION("infra import cannot configure it, and says what to do instead") {
    dir.write("main.infra", std::string(kFromResource) + R"(resource "fake_thing" "c" {
  name = "c"
}
)");
    Result import = run_infra(dir.path(), {"import", "-no-color", "fake_thing.c", "c"});
    INFO(import.all());
    CHECK(import.code == 1);
    CHECK(contains(import.err, "Cannot import fake_thing.c"));
    CHECK(contains(import.err, "adopt the object with an import block"));
  }
}

TEST_CASE("a provider configured from a data source is planned in one round") {
  Scratch dir;
  dir.write("where.txt", "from-data\n");
  dir.write("main.infra", R"(data "local_file" "where" {
  filename = "where.txt"
}
provider "fake" {
  dir = trimspace(data.local_file.where.content)
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK_FALSE(contains(apply.out, "Round 2"));
  CHECK(dir.exists("from-data/a.json"));
}

TEST_CASE("infra graph draws provider blocks as nodes with their own dependencies") {
  Scratch dir;
  dir.write("main.infra", kFromResource);
  Result graph = run_infra(dir.path(), {"graph"});
  INFO(graph.all());
  REQUIRE(graph.code == 0);
  CHECK(contains(graph.out, "\"provider[\\\"fake\\\"]\" [shape = diamond]"));
  CHECK(contains(graph.out, "\"fake_thing.a\" -> \"provider[\\\"fake\\\"]\""));
  CHECK(contains(graph.out, "\"provider[\\\"fake\\\"]\" -> \"infra_data.place\""));
  CHECK(contains(graph.out, "\"infra_data.place\" -> \"provider[\\\"infra\\\"]\""));
}

TEST_CASE("a called module's resources wait for the provider block passed to them") {
  Scratch dir;
  dir.write("main.infra", R"(resource "infra_data" "place" {
  input = "objects"
}
provider "fake" {
  alias = "here"
  dir   = length(infra_data.place.id) > 0 ? infra_data.place.output : "none"
}
module "app" {
  source    = "./app"
  providers = { fake = fake.here }
}
)");
  dir.write("app/main.infra", R"(resource "fake_thing" "a" {
  name = "a"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "~ module.app.fake_thing.a (it depends on provider.fake.here)"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Round 2: planning what was deferred..."));
  CHECK(dir.exists("objects/a.json"));
}

TEST_CASE("a provider block's arguments are checked against the provider's schema") {
  Scratch dir;
  dir.write("main.infra", R"(provider "fake" {
  dir    = "objects"
  colour = "blue"
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result unknown = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(unknown.all());
  CHECK(unknown.code == 1);
  CHECK(contains(unknown.err, "main.infra:3:3: Unsupported argument"));
  CHECK(contains(unknown.err, "provider \"fake\" has no such attribute"));

  dir.write("main.infra", R"(provider "fake" {
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result missing = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(missing.all());
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "main.infra:1:1: Missing required argument"));
  CHECK(contains(missing.err, "The argument \"dir\" is required by provider \"fake\""));

  // Configured during the walk: checked there too.
  dir.write("main.infra", R"(resource "infra_data" "place" {
  input = "objects"
}
provider "fake" {
  dir = [infra_data.place.output]
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result typed = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(typed.all());
  CHECK(typed.code == 1);
  CHECK(contains(typed.err, "main.infra:5:3: Inappropriate value for attribute \"dir\""));
}
