// Tests of lang/json_syntax.cpp and its hook in lang/config.cpp: each construct of the
// language in the JSON form loads into the same Module as the native text it stands for;
// the structure each block type implies, and its errors; the loader's errors at their
// places in the JSON file. The golden cases of tests/lang/json_cases/ are run here too.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "json_support.hpp"
#include "lang/json_syntax.hpp"

using namespace infra::lang;
using namespace infra::lang::testing;
namespace fs = std::filesystem;

// ---- The same configuration in both forms.

TEST_CASE("json: variables, with type expressions, defaults and validations") {
  check_same(R"(
variable "name" {
  type        = string
  default     = "web"
  description = "The name."
}
variable "ports" {
  type      = list(number)
  default   = [80, 443]
  sensitive = true
  nullable  = false
  validation {
    condition     = length(var.ports) > 0
    error_message = "At least one port."
  }
  validation {
    condition     = alltrue([for p in var.ports : p > 0])
    error_message = "Ports are positive."
  }
}
variable "settings" {
  type = object({ name = string, port = optional(number, 80) })
}
)",
             R"J({
  "variable": {
    "name": {
      "type": "string",
      "default": "web",
      "description": "The name."
    },
    "ports": {
      "type": "list(number)",
      "default": [80, 443],
      "sensitive": true,
      "nullable": false,
      "validation": [
        {"condition": "${length(var.ports) > 0}", "error_message": "At least one port."},
        {"condition": "${alltrue([for p in var.ports : p > 0])}",
         "error_message": "Ports are positive."}
      ]
    },
    "settings": {"type": "object({ name = string, port = optional(number, 80) })"}
  }
})J");
}

TEST_CASE("json: locals, in several blocks, with every kind of value") {
  check_same(R"(
locals {
  name    = "web"
  count   = 3
  ratio   = 1.5e3
  below   = -2
  on      = true
  off     = false
  nothing = null
  list    = ["a", 1, [true]]
  tags    = { Name = "web", "env" = var.env }
}
locals {
  greeting = "Hello, ${var.name}!"
  id       = local.name
  listing  = "%{ for p in var.ports }${p},%{ endfor }"
  upper    = upper(var.name)
  escaped  = "a\"b\\c\nd\t\u00e9 $${not} %%{not}"
  keyed    = { (var.key) = 1, "k-${var.key}" = 2 }
}
)",
             R"({
  "locals": [
    {
      "name": "web",
      "count": 3,
      "ratio": 1.5e3,
      "below": -2,
      "on": true,
      "off": false,
      "nothing": null,
      "list": ["a", 1, [true]],
      "tags": {"Name": "web", "env": "${var.env}"}
    },
    {
      "greeting": "Hello, ${var.name}!",
      "id": "${local.name}",
      "listing": "%{ for p in var.ports }${p},%{ endfor }",
      "upper": "${upper(var.name)}",
      "escaped": "a\"b\\c\nd\t\u00e9 $${not} %%{not}",
      "keyed": {"${var.key}": 1, "k-${var.key}": 2}
    }
  ]
})");
}

TEST_CASE("json: resources with meta-arguments, lifecycle and conditions") {
  check_same(R"(
resource "local_file" "a" {
  filename   = "a.txt"
  content    = "a"
  count      = 2
  depends_on = [local_file.b, module.app, data.local_file.c]
  provider   = local.alt
  lifecycle {
    create_before_destroy = true
    prevent_destroy       = true
    ignore_changes        = [content, "filename"]
    replace_triggered_by  = [local_file.b.content]
    precondition {
      condition     = var.port > 1024
      error_message = "Too low."
    }
    postcondition {
      condition     = self.content != ""
      error_message = "Empty."
    }
  }
}
resource "local_file" "b" {
  for_each = var.files
  filename = each.key
  content  = each.value
  lifecycle {
    ignore_changes = all
  }
}
data "local_file" "c" {
  filename = "c.txt"
  lifecycle {
    postcondition {
      condition     = self.content != ""
      error_message = "c.txt is empty."
    }
  }
}
)",
             R"({
  "resource": {
    "local_file": {
      "a": {
        "filename": "a.txt",
        "content": "a",
        "count": 2,
        "depends_on": ["local_file.b", "module.app", "data.local_file.c"],
        "provider": "local.alt",
        "lifecycle": {
          "create_before_destroy": true,
          "prevent_destroy": true,
          "ignore_changes": ["content", "filename"],
          "replace_triggered_by": ["local_file.b.content"],
          "precondition": {"condition": "${var.port > 1024}", "error_message": "Too low."},
          "postcondition": {"condition": "${self.content != \"\"}", "error_message": "Empty."}
        }
      },
      "b": {
        "for_each": "${var.files}",
        "filename": "${each.key}",
        "content": "${each.value}",
        "lifecycle": {"ignore_changes": "all"}
      }
    }
  },
  "data": {
    "local_file": {
      "c": {
        "filename": "c.txt",
        "lifecycle": {
          "postcondition": [
            {"condition": "${self.content != \"\"}", "error_message": "c.txt is empty."}
          ]
        }
      }
    }
  }
})");
}

