// End to end: a configuration in the JSON form (`main.infra.json`) through the real binary
// and the real local provider, alone and beside a native file; its errors with their
// places; and `infra fmt`, which leaves the JSON form as it is.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

constexpr const char* kConfig = R"({
  "//": "Written by a program.",
  "variable": {
    "greeting": {"type": "string", "default": "hello"}
  },
  "resource": {
    "local_file": {
      "a": {
        "filename": "out/a.txt",
        "content": "${var.greeting}, world\n",
        "file_permission": "0644"
      },
      "b": {
        "filename": "out/b.txt",
        "content": "%{ for w in split(\",\", \"x,y\") }${w}-%{ endfor }${length(var.greeting)}",
        "depends_on": ["local_file.a"]
      }
    }
  },
  "output": {
    "greeting_file": {"value": "${local_file.a.filename}"}
  }
}
)";

}  // namespace

TEST_CASE("a configuration in the JSON form plans, applies and has outputs") {
  Scratch dir;
  dir.write("main.infra.json", kConfig);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  REQUIRE(plan.code == 2);
  CHECK(contains(plan.out, "# local_file.a will be created"));
  CHECK(contains(plan.out, "# local_file.b will be created"));
  CHECK(contains(plan.out, "Plan: 2 to add, 0 to change, 0 to destroy."));

  Result apply =
      run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-var", "greeting=hi"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("out/a.txt") == "hi, world\n");
  CHECK(dir.read("out/b.txt") == "x-y-2");
  CHECK(contains(apply.out, "greeting_file = \"out/a.txt\""));

  Result again =
      run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode", "-var", "greeting=hi"});
  INFO(again.all());
  CHECK(again.code == 0);
}

TEST_CASE("the JSON form and the native syntax make one module") {
  Scratch dir;
  dir.write("variables.infra", "variable \"name\" {\n  default = \"joined\"\n}\n");
  dir.write("main.infra.json", R"({"resource": {"local_file": {"f": {
    "filename": "${var.name}.txt", "content": "x"}}}})");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("joined.txt") == "x");
}

TEST_CASE("errors in the JSON form name file, line and column with a snippet and caret") {
  Scratch dir;
  dir.write("main.infra.json", "{\n  \"resource\": {\"local_file\": {\"a\": {\n"
                               "    \"filename\": \"a.txt\"\n    \"content\": \"a\"\n}}}}\n");
  Result syntax = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(syntax.all());
  CHECK(syntax.code == 1);
  CHECK(contains(syntax.err, "Error: main.infra.json:4:5: expected ',' or '}' after an object "
                             "member, found '\"'"));
  CHECK(contains(syntax.err, "  4 |     \"content\": \"a\"\n    |     ^\n"));

  // An error inside a string points into it.
  dir.write("main.infra.json", "{\"resource\": {\"local_file\": {\"a\": {\n"
                               "  \"filename\": \"a.txt\",\n"
                               "  \"content\": \"${upper(var.missing)}\"\n}}}}\n");
  Result reference = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(reference.all());
  CHECK(reference.code == 1);
  CHECK(contains(reference.err, "main.infra.json:3:23"));
  CHECK(contains(reference.err, "  3 |   \"content\": \"${upper(var.missing)}\"\n"
                                "    |                       ^^^^^^^^^^^\n"));
}

TEST_CASE("fmt leaves files in the JSON form as they are") {
  Scratch dir;
  const std::string json = "{\"locals\":{\"a\":1}}";
  dir.write("main.infra.json", json);
  dir.write("main.infra", "locals {\nb=2\n}\n");
  Result all = run_infra(dir.path(), {"fmt"});
  INFO(all.all());
  CHECK(all.code == 0);
  CHECK(all.out == "main.infra\n");
  Result named = run_infra(dir.path(), {"fmt", "-check", "main.infra.json"});
  INFO(named.all());
  CHECK(named.code == 0);
  CHECK(named.out.empty());
  CHECK(dir.read("main.infra.json") == json);
}

TEST_CASE("variables files in JSON: loaded automatically or named, in Terraform's order") {
  Scratch dir;
  dir.write("main.infra", R"(variable "name" {
  type = string
}
variable "size" {
  type    = number
  default = 1
}
variable "tags" {
  type    = map(string)
  default = {}
}
resource "local_file" "a" {
  filename = "${var.name}.txt"
  content  = jsonencode([var.size, var.tags])
}
)");
  // infra.infravars < infra.infravars.json < *.auto.infravars{,.json} in name order
  // < -var-file and -var in command-line order.
  dir.write("infra.infravars", "name = \"native\"\n");
  dir.write("infra.infravars.json", R"({"name": "json", "size": "12", "tags": {"a": "${b}"}})");
  Result base = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(base.all());
  REQUIRE(base.code == 0);
  CHECK(contains(base.out, "\"json.txt\""));
  CHECK(contains(base.out, R"([12,{\"a\":\"$${b}\"}])"));

  dir.write("a.auto.infravars.json", R"({"name": "auto-json", "size": 9007199254740993})");
  dir.write("b.auto.infravars", "name = \"auto-native\"\n");
  Result automatic = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(automatic.all());
  REQUIRE(automatic.code == 0);
  CHECK(contains(automatic.out, "\"auto-native.txt\""));
  CHECK(contains(automatic.out, "[9007199254740993,"));

  dir.write("given.json", R"({"name": "given"})");
  Result named =
      run_infra(dir.path(), {"plan", "-no-color", "-var", "name=flag", "-var-file=given.json"});
  INFO(named.all());
  REQUIRE(named.code == 0);
  CHECK(contains(named.out, "\"given.txt\""));
}

TEST_CASE("variables files in JSON: errors name file, line and column with a snippet") {
  Scratch dir;
  dir.write("main.infra", "variable \"ports\" {\n  type = list(number)\n}\n");
  dir.write("bad.infravars.json", "{\n  \"ports\": [80,\n}\n");
  Result syntax = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(syntax.all());
  CHECK(syntax.code == 0);  // validate reads no variables files
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-var-file=bad.infravars.json"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err,
                 "Error: bad.infravars.json:3:1: expected a JSON value after ',', found '}'"));
  CHECK(contains(plan.err, "  3 | }\n    | ^\n"));

  dir.write("type.infravars.json", "{\n  \"ports\": [80, \"http\"]\n}\n");
  Result type = run_infra(dir.path(), {"plan", "-no-color", "-var-file=type.infravars.json"});
  INFO(type.all());
  CHECK(type.code == 1);
  CHECK(contains(type.err, "Error: type.infravars.json:2:4: Invalid value for variable \"ports\""));
  CHECK(contains(type.err, "[1]: a number is required"));

  dir.write("extra.auto.infravars.json", "{\"ports\": [1], \"other\": true}");
  Result extra = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(extra.all());
  CHECK(extra.code == 1);
  CHECK(contains(extra.err,
                 "Error: extra.auto.infravars.json:1:17: Value for undeclared variable \"other\""));
}
