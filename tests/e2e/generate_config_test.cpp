// End to end: `plan -generate-config-out=FILE` writes the resource blocks that import blocks
// lack, from the objects the provider reads, so that the next plan shows only the import.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

TEST_CASE("generated configuration adopts an existing file with no further changes") {
  Scratch dir;
  dir.write("existing.txt", "made by hand\n");
  dir.write("main.infra", R"(import {
  to = local_file.adopted
  id = "existing.txt"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-generate-config-out=generated.infra"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.err, "Configuration generated in generated.infra"));
  CHECK(contains(plan.out, "# local_file.adopted will be imported"));
  CHECK(contains(plan.out, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."));
  const std::string generated = dir.read("generated.infra");
  CHECK(contains(generated, "# __generated__ by Infra"));
  CHECK(contains(generated, "resource \"local_file\" \"adopted\" {\n"));
  CHECK(contains(generated, "  filename        = \"existing.txt\"\n"));
  CHECK(contains(generated, "  content         = \"made by hand\\n\"\n"));
  CHECK_FALSE(contains(generated, "content_sha256"));  // computed: the provider's
  // Written as infra fmt writes: formatting changes nothing.
  Result fmt = run_infra(dir.path(), {"fmt"});
  CHECK(fmt.code == 0);
  CHECK(fmt.out.empty());

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.adopted"});
  CHECK(dir.read("existing.txt") == "made by hand\n");
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);

  // A later change to the generated configuration updates the adopted file in place.
  std::string changed = generated;
  changed.replace(changed.find("made by hand\\n"), 14, "managed now\\n");
  dir.write("generated.infra", changed);
  Result update = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(update.all());
  REQUIRE(update.code == 0);
  CHECK(contains(update.out, "# local_file.adopted will be updated in-place"));
  CHECK(contains(update.out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed."));
  CHECK(dir.read("existing.txt") == "managed now\n");
}

TEST_CASE("generating configuration: what it refuses, each at its place") {
  Scratch dir;
  dir.write("existing.txt", "x");
  dir.write("main.infra", R"(import {
  to = local_file.adopted
  id = "existing.txt"
}
)");
  SECTION("an existing file is not overwritten") {
    dir.write("generated.infra", "# mine\n");
    Result r = run_infra(dir.path(), {"plan", "-no-color", "-generate-config-out=generated.infra"});
    INFO(r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Target generated file already exists"));
    CHECK(dir.read("generated.infra") == "# mine\n");
  }
  SECTION("an object the provider does not find") {
    dir.write("main.infra", R"(import {
  to = local_file.adopted
  id = "missing.txt"
}
)");
    Result r = run_infra(dir.path(), {"plan", "-no-color", "-generate-config-out=generated.infra"});
    INFO(r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "main.infra:1:1: Cannot import local_file.adopted"));
    CHECK_FALSE(dir.exists("generated.infra"));
  }
  SECTION("an import block with for_each") {
    dir.write("main.infra", R"(import {
  for_each = toset(["existing.txt"])
  to       = local_file.many[each.key]
  id       = each.key
}
)");
    Result r = run_infra(dir.path(), {"plan", "-no-color", "-generate-config-out=generated.infra"});
    INFO(r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "main.infra:3:14: Cannot generate configuration for local_file.many"));
    CHECK_FALSE(dir.exists("generated.infra"));
  }
  SECTION("without the flag, the error says how to generate it") {
    Result r = run_infra(dir.path(), {"plan", "-no-color"});
    INFO(r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Configuration for import target does not exist"));
    CHECK(contains(r.err, "infra plan -generate-config-out=generated.infra"));
  }
}
