// End to end: module blocks — called modules with inputs and outputs, count and for_each
// on modules, nested modules, provider configurations passed down, and the errors of
// each.
#include <catch2/catch.hpp>

#include <algorithm>

#include "harness.hpp"
#include "state/backend.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

namespace {

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

/// A site module that writes a config file and calls a nested module for its log file.
void write_site_module(const Scratch& dir) {
  dir.write("modules/site/main.infra", R"(variable "name" {
  type = string
}
variable "weight" {
  type    = number
  default = 1
  validation {
    condition     = var.weight > 0
    error_message = "The weight must be positive."
  }
}
locals {
  path = "out/${var.name}.conf"
}
resource "local_file" "conf" {
  filename = local.path
  content  = "${file("${path.module}/header.txt")}weight=${var.weight}"
}
module "log" {
  source = "./log"
  owner  = local_file.conf.filename
}
output "path" {
  value = local_file.conf.filename
}
output "log" {
  value = module.log.file
}
)");
  dir.write("modules/site/header.txt", "# site\n");
  dir.write("modules/site/log/main.infra", R"(variable "owner" {
  type = string
}
resource "local_file" "log" {
  filename = "${var.owner}.log"
  content  = "log of ${var.owner}"
}
output "file" {
  value = local_file.log.filename
}
)");
}

}  // namespace

TEST_CASE("a module called with for_each gets its inputs, and its outputs reach the caller") {
  Scratch dir;
  write_site_module(dir);
  const auto config = [&](const std::string& sites) {
    dir.write("main.infra", R"(module "site" {
  source   = "./modules/site"
  for_each = )" + sites + R"(
  name     = each.key
  weight   = each.value
}
module "single" {
  source = "./modules/site"
  name   = "single"
}
resource "local_file" "summary" {
  filename = "out/summary.txt"
  content  = join(",", [for k, s in module.site : s.path])
}
output "logs" {
  value = { for k, s in module.site : k => s.log }
}
output "single" {
  value = module.single.path
}
)");
  };
  config("{ blue = 1, green = 2 }");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("out/green.conf") == "# site\nweight=2");
  CHECK(dir.read("out/single.conf") == "# site\nweight=1");
  CHECK(dir.read("out/blue.conf.log") == "log of out/blue.conf");
  CHECK(dir.read("out/summary.txt") == "out/blue.conf,out/green.conf");
  CHECK(contains(apply.out, "logs = { blue = \"out/blue.conf.log\", green = \"out/green.conf.log\" }"));
  CHECK(contains(apply.out, "single = \"out/single.conf\""));
  const auto addresses = state_addresses(dir);
  CHECK(has(addresses, "module.site[\"blue\"].local_file.conf"));
  CHECK(has(addresses, "module.site[\"blue\"].module.log.local_file.log"));
  CHECK(has(addresses, "module.single.module.log.local_file.log"));
  Result same = run_infra(dir.path(), {"plan", "-detailed-exitcode", "-no-color"});
  INFO(same.all());
  CHECK(same.code == 0);

  config("{ blue = 1 }");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# module.site[\"green\"].local_file.conf will be destroyed"));
  CHECK(contains(plan.out, "# module.site[\"green\"].module.log.local_file.log will be destroyed"));
  CHECK(contains(plan.out, "(because key [\"green\"] of module.site is not in for_each)"));
  CHECK(contains(plan.out, "Plan: 0 to add, 1 to change, 2 to destroy."));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK_FALSE(dir.exists("out/green.conf"));
  CHECK_FALSE(dir.exists("out/green.conf.log"));

  dir.write("main.infra", R"(resource "local_file" "other" {
  filename = "out/other.txt"
  content  = "x"
}
)");
  Result gone = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(gone.all());
  CHECK(contains(gone.out, "(because module.single is not in the configuration)"));
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 0);
  CHECK(state_addresses(dir).empty());
}

TEST_CASE("a module's inputs are checked against its variables' types and validations") {
  Scratch dir;
  write_site_module(dir);
  dir.write("main.infra", R"(module "site" {
  source = "./modules/site"
  count  = 2
  name   = "s${count.index}"
  weight = count.index
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "modules/site/main.infra:8:21: Invalid value for variable \"weight\""));
  CHECK(contains(r.err, "The weight must be positive."));

  dir.write("main.infra", R"(module "site" {
  source = "./modules/site"
  name   = ["not", "a", "string"]
}
)");
  Result type = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(type.all());
  CHECK(contains(type.err, "main.infra:3:12: Invalid value for variable \"name\""));
}

