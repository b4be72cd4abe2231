// End to end: the random provider through the real binary: several random resources
// applied, a second plan with nothing to do, the password never shown in clear, and a new
// keeper value planned as a replacement.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

const char* kConfig = R"(
variable "rotation" {
  type    = string
  default = "1"
}

resource "random_password" "db" {
  length      = 20
  min_special = 2
  keepers = {
    rotation = var.rotation
  }
}

resource "random_pet" "name" {
  prefix = "app"
}

resource "random_integer" "port" {
  min  = 8000
  max  = 8999
  seed = "fixed"
}

resource "random_id" "suffix" {
  byte_length = 4
  keepers = {
    pet = random_pet.name.id
  }
}

resource "random_string" "tag" {
  length  = 6
  special = false
  upper   = false
}

resource "random_shuffle" "zones" {
  input        = ["a", "b", "c"]
  result_count = 2
}

resource "random_uuid" "run" {}

resource "local_file" "summary" {
  filename = "summary.txt"
  content  = "${random_pet.name.id} ${random_integer.port.result} ${random_id.suffix.hex} ${random_string.tag.result} ${join(",", random_shuffle.zones.result)} ${random_uuid.run.result}"
}

output "password" {
  value     = random_password.db.result
  sensitive = true
}
)";

}  // namespace

TEST_CASE("random resources: apply, no changes, a hidden password, keepers replace") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  REQUIRE(run_infra(dir.path(), {"init", "-no-color"}).code == 0);

  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# random_password.db will be created"));
  CHECK(contains(plan.out, "Plan: 8 to add, 0 to change, 0 to destroy."));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Apply complete! Resources: 8 added, 0 changed, 0 destroyed."));
  const std::string summary = dir.read("summary.txt");
  CHECK(summary.rfind("app-", 0) == 0);
  CHECK(contains(summary, " 8"));  // the port, from 8000 to 8999

  Result password = run_infra(dir.path(), {"output", "-raw", "password"});
  REQUIRE(password.code == 0);
  REQUIRE(password.out.size() == 20);
  CHECK_FALSE(contains(apply.out, password.out));

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // A new rotation: the password is replaced, and neither value is printed.
  Result rotate =
      run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode", "-var", "rotation=2"});
  INFO(rotate.all());
  CHECK(rotate.code == 2);
  CHECK(contains(rotate.out, "# random_password.db must be replaced"));
  CHECK(contains(rotate.out, "# forces replacement"));
  CHECK(contains(rotate.out, "(sensitive value)"));
  CHECK(contains(rotate.out, "Plan: 1 to add, 0 to change, 1 to destroy."));
  CHECK_FALSE(contains(rotate.out, password.out));
  CHECK_FALSE(contains(rotate.err, password.out));

  Result show = run_infra(dir.path(), {"show", "-no-color"});
  INFO(show.all());
  CHECK(contains(show.out, "(sensitive value)"));
  CHECK_FALSE(contains(show.out, password.out));
}
