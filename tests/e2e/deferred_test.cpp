// End to end: a count or for_each known only after apply is not an error — the plan leaves
// what depends on it for a further round, and apply makes the rounds until nothing is left.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

namespace {

constexpr const char* kUnknownCount = R"(resource "infra_data" "seed" {
  input = "three"
}
resource "infra_data" "many" {
  count = length(infra_data.seed.id) > 0 ? 3 : 0
  input = "item ${count.index}"
}
resource "infra_data" "after" {
  input = length(infra_data.many)
}
module "site" {
  source   = "./site"
  for_each = { for i, m in infra_data.many : m.id => i }
  index    = each.value
}
output "n" {
  value = infra_data.after.output
}
)";

constexpr const char* kSite = R"(variable "index" {
  type = number
}
resource "infra_data" "page" {
  input = var.index
}
)";

}  // namespace

TEST_CASE("what a count known only after apply holds up is deferred, and apply makes the rounds") {
  Scratch dir;
  dir.write("main.infra", kUnknownCount);
  dir.write("site/main.infra", kSite);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 2);
  CHECK(contains(plan.out, "# infra_data.seed will be created"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 0 to destroy."));
  CHECK(contains(plan.out, "Deferred to a further round"));
  CHECK(contains(plan.out, "~ infra_data.many (its count is known only after apply)"));
  CHECK(contains(plan.out, "~ infra_data.after (it depends on infra_data.many)"));
  CHECK(contains(plan.out, "~ module.site (it depends on infra_data.many)"));
  CHECK(contains(plan.out, "~ module.site.infra_data.page (it depends on infra_data.many)"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Round 2: planning what was deferred..."));
  CHECK(contains(apply.out, "Round 3: planning what was deferred..."));
  CHECK(contains(apply.out, "n = 3"));
  CHECK(state_addresses(dir).size() == 1 + 3 + 1 + 3);
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
}

TEST_CASE("a saved plan applies its round and says what is left") {
  Scratch dir;
  dir.write("main.infra", kUnknownCount);
  dir.write("site/main.infra", kSite);
  REQUIRE(run_infra(dir.path(), {"plan", "-out=first.plan"}).code == 0);
  Result apply = run_infra(dir.path(), {"apply", "-no-color", "first.plan"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "4 deferred blocks were left for a further round"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"infra_data.seed"});
}

TEST_CASE("what stays unknown round after round stops apply with an error") {
  Scratch dir;
  dir.write("main.infra", R"(resource "infra_data" "a" {
  input = 1
}
resource "infra_data" "never" {
  count = length(timestamp()) > 0 ? 1 : 0
  input = infra_data.a.output
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "Deferred blocks cannot be planned"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"infra_data.a"});
}
