// End to end: a policy gate over `infra show -json`, written with jq the way CI pipelines
// write them for `terraform show -json`: it fails when a plan destroys a protected type.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <sys/wait.h>

#include "harness.hpp"

using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

// The policy: no resource of type infra_data may be deleted (also not by a replacement).
constexpr const char* kPolicy =
    R"([.resource_changes[] | select(.type == "infra_data" and (.change.actions | index("delete")))] | length == 0)";

// Runs jq -e with the policy on `file` in `dir`; its exit code (0: the policy holds).
int gate(const Scratch& dir, const std::string& file) {
  const std::string command = "cd '" + dir.path().string() + "' && jq -e '" + kPolicy + "' " + file +
                              " > /dev/null";
  const int status = std::system(command.c_str());
  REQUIRE(status != -1);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a jq policy over show -json passes a safe plan and stops a destructive one") {
  Scratch dir;
  dir.write("main.infra", R"(resource "infra_data" "db" {
  input = "v1"
}
resource "local_file" "page" {
  filename = "page.txt"
  content  = "v1"
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);

  // Changing the page and the database's input in place: allowed.
  dir.write("main.infra", R"(resource "infra_data" "db" {
  input = "v2"
}
resource "local_file" "page" {
  filename = "moved.txt"
  content  = "v2"
}
)");
  REQUIRE(run_infra(dir.path(), {"plan", "-out=safe.plan"}).code == 0);
  Result safe = run_infra(dir.path(), {"show", "-json", "safe.plan"});
  REQUIRE(safe.code == 0);
  dir.write("safe.json", safe.out);
  CHECK(gate(dir, "safe.json") == 0);

  // Replacing the database (triggers_replace): the gate fails the build.
  dir.write("main.infra", R"(resource "infra_data" "db" {
  input            = "v1"
  triggers_replace = "new"
}
resource "local_file" "page" {
  filename = "page.txt"
  content  = "v1"
}
)");
  REQUIRE(run_infra(dir.path(), {"plan", "-out=risky.plan"}).code == 0);
  Result risky = run_infra(dir.path(), {"show", "-json", "risky.plan"});
  REQUIRE(risky.code == 0);
  dir.write("risky.json", risky.out);
  CHECK(gate(dir, "risky.json") == 1);
}
