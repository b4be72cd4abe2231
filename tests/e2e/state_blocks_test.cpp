// End to end: the blocks that speak of the state — `moved` renames objects without
// destroying them (and Infra moves `a` to `a[0]` by itself when count is added),
// `removed` forgets or destroys, `import` adopts objects that exist.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

namespace {

std::string file_resource(const std::string& name, const std::string& filename,
                          const std::string& extra = "") {
  return "resource \"local_file\" \"" + name + "\" {\n" + extra + "  filename = \"" + filename +
         "\"\n  content  = \"" + filename + "\"\n}\n";
}

}  // namespace

TEST_CASE("a moved block renames an object in the state instead of replacing it") {
  Scratch dir;
  dir.write("main.infra", file_resource("old", "a.txt") + file_resource("keep", "k.txt"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", file_resource("new", "a.txt") + file_resource("keep", "k.txt") + R"(
moved {
  from = local_file.old
  to   = local_file.new
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 2);  // the state changes, the objects do not
  CHECK(contains(plan.out, "# local_file.old has moved to local_file.new"));
  CHECK(contains(plan.out, "Plan: 0 to add, 0 to change, 0 to destroy."));
  CHECK_FALSE(contains(plan.out, "will be destroyed"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.keep", "local_file.new"});
  CHECK(dir.exists("a.txt"));
  // Done: the block may stay, and does nothing more.
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);
}

TEST_CASE("moves follow chains, reach into modules and keep instance keys") {
  Scratch dir;
  dir.write("modules/files/main.infra", file_resource("f", "m.txt", "  count    = 2\n"));
  dir.write("main.infra", file_resource("a", "a.txt", "  for_each = toset([\"x\"])\n") +
                              file_resource("f", "m.txt", "  count    = 2\n"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", file_resource("c", "a.txt", "  for_each = toset([\"x\"])\n") + R"(
module "files" {
  source = "./modules/files"
}
moved {
  from = local_file.a
  to   = local_file.b
}
moved {
  from = local_file.b
  to   = local_file.c
}
moved {
  from = local_file.f
  to   = module.files.local_file.f
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.a[\"x\"] has moved to local_file.c[\"x\"]"));
  CHECK(contains(plan.out, "# local_file.f[1] has moved to module.files.local_file.f[1]"));
  CHECK(contains(plan.out, "Plan: 0 to add, 0 to change, 0 to destroy."));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.c[\"x\"]",
                                                         "module.files.local_file.f[0]",
                                                         "module.files.local_file.f[1]"});
}

TEST_CASE("adding count moves the object to index 0, removing it moves it back") {
  Scratch dir;
  dir.write("main.infra", file_resource("a", "a.txt"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", file_resource("a", "a.txt", "  count    = 1\n"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.a has moved to local_file.a[0]"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.a[0]"});
  dir.write("main.infra", file_resource("a", "a.txt"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.a"});
  CHECK(dir.exists("a.txt"));
}

TEST_CASE("a move onto an object that exists is skipped with a warning") {
  Scratch dir;
  dir.write("main.infra", file_resource("a", "a.txt") + file_resource("b", "b.txt"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", file_resource("a", "a.txt") + file_resource("b", "b.txt") + R"(
moved {
  from = local_file.a
  to   = local_file.b
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.err, "Warning: main.infra:10:1: Moved object still exists"));
  CHECK(contains(plan.out, "No changes."));
}

TEST_CASE("a removed block forgets an object, or destroys it with destroy = true") {
  Scratch dir;
  dir.write("main.infra", file_resource("a", "a.txt") + file_resource("b", "b.txt"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", R"(removed {
  from = local_file.a
  lifecycle {
    destroy = false
  }
}
removed {
  from = local_file.b
  lifecycle {
    destroy = true
  }
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.a will no longer be managed by Infra, but will not be destroyed"));
  CHECK(contains(plan.out, "# local_file.b will be destroyed"));
  CHECK(contains(plan.out, "Plan: 0 to add, 0 to change, 1 to destroy, 1 to forget."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "0 added, 0 changed, 1 destroyed, 1 forgotten."));
  CHECK(state_addresses(dir).empty());
  CHECK(dir.exists("a.txt"));
  CHECK_FALSE(dir.exists("b.txt"));

  dir.write("main.infra", file_resource("a", "a.txt") + R"(
removed {
  from = local_file.a
}
)");
  Result still = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(still.all());
  CHECK(still.code == 1);
  CHECK(contains(still.err, "main.infra:7:10: Removed object still exists"));
}

TEST_CASE("import blocks adopt existing objects, one or one per for_each key") {
  Scratch dir;
  dir.write("existing.txt", "existing.txt");
  dir.write("e1.txt", "old one");
  dir.write("e2.txt", "e2.txt");
  dir.write("main.infra", file_resource("adopted", "existing.txt") + R"(
import {
  to = local_file.adopted
  id = "existing.txt"
}
resource "local_file" "many" {
  for_each = toset(["e1", "e2"])
  filename = "${each.key}.txt"
  content  = "${each.key}.txt"
}
import {
  for_each = toset(["e1", "e2"])
  to       = local_file.many[each.key]
  id       = "${each.key}.txt"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# local_file.adopted will be imported"));
  CHECK(contains(plan.out, "# local_file.many[\"e1\"] will be imported and updated in-place"));
  CHECK(contains(plan.out, "# local_file.many[\"e2\"] will be imported\n"));
  CHECK(contains(plan.out, "Plan: 3 to import, 0 to add, 1 to change, 0 to destroy."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "3 imported, 0 added, 1 changed, 0 destroyed."));
  CHECK(dir.read("e1.txt") == "e1.txt");
  CHECK(state_addresses(dir).size() == 3);
  Result again = run_infra(dir.path(), {"plan", "-detailed-exitcode", "-no-color"});
  INFO(again.all());
  CHECK(again.code == 0);
}

TEST_CASE("import blocks that cannot adopt anything are errors at their place") {
  Scratch dir;
  dir.write("main.infra", file_resource("a", "a.txt") + R"(
import {
  to = local_file.missing
  id = "a.txt"
}
)");
  Result target = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(target.all());
  CHECK(target.code == 1);
  CHECK(contains(target.err, "main.infra:7:8: Configuration for import target does not exist"));

  dir.write("main.infra", file_resource("a", "a.txt") + R"(
import {
  to = local_file.a
  id = "no-such-file.txt"
}
)");
  Result absent = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(absent.all());
  CHECK(absent.code == 1);
  CHECK(contains(absent.err, "main.infra:6:1: Cannot import local_file.a"));

  dir.write("main.infra", file_resource("a", "a.txt", "  for_each = toset([\"x\"])\n") + R"(
import {
  for_each = toset(["x", "y"])
  to       = local_file.a[each.key]
  id       = "${each.key}.txt"
}
)");
  Result key = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(key.all());
  CHECK(key.code == 1);
  CHECK(contains(key.err, "local_file.a[\"y\"], but the configuration has no such instance"));

  dir.write("main.infra", file_resource("a", "a.txt") + R"(
import {
  to = local_file.a
  id = timestamp()
}
)");
  Result unknown = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(unknown.all());
  CHECK(contains(unknown.err, "main.infra:8:8: Invalid import id"));
  CHECK(state_addresses(dir).empty());
}

TEST_CASE("infra import adopts one object into a declared address, and says why when it cannot") {
  Scratch dir;
  dir.write("existing.txt", "existing.txt");
  dir.write("main.infra", file_resource("adopted", "existing.txt") +
                              file_resource("many", "m.txt", "  count    = 2\n"));
  Result ok = run_infra(dir.path(), {"import", "-no-color", "local_file.adopted", "existing.txt"});
  INFO(ok.all());
  REQUIRE(ok.code == 0);
  CHECK(contains(ok.out, "local_file.adopted: Importing from ID \"existing.txt\"..."));
  CHECK(contains(ok.out, "Import successful!"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.adopted"});
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK_FALSE(contains(plan.out, "local_file.adopted will"));

  Result again = run_infra(dir.path(), {"import", "-no-color", "local_file.adopted", "existing.txt"});
  CHECK(again.code == 1);
  CHECK(contains(again.err, "Resource already managed by Infra"));
  Result undeclared = run_infra(dir.path(), {"import", "-no-color", "local_file.nope", "existing.txt"});
  CHECK(contains(undeclared.err, "Configuration for import target does not exist"));
  Result key = run_infra(dir.path(), {"import", "-no-color", "local_file.many", "existing.txt"});
  CHECK(contains(key.err, "Invalid instance key for local_file.many"));
  CHECK(contains(key.err, "has count: import into an index"));
  Result missing = run_infra(dir.path(), {"import", "-no-color", "local_file.many[0]", "no-such.txt"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Cannot import local_file.many[0]"));
  Result bad = run_infra(dir.path(), {"import", "-no-color", "local_file[", "x"});
  CHECK(contains(bad.err, "Invalid resource address \"local_file[\""));
  Result usage = run_infra(dir.path(), {"import", "local_file.adopted"});
  CHECK(usage.code != 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.adopted"});
}

TEST_CASE("infra import of a type its provider cannot import names the type, and changes nothing") {
  Scratch dir;
  dir.write("main.infra", R"(provider "fake" {
  dir = "objects"
}

resource "fake_thing" "a" {
  name = "a"
}
)");
  REQUIRE(run_infra(dir.path(), {"init", "-no-color"}).code == 0);
  Result r = run_infra(dir.path(), {"import", "-no-color", "fake_thing.a", "a"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Cannot import fake_thing.a"));
  CHECK(contains(r.err, "resource type fake_thing does not support import"));
  CHECK(state_addresses(dir).empty());
}

TEST_CASE("an import block in a called module is an error that shows the root's form") {
  Scratch dir;
  dir.write("child/main.infra", file_resource("a", "a.txt") + R"(
import {
  to = local_file.a
  id = "a.txt"
}
)");
  dir.write("main.infra", R"(module "child" {
  source = "./child"
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "child/main.infra:6:1: Import block in a called module"));
  CHECK(contains(r.err, "to = module.child.local_file.a"));
}
