// End to end: nested blocks of a provider's resource type (fake_box of infra-provider-fake:
// a `ports` list block with a force_new `internal` and a computed `id`, a `rule` set block,
// a `settings` single block with a sensitive `secret`), planned, shown and applied.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

std::string config(const std::string& resources) {
  return "provider \"fake\" {\n  dir = \"objects\"\n}\n" + resources;
}

// A box named "web" with the given blocks and lifecycle.
std::string web(const std::string& body) {
  return config("resource \"fake_box\" \"web\" {\n  name = \"web\"\n" + body + "}\n");
}

const char* kPorts = R"(  ports {
    internal = 80
    external = 8080
  }
)";
const char* kRule = R"(  rule {
    cidr = "10.0.0.0/8"
  }
)";
const char* kSettings = R"(  settings {
    mode   = "fast"
    secret = "s3cret"
  }
)";

Result plan(const Scratch& dir) { return run_infra(dir.path(), {"plan", "-no-color"}); }

Result apply(const Scratch& dir) {
  return run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
}

nlohmann::json object(const Scratch& dir, const std::string& name) {
  return nlohmann::json::parse(dir.read("objects/" + name + ".json"));
}

}  // namespace

TEST_CASE("nested blocks: create, update in place, replace, add and remove blocks") {
  Scratch dir;
  dir.write("main.infra", web(std::string(kPorts) + kRule + kSettings));
  Result created = apply(dir);
  INFO(created.all());
  REQUIRE(created.code == 0);
  CHECK(contains(created.out, R"(  + resource "fake_box" "web" {
      + id   = (known after apply)
      + name = "web"

      + ports {
          + external = 8080
          + id       = (known after apply)
          + internal = 80
        }

      + rule {
          + cidr = "10.0.0.0/8"
        }

      + settings {
          + mode   = "fast"
          + secret = (sensitive value)
        }
    }
)"));
  CHECK_FALSE(contains(created.out, "s3cret"));
  CHECK(object(dir, "web")["ports"][0]["id"] == "port-80");
  CHECK(object(dir, "web")["settings"]["secret"] == "s3cret");

  // The computed id inside the block is kept: nothing to do.
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // An attribute inside a block changes in place.
  std::string ports = kPorts;
  ports.replace(ports.find("8080"), 4, "8081");
  dir.write("main.infra", web(ports + kRule + kSettings));
  Result update = plan(dir);
  INFO(update.all());
  CHECK(contains(update.out, R"(  # fake_box.web will be updated in-place
  ~ resource "fake_box" "web" {
        id   = "box-web"
        name = "web"

      ~ ports {
          ~ external = 8080 -> 8081
            # (2 unchanged attributes hidden)
        }

        # (2 unchanged blocks hidden)
    }
)"));
  CHECK(contains(update.out, "Plan: 0 to add, 1 to change, 0 to destroy."));
  REQUIRE(apply(dir).code == 0);
  CHECK(object(dir, "web")["ports"][0]["external"] == 8081);

  // A force_new attribute inside a block replaces the object, and says where.
  ports.replace(ports.find("80\n"), 2, "81");
  dir.write("main.infra", web(ports + kRule + kSettings));
  Result replace = run_infra(dir.path(), {"plan", "-no-color", "-out=replace.plan"});
  INFO(replace.all());
  CHECK(contains(replace.out, "# fake_box.web must be replaced"));
  CHECK(contains(replace.out, R"(      ~ ports {
          ~ id       = "port-80" -> (known after apply)
          ~ internal = 80 -> 81 # forces replacement
            # (1 unchanged attribute hidden)
        }
)"));
  Result shown = run_infra(dir.path(), {"show", "-no-color", "replace.plan"});
  INFO(shown.all());
  CHECK(contains(shown.out, "~ internal = 80 -> 81 # forces replacement"));
  Result replaced = run_infra(dir.path(), {"apply", "-no-color", "replace.plan"});
  INFO(replaced.all());
  REQUIRE(replaced.code == 0);
  CHECK(object(dir, "web")["ports"][0]["id"] == "port-81");

  // A block added to a set, a single block removed: in place. The state keeps sensitive
  // marks per attribute of the resource, so nothing of a block with a secret shows.
  dir.write("main.infra", web(ports + kRule + "  rule {\n    cidr   = \"0.0.0.0/0\"\n    action = \"deny\"\n  }\n"));
  Result blocks = plan(dir);
  INFO(blocks.all());
  CHECK(contains(blocks.out, R"(      + rule {
          + action = "deny"
          + cidr   = "0.0.0.0/0"
        }

      - settings {
          - mode   = (sensitive value) -> null
          - secret = (sensitive value) -> null
        }

        # (2 unchanged blocks hidden)
)"));
  CHECK(contains(blocks.out, "Plan: 0 to add, 1 to change, 0 to destroy."));
  REQUIRE(apply(dir).code == 0);
  CHECK(object(dir, "web")["rule"].size() == 2);
  CHECK(object(dir, "web")["settings"].is_null());
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);

  // What is destroyed shows its blocks as blocks too.
  Result destroyed = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroyed.all());
  REQUIRE(destroyed.code == 0);
  CHECK(contains(destroyed.out, R"(  - resource "fake_box" "web" {
      - id   = "box-web" -> null
      - name = "web" -> null

      - ports {
          - external = 8081 -> null
          - id       = "port-81" -> null
          - internal = 81 -> null
        }

      - rule {
          - action = "deny" -> null
          - cidr   = "0.0.0.0/0" -> null
        }

      - rule {
          - cidr = "10.0.0.0/8" -> null
        }
    }
)"));
  CHECK_FALSE(dir.exists("objects/web.json"));
}

