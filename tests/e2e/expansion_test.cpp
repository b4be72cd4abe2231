// End to end: count and for_each on resources and data sources — instance addresses in
// plans and the state, references to instances, and what happens when the set of
// instances changes.
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

std::string counted(int n) {
  return R"(resource "local_file" "f" {
  count    = )" + std::to_string(n) + R"(
  filename = "f${count.index}.txt"
  content  = "file ${count.index} of ${)" + std::to_string(n) + R"(}"
}
resource "local_file" "index" {
  filename = "index.txt"
  content  = join(",", local_file.f[*].filename)
}
output "first" {
  value = local_file.f[0].filename
}
)";
}

}  // namespace

TEST_CASE("count makes one instance per index, and shrinking it destroys the last ones") {
  Scratch dir;
  dir.write("main.infra", counted(3));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# local_file.f[0] will be created"));
  CHECK(contains(plan.out, "# local_file.f[2] will be created"));
  CHECK(contains(plan.out, "Plan: 4 to add, 0 to change, 0 to destroy."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("f2.txt") == "file 2 of 3");
  CHECK(dir.read("index.txt") == "f0.txt,f1.txt,f2.txt");
  CHECK(contains(apply.out, "first = \"f0.txt\""));
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.f[0]", "local_file.f[1]",
                                                         "local_file.f[2]", "local_file.index"});

  dir.write("main.infra", counted(2));
  Result shrink = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(shrink.all());
  CHECK(contains(shrink.out, "# local_file.f[2] will be destroyed"));
  CHECK(contains(shrink.out, "(because index [2] is out of range for count)"));
  CHECK(contains(shrink.out, "# local_file.f[0] will be updated in-place"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK_FALSE(dir.exists("f2.txt"));
  CHECK(dir.read("index.txt") == "f0.txt,f1.txt");

  dir.write("main.infra", counted(0));
  Result none = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(none.all());
  // local_file.f[0] does not exist any more: the output's reference fails.
  CHECK(none.code == 1);
  CHECK(contains(none.err, "main.infra:11:"));
}

TEST_CASE("for_each makes one instance per key, and a removed key destroys only its instance") {
  Scratch dir;
  const auto config = [&](const std::string& sites) {
    dir.write("main.infra", R"(variable "sites" {
  type = map(number)
  default = )" + sites + R"(
}
variable "users" {
  type    = set(string)
  default = ["ann", "bob"]
}
resource "local_file" "site" {
  for_each = var.sites
  filename = "site-${each.key}.conf"
  content  = "weight=${each.value}"
}
resource "local_file" "home" {
  for_each = var.users
  filename = "home-${each.value}.txt"
  content  = local_file.site["blue"].filename
}
output "weights" {
  value = { for k, f in local_file.site : k => f.content }
}
)");
  };
  config("{ blue = 1, green = 2 }");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("site-green.conf") == "weight=2");
  CHECK(dir.read("home-bob.txt") == "site-blue.conf");
  CHECK(contains(apply.out, "weights = { blue = \"weight=1\", green = \"weight=2\" }"));
  auto addresses = state_addresses(dir);
  CHECK(std::find(addresses.begin(), addresses.end(), "local_file.site[\"green\"]") != addresses.end());
  CHECK(std::find(addresses.begin(), addresses.end(), "local_file.home[\"ann\"]") != addresses.end());

  config("{ blue = 1, red = 3 }");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.site[\"green\"] will be destroyed"));
  CHECK(contains(plan.out, "(because key [\"green\"] is not in for_each)"));
  CHECK(contains(plan.out, "# local_file.site[\"red\"] will be created"));
  CHECK_FALSE(contains(plan.out, "local_file.site[\"blue\"] will"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 1 to destroy."));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK_FALSE(dir.exists("site-green.conf"));
  CHECK(dir.read("site-red.conf") == "weight=3");
  Result again = run_infra(dir.path(), {"plan", "-detailed-exitcode"});
  CHECK(again.code == 0);
}

TEST_CASE("data sources with for_each read one object per key") {
  Scratch dir;
  dir.write("a.txt", "alpha");
  dir.write("b.txt", "beta");
  dir.write("main.infra", R"(data "local_file" "input" {
  for_each = toset(["a", "b"])
  filename = "${each.key}.txt"
}
resource "local_file" "joined" {
  filename = "joined.txt"
  content  = join("+", [for k, d in data.local_file.input : d.content])
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("joined.txt") == "alpha+beta");
}

TEST_CASE("replace_triggered_by with [count.index] replaces only the matching instance") {
  Scratch dir;
  const auto config = [&](const std::string& second) {
    dir.write("main.infra", R"(locals {
  contents = ["one", ")" + second + R"("]
}
resource "local_file" "source" {
  count    = 2
  filename = "source${count.index}.txt"
  content  = local.contents[count.index]
}
resource "local_file" "copy" {
  count    = 2
  filename = "copy${count.index}.txt"
  content  = "fixed"
  lifecycle {
    replace_triggered_by = [local_file.source[count.index].content]
  }
}
)");
  };
  config("two");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  config("TWO");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.copy[1] will be replaced due to changes in replace_triggered_by"));
  CHECK_FALSE(contains(plan.out, "# local_file.copy[0] will be replaced"));
}

TEST_CASE("count and for_each values that cannot be used are errors at their place") {
  Scratch dir;
  const auto plan_of = [&](const std::string& meta) {
    dir.write("main.infra", R"(resource "local_file" "seed" {
  filename = "seed.txt"
  content  = "seed"
}
resource "local_file" "a" {
  )" + meta + R"(
  filename = "a.txt"
  content  = "a"
}
)");
    return run_infra(dir.path(), {"plan", "-no-color"});
  };
  // Known only after apply: not an error, but left for a further round (deferred_test).
  Result unknown = plan_of("count = length(timestamp())");
  INFO(unknown.all());
  CHECK(unknown.code == 0);
  CHECK(contains(unknown.out, "~ local_file.a (its count is known only after apply)"));

  Result fraction = plan_of("count = 1.5");
  CHECK(contains(fraction.err, "main.infra:6:11: Invalid count argument"));
  CHECK(contains(fraction.err, "it is 1.5"));

  Result list = plan_of("for_each = [\"x\", \"x\"]");
  CHECK(contains(list.err, "main.infra:6:14: Invalid for_each argument"));
  CHECK(contains(list.err, "has \"x\" twice"));

  Result number = plan_of("for_each = 3");
  CHECK(contains(number.err, "must be a map, or a set of strings; it is a number"));

  Result secret = plan_of("for_each = sensitive({ k = 1 })");
  CHECK(contains(secret.err, "is sensitive"));

  Result null = plan_of("count = null");
  CHECK(contains(null.err, "is null"));
  CHECK_FALSE(dir.exists("a.txt"));
}

TEST_CASE("console sees the instances of a resource with count in index order") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "f" {
  count    = 12
  filename = "f${count.index}.txt"
  content  = "${count.index}"
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  Result r = infra::e2e::run_infra_with_input(
      dir.path(), {"console", "-no-color"},
      "length(local_file.f)\nlocal_file.f[10].content\n(local_file.f[*].content)[2]\n");
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(r.out == "12\n\"10\"\n\"2\"\n");
}
