// End to end: what the user sees when something is wrong. Every message names the place.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "state/backend.hpp"

using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::contains;
using infra::e2e::kOneFile;

TEST_CASE("a syntax error names file, line and column with a snippet and caret") {
  Scratch dir;
  dir.write("main.infra", "resource \"local_file\" \"a\" {\n  filename \"x\"\n}\n");
  for (const char* command : {"plan", "validate", "apply"}) {
    Result r = run_infra(dir.path(), {command, "-no-color"});
    INFO(command << "\n" << r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Error: main.infra:2:"));
    CHECK(contains(r.err, "  2 |   filename \"x\""));
    CHECK(contains(r.err, "^"));
  }
}

TEST_CASE("a reference to an undeclared resource names it") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = local_file.missing.id
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Reference to undeclared resource"));
  CHECK(contains(r.err, "local_file.missing"));
  CHECK(contains(r.err, "main.infra:3:14"));
}

TEST_CASE("a dependency cycle names every resource in it") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = local_file.b.id
}
resource "local_file" "b" {
  filename = "b.txt"
  content  = local_file.c.id
}
resource "local_file" "c" {
  filename = "c.txt"
  content  = local_file.a.id
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Cycle: local_file.a, local_file.b, local_file.c"));
  CHECK(contains(r.err, "local_file.b (main.infra:5:1)"));
}

TEST_CASE("arguments are checked against the provider schema") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  contents = "typo"
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Unsupported argument"));
  CHECK(contains(r.err, "main.infra:3:3"));

  // Content comes from one of three arguments: none at all is the provider's error.
  dir.write("main.infra", "resource \"local_file\" \"a\" {\n  filename = \"a.txt\"\n}\n");
  Result none = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(none.all());
  CHECK(none.code == 1);
  CHECK(contains(none.err, "Error: main.infra:1:1: local_file.a: no content"));
  CHECK(contains(none.err, "set exactly one of content, content_base64 or source"));

  dir.write("main.infra", R"(resource "local_thing" "a" {
  filename = "a.txt"
}
)");
  Result t = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(t.all());
  CHECK(t.code == 1);
  CHECK(contains(t.err, "Invalid resource type \"local_thing\""));

  dir.write("main.infra", R"(resource "nosuch_thing" "a" {
  filename = "a.txt"
}
)");
  Result p = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(p.all());
  CHECK(p.code == 1);
  CHECK(contains(p.err, "provider \"nosuch\" is not installed"));
}

TEST_CASE("variables: missing, undeclared and ill-typed values are errors") {
  Scratch dir;
  dir.write("main.infra", R"(variable "n" {
  type = number
}
variable "secret" {
  type      = number
  sensitive = true
}
)");
  Result missing = run_infra(dir.path(), {"plan", "-no-color", "-var", "secret=1"});
  INFO(missing.all());
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "No value for required variable \"n\""));

  Result bad = run_infra(dir.path(), {"plan", "-no-color", "-var", "n=abc", "-var", "secret=hunter2"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "a number is required, got \"abc\""));
  CHECK_FALSE(contains(bad.err + bad.out, "hunter2"));

  Result undeclared = run_infra(dir.path(), {"plan", "-no-color", "-var", "n=1", "-var", "secret=2", "-var", "other=3"});
  CHECK(undeclared.code == 1);
  CHECK(contains(undeclared.err, "Value for undeclared variable \"other\""));

  Result malformed = run_infra(dir.path(), {"plan", "-no-color", "-var", "novalue"});
  CHECK(malformed.code == 1);
  CHECK(contains(malformed.err, "-var needs NAME=VALUE"));
}

TEST_CASE("sensitive values never reach the output") {
  Scratch dir;
  dir.write("main.infra", R"(variable "password" {
  type      = string
  sensitive = true
}
resource "local_file" "secret" {
  filename = "secret.txt"
  content  = "password=${var.password}"
}
output "leak" {
  value = local_file.secret.content
}
)");
  Result leak = run_infra(dir.path(), {"plan", "-no-color", "-var", "password=hunter2"});
  INFO(leak.all());
  CHECK(leak.code == 1);
  CHECK(contains(leak.err, "Output refers to sensitive values"));
  CHECK_FALSE(contains(leak.all(), "hunter2"));

  dir.write("main.infra", R"(variable "password" {
  type      = string
  sensitive = true
}
resource "local_file" "secret" {
  filename = "secret.txt"
  content  = "password=${var.password}"
}
output "content" {
  value     = local_file.secret.content
  sensitive = true
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-var", "password=hunter2"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "(sensitive value)"));
  CHECK_FALSE(contains(apply.all(), "hunter2"));
  CHECK(dir.read("secret.txt") == "password=hunter2");
  Result show = run_infra(dir.path(), {"show", "-no-color"});
  CHECK_FALSE(contains(show.all(), "hunter2"));
  CHECK(contains(show.out, "content = (sensitive value)"));
}