TEST_CASE("json: dynamic blocks, nested, and provisioners") {
  check_same(R"(
resource "local_file" "a" {
  filename = "a.txt"
  dynamic "rule" {
    for_each = var.rules
    iterator = r
    labels   = ["x"]
    content {
      name = r.key
      dynamic "port" {
        for_each = r.value
        content {
          number = port.value
        }
      }
    }
  }
  provisioner "local-exec" {
    command    = "echo ${self.filename}"
    when       = destroy
    on_failure = continue
    connection {
      host = "example.com"
    }
  }
  provisioner "local-exec" {
    command = "true"
  }
}
)",
             R"({
  "resource": {
    "local_file": {
      "a": {
        "filename": "a.txt",
        "dynamic": {
          "rule": {
            "for_each": "${var.rules}",
            "iterator": "r",
            "labels": ["x"],
            "content": {
              "name": "${r.key}",
              "dynamic": {
                "port": {
                  "for_each": "${r.value}",
                  "content": {"number": "${port.value}"}
                }
              }
            }
          }
        },
        "provisioner": [
          {
            "local-exec": {
              "command": "echo ${self.filename}",
              "when": "destroy",
              "on_failure": "continue",
              "connection": {"host": "example.com"}
            }
          },
          {"local-exec": {"command": "true"}}
        ]
      }
    }
  }
})");
}

TEST_CASE("json: outputs, modules and providers") {
  check_same(R"(
output "id" {
  value       = local_file.a.id
  description = "The id."
  sensitive   = true
  depends_on  = [local_file.b]
  precondition {
    condition     = local_file.a.id != ""
    error_message = "No id."
  }
}
module "app" {
  source     = "./modules/app"
  name       = "web-${var.env}"
  count      = 2
  depends_on = [local_file.a]
  providers = {
    local        = local.alt
    (local.second) = local
  }
}
provider "local" {
  alias = "alt"
  root  = "/tmp"
}
provider "local" {
  settings = { a = 1 }
}
)",
             R"({
  "output": {
    "id": {
      "value": "${local_file.a.id}",
      "description": "The id.",
      "sensitive": true,
      "depends_on": ["local_file.b"],
      "precondition": {"condition": "${local_file.a.id != \"\"}", "error_message": "No id."}
    }
  },
  "module": {
    "app": {
      "source": "./modules/app",
      "name": "web-${var.env}",
      "count": 2,
      "depends_on": ["local_file.a"],
      "providers": {"local": "local.alt", "local.second": "local"}
    }
  },
  "provider": {
    "local": [
      {"alias": "alt", "root": "/tmp"},
      {"settings": {"a": 1}}
    ]
  }
})");
}