TEST_CASE("module blocks that cannot be called are errors at their place") {
  Scratch dir;
  write_site_module(dir);
  dir.write("main.infra", R"(module "missing" {
  source = "./modules/nothing"
}
module "site" {
  source  = "./modules/site"
  colour  = "red"
}
)");
  Result r = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "main.infra:2:12: Module not found"));
  CHECK(contains(r.err, "no directory modules/nothing"));
  CHECK(contains(r.err, "main.infra:6:3: Unsupported argument"));
  CHECK(contains(r.err, "has no variable \"colour\""));
  CHECK(contains(r.err, "main.infra:4:1: Missing required argument"));
  CHECK(contains(r.err, "The argument \"name\" is required"));

  dir.write("main.infra", R"(module "site" {
  source = "./modules/site"
  name   = "a"
}
output "x" {
  value = module.site.nope
}
)");
  Result output = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(output.all());
  CHECK(contains(output.err, "main.infra:6:11: Reference to undeclared output value"));
  CHECK(contains(output.err, "has no output \"nope\"; its outputs are: path,"));

  dir.write("modules/loop/main.infra", R"(module "again" {
  source = "../loop"
}
)");
  dir.write("main.infra", R"(module "loop" {
  source = "./modules/loop"
}
)");
  Result loop = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(loop.all());
  CHECK(contains(loop.err, "modules/loop/main.infra:2:12: Module calls itself"));

  dir.write("modules/own/main.infra", R"(provider "local" {
}
resource "local_file" "a" {
  provider = local.other
  filename = "a.txt"
  content  = "a"
}
)");
  dir.write("main.infra", R"(module "own" {
  source = "./modules/own"
}
)");
  Result own = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(own.all());
  CHECK(contains(own.err, "modules/own/main.infra:1:1: Provider configuration in a called module"));

  dir.write("modules/own/main.infra", R"(resource "local_file" "a" {
  provider = local.other
  filename = "a.txt"
  content  = "a"
}
)");
  Result unpassed = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(unpassed.all());
  CHECK(contains(unpassed.err, "modules/own/main.infra:2:14: Provider configuration not passed to the module"));
  CHECK_FALSE(dir.exists("a.txt"));
}

TEST_CASE("a module with for_each gets its own provider configuration per instance") {
  Scratch dir;
  dir.write("modules/store/main.infra", R"(variable "name" {
  type = string
}
resource "fake_thing" "item" {
  name = var.name
}
output "id" {
  value = fake_thing.item.id
}
)");
  dir.write("main.infra", R"(variable "regions" {
  default = ["east", "west"]
}
provider "fake" {
  alias    = "region"
  for_each = toset(var.regions)
  dir      = "objects-${each.key}"
}
module "store" {
  source    = "./modules/store"
  for_each  = toset(var.regions)
  name      = "item-${each.key}"
  providers = {
    fake = fake.region[each.key]
  }
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.exists("objects-east/item-east.json"));
  CHECK(dir.exists("objects-west/item-west.json"));
  auto backend = infra::state::open_sqlite(dir.path() / ".infra" / "state.db");
  for (const auto& inst : backend->read().instances) {
    const bool east = contains(inst.address, "east");
    CHECK(inst.provider == (east ? "fake.region[\"east\"]" : "fake.region[\"west\"]"));
  }
  backend.reset();
  Result again = run_infra(dir.path(), {"plan", "-detailed-exitcode", "-no-color"});
  INFO(again.all());
  CHECK(again.code == 0);
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 0);
  CHECK_FALSE(dir.exists("objects-east/item-east.json"));
}

TEST_CASE("graph prints the configuration's graph and a plan's as DOT") {
  Scratch dir;
  write_site_module(dir);
  dir.write("main.infra", R"(module "site" {
  source = "./modules/site"
  name   = "a"
}
resource "local_file" "after" {
  filename = "out/after.txt"
  content  = module.site.path
}
)");
  Result plan = run_infra(dir.path(), {"graph"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(plan.out.rfind("digraph infra {\n", 0) == 0);
  CHECK(contains(plan.out, "\"module.site.local_file.conf\" [shape = box]"));
  CHECK(contains(plan.out, "\"local_file.after\" -> \"module.site.output.path\""));
  CHECK(contains(plan.out, "\"module.site.local_file.conf\" -> \"module.site\""));
  CHECK(contains(plan.out, "\"local_file.after\" -> \"provider[\\\"local\\\"]\""));
  CHECK(plan.out.substr(plan.out.size() - 2) == "}\n");

  Result apply = run_infra(dir.path(), {"graph", "-type=apply"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "\"local_file.after\" [label = \"local_file.after (create)\", shape = box]"));
  CHECK(contains(apply.out, "\"local_file.after\" -> \"module.site.local_file.conf\""));
  CHECK(contains(apply.out, "\"module.site.module.log.local_file.log\" -> \"module.site.local_file.conf\""));

  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"plan", "-destroy", "-out=destroy.plan"}).code == 0);
  Result destroy = run_infra(dir.path(), {"graph", "-plan=destroy.plan"});
  INFO(destroy.all());
  CHECK(contains(destroy.out, "(delete)"));
  // Destroyed in reverse: the dependency after what depends on it.
  CHECK(contains(destroy.out, "\"module.site.local_file.conf\" -> \"local_file.after\""));

  Result bad = run_infra(dir.path(), {"graph", "-type=other"});
  CHECK(bad.code != 0);
  CHECK(contains(bad.err, "-type must be plan or apply"));
}