TEST_CASE("apply without -auto-approve refuses when there is no terminal") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result r = run_infra(dir.path(), {"apply", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "No terminal to ask for approval"));
  CHECK(contains(r.err, "-auto-approve"));
  CHECK_FALSE(dir.exists("a.txt"));
  Result d = run_infra(dir.path(), {"destroy", "-no-color"});
  CHECK(d.code == 0);  // nothing to destroy: no question to ask
}

TEST_CASE("a second writer fails at once, naming the holder of the lock") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  auto backend = infra::state::open_sqlite(dir.path() / ".infra" / "state.db");
  auto held = backend->lock("apply");
  Result r = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error acquiring the state lock"));
  CHECK(contains(r.err, held.holder));
  CHECK(contains(r.err, "Operation: apply"));
  CHECK(contains(r.err, held.id));
  CHECK_FALSE(dir.exists("a.txt"));

  Result wrong = run_infra(dir.path(), {"force-unlock", "-force", "not-the-id"});
  CHECK(wrong.code == 1);
  Result unlock = run_infra(dir.path(), {"force-unlock", "-force", held.id});
  INFO(unlock.all());
  CHECK(unlock.code == 0);
  Result after = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(after.all());
  CHECK(after.code == 0);
  CHECK(dir.exists("a.txt"));
}

TEST_CASE("the provider's own checks point at the attribute") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename        = "a.txt"
  content         = "a"
  file_permission = "999"
}
)");
  for (const char* command : {"validate", "plan"}) {
    Result r = run_infra(dir.path(), {command, "-no-color"});
    INFO(command << "\n" << r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Error: main.infra:4:3: local_file.a: invalid file_permission"));
  }
  CHECK_FALSE(dir.exists("a.txt"));
}

TEST_CASE("saved plans: every way to misuse one is refused with a reason") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result unwritable = run_infra(dir.path(), {"plan", "-no-color", "-out=missing/dir/p.plan"});
  CHECK(unwritable.code == 1);
  CHECK(contains(unwritable.err, "Failed to save the plan"));
  CHECK(contains(unwritable.err, "cannot write plan file missing/dir/p.plan"));

  REQUIRE(run_infra(dir.path(), {"plan", "-out=p.plan"}).code == 0);
  Result with_var = run_infra(dir.path(), {"apply", "-var", "x=1", "p.plan"});
  CHECK(with_var.code == 1);
  CHECK(contains(with_var.err, "-var and -var-file cannot be used with a saved plan"));
  Result destroy = run_infra(dir.path(), {"destroy", "p.plan"});
  CHECK(destroy.code == 1);
  CHECK(contains(destroy.err, "unexpected argument \"p.plan\""));
  Result missing = run_infra(dir.path(), {"apply", "nope.plan"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "cannot read plan file nope.plan"));

  // Another state (a new lineage) is not the one the plan was made for.
  std::filesystem::remove_all(dir.path() / ".infra");
  Result other = run_infra(dir.path(), {"apply", "-no-color", "p.plan"});
  INFO(other.all());
  CHECK(other.code == 1);
  CHECK(contains(other.err, "Saved plan is for a different state"));
  CHECK_FALSE(dir.exists("a.txt"));
}

TEST_CASE("state files that cannot be used, and locks that are not there") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result none = run_infra(dir.path(), {"show", "-no-color"});
  CHECK(none.code == 0);
  CHECK(contains(none.out, "No state."));
  Result unlocked = run_infra(dir.path(), {"force-unlock", "-force", "abc"});
  CHECK(unlocked.code == 1);
  CHECK(contains(unlocked.err, "The state is not locked"));

  dir.write(".infra/state.db", "this is not a database, just text that is long enough to look like one");
  Result garbage = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(garbage.all());
  CHECK(garbage.code == 1);
  CHECK(contains(garbage.err, "Failed to open the state"));
  CHECK(contains(garbage.err, "state.db"));
  CHECK(dir.read(".infra/state.db").rfind("this is not a database", 0) == 0);
}

