// End to end: preconditions, postconditions, output preconditions and check blocks during
// plan and apply, and the references that are valid only in some places.
#include <filesystem>

#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

std::string fake(const std::string& resources) {
  return "provider \"fake\" {\n  dir = \"objects\"\n}\n" + resources;
}

}  // namespace

TEST_CASE("a false precondition stops the plan with its message at its place") {
  Scratch dir;
  dir.write("main.infra", R"(variable "env" {
  default = "staging"
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = var.env
  lifecycle {
    precondition {
      condition     = var.env == "production"
      error_message = "Only production is deployed from here, not ${var.env}."
    }
  }
}
)");
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: main.infra:9:23: Resource precondition failed"));
  CHECK(contains(r.err, "Only production is deployed from here, not staging."));
  CHECK(contains(r.err, "This was checked by the condition of local_file.a."));
  CHECK_FALSE(dir.exists("a.txt"));

  Result ok = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-var",
                                     "env=production"});
  INFO(ok.all());
  CHECK(ok.code == 0);
  CHECK(dir.read("a.txt") == "production");
}

TEST_CASE("a postcondition reads self, and known at plan it is checked at plan") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = "short"
  lifecycle {
    postcondition {
      condition     = length(self.content) > 10
      error_message = "The content is too short."
    }
  }
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Resource postcondition failed"));
  CHECK(contains(r.err, "The content is too short."));
}

TEST_CASE("a postcondition unknown at plan is checked after apply, and blocks dependents") {
  Scratch dir;
  dir.write("main.infra", fake(R"(
resource "fake_thing" "a" {
  name = "a"
  lifecycle {
    postcondition {
      condition     = self.id == "something-else"
      error_message = "The id is ${self.id}."
    }
  }
}
resource "fake_thing" "b" {
  name  = "b"
  value = fake_thing.a.id
}
)"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Resource postcondition failed"));
  CHECK(contains(r.err, "The id is fake-a."));
  CHECK(dir.exists("objects/a.json"));  // created, and recorded
  CHECK_FALSE(dir.exists("objects/b.json"));
  Result list = run_infra(dir.path(), {"show", "-no-color"});
  CHECK(contains(list.out, "fake_thing.a"));
}

TEST_CASE("an output precondition fails the plan, and a check assertion only warns") {
  Scratch dir;
  // A number: -var gives strings, and "22" != 22 (values of different types are not equal).
  dir.write("main.infra", R"(variable "port" {
  type    = number
  default = 80
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = "port ${var.port}"
}
output "url" {
  value = "http://localhost:${var.port}"
  precondition {
    condition     = var.port != 22
    error_message = "Port 22 is for ssh."
  }
}
check "tls" {
  assert {
    condition     = var.port == 443
    error_message = "The service is not behind TLS (port ${var.port})."
  }
}
)");
  Result ok = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(ok.all());
  CHECK(ok.code == 0);
  CHECK(contains(ok.out + ok.err, "Warning: main.infra:18:21: Check block assertion failed"));
  CHECK(contains(ok.out + ok.err, "The service is not behind TLS (port 80)."));
  CHECK(dir.read("a.txt") == "port 80");

  Result bad = run_infra(dir.path(), {"plan", "-no-color", "-var", "port=22"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Output precondition failed"));
  CHECK(contains(bad.err, "Port 22 is for ssh."));

  Result tls = run_infra(dir.path(), {"plan", "-no-color", "-var", "port=443"});
  INFO(tls.all());
  CHECK(tls.code == 0);
  CHECK_FALSE(contains(tls.out + tls.err, "Check block assertion failed"));
}

TEST_CASE("a condition that is not a bool, and a sensitive error message, are handled") {
  Scratch dir;
  dir.write("main.infra", R"(variable "token" {
  default   = "s3cr3t-token"
  sensitive = true
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = "x"
  lifecycle {
    precondition {
      condition     = "yes"
      error_message = "never shown"
    }
  }
}
output "o" {
  value = "x"
  precondition {
    condition     = var.token == "other"
    error_message = "The token ${var.token} is wrong."
  }
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Invalid condition result"));
  CHECK(contains(r.err, "must be true or false; it is a string"));
  CHECK(contains(r.err, "(the error message refers to sensitive values)"));
  CHECK_FALSE(contains(r.all(), "s3cr3t-token"));
}

TEST_CASE("count, each and self are errors where they mean nothing") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a-${count.index}.txt"
  content  = each.key
}
resource "local_file" "b" {
  filename = "b.txt"
  content  = self.filename
}
output "o" {
  value = [count.index, each.value, infra.workspace, infra.bogus, each.other]
}
)");
  Result r = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "main.infra:2:19: Reference to \"count\" in a block without count"));
  CHECK(contains(r.err, "main.infra:3:14: Reference to \"each\" in a block without for_each"));
  CHECK(contains(r.err, "main.infra:7:14: Invalid \"self\" reference"));
  CHECK(contains(r.err, "main.infra:10:54: Invalid \"infra\" attribute"));
  CHECK(contains(r.err, "Invalid \"each\" attribute"));
}

TEST_CASE("infra.workspace is the current workspace") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "${infra.workspace}.txt"
  content  = terraform.workspace
}
)");
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(dir.read("default.txt") == "default");
}

