// End to end: the command line itself: help, version, -chdir, flags and exit codes.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "harness.hpp"

using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::contains;
using infra::e2e::kOneFile;

TEST_CASE("every command has --help") {
  Scratch dir;
  for (const char* command : {"init", "validate", "plan", "apply", "destroy", "show", "version",
                              "force-unlock", "console", "graph", "output", "import"}) {
    Result r = run_infra(dir.path(), {command, "--help"});
    INFO(command << "\n" << r.all());
    CHECK(r.code == 0);
    CHECK(contains(r.out, std::string("Usage: infra")));
  }
  Result top = run_infra(dir.path(), {"--help"});
  CHECK(top.code == 0);
  CHECK(contains(top.out, "plan"));
  CHECK(contains(top.out, "-chdir=DIR"));
}

TEST_CASE("version, unknown commands and bad flags") {
  Scratch dir;
  Result v = run_infra(dir.path(), {"version"});
  CHECK(v.code == 0);
  CHECK(contains(v.out, "Infra v"));
  Result unknown = run_infra(dir.path(), {"frobnicate"});
  CHECK(unknown.code == 1);
  CHECK(contains(unknown.err, "unknown command \"frobnicate\""));
  Result flag = run_infra(dir.path(), {"plan", "-bogus"});
  CHECK(flag.code == 1);
  CHECK(contains(flag.err, "unknown flag -bogus"));
  Result par = run_infra(dir.path(), {"plan", "-parallelism=zero"});
  CHECK(par.code == 1);
  CHECK(contains(par.err, "-parallelism needs a positive whole number"));
  Result none = run_infra(dir.path(), {});
  CHECK(none.code == 1);
}

