// End to end: the exec provider through the real binary: an exec_command resource made by
// shell commands and a data source, applied; a second plan with nothing to do; a new
// trigger value planned as a replacement; an object deleted outside planned anew; destroy
// running the delete command; an object adopted by an import block.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

const char* kConfig = R"(
variable "release" {
  type    = string
  default = "1"
}

data "exec_command" "facts" {
  command = ["sh", "-c", "printf '{\"owner\": \"%s\", \"port\": 8080}' \"$INPUT_WHO\""]
  input = {
    who = "ops"
  }
}

resource "exec_command" "site" {
  input = {
    owner = data.exec_command.facts.result.owner
  }
  triggers = {
    release = var.release
  }
  sensitive_environment = {
    SITE_TOKEN = "tok-12345"
  }

  create {
    command = ["sh", "-c", "printf '%s %s' \"$INPUT_OWNER\" \"$SITE_TOKEN\" > site.txt; echo created >> log.txt; printf '{\"id\": \"site-1\", \"path\": \"site.txt\"}'"]
  }
  read {
    command = ["sh", "-c", "test -f site.txt || exit 3; printf '{\"id\": \"site-1\", \"path\": \"site.txt\"}'"]
  }
  delete {
    command = ["sh", "-c", "rm -f site.txt; echo \"deleted $EXEC_ID\" >> log.txt"]
    timeout = "30s"
  }
}

output "path" {
  value = exec_command.site.output.path
}

output "port" {
  value = data.exec_command.facts.result.port
}
)";

}  // namespace

TEST_CASE("exec: apply, no changes, a trigger replaces, drift, destroy runs delete") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  REQUIRE(run_infra(dir.path(), {"init", "-no-color"}).code == 0);

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Apply complete! Resources: 1 added, 0 changed, 0 destroyed."));
  CHECK(dir.read("site.txt") == "ops tok-12345");
  CHECK(dir.read("log.txt") == "created\n");
  CHECK_FALSE(contains(apply.out, "tok-12345"));
  CHECK(run_infra(dir.path(), {"output", "-raw", "path"}).out == "site.txt");
  CHECK(run_infra(dir.path(), {"output", "-raw", "port"}).out == "8080");

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));
  CHECK(dir.read("log.txt") == "created\n");

  Result release =
      run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode", "-var", "release=2"});
  INFO(release.all());
  CHECK(release.code == 2);
  CHECK(contains(release.out, "# exec_command.site must be replaced"));
  CHECK(contains(release.out, "# forces replacement"));
  CHECK(contains(release.out, "Plan: 1 to add, 0 to change, 1 to destroy."));
  CHECK_FALSE(contains(release.out, "tok-12345"));

  // Deleted outside infra: read exits 3, and the plan makes it again.
  std::filesystem::remove(dir.path() / "site.txt");
  Result gone = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(gone.all());
  CHECK(contains(gone.out, "# exec_command.site has been deleted"));
  CHECK(contains(gone.out, "# exec_command.site will be created"));
  dir.write("site.txt", "back");

  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  CHECK(contains(destroy.out, "Destroy complete!"));
  CHECK_FALSE(dir.exists("site.txt"));
  CHECK(dir.read("log.txt") == "created\ndeleted site-1\n");
}

TEST_CASE("exec: an import block adopts an object by its id, and the next refresh runs read") {
  Scratch dir;
  dir.write("main.infra", R"(
import {
  to = exec_command.app
  id = "app-7"
}

resource "exec_command" "app" {
  input = {
    name = "app"
  }
  create {
    command = ["sh", "-c", "echo created >> log.txt"]
  }
  read {
    command = ["sh", "-c", "echo read $EXEC_ID >> log.txt; printf '{\"seen\": \"%s\"}' $EXEC_ID"]
  }
  delete {
    command = ["sh", "-c", "echo deleted $EXEC_ID >> log.txt"]
  }
}

output "seen" {
  value = exec_command.app.output
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# exec_command.app will be imported"));
  CHECK(contains(plan.out, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "seen = {}"));
  CHECK_FALSE(dir.exists("log.txt"));  // nothing ran

  // The refresh runs the configured read command, which knows the object by its id; what it
  // prints is output's first value, shown as a change made outside.
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 2);  // the output changes
  CHECK(contains(again.out, "# exec_command.app has changed"));
  CHECK(contains(again.out, "+ \"seen\" = \"app-7\""));
  CHECK(contains(again.out, "Plan: 0 to add, 0 to change, 0 to destroy."));
  CHECK(contains(again.out, "~ seen = {} -> { seen = \"app-7\" }"));
  CHECK(dir.read("log.txt") == "read app-7\n");

  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  CHECK(dir.read("log.txt") == "read app-7\nread app-7\ndeleted app-7\n");
}

TEST_CASE("exec: a failing create command fails the apply with its stderr") {
  Scratch dir;
  dir.write("main.infra", R"(
resource "exec_command" "broken" {
  create {
    command = ["sh", "-c", "echo 'cannot reach the server' >&2; exit 7"]
  }
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "exited with code 7"));
  CHECK(contains(apply.err, "cannot reach the server"));
  CHECK(infra::e2e::state_addresses(dir).empty());
}

TEST_CASE("exec: the state's encryption key is not in a provider's environment") {
  Scratch dir;
  dir.write("main.infra", R"(data "exec_command" "env" {
  command = ["sh", "-c", "printf '{\"key\": \"%s\", \"path\": \"%s\"}' \"$${INFRA_STATE_ENCRYPTION_KEY:-none}\" \"$${PATH:+set}\""]
}
output "key" {
  value = data.exec_command.env.result.key
}
output "path" {
  value = data.exec_command.env.result.path
}
)");
  // The key of the state is infra's secret: a plugin (a binary of anyone's) never sees it.
  ::setenv("INFRA_STATE_ENCRYPTION_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", 1);
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  Result key = run_infra(dir.path(), {"output", "-raw", "key"});
  Result path = run_infra(dir.path(), {"output", "-raw", "path"});
  ::unsetenv("INFRA_STATE_ENCRYPTION_KEY");
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(key.out == "none");
  CHECK(path.out == "set");  // the rest of the environment is passed on
}