TEST_CASE("references to undeclared data sources and modules are errors") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = data.local_file.missing.content
  content  = module.missing.out
}
)");
  Result r = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "main.infra:2:14: Reference to undeclared data source"));
  CHECK(contains(r.err, "data \"local_file\" \"missing\""));
  CHECK(contains(r.err, "main.infra:3:14: Reference to undeclared module call"));
}

TEST_CASE("a missing provider configuration is refused by name, beside an accepted backend") {
  Scratch dir;
  dir.write("main.infra", R"(data "local_file" "motd" {
  filename = "motd.txt"
  provider = local.extra
}
infra {
  backend "sqlite" {
    path = "elsewhere.db"
  }
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = "a"
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "main.infra:3:14: Provider configuration not present"));
  CHECK_FALSE(contains(r.err, "backend"));
  CHECK_FALSE(dir.exists("a.txt"));
}

TEST_CASE("replace_triggered_by replaces a resource when what it names changes") {
  Scratch dir;
  const auto config = [&](const std::string& content) {
    dir.write("main.infra", R"(resource "local_file" "config" {
  filename = "app.conf"
  content  = ")" + content + R"("
}
resource "local_file" "service" {
  filename = "service.txt"
  content  = "runs with app.conf"
  lifecycle {
    replace_triggered_by = [local_file.config]
  }
}
resource "local_file" "by_name" {
  filename = "by-name.txt"
  content  = "follows the file name only"
  lifecycle {
    replace_triggered_by = [local_file.config.filename]
  }
}
)");
  };
  config("port = 80");
  Result first = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(first.all());
  REQUIRE(first.code == 0);

  Result unchanged = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(unchanged.all());
  CHECK(unchanged.code == 0);

  config("port = 8080");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "# local_file.service will be replaced due to changes in "
                           "replace_triggered_by"));
  CHECK(contains(plan.out, "# (triggered by local_file.config)"));
  CHECK_FALSE(contains(plan.out, "local_file.by_name"));
  CHECK(contains(plan.out, "Plan: 1 to add, 1 to change, 1 to destroy."));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  CHECK(apply.code == 0);
  CHECK(dir.read("app.conf") == "port = 8080");
  CHECK(dir.read("service.txt") == "runs with app.conf");
  Result settled = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(settled.all());
  CHECK(settled.code == 0);
}

TEST_CASE("a data source is read during plan, or during apply when it waits for a change") {
  Scratch dir;
  dir.write("motd.txt", "welcome");
  dir.write("main.infra", R"x(data "local_file" "motd" {
  filename = "motd.txt"
  lifecycle {
    postcondition {
      condition     = self.content != ""
      error_message = "The message of the day is empty."
    }
  }
}
resource "local_file" "banner" {
  filename = "banner.txt"
  content  = "${upper(data.local_file.motd.content)} (${data.local_file.motd.id})"
}
resource "local_file" "generated" {
  filename = "generated.txt"
  content  = "made by infra"
}
data "local_file" "generated" {
  filename   = local_file.generated.filename
  depends_on = [local_file.generated]
}
output "copy" {
  value = data.local_file.generated.content
}
)x");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  // Read at plan: its content is in the plan already.
  CHECK(contains(plan.out, "WELCOME (c0b137fe2d792459f26ff763cce44574a5b5ab03)"));
  // Waits for local_file.generated, which does not exist yet.
  CHECK(contains(plan.out, "copy = (known after apply)"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(dir.read("banner.txt"), "WELCOME"));
  CHECK(contains(apply.out, "copy = \"made by infra\""));

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);

  dir.write("motd.txt", "");
  Result empty = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(empty.all());
  CHECK(empty.code == 1);
  CHECK(contains(empty.err, "The message of the day is empty."));
}

TEST_CASE("data source errors: a missing file, an unknown type, a missing argument") {
  Scratch dir;
  dir.write("main.infra", R"(data "local_file" "gone" {
  filename = "does-not-exist.txt"
}
)");
  Result gone = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(gone.all());
  CHECK(gone.code == 1);
  CHECK(contains(gone.err, "data.local_file.gone: reading failed"));
  CHECK(contains(gone.err, "cannot read \"does-not-exist.txt\": no such file"));

  dir.write("main.infra", R"(data "local_cabinet" "d" {
  path = "."
}
data "local_file" "nameless" {
}
)");
  Result bad = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "main.infra:1:1: Invalid data source type \"local_cabinet\""));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "filename"));
}

TEST_CASE("a check's own data source is read for its assertions, and failures only warn") {
  Scratch dir;
  dir.write("status.txt", "degraded");
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = "a"
}
check "status" {
  data "local_file" "status" {
    filename = "status.txt"
  }
  assert {
    condition     = data.local_file.status.content == "ok"
    error_message = "The status is ${data.local_file.status.content}."
  }
}
)");
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(contains(r.out + r.err, "Check block assertion failed"));
  CHECK(contains(r.out + r.err, "The status is degraded."));
  CHECK(dir.exists("a.txt"));

  std::filesystem::remove(dir.path() / "status.txt");
  Result gone = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(gone.all());
  CHECK(gone.code == 0);
  CHECK(contains(gone.out + gone.err, "Warning: main.infra:6:3: data.local_file.status: reading failed"));
  CHECK(contains(gone.out + gone.err, "its assertions were not checked"));
}
