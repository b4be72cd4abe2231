// End to end: `plan -format=markdown` and `show -format=markdown PLANFILE` print the plan
// as a pull-request comment, the same for the same plan, and refuse what they cannot do.
#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

TEST_CASE("plan and show print the same Markdown for a saved plan") {
  Scratch dir;
  dir.write("main.infra", R"(variable "token" {
  default   = "hunter2"
  sensitive = true
}
resource "local_file" "a" {
  filename = "a.txt"
  content  = "a"
}
resource "infra_data" "t" {
  input = var.token
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", R"(variable "token" {
  default   = "hunter3"
  sensitive = true
}
resource "local_file" "a" {
  filename = "moved.txt"
  content  = "a"
}
resource "infra_data" "t" {
  input = var.token
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-format=markdown", "-out=next.plan"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "### ⚠️ Infra plan: 1 to add, 1 to change, 1 to destroy\n"));
  CHECK(contains(plan.out, "- 🔴 **replace** `local_file.a`: `filename` forces replacement\n"));
  CHECK(contains(plan.out, "<details><summary>🔴 <code>local_file.a</code>: replace</summary>"));
  CHECK(contains(plan.out, "```diff\n"));
  CHECK_FALSE(contains(plan.out, "hunter"));
  CHECK_FALSE(contains(plan.out, "\x1b["));  // no colour codes in Markdown

  Result show = run_infra(dir.path(), {"show", "-format=markdown", "next.plan"});
  INFO(show.all());
  REQUIRE(show.code == 0);
  // The plan command adds its note about the saved file after the document.
  CHECK(plan.out.rfind(show.out, 0) == 0);
}

TEST_CASE("the format flag: what it refuses") {
  Scratch dir;
  dir.write("main.infra", infra::e2e::kOneFile);
  Result bad = run_infra(dir.path(), {"plan", "-format=html"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "-format must be human or markdown, not \"html\""));
  Result both = run_infra(dir.path(), {"plan", "-format=markdown", "-json"});
  CHECK(both.code == 1);
  CHECK(contains(both.err, "-json and -format=markdown exclude each other"));
  Result state = run_infra(dir.path(), {"show", "-format=markdown"});
  CHECK(state.code == 1);
  CHECK(contains(state.err, "-format=markdown shows a saved plan"));
}
