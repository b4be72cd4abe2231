// End to end: user-defined functions (`function` blocks) through the real binary: called
// from locals, resources, outputs, validations, other functions and the console; checked
// by validate; their errors, recursion limit included, at their place.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

const char* kFunctions = R"(function "slug" {
  description = "A DNS-safe name: lower case, dashes, at most max characters."
  parameter "name" { type = string }
  parameter "max" { type = number }
  result = substr(trim(replace(lower(name), "/[^a-z0-9]+/", "-"), "-"), 0, max)
}

function "fib" {
  parameter "n" { type = number }
  result = n < 2 ? n : fib(n - 1) + fib(n - 2)
}

function "bullets" {
  parameter "title" { type = string }
  variadic_parameter "items" { type = string }
  result_type = string
  result      = join("\n", concat([title], [for i in items : "- ${i}"]))
}
)";

const char* kMain = R"(variable "app" {
  type    = string
  default = "My Shop!"
  validation {
    condition     = length(slug(var.app, 63)) > 0
    error_message = "The name needs at least one letter or digit."
  }
}

locals {
  name = slug(var.app, 20)
}

resource "local_file" "numbers" {
  filename = "${local.name}.txt"
  content  = bullets("fib", fib(10), fib(20))
}

resource "local_file" "later" {
  filename = "later.txt"
  content  = bullets(local_file.numbers.id, "at ${timestamp()}")
}

output "name" {
  value = local.name
}
)";

/// Count of the occurrences of `needle` in `haystack`.
std::size_t count(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at)) {
    ++n;
    ++at;
  }
  return n;
}

}  // namespace

TEST_CASE("user-defined functions in locals, resources, outputs and validations plan and apply") {
  Scratch dir;
  dir.write("functions.infra", kFunctions);
  dir.write("main.infra", kMain);
  Result validate = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(validate.all());
  CHECK(validate.code == 0);

  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "+ filename        = \"my-shop.txt\""));
  CHECK(contains(plan.out, "+ content         = \"fib\\n- 55\\n- 6765\""));
  // An unknown argument (the id, timestamp()) gives an unknown result while planning.
  CHECK(contains(plan.out, "+ content         = (known after apply)"));
  CHECK(contains(plan.out, "+ name = \"my-shop\""));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("my-shop.txt") == "fib\n- 55\n- 6765");
  CHECK(contains(dir.read("later.txt"), "\n- at 20"));

  // A validation that calls a function rejects what the function makes empty.
  Result invalid = run_infra(dir.path(), {"plan", "-no-color", "-var", "app=!!!"});
  INFO(invalid.all());
  CHECK(invalid.code == 1);
  CHECK(contains(invalid.err, "The name needs at least one letter or digit."));
}

TEST_CASE("the console calls user-defined functions") {
  Scratch dir;
  dir.write("functions.infra", kFunctions);
  Result r = infra::e2e::run_infra_with_input(
      dir.path(), {"console", "-no-color"},
      "slug(\"Hello, World\", 5)\nfib(15)\nbullets(\"a\", [\"b\", \"c\"]...)\nfib(\"x\")\n");
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(r.out == "\"hello\"\n610\n\"a\\n- b\\n- c\"\n");
  CHECK(contains(r.err, "Error: <console:4>:1:5: Invalid call to function \"fib\": fib: argument "
                        "\"n\": a number is required, got \"x\""));
}

TEST_CASE("validate finds bad calls on every path, each once, and bad function blocks") {
  Scratch dir;
  dir.write("functions.infra", kFunctions);
  dir.write("main.infra", R"(variable "on" {
  type    = bool
  default = false
}
locals {
  a = var.on ? nope(1) : fib(1, 2)
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = slugg("a", 1)
}
function "upper" {
  parameter "s" {}
  result = s
}
)");
  Result r = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: main.infra:6:16: There is no function named \"nope\""));
  CHECK(contains(r.err, "Error: main.infra:6:26: Invalid call to function \"fib\": fib: expects 1 "
                        "argument, got 2; usage: fib(n)"));
  CHECK(count(r.err, "There is no function named \"slugg\"") == 1);
  CHECK(contains(r.err, "Error: main.infra:10:14: There is no function named \"slugg\""));
  CHECK(contains(r.err, "Error: main.infra:12:10: A function cannot be named \"upper\": that is "
                        "the name of a built-in function"));
  // plan and console find the same, before they evaluate anything.
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(count(plan.err, "There is no function named \"slugg\"") == 1);
  CHECK(contains(plan.err, "Error: main.infra:6:16: There is no function named \"nope\""));
  Result console = infra::e2e::run_infra_with_input(dir.path(), {"console", "-no-color"}, "1\n");
  INFO(console.all());
  CHECK(console.code == 1);
  CHECK(count(console.err, "There is no function named \"nope\"") == 1);

  dir.write("main.infra", R"(variable "app" {
  default = "x"
}
function "named" {
  parameter "suffix" {}
  result = "${var.app}-${suffix}"
}
function "named" {
  result = 1
}
)");
  Result pure = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(pure.all());
  CHECK(pure.code == 1);
  CHECK(contains(pure.err, "Error: main.infra:6:15: Functions are pure: function \"named\" "
                           "cannot refer to var.app"));
  CHECK(contains(pure.err, "Error: main.infra:8:10: Duplicate function \"named\"; first declared "
                           "at main.infra:4:10"));
}

