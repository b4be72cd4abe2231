// End to end: a state stored under an older schema version of its resource type is brought
// to the provider's version (upgrade_state) before it is read, and one stored by a newer
// provider stops the plan without changing anything. infra-provider-fake's fake_thing is at
// schema version 1, which renamed `title` (version 0) to `name`.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "state/backend.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

constexpr const char* kConfig = R"(provider "fake" {
  dir = "objects"
}
resource "fake_thing" "a" {
  name  = "a"
  value = "x"
}
)";

/// Rewrites the stored fake_thing.a as `version` of its schema would have stored it.
void store_as_version(const Scratch& dir, int version) {
  auto backend = infra::state::open_sqlite(dir.path() / ".infra/state.db");
  auto snapshot = backend->read();
  infra::state::ResourceInstance inst = *snapshot.find("fake_thing.a");
  auto attributes = nlohmann::json::parse(inst.attributes_json);
  if (version == 0) {
    attributes["title"] = attributes["name"];
    attributes.erase("name");
  }
  inst.attributes_json = attributes.dump();
  inst.schema_version = version;
  backend->put_instance(inst);
}

int stored_version(const Scratch& dir) {
  return infra::state::open_sqlite(dir.path() / ".infra/state.db")
      ->read()
      .find("fake_thing.a")
      ->schema_version;
}

}  // namespace

TEST_CASE("a state of an older schema version is upgraded before it is read") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(stored_version(dir) == 1);
  store_as_version(dir, 0);

  // Without the upgrade, the provider would find no `name` to read the object by.
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "No changes."));

  // A change is planned from the upgraded object, and apply stores it at version 1.
  dir.write("main.infra", std::string(kConfig).replace(std::string(kConfig).find("\"x\""), 3, "\"y\""));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "~ value = \"x\" -> \"y\""));
  CHECK(stored_version(dir) == 1);
  CHECK(contains(dir.read("objects/a.json"), "\"value\":\"y\""));
}

TEST_CASE("a state stored by a newer provider stops the plan, naming both versions") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  store_as_version(dir, 2);
  Result plan = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "fake_thing.a: refreshing failed"));
  CHECK(contains(plan.err, "the stored state of fake_thing has schema version 2, newer than "
                           "version 1 that provider fake v0.0.1 knows"));
  CHECK(stored_version(dir) == 2);
}