TEST_CASE("json: settings, moved, removed, import and check blocks") {
  check_same(R"(
terraform {
  required_version = ">= 1.0"
  required_providers {
    local = { source = "infra/local", version = ">= 1.0" }
  }
  backend "sqlite" {
    path = "state.db"
  }
}
moved {
  from = local_file.old
  to   = local_file.a["k"]
}
moved {
  from = module.old
  to   = module.app
}
removed {
  from = local_file.gone
  lifecycle {
    destroy = true
  }
}
import {
  for_each = var.ids
  to       = local_file.a[each.key]
  id       = each.value
  provider = local.alt
}
import {
  to = local_file.b
  id = "b.txt"
}
check "health" {
  data "local_file" "probe" {
    filename = "probe.txt"
  }
  assert {
    condition     = data.local_file.probe.content == "ok"
    error_message = "Not ok."
  }
  assert {
    condition     = true
    error_message = "Never."
  }
}
)",
             R"({
  "terraform": {
    "required_version": ">= 1.0",
    "required_providers": {"local": {"source": "infra/local", "version": ">= 1.0"}},
    "backend": {"sqlite": {"path": "state.db"}}
  },
  "moved": [
    {"from": "local_file.old", "to": "local_file.a[\"k\"]"},
    {"from": "module.old", "to": "module.app"}
  ],
  "removed": {"from": "local_file.gone", "lifecycle": {"destroy": true}},
  "import": [
    {"for_each": "${var.ids}", "to": "local_file.a[each.key]", "id": "${each.value}",
     "provider": "local.alt"},
    {"to": "local_file.b", "id": "b.txt"}
  ],
  "check": {
    "health": {
      "data": {"local_file": {"probe": {"filename": "probe.txt"}}},
      "assert": [
        {"condition": "${data.local_file.probe.content == \"ok\"}", "error_message": "Not ok."},
        {"condition": true, "error_message": "Never."}
      ]
    }
  }
})");
}

TEST_CASE("json: an array at any level of labels means several blocks, and the root may be one") {
  const std::string native = R"(
resource "local_file" "a" {
  filename = "a.txt"
}
resource "local_file" "b" {
  filename = "b.txt"
}
resource "null_thing" "c" {
}
variable "x" {
}
)";
  check_same(native, R"({
  "resource": [
    {"local_file": [{"a": {"filename": "a.txt"}}, {"b": {"filename": "b.txt"}}]},
    {"null_thing": {"c": {}}}
  ],
  "variable": {"x": {}}
})");
  check_same(native, R"([
  {"resource": {"local_file": {"a": {"filename": "a.txt"}, "b": {"filename": "b.txt"}}}},
  {"resource": {"null_thing": {"c": {}}}, "variable": {"x": [{}]}}
])");
}

TEST_CASE("json: properties named // are comments, in bodies and among labels") {
  check_same(R"(
resource "local_file" "a" {
  filename = "a.txt"
  lifecycle {
    prevent_destroy = true
  }
}
locals {
  note = { "//" = "kept" }
}
)",
             R"({
  "//": "Generated; do not edit.",
  "resource": {
    "//": ["any", "value"],
    "local_file": {
      "//": 1,
      "a": {"//": "a comment", "filename": "a.txt",
            "lifecycle": {"//": {}, "prevent_destroy": true}}
    }
  },
  "locals": {"//": null, "note": {"//": "kept"}}
})");
}

TEST_CASE("json: the same module from a native file and a JSON file, in name order") {
  const fs::path dir = fs::temp_directory_path() / "infra-json-syntax-test-module";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "b.infra") << "variable \"name\" {\n  default = \"web\"\n}\n";
  std::ofstream(dir / "a.infra.json")
      << R"({"resource": {"local_file": {"a": {"filename": "${var.name}.txt"}}}})";
  std::ofstream(dir / "c.infra.json")
      << R"({"output": {"file": {"value": "${local_file.a.filename}"}}})";
  std::ofstream(dir / "notes.json") << "not a configuration";
  Diagnostics diags;
  const Module m = load_module(dir, diags);
  fs::remove_all(dir);
  INFO(render(diags, m.files));
  REQUIRE_FALSE(diags.has_errors());
  CHECK(dump(m) ==
        "variable \"name\" @1:1\n"
        "  default = \"web\"\n"
        "resource \"local_file\" \"a\" @1:30 provider=local\n"
        "  filename @1:37 = (template (ref var.name) \".txt\")\n"
        "output \"file\" @1:13 = (ref local_file.a.filename)\n");
  CHECK(m.files.count("a.infra.json") == 1);
  CHECK(m.files.count("notes.json") == 0);
}

