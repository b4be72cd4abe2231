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