TEST_CASE("values of the wrong type, computed attributes and unsupported meta-arguments") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = ["not", "a", "string"]
  id       = "mine"
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: main.infra:3:3: Inappropriate value for attribute \"content\""));
  CHECK(contains(r.err, "a string is required, got list"));
  CHECK(contains(r.err, "Error: main.infra:4:3: Invalid argument \"id\""));

  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = "a"
  settings {
    mode = "fast"
  }
}
)");
  Result block = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(block.all());
  CHECK(block.code == 1);
  CHECK(contains(block.err, "Error: main.infra:4:3: Unsupported block type"));

  dir.write("main.infra", R"(resource "local_file" "a" {
  count    = -1
  filename = "a.txt"
  content  = "a"
}
)");
  Result count = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(count.all());
  CHECK(count.code == 1);
  CHECK(contains(count.err, "Error: main.infra:2:14: Invalid count argument"));
  CHECK(contains(count.err, "must be a whole number, 0 or more; it is -1"));
}

TEST_CASE("a lock timeout waits for a held lock, and gives up after it") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  auto backend = infra::state::open_sqlite(dir.path() / ".infra" / "state.db");
  auto held = backend->lock("apply");
  Result short_wait = run_infra(dir.path(), {"plan", "-no-color", "-lock-timeout=1s"});
  INFO(short_wait.all());
  CHECK(short_wait.code == 1);
  CHECK(contains(short_wait.err, "Acquiring the state lock"));
  CHECK(contains(short_wait.err, "It was still held after -lock-timeout=1s."));

  // Released while the apply waits: it then goes ahead.
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    backend->unlock(held.id);
  });
  Result waited = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-lock-timeout=30s"});
  release.join();
  INFO(waited.all());
  CHECK(waited.code == 0);
  CHECK(dir.exists("a.txt"));

  Result bad = run_infra(dir.path(), {"plan", "-lock-timeout=soon"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "-lock-timeout needs a duration"));
}