TEST_CASE("nested blocks: dynamic blocks, with known and unknown for_each") {
  Scratch dir;
  dir.write("main.infra", config(R"(
variable "ports" {
  default = [80, 443]
}
resource "fake_box" "a" {
  name = "a"
  dynamic "ports" {
    for_each = var.ports
    content {
      internal = ports.value
      external = ports.value + 8000
    }
  }
}
resource "fake_box" "b" {
  name = "b"
  dynamic "ports" {
    for_each = fake_box.a.id != "" ? ["tcp"] : []
    content {
      internal = 22
      protocol = ports.value
    }
  }
}
)"));
  Result p = plan(dir);
  INFO(p.all());
  REQUIRE(p.code == 0);
  CHECK(contains(p.out, R"(      + ports {
          + external = 8443
          + id       = (known after apply)
          + internal = 443
        }
)"));
  CHECK(contains(p.out, "      + ports = (known after apply)\n"));
  Result a = apply(dir);
  INFO(a.all());
  REQUIRE(a.code == 0);
  CHECK(object(dir, "a")["ports"].size() == 2);
  CHECK(object(dir, "b")["ports"][0]["protocol"] == "tcp");
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);
}

TEST_CASE("nested blocks: ignore_changes on a nested path and on a map key") {
  Scratch dir;
  const auto write = [&](const char* external, const char* env, const char* team) {
    dir.write("main.infra",
              web(std::string("  tags = {\n    env  = \"") + env + "\"\n    team = \"" + team +
                  "\"\n  }\n  ports {\n    internal = 80\n    external = " + external +
                  "\n  }\n  lifecycle {\n    ignore_changes = [ports[0].external, tags[\"env\"]]\n  }\n"));
  };
  write("8080", "prod", "a");
  REQUIRE(apply(dir).code == 0);
  write("9090", "dev", "a");
  Result ignored = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(ignored.all());
  CHECK(ignored.code == 0);
  CHECK(contains(ignored.out, "No changes."));
  // What is not ignored still changes, and the ignored values stay as they were.
  write("9090", "dev", "b");
  Result team = apply(dir);
  INFO(team.all());
  CHECK(contains(team.out, R"(~ tags = {
          ~ "team" = "a" -> "b"
            # (1 unchanged element hidden)
        })"));
  CHECK(object(dir, "web")["tags"] == nlohmann::json({{"env", "prod"}, {"team", "b"}}));
  CHECK(object(dir, "web")["ports"][0]["external"] == 8080);
}