TEST_CASE("errors in calls name the function, the parameter and the place of the call") {
  Scratch dir;
  dir.write("functions.infra", kFunctions);
  dir.write("main.infra", R"(locals {
  a = slug("x", "twenty")
  b = bullets("x", [1])
}
)");
  Result r = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: main.infra:2:17: Invalid call to function \"slug\": slug: "
                        "argument \"max\": a number is required, got \"twenty\""));
  CHECK(contains(r.err, "Error: main.infra:3:20: Invalid call to function \"bullets\": bullets: "
                        "argument \"items[0]\": a string is required, got a list"));
}

TEST_CASE("recursion past the limit is an error at its place, not a crash, in every command") {
  Scratch dir;
  std::string chain;
  for (int i = 0; i < 200; ++i) chain += " + 0";
  dir.write("main.infra", R"(function "forever" {
  parameter "n" { type = number }
  result = forever(n + 1)
}
function "deep" {
  parameter "n" { type = number }
  result = n == 0 ? 0 : deep(n - 1))" + chain + R"(
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = forever(1)
}
output "deep" {
  value = deep(100)
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "Error: main.infra:3:12: Invalid call to function \"forever\": calls "
                           "nest deeper than 128 levels"));
  CHECK(contains(plan.err, "In the call of function \"forever\" at main.infra:11:14."));
  CHECK(contains(plan.err, "Error: main.infra:7:25: Invalid call to function \"deep\": the calls "
                           "and the expressions in them nest too deeply"));
  CHECK(contains(plan.err, "In the call of function \"deep\" at main.infra:14:11."));

  Result validate = run_infra(dir.path(), {"validate", "-no-color"});
  INFO(validate.all());
  CHECK(validate.code == 1);
  CHECK(contains(validate.err, "calls nest deeper than 128 levels"));

  Result console = infra::e2e::run_infra_with_input(dir.path(), {"console", "-no-color"},
                                                    "forever(0)\n");
  INFO(console.all());
  CHECK(console.code == 1);
  CHECK(contains(console.err, "In the call of function \"forever\" at <console:1>:1:1."));
}

TEST_CASE("a sensitive argument makes a function's result sensitive") {
  Scratch dir;
  dir.write("functions.infra", kFunctions);
  dir.write("main.infra", R"(variable "password" {
  type      = string
  default   = "Hunter 2"
  sensitive = true
}
function "label" {
  parameter "env" { type = string }
  parameter "token" { type = string }
  result = "env-${env}"
}
output "user" {
  value = slug(var.password, 3)
}
output "label" {
  value = label("prod", var.password)
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "Output \"user\" would expose a sensitive value"));
  // The result does not use the password, but a call with a sensitive argument is marked.
  CHECK(contains(plan.err, "Output \"label\" would expose a sensitive value"));
  CHECK_FALSE(contains(plan.all(), "hun"));
}

TEST_CASE("templates rendered by templatefile call the module's functions") {
  Scratch dir;
  dir.write("functions.infra", kFunctions);
  dir.write("page.tpl",
            "name: ${slug(title, 10)}\n%{ for n in ns ~}\nfib(${n}) = ${fib(n)}\n%{ endfor ~}\n");
  dir.write("main.infra", R"(resource "local_file" "page" {
  filename = "page.txt"
  content  = templatefile("page.tpl", { title = "Hello, World!", ns = [5, 10] })
}

output "inline" {
  value = templatestring("$${bullets(t, \"a\")}", { t = "list" })
}
)");
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("page.txt") == "name: hello-worl\nfib(5) = 5\nfib(10) = 55\n");
  CHECK(contains(apply.out, "inline = \"list\\n- a\""));

  // A template that calls a function with the wrong number of arguments is an error at
  // the call of templatefile, naming the place in the template.
  dir.write("page.tpl", "${fib(1, 2)}");
  Result bad = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(bad.all());
  CHECK(bad.code == 1);
  CHECK(contains(bad.err,
                 "Error: main.infra:3:14: Invalid call to function \"templatefile\": "
                 "templatefile: page.tpl:1:3: Invalid call to function \"fib\": fib: "
                 "expects 1 argument, got 2; usage: fib(n)"));
}