TEST_CASE("variables files, their precedence, validation and nullable") {
  Scratch dir;
  dir.write("main.infra", R"(variable "name" {
  type = string
  validation {
    condition     = length(var.name) <= 8
    error_message = "The name must be at most 8 characters."
  }
}
variable "tags" {
  default = {}
}
variable "must" {
  default  = "x"
  nullable = false
}
resource "local_file" "a" {
  filename = "${var.name}.txt"
  content  = jsonencode(var.tags)
}
)");
  dir.write("infra.infravars", "name = \"auto\"\ntags = { team = \"web\" }\n");
  dir.write("override.auto.infravars", "name = \"second\"\n");
  dir.write("explicit.infravars", "name = \"third\"\n");

  // infra.infravars < *.auto.infravars < -var-file and -var, in command-line order.
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "\"second.txt\""));
  CHECK(contains(plan.out, "{\\\"team\\\":\\\"web\\\"}"));
  Result file = run_infra(dir.path(), {"plan", "-no-color", "-var", "name=first", "-var-file=explicit.infravars"});
  CHECK(contains(file.out, "\"third.txt\""));
  Result var = run_infra(dir.path(), {"plan", "-no-color", "-var-file=explicit.infravars", "-var", "name=last"});
  CHECK(contains(var.out, "\"last.txt\""));

  Result invalid = run_infra(dir.path(), {"plan", "-no-color", "-var", "name=much-too-long"});
  INFO(invalid.all());
  CHECK(invalid.code == 1);
  CHECK(contains(invalid.err, "Error: main.infra:4:21: Invalid value for variable \"name\""));
  CHECK(contains(invalid.err, "The name must be at most 8 characters."));

  dir.write("nulls.infravars", "must = null\n");
  Result nulls = run_infra(dir.path(), {"plan", "-no-color", "-var-file=nulls.infravars"});
  CHECK(nulls.code == 1);
  CHECK(contains(nulls.err, "declared with nullable = false"));

  dir.write("bad.infravars", "name = var.other\nresource \"x\" \"y\" {}\n");
  Result bad = run_infra(dir.path(), {"plan", "-no-color", "-var-file=bad.infravars"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Error: bad.infravars:1:8: Variables not allowed"));
  CHECK(contains(bad.err, "Unexpected block \"resource\" in a variables file"));
  dir.write("extra.infravars", "name = \"ok\"\nundeclared = 1\n");
  Result extra = run_infra(dir.path(), {"plan", "-no-color", "-var-file=extra.infravars"});
  INFO(extra.all());
  CHECK(extra.code == 1);
  CHECK(contains(extra.err, "Error: extra.infravars:2:1: Value for undeclared variable \"undeclared\""));
  Result missing = run_infra(dir.path(), {"plan", "-no-color", "-var-file=nope.infravars"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Cannot read \"nope.infravars\""));
}

TEST_CASE("variables are converted to their declared types") {
  Scratch dir;
  dir.write("main.infra", R"(variable "ports" {
  type = list(number)
}
variable "server" {
  type = object({
    name = string
    port = optional(number, 8080)
  })
  default = { name = "web" }
}
variable "count_text" {
  type    = string
  default = 3
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = jsonencode([var.ports, var.server, var.count_text])
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-var", "ports=[\"80\", 443]"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, R"([[80,443],{\"name\":\"web\",\"port\":8080},\"3\"])"));

  Result bad = run_infra(dir.path(), {"plan", "-no-color", "-var", "ports=[\"eighty\"]"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Invalid value for variable \"ports\""));
  CHECK(contains(bad.err, "[0]: a number is required"));
  CHECK(contains(bad.err, "the variable's type is list(number)"));

  dir.write("x.infravars", "ports = [1]\nserver = { name = \"db\", extra = true }\n");
  Result extra = run_infra(dir.path(), {"plan", "-no-color", "-var-file=x.infravars"});
  INFO(extra.all());
  CHECK(extra.code == 1);
  CHECK(contains(extra.err, "Error: x.infravars:2:1: Invalid value for variable \"server\""));

  dir.write("main.infra", "variable \"v\" {\n  type = lst(string)\n}\n");
  Result type = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(type.all());
  CHECK(type.code == 1);
  CHECK(contains(type.err, "Did you mean \"list\"?"));
}

TEST_CASE("validate -json reports every finding with its range and snippet") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  contents = "typo"
}
)");
  Result r = run_infra(dir.path(), {"validate", "-json"});
  INFO(r.all());
  CHECK(r.code == 1);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["valid"] == false);
  CHECK(j["error_count"] == 1);
  const auto& first = j["diagnostics"][0];
  CHECK(first["severity"] == "error");
  CHECK(first["summary"] == "Unsupported argument");
  CHECK(first["range"]["filename"] == "main.infra");
  CHECK(first["range"]["start"]["line"] == 3);
  CHECK(first["range"]["start"]["column"] == 3);
  CHECK(first["range"]["start"]["byte"] == 51);
  CHECK(first["snippet"]["code"] == "  contents = \"typo\"");
  CHECK(first["snippet"]["highlight_start_offset"] == 2);
  CHECK(first["snippet"]["highlight_end_offset"] == 10);

  dir.write("main.infra", "resource \"local_file\" {\n");
  Result syntax = run_infra(dir.path(), {"validate", "-json"});
  CHECK(syntax.code == 1);
  CHECK(nlohmann::json::parse(syntax.out)["diagnostics"][0]["range"]["start"]["line"] == 1);

  dir.write("main.infra", kOneFile);
  Result ok = run_infra(dir.path(), {"validate", "-json"});
  CHECK(ok.code == 0);
  CHECK(nlohmann::json::parse(ok.out)["valid"] == true);
}