TEST_CASE("nested blocks: configuration errors name file, line and column") {
  Scratch dir;
  const auto error_of = [&](const std::string& body) {
    dir.write("main.infra", web(body));
    Result r = plan(dir);
    INFO(r.all());
    CHECK(r.code == 1);
    return r.err;
  };
  CHECK(contains(error_of("  ports {\n    internal = 80\n    extern = 1\n  }\n"),
                 "Error: main.infra:8:5: Unsupported argument"));
  CHECK(contains(error_of("  ports {\n    external = 1\n  }\n"),
                 "Error: main.infra:6:3: Missing required argument"));
  CHECK(contains(error_of("  ports {\n    internal = 80\n    id = \"x\"\n  }\n"),
                 "Error: main.infra:8:5: Invalid argument \"id\""));
  CHECK(contains(error_of("  ports {\n    internal = \"eighty\"\n  }\n"),
                 "Error: main.infra:7:5: Inappropriate value for attribute \"internal\""));
  CHECK(contains(error_of("  port {\n  }\n"), "Error: main.infra:6:3: Unsupported block type"));
  std::string four;
  for (int i = 1; i <= 4; ++i) four += "  ports {\n    internal = " + std::to_string(i) + "\n  }\n";
  CHECK(contains(error_of(four), "Error: main.infra:15:3: Too many ports blocks"));
  CHECK(contains(error_of(std::string(kSettings) + kSettings),
                 "Error: main.infra:10:3: Duplicate settings block"));
  // The provider's own findings inside blocks are at their place too.
  CHECK(contains(error_of("  ports {\n    internal = 1\n  }\n  ports {\n    internal = 2\n"
                          "    protocol = \"carrier-pigeon\"\n  }\n"),
                 "Error: main.infra:11:5: fake_box.web: unsupported protocol"));
  CHECK(contains(error_of("  lifecycle {\n    ignore_changes = [ports[0].extern]\n  }\n"),
                 "Error: main.infra:7:23: Invalid lifecycle.ignore_changes"));
  CHECK(contains(error_of("  lifecycle {\n    ignore_changes = [ports[var.i]]\n  }\n"),
                 "Error: main.infra:7:28: Invalid step in ignore_changes"));
}

TEST_CASE("nested blocks: the JSON form writes them as arrays of objects") {
  Scratch dir;
  const auto write = [&](const std::string& blocks) {
    dir.write("main.infra.json", "{\n  \"provider\": {\"fake\": {\"dir\": \"objects\"}},\n"
                                 "  \"resource\": {\"fake_box\": {\"j\": {\n    \"name\": \"j\",\n" +
                                     blocks + "\n  }}}\n}\n");
  };
  write(R"(    "ports": [{"internal": 80, "external": 8080}],
    "settings": {"mode": "fast"})");
  Result created = apply(dir);
  INFO(created.all());
  REQUIRE(created.code == 0);
  CHECK(contains(created.out, "      + ports {\n"));
  CHECK(object(dir, "j")["ports"][0]["id"] == "port-80");
  CHECK(object(dir, "j")["settings"]["mode"] == "fast");
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);

  write(R"(    "ports": [{"internl": 80}])");
  Result bad = plan(dir);
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Error: main.infra.json:5:6: Unsupported argument"));
  CHECK(contains(bad.err, "Error: main.infra.json:5:6: Missing required argument"));
  write(R"(    "settings": [{"mode": "fast"}])");
  Result list = plan(dir);
  INFO(list.all());
  CHECK(contains(list.err, "Error: main.infra.json:5:6: Inappropriate value for attribute \"settings\""));
}
