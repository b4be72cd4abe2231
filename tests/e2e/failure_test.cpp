// End to end: failures during apply. Whatever finished is in the state; what depends on a
// failure is left alone; nothing hangs; the next plan picks up where apply stopped.
#include <catch2/catch.hpp>

#include "harness.hpp"
#include "state/backend.hpp"

using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;
using infra::e2e::contains;

namespace {

std::string config(const std::string& resources) {
  return "provider \"fake\" {\n  dir = \"objects\"\n}\n" + resources;
}

}  // namespace

TEST_CASE("a failed create stops its dependents, not the rest, and the state keeps the rest") {
  Scratch dir;
  dir.write("main.infra", config(R"(
resource "fake_thing" "a" {
  name = "a"
}
resource "fake_thing" "b" {
  name = "b"
  fail = "create"
}
resource "fake_thing" "c" {
  name  = "c"
  value = fake_thing.b.id
}
resource "fake_thing" "d" {
  name  = "d"
  value = fake_thing.a.id
}
)"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "fake_thing.b: create failed"));
  CHECK(contains(apply.err, "the fake create of \"b\" failed as asked"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"fake_thing.a", "fake_thing.d"});
  CHECK(dir.exists("objects/a.json"));
  CHECK(dir.exists("objects/d.json"));
  CHECK_FALSE(dir.exists("objects/c.json"));

  // The next plan creates only what is missing.
  dir.write("main.infra", config(R"(
resource "fake_thing" "a" {
  name = "a"
}
resource "fake_thing" "b" {
  name = "b"
}
resource "fake_thing" "c" {
  name  = "c"
  value = fake_thing.b.id
}
resource "fake_thing" "d" {
  name  = "d"
  value = fake_thing.a.id
}
)"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "Plan: 2 to add, 0 to change, 0 to destroy."));
  CHECK(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(state_addresses(dir).size() == 4);
}

TEST_CASE("a provider that crashes during apply is an error naming it, and loses nothing") {
  Scratch dir;
  dir.write("main.infra", config(R"(
resource "fake_thing" "first" {
  name = "first"
}
resource "fake_thing" "boom" {
  name  = "boom"
  crash = "create"
  value = fake_thing.first.id
}
)"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-parallelism=1"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "fake_thing.boom"));
  CHECK(contains(apply.err, "provider \"fake\""));
  CHECK(contains(apply.err, "exited unexpectedly"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"fake_thing.first"});
  // The lock was released: the next command runs.
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
}

TEST_CASE("an object created before a failure is recorded as tainted and replaced next time") {
  Scratch dir;
  dir.write("main.infra", config(R"(
resource "fake_thing" "half" {
  name = "half"
  fail = "create-after"
}
)"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "created, then failed to finish as asked"));
  auto backend = infra::state::open_sqlite(dir.path() / ".infra" / "state.db");
  auto snapshot = backend->read();
  REQUIRE(snapshot.instances.size() == 1);
  CHECK(snapshot.instances[0].status == "tainted");

  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# fake_thing.half is tainted, so it must be replaced"));
}

TEST_CASE("a failed delete keeps the object in the state") {
  Scratch dir;
  dir.write("main.infra", config(R"(
resource "fake_thing" "sticky" {
  name = "sticky"
  fail = "delete"
}
resource "fake_thing" "other" {
  name = "other"
}
)"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 1);
  CHECK(contains(destroy.err, "fake_thing.sticky: delete failed"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"fake_thing.sticky"});
  CHECK(dir.exists("objects/sticky.json"));
  CHECK_FALSE(dir.exists("objects/other.json"));
}

TEST_CASE("an interrupt lets running actions finish and be recorded, starts no more, and unlocks") {
  Scratch dir;
  dir.write("main.infra", config(R"(
resource "fake_thing" "slow" {
  name     = "slow"
  sleep_ms = "1500"
}
resource "fake_thing" "after" {
  name  = "after"
  value = fake_thing.slow.id
}
)"));
  Result r = infra::e2e::run_infra_interrupted(
      dir.path(), {"apply", "-auto-approve", "-no-color"}, "fake_thing.slow: Creating...");
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Interrupt received"));
  CHECK(contains(r.err, "Apply interrupted"));
  CHECK(contains(r.out, "fake_thing.slow: Creation complete"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"fake_thing.slow"});
  CHECK_FALSE(dir.exists("objects/after.json"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 0 to destroy."));
}

TEST_CASE("a provider's error message never shows a sensitive value it was sent") {
  Scratch dir;
  dir.write("main.infra", config(R"(
variable "secret" {
  type      = string
  sensitive = true
}
resource "fake_thing" "s" {
  name = var.secret
  fail = "create"
}
)"));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-var", "secret=hunter2"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "the fake create of \"(sensitive value)\" failed as asked"));
  CHECK_FALSE(contains(apply.all(), "hunter2"));
}

TEST_CASE("a long action says every ten seconds that it is still running") {
  Scratch dir;
  dir.write("main.infra", config(R"(
resource "fake_thing" "slow" {
  name     = "slow"
  sleep_ms = "11500"
}
)"));
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(contains(r.out, "fake_thing.slow: Creating...\nfake_thing.slow: Still creating... [10s elapsed]\n"
                        "fake_thing.slow: Creation complete after 11s"));
}

TEST_CASE("a crash (SIGKILL) in the middle of an apply loses no finished action") {
  Scratch dir;
  // Ten quick objects and one slow one, independent: the crash comes while some are done
  // and others run.
  std::string resources;
  for (int i = 0; i < 10; ++i) {
    resources += "resource \"fake_thing\" \"q" + std::to_string(i) + "\" {\n  name = \"q" +
                 std::to_string(i) + "\"\n}\n";
  }
  resources += "resource \"fake_thing\" \"slow\" {\n  name     = \"slow\"\n  sleep_ms = \"3000\"\n}\n";
  dir.write("main.infra", config(resources));
  Result crashed = infra::e2e::run_infra_killed(dir.path(), {"apply", "-auto-approve", "-no-color"},
                                                 "Creation complete");
  INFO(crashed.all());
  CHECK(crashed.code != 0);
  // Every action reported finished before the crash is in the state.
  const auto recorded = state_addresses(dir);
  std::size_t finished = 0;
  for (std::size_t at = crashed.out.find(": Creation complete"); at != std::string::npos;
       at = crashed.out.find(": Creation complete", at + 1)) {
    const std::size_t start = crashed.out.rfind('\n', at) + 1;
    const std::string address = crashed.out.substr(start, at - start);
    CHECK(std::find(recorded.begin(), recorded.end(), address) != recorded.end());
    ++finished;
  }
  CHECK(finished >= 1);
  CHECK(std::find(recorded.begin(), recorded.end(), "fake_thing.slow") == recorded.end());

  // The dead apply's lock stays until it is released by hand, naming who held it.
  Result locked = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(locked.all());
  REQUIRE(locked.code == 1);
  const std::string marker = "infra force-unlock ";
  const auto id_at = locked.err.find(marker);
  REQUIRE(id_at != std::string::npos);
  const std::string id = locked.err.substr(id_at + marker.size(), 36);
  REQUIRE(run_infra(dir.path(), {"force-unlock", "-force", id}).code == 0);

  // The next apply creates what is missing and nothing twice.
  Result again = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "Resources: " + std::to_string(11 - recorded.size()) + " added"));
  CHECK(state_addresses(dir).size() == 11);
}