TEST_CASE("validate -json: every field as Terraform writes it, command-line errors too") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = upper(
    1, 2)
}
)");
  Result r = run_infra(dir.path(), {"validate", "-json"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(r.err.empty());
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["diagnostics"].size() == 1);
  const auto& d = j["diagnostics"][0];
  CHECK(d["severity"] == "error");
  CHECK(d["summary"] ==
        "Invalid call to function \"upper\": upper: expects 1 argument, got 2; "
        "usage: upper(string)");
  CHECK(d["detail"] == "");
  CHECK(d["range"]["filename"] == "main.infra");
  CHECK(d["range"]["start"] == nlohmann::json::parse(R"({"line": 3, "column": 14, "byte": 62})"));
  CHECK(d["range"]["end"] == nlohmann::json::parse(R"({"line": 4, "column": 10, "byte": 78})"));
  CHECK(d["snippet"] == nlohmann::json::parse(R"J({
    "context": "resource \"local_file\" \"a\"",
    "code": "  content  = upper(\n    1, 2)",
    "start_line": 3,
    "highlight_start_offset": 13,
    "highlight_end_offset": 29,
    "values": []
  })J"));

  // A bad command line is a finding too, in the same form on stdout.
  Result usage = run_infra(dir.path(), {"validate", "-json", "-bogus"});
  INFO(usage.all());
  CHECK(usage.code == 1);
  CHECK(usage.err.empty());
  const auto u = nlohmann::json::parse(usage.out);
  CHECK(u["valid"] == false);
  CHECK(u["error_count"] == 1);
  CHECK(u["diagnostics"][0]["summary"] == "unknown flag -bogus");
  CHECK(u["diagnostics"][0]["detail"] == "Run \"infra validate -help\" for its options.");
  CHECK_FALSE(u["diagnostics"][0].contains("range"));
  // Without -json it stays text.
  Result text = run_infra(dir.path(), {"validate", "-bogus"});
  CHECK(text.code == 1);
  CHECK(text.out.empty());
  CHECK(contains(text.err, "Error: unknown flag -bogus"));
}

TEST_CASE("validation blocks that cannot be checked say why") {
  Scratch dir;
  dir.write("main.infra", R"(variable "a" {
  default = "x"
  validation {
    condition     = var.b == "y"
    error_message = "a depends on b"
  }
}
variable "b" {
  default = "y"
  validation {
    condition     = "not a bool"
    error_message = "never shown"
  }
}
variable "c" {
  default = 1
  validation {
    condition = true
  }
}
)");
  Result r = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Missing required argument"));
  CHECK(contains(r.err, "needs an \"error_message\""));
  dir.write("main.infra", dir.read("main.infra").substr(0, dir.read("main.infra").find("variable \"c\"")));
  Result p = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(p.all());
  CHECK(p.code == 1);
  CHECK(contains(p.err, "Error: main.infra:4:21: Invalid reference in variable validation"));
  CHECK(contains(p.err, "may refer only to var.a"));
  CHECK(contains(p.err, "Error: main.infra:11:21: Invalid validation condition"));
  CHECK(contains(p.err, "The condition must be true or false, not string."));
}

TEST_CASE("validate reports every syntax error of a file at once, and none that follow from them") {
  Scratch dir;
  dir.write("main.infra", R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = [1 2]
}

resource "local_file" "b" {
  filename = "b.txt"
  content  = local_file.a.id
}

output "a" {
  value = local_file.a.id +
}
)");
  Result r = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: main.infra:3:17: expected ',' or ']' to close the list opened at 3:14, found '2'"));
  CHECK(contains(r.err, "Error: main.infra:13:1: expected an expression after the operator, found '}'"));
  // local_file.b refers to the broken local_file.a: that is not reported as a missing resource.
  CHECK_FALSE(contains(r.err, "undeclared"));
  CHECK_FALSE(contains(r.out, "Success"));

  Result json = run_infra(dir.path(), {"validate", "-json"});
  INFO(json.all());
  CHECK(json.code == 1);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["error_count"] == 2);
  CHECK(j["diagnostics"][0]["range"]["start"]["line"] == 3);
  CHECK(j["diagnostics"][1]["range"]["start"]["line"] == 13);
}

TEST_CASE("a truncated or corrupted state file is a clear error, and is left as it is") {
  Scratch dir;
  dir.write("main.infra", infra::e2e::kOneFile);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  const auto db = dir.path() / ".infra/state.db";
  const std::string whole = dir.read(".infra/state.db");
  REQUIRE(whole.size() > 200);
  SECTION("truncated") {
    std::filesystem::resize_file(db, whole.size() / 2);
  }
  SECTION("overwritten in the middle") {
    std::string broken = whole;
    broken.replace(100, 7, "garbage");
    dir.write(".infra/state.db", broken);
  }
  const std::string before = dir.read(".infra/state.db");
  const std::vector<std::vector<std::string>> commands = {{"plan", "-no-color"},
                                                          {"apply", "-auto-approve", "-no-color"}};
  for (const auto& command : commands) {
    Result r = run_infra(dir.path(), command);
    INFO(r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Failed to open the state"));
    CHECK(contains(r.err, ".infra/state.db: cannot open the state: database disk image is malformed"));
    CHECK(dir.read(".infra/state.db") == before);
  }
}
