// End to end: -target, -exclude and -replace — partial plans, what they take along, the
// warning that they are partial, and saved partial plans.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;

namespace {

/// base <- app <- web, and an independent other; app has three instances.
constexpr const char* kChain = R"(resource "local_file" "base" {
  filename = "base.txt"
  content  = "base"
}
resource "local_file" "app" {
  count    = 3
  filename = "app${count.index}.txt"
  content  = local_file.base.content
}
resource "local_file" "web" {
  filename = "web.txt"
  content  = join(",", local_file.app[*].filename)
}
resource "local_file" "other" {
  filename = "other.txt"
  content  = "other"
}
output "web" {
  value = local_file.web.filename
}
output "other" {
  value = local_file.other.filename
}
)";

}  // namespace

TEST_CASE("a target plans what it names and what that depends on, and warns") {
  Scratch dir;
  dir.write("main.infra", kChain);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-target=local_file.app[1]"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# local_file.base will be created"));
  CHECK(contains(plan.out, "# local_file.app[1] will be created"));
  CHECK_FALSE(contains(plan.out, "local_file.app[0] will"));
  CHECK_FALSE(contains(plan.out, "local_file.web will"));
  CHECK_FALSE(contains(plan.out, "local_file.other will"));
  CHECK(contains(plan.out, "Plan: 2 to add, 0 to change, 0 to destroy."));
  CHECK(contains(plan.err, "Warning: Resource targeting is in effect"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-target=local_file.web"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.app[0]", "local_file.app[1]",
                                                         "local_file.app[2]", "local_file.base",
                                                         "local_file.web"});
  CHECK(contains(apply.out, "web = \"web.txt\""));
  CHECK_FALSE(dir.exists("other.txt"));

  // The rest, later: a full apply creates only what is missing.
  Result rest = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(rest.all());
  CHECK(contains(rest.out, "1 added, 0 changed, 0 destroyed"));
  CHECK(contains(rest.out, "web = \"web.txt\""));
  CHECK(contains(rest.out, "other = \"other.txt\""));
}

TEST_CASE("an exclude leaves out what it names and what depends on it") {
  Scratch dir;
  dir.write("main.infra", kChain);
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-exclude=local_file.app"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.base", "local_file.other"});
  CHECK(contains(apply.err, "Warning: Resource targeting is in effect"));
}

TEST_CASE("a targeted destroy takes what depends on the target, an excluding one keeps what it needs") {
  Scratch dir;
  dir.write("main.infra", kChain);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color", "-target=local_file.app[0]"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  // app[0] goes, and web, which depends on every app; base and the other apps stay.
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.app[1]", "local_file.app[2]",
                                                         "local_file.base", "local_file.other"});
  Result keep = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color", "-exclude=local_file.app[1]"});
  INFO(keep.all());
  REQUIRE(keep.code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.app[1]", "local_file.base"});
}

TEST_CASE("replace replaces an instance that nothing else would change") {
  Scratch dir;
  dir.write("main.infra", kChain);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-replace=local_file.app[2]"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.app[2] will be replaced, as requested"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 1 to destroy."));
  REQUIRE(run_infra(dir.path(), {"plan", "-replace=local_file.app[2]", "-out=replace.plan"}).code == 0);
  Result apply = run_infra(dir.path(), {"apply", "-no-color", "replace.plan"});
  INFO(apply.all());
  CHECK(apply.code == 0);
  CHECK(contains(apply.out, "1 added, 0 changed, 1 destroyed"));
}

TEST_CASE("target, exclude and replace addresses must name something") {
  Scratch dir;
  dir.write("main.infra", kChain);
  Result bad = run_infra(dir.path(), {"plan", "-no-color", "-target=local_file.nope"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Invalid -target address \"local_file.nope\""));
  CHECK(contains(bad.err, "The configuration has no resource local_file.nope."));
  Result syntax = run_infra(dir.path(), {"plan", "-no-color", "-exclude=local_file["});
  CHECK(contains(syntax.err, "Invalid -exclude address \"local_file[\""));
  Result replace = run_infra(dir.path(), {"plan", "-no-color", "-replace=local_file.app[7]"});
  CHECK(replace.code == 1);
  CHECK(contains(replace.err, "Invalid -replace address \"local_file.app[7]\""));
}

TEST_CASE("a saved partial plan applies only its part") {
  Scratch dir;
  dir.write("main.infra", kChain);
  REQUIRE(run_infra(dir.path(), {"plan", "-target=local_file.other", "-out=other.plan"}).code == 0);
  Result apply = run_infra(dir.path(), {"apply", "-no-color", "other.plan"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.other"});
  CHECK(contains(apply.out, "other = \"other.txt\""));
}

TEST_CASE("a refresh-only plan records what changed outside, and changes no object") {
  Scratch dir;
  dir.write("main.infra", kChain);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("other.txt", "edited by hand");
  std::filesystem::remove(dir.path() / "web.txt");
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-refresh-only", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 2);
  CHECK(contains(plan.out, "# local_file.other has changed"));
  CHECK(contains(plan.out, "# local_file.web has been deleted"));
  CHECK(contains(plan.out, "This is a refresh-only plan"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-refresh-only"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("other.txt") == "edited by hand");
  CHECK_FALSE(dir.exists("web.txt"));
  const auto addresses = state_addresses(dir);
  CHECK(std::find(addresses.begin(), addresses.end(), "local_file.web") == addresses.end());
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-refresh-only", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "the state is up to date"));
  // A normal plan puts things back.
  Result normal = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(contains(normal.out, "# local_file.web will be created"));
  CHECK(contains(normal.out, "# local_file.other will be updated in-place"));
  Result bad = run_infra(dir.path(), {"plan", "-refresh-only", "-refresh=false"});
  CHECK(bad.code != 0);
  CHECK(contains(bad.err, "-refresh-only cannot be combined"));
}