// ---- Errors of the structure, and of the loader, at their places in the JSON file.

TEST_CASE("json: the structure each block type implies, and its errors") {
  CHECK(errors(R"("x")") == "1:1: expected a JSON object at the top of the file, found a string");
  CHECK(errors("[1]") == "1:2: expected a JSON object, found a number");
  CHECK(errors(R"({"resource": "x"})") ==
        "1:14: expected a JSON object with the type of each resource block as property "
        "names, found a string");
  CHECK(errors(R"({"resource": {"local_file": [1]}})") ==
        "1:30: expected a JSON object with the name of each resource block as property "
        "names, found a number");
  CHECK(errors(R"({"locals": true})") ==
        "1:12: expected a JSON object for the body of the locals block, found true");
  CHECK(errors(R"({"variable": {"v": {"validation": [{}, null]}}})") ==
        "1:40: expected a JSON object for the body of the validation block, found null\n"
        "1:36: Missing required argument\n"
        "1:36: Missing required argument");
  CHECK(errors(R"({"resources": {"local_file": {}}})") ==
        "1:3: Unsupported block type \"resources\"; expected one of variable, locals, output, "
        "resource, data, module, provider, function, infra, moved, removed, import, check");
  CHECK(errors(R"({"locals": {"a": 1, "b": 2, "a": 3}})") ==
        "1:30: Duplicate attribute \"a\"; first set at main.infra.json:1:14\n"
        "1:30: Duplicate local value \"a\"; first declared at main.infra.json:1:14");
  CHECK(errors(R"({"locals": {"n": 1e999999999}})") ==
        "1:18: number 1e999999999 is out of range");
}

TEST_CASE("json: the loader's errors point into the JSON file") {
  CHECK(errors(R"({"resource": {"local_file": {"a": {}, "a": {}}}})") ==
        "1:39: Duplicate resource \"local_file\" \"a\"; first declared at main.infra.json:1:30");
  CHECK(errors(R"({"resource": {"local_file": {"a": {"depends_on": ["var.x"]}}}})") ==
        "1:52: depends_on entries must be plain references to resources, data sources or "
        "modules, like local_file.a, data.local_file.b or module.app");
  CHECK(errors(R"({"variable": {"v": {"default": 1, "size": 2}}})") ==
        "1:36: Unexpected attribute \"size\" in variable \"v\"");
  CHECK(errors(R"({"moved": {"from": "local_file.a", "to": "\"x\""}})") ==
        "1:43: Invalid address in moved.to");
  CHECK(errors(R"({"check": {"c": {"assert": {"condition": true}}}})") ==
        "1:19: Missing required argument");
}

TEST_CASE("json: file names of the JSON form") {
  CHECK(is_json_file("main.infra.json"));
  CHECK(is_json_file(".infra.json"));
  CHECK_FALSE(is_json_file("main.infra"));
  CHECK_FALSE(is_json_file("main.json"));
  CHECK_FALSE(is_json_file("main.infra.json.bak"));
}

// ---- Variables files in JSON (`*.infravars.json`).

namespace {

/// Each attribute of a JSON variables file as `name = value`, one per line, or its
/// rendered errors.
std::string variables_file(const std::string& json) {
  Diagnostics diags;
  const SourceFiles files{{"x.infravars.json", json}};
  const BodyPtr body = parse_json_variables_file("x.infravars.json", json, diags);
  std::string out;
  if (body) {
    REQUIRE(body->blocks.empty());
    MapScope none;
    for (const Attribute& a : body->attributes) {
      const Value v = evaluate(*a.value, none, nullptr, diags);
      out += a.name + " = " + to_display(v) + "\n";
    }
  }
  return diags.has_errors() ? render(diags, files) : out;
}

}  // namespace