TEST_CASE("the global flag -chdir runs the command in another directory") {
  Scratch dir;
  dir.write("project/main.infra", kOneFile);
  Result r = run_infra(dir.path(), {"-chdir=project", "apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  REQUIRE(r.code == 0);
  CHECK(dir.exists("project/a.txt"));
  CHECK(dir.exists("project/.infra/state.db"));
  Result missing = run_infra(dir.path(), {"-chdir=nowhere", "plan"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "cannot switch to directory \"nowhere\""));
}

TEST_CASE("a directory without configuration is an error") {
  Scratch dir;
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error"));
}

TEST_CASE("the quickstart example plans and applies") {
  Scratch dir;
  std::filesystem::copy(std::filesystem::path(INFRA_SOURCE_DIR) / "examples" / "quickstart",
                        dir.path(), std::filesystem::copy_options::recursive);
  Result init = run_infra(dir.path(), {"init", "-no-color"});
  INFO(init.all());
  REQUIRE(init.code == 0);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  REQUIRE(plan.code == 2);
  CHECK(contains(plan.out, "Plan: 3 to add, 0 to change, 0 to destroy."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(dir.read("out/dev/settings.conf"), "project     = quickstart"));
  CHECK(contains(dir.read("out/dev/index.html"), "<h1>QUICKSTART (DEV)</h1>"));
  CHECK(dir.read("out/dev/MANIFEST") == "out/dev/settings.conf\nout/dev/index.html\n");
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
}

TEST_CASE("apply on a terminal asks, and only yes approves") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result no = infra::e2e::run_infra_on_terminal(dir.path(), {"apply", "-no-color"}, "y");
  INFO(no.all());
  CHECK(no.code == 1);
  CHECK(contains(no.out, "Do you want to perform these actions?"));
  CHECK(contains(no.out, "Apply cancelled."));
  CHECK_FALSE(dir.exists("a.txt"));

  Result yes = infra::e2e::run_infra_on_terminal(dir.path(), {"apply", "-no-color"}, "yes");
  INFO(yes.all());
  CHECK(yes.code == 0);
  CHECK(contains(yes.out, "Apply complete! Resources: 1 added"));
  CHECK(dir.exists("a.txt"));

  Result destroy = infra::e2e::run_infra_on_terminal(dir.path(), {"destroy"}, "yes");
  INFO(destroy.all());
  CHECK(destroy.code == 0);
  CHECK(contains(destroy.out, "Do you really want to destroy all resources?"));
  CHECK_FALSE(dir.exists("a.txt"));
}

TEST_CASE("console evaluates expressions against the configuration and the state") {
  Scratch dir;
  dir.write("main.infra", R"(variable "name" {
  default = "web"
}
variable "secret" {
  default   = "hunter2"
  sensitive = true
}
locals {
  file = "${var.name}.txt"
}
resource "local_file" "a" {
  filename = local.file
  content  = upper(var.name)
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  Result r = infra::e2e::run_infra_with_input(
      dir.path(), {"console", "-no-color", "-var", "name=web"},
      "local.file\nlocal_file.a.content\n[for c in [\"x\", \"y\"] : upper(c)]\nvar.secret\n"
      "\nlength(local_file.a.id)\nexit\nnever_reached\n");
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(r.out == "\"web.txt\"\n\"WEB\"\n[\"X\", \"Y\"]\n(sensitive value)\n40\n");

  Result bad = infra::e2e::run_infra_with_input(dir.path(), {"console", "-no-color"},
                                                "local_file.a.nope\n1 +\n");
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "<console:1>:1:"));
  CHECK(contains(bad.err, "nope"));
  CHECK(contains(bad.err, "<console:2>:1:"));
}

TEST_CASE("output prints the recorded outputs, one by name, as JSON or raw") {
  Scratch dir;
  Result none = run_infra(dir.path(), {"output", "-no-color"});
  CHECK(none.code == 0);
  CHECK(contains(none.err, "Warning: No outputs found"));
  dir.write("main.infra", R"(variable "secret" {
  default   = "hunter2"
  sensitive = true
}
output "name" {
  value = "web"
}
output "ports" {
  value = [80, 443]
}
output "big" {
  value = 12345678901234567890123
}
output "secret" {
  value     = var.secret
  sensitive = true
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  Result all = run_infra(dir.path(), {"output", "-no-color"});
  INFO(all.all());
  CHECK(all.out == "big = 12345678901234567890123\nname = \"web\"\nports = [80, 443]\n"
                   "secret = (sensitive value)\n");
  CHECK(run_infra(dir.path(), {"output", "name"}).out == "\"web\"\n");
  CHECK(run_infra(dir.path(), {"output", "secret"}).out == "(sensitive value)\n");
  CHECK(run_infra(dir.path(), {"output", "-raw", "name"}).out == "web");
  CHECK(run_infra(dir.path(), {"output", "-raw", "secret"}).out == "hunter2");
  CHECK(run_infra(dir.path(), {"output", "-json", "ports"}).out == "[80,443]\n");
  Result json = run_infra(dir.path(), {"output", "-json"});
  INFO(json.all());
  CHECK(contains(json.out, "\"big\": {\"sensitive\": false, \"type\": \"number\", \"value\": 12345678901234567890123}"));
  CHECK(contains(json.out, "\"ports\": {\"sensitive\": false, \"type\": [\"tuple\",[\"number\",\"number\"]], \"value\": [80,443]}"));
  CHECK(contains(json.out, "\"secret\": {\"sensitive\": true, \"type\": \"string\", \"value\": \"hunter2\"}"));
  Result missing = run_infra(dir.path(), {"output", "-no-color", "nope"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Output \"nope\" not found"));
  Result list = run_infra(dir.path(), {"output", "-no-color", "-raw", "ports"});
  CHECK(list.code == 1);
  CHECK(contains(list.err, "Unsupported value for -raw"));
}

TEST_CASE("INFRA_LOG=debug prints one timing line per provider request, without values") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  ::setenv("INFRA_LOG", "debug", 1);
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  ::unsetenv("INFRA_LOG");
  INFO(r.all());
  REQUIRE(r.code == 0);
  CHECK(contains(r.err, "[timing] provider local: handshake "));
  CHECK(contains(r.err, "[timing] provider local: apply of local_file "));
  CHECK(contains(r.err, " ms from +"));
  CHECK_FALSE(contains(r.err, "a.txt"));  // names the request, never what it carries
}
