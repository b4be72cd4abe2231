// End to end: several configurations of one provider (`alias`), each its own plugin
// process, chosen per resource with `provider = NAME.ALIAS` and remembered in the state.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "state/backend.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

constexpr const char* kTwoConfigurations = R"(provider "fake" {
  dir = "east"
}
provider "fake" {
  alias = "west"
  dir   = "west"
}
resource "fake_thing" "a" {
  name = "a"
}
resource "fake_thing" "b" {
  provider = fake.west
  name     = "b"
  value    = fake_thing.a.id
}
)";

}  // namespace

TEST_CASE("a resource uses the aliased configuration it names, for its whole life") {
  Scratch dir;
  dir.write("main.infra", kTwoConfigurations);
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.exists("east/a.json"));
  CHECK(dir.exists("west/b.json"));
  CHECK_FALSE(dir.exists("east/b.json"));

  auto backend = infra::state::open_sqlite(dir.path() / ".infra" / "state.db");
  for (const auto& inst : backend->read().instances) {
    CHECK(inst.provider == (inst.name == "b" ? "fake.west" : "fake"));
  }
  backend.reset();

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);

  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 0);
  CHECK_FALSE(dir.exists("west/b.json"));
  CHECK_FALSE(dir.exists("east/a.json"));
}

TEST_CASE("a provider reference without its provider block is an error at the reference") {
  Scratch dir;
  dir.write("main.infra", R"(provider "fake" {
  dir = "objects"
}
resource "fake_thing" "a" {
  provider = fake.missing
  name     = "a"
}
)");
  for (const char* command : {"validate", "plan"}) {
    Result r = run_infra(dir.path(), {command, "-no-color"});
    INFO(command << "\n" << r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Error: main.infra:5:14: Provider configuration not present"));
    CHECK(contains(r.err, "fake_thing.a uses provider \"fake.missing\", but there is no provider "
                          "\"fake\" block with alias = \"missing\"."));
  }
}

TEST_CASE("objects of an aliased configuration need it until they are destroyed") {
  Scratch dir;
  dir.write("main.infra", kTwoConfigurations);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", R"(provider "fake" {
  dir = "east"
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Provider configuration not present"));
  CHECK(contains(r.err, "no provider configuration \"fake.west\", which objects in the state "
                        "still need"));
  CHECK(dir.exists("west/b.json"));
}

TEST_CASE("a provider block with for_each makes one configuration per element") {
  Scratch dir;
  dir.write("main.infra", R"(variable "regions" {
  default = { east = "objects-east", west = "objects-west" }
}
provider "fake" {
  alias    = "region"
  for_each = var.regions
  dir      = "${each.value}/${each.key}"
}
resource "fake_thing" "a" {
  provider = fake.region["east"]
  name     = "a"
}
resource "fake_thing" "b" {
  provider = fake.region["west"]
  name     = "b"
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.exists("objects-east/east/a.json"));
  CHECK(dir.exists("objects-west/west/b.json"));
  auto backend = infra::state::open_sqlite(dir.path() / ".infra" / "state.db");
  for (const auto& inst : backend->read().instances) {
    CHECK(inst.provider == (inst.name == "a" ? "fake.region[\"east\"]" : "fake.region[\"west\"]"));
  }
  backend.reset();
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 0);
  CHECK_FALSE(dir.exists("objects-west/west/b.json"));
}

TEST_CASE("provider for_each: missing alias, wrong keys and bad collections are errors") {
  Scratch dir;
  dir.write("main.infra", R"(provider "fake" {
  for_each = toset(["a"])
  dir      = each.key
}
)");
  Result no_alias = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(no_alias.all());
  CHECK(no_alias.code == 1);
  CHECK(contains(no_alias.err, "main.infra:1:1: Missing alias in a provider block with for_each"));

  dir.write("main.infra", R"(provider "fake" {
  alias    = "each"
  for_each = toset(["a"])
  dir      = each.key
}
provider "fake" {
  alias = "single"
  dir   = "single"
}
resource "fake_thing" "no_key" {
  provider = fake.each
  name     = "x"
}
resource "fake_thing" "extra_key" {
  provider = fake.single["a"]
  name     = "y"
}
resource "fake_thing" "unknown_key" {
  provider = fake.each["zzz"]
  name     = "z"
}
)");
  Result keys = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(keys.all());
  CHECK(keys.code == 1);
  CHECK(contains(keys.err, "main.infra:11:14: Missing provider instance key"));
  CHECK(contains(keys.err, "main.infra:15:26: Unexpected provider instance key"));

  dir.write("main.infra", R"(provider "fake" {
  alias    = "each"
  for_each = toset(["a"])
  dir      = each.key
}
resource "fake_thing" "unknown_key" {
  provider = fake.each["zzz"]
  name     = "z"
}
)");
  Result missing = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(missing.all());
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "The provider block with for_each has no instance "
                              "\"fake.each[\"zzz\"]\"."));

  dir.write("main.infra", R"(provider "fake" {
  alias    = "each"
  for_each = [1, 2]
  dir      = each.key
}
resource "fake_thing" "a" {
  provider = fake.each["1"]
  name     = "a"
}
)");
  Result list = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(list.all());
  CHECK(list.code == 1);
  CHECK(contains(list.err, "main.infra:3:14: Invalid provider for_each"));
}

TEST_CASE("provider blocks may use locals, and a provider that depends on its own resource is a cycle") {
  Scratch dir;
  dir.write("main.infra", R"(variable "env" {
  default = "dev"
}
locals {
  base = "objects-${var.env}"
  dir  = "${local.base}/store"
}
provider "fake" {
  dir = local.dir
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.exists("objects-dev/store/a.json"));
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);

  dir.write("main.infra", R"(locals {
  dir = fake_thing.a.id
}
provider "fake" {
  dir = local.dir
}
resource "fake_thing" "a" {
  name = "a"
}
)");
  Result bad = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "main.infra:2:3: Cycle: local.dir, fake_thing.a, provider.fake"));
  CHECK(contains(bad.err, "provider.fake (main.infra:4:1)"));
}