TEST_CASE("json variables files: constants, strings as they are written, exact numbers") {
  CHECK(variables_file(R"({
  "//": "Written by a program.",
  "name": "${var.x} and %{ if true }y%{ endif }",
  "big": 9007199254740993,
  "small": -1.5e-7,
  "tags": {"${k}": "v", "n": null, "settings": {"variable": {"x": {}}}},
  "list": [1, "two", true, [null]]
})") == "name = \"$${var.x} and %%{ if true }y%%{ endif }\"\n"
        "big = 9007199254740993\n"
        "small = -0.00000015\n"
        "tags = { \"$${k}\" = \"v\", n = null, settings = { variable = { x = {} } } }\n"
        "list = [1, \"two\", true, [null]]\n");
  CHECK(variables_file("{}").empty());
  CHECK(variables_file(R"([{"a": 1}, {"b": 2}])") == "a = 1\nb = 2\n");
}

TEST_CASE("json variables files: errors at their place, with the line and a caret") {
  CHECK(variables_file("{\n  \"a\": 1,\n  \"b\" 2\n}") ==
        "Error: x.infravars.json:3:7: expected ':' after the property name, found '2'\n"
        "\n"
        "  3 |   \"b\" 2\n"
        "    |       ^\n");
  CHECK(variables_file(R"({"a": 1, "a": 2})") ==
        "Error: x.infravars.json:1:11: Duplicate attribute \"a\"; first set at "
        "x.infravars.json:1:3\n\n  1 | {\"a\": 1, \"a\": 2}\n    |           ^\n");
  CHECK(variables_file(R"("text")") ==
        "Error: x.infravars.json:1:1: expected a JSON object at the top of the file, found a "
        "string\n\n  1 | \"text\"\n    | ^^^^^^\n");
  CHECK(variables_file(R"({"n": 1e999999999})") ==
        "Error: x.infravars.json:1:7: number 1e999999999 is out of range\n\n"
        "  1 | {\"n\": 1e999999999}\n    |       ^^^^^^^^^^^\n");
}

// ---- Golden cases: tests/lang/json_cases/NAME.infra.json with NAME.infra (the same
// configuration in the native syntax) or NAME.err.exp (the rendered diagnostics).
// With INFRA_UPDATE_GOLDEN=1 in the environment, the .err.exp files are rewritten.

TEST_CASE("json: golden cases") {
  const fs::path dir = fs::path(INFRA_SOURCE_DIR) / "tests" / "lang" / "json_cases";
  const auto read = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  const bool update = std::getenv("INFRA_UPDATE_GOLDEN") != nullptr;
  int cases = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!is_json_file(name)) continue;
    ++cases;
    const std::string stem = name.substr(0, name.size() - std::string(".infra.json").size());
    const fs::path native = dir / (stem + ".infra"), expected = dir / (stem + ".err.exp");
    SECTION(stem) {
      const Loaded j = load(name, read(entry.path()));
      if (fs::exists(native)) {
        check_same(read(native), read(entry.path()));
      } else if (update) {
        std::ofstream(expected, std::ios::binary) << j.rendered();
      } else {
        REQUIRE(fs::exists(expected));
        CHECK(j.rendered() == read(expected));
      }
    }
  }
  CHECK(cases > 0);
}

TEST_CASE("json: function blocks, with typed parameters and a result type") {
  const Loaded j = load(kJsonFile, R"({
  "function": {
    "tag": {
      "description": "Joins words with a prefix.",
      "parameter": {"prefix": {"type": "string"}},
      "variadic_parameter": {"words": {"type": "string"}},
      "result_type": "string",
      "result": "${prefix}-${join(\"-\", words)}"
    }
  }
})");
  INFO(j.rendered());
  REQUIRE_FALSE(j.diags.has_errors());
  REQUIRE(j.module.functions.size() == 1);
  const infra::lang::Function& f = j.module.functions[0];
  CHECK(f.signature() == "tag(prefix, words...)");
  CHECK(f.description == "Joins words with a prefix.");
  REQUIRE(f.parameters.size() == 1);
  CHECK(f.parameters[0].type != nullptr);
  REQUIRE(f.variadic);
  CHECK(f.variadic->type != nullptr);
  CHECK(f.result_type != nullptr);
  REQUIRE(f.result);
  CHECK(infra::lang::dump(*f.result) ==
        "(template (ref prefix) \"-\" (call join \"-\" (ref words)))");
}
