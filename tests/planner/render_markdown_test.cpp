// Tests of planner/render_markdown.cpp: the verdict, destructive changes first, counts,
// folded diffs, no secrets, and the size limit that never cuts the verdict.
#include <catch2/catch.hpp>

#include "planner/render_markdown.hpp"

using infra::lang::Value;
using namespace infra::planner;

namespace {

Change change(const std::string& name, Action action, Value before, Value after) {
  Change c;
  c.address = "local_file." + name;
  c.type = "local_file";
  c.name = name;
  c.provider = "local";
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

Value file(const std::string& content) {
  return Value::object({{"filename", Value::string("f.txt")}, {"content", Value::string(content)}});
}

Plan sample() {
  Plan p;
  p.changes.push_back(change("new", Action::Create, Value::null(), file("x")));
  Change gone = change("old", Action::Delete, file("y"), Value::null());
  gone.reason = "it is not in the configuration";
  p.changes.push_back(gone);
  Change swapped = change("swap", Action::Replace, file("a"), file("b"));
  swapped.replace_paths = {{std::string("content")}};
  p.changes.push_back(swapped);
  p.changes.push_back(change("same", Action::NoOp, file("s"), file("s")));
  Change secret = change("secret", Action::Update,
                         Value::object({{"content", Value::string("old-secret").marked_sensitive()}}),
                         Value::object({{"content", Value::string("new-secret").marked_sensitive()}}));
  p.changes.push_back(secret);
  p.outputs.push_back({"token", Action::Update, Value::string("t1").marked_sensitive(),
                       Value::string("t2").marked_sensitive(), true});
  return p;
}

}  // namespace

TEST_CASE("markdown: verdict, destructive changes first, counts, one folded diff per change") {
  const std::string md = render_markdown(sample());
  CHECK(md.rfind("### ⚠️ Infra plan: 2 to add, 1 to change, 2 to destroy\n\n", 0) == 0);
  CHECK(md.find("**Destructive changes** (2):\n\n"
                "- 🔴 **destroy** `local_file.old`: it is not in the configuration\n"
                "- 🔴 **replace** `local_file.swap`: `content` forces replacement\n") != std::string::npos);
  CHECK(md.find("| action | resources |\n| --- | ---: |\n| create | 2 |\n| update | 1 |\n| destroy | 2 |\n") !=
        std::string::npos);
  // Destructive details first, then the rest in address order; no-ops not at all.
  const auto old_at = md.find("<summary>🔴 <code>local_file.old</code>: destroy</summary>");
  const auto swap_at = md.find("<summary>🔴 <code>local_file.swap</code>: replace</summary>");
  const auto new_at = md.find("<summary><code>local_file.new</code>: create</summary>");
  const auto secret_at = md.find("<summary><code>local_file.secret</code>: update</summary>");
  REQUIRE(old_at != std::string::npos);
  REQUIRE(swap_at != std::string::npos);
  REQUIRE(new_at != std::string::npos);
  REQUIRE(secret_at != std::string::npos);
  CHECK(old_at < swap_at);
  CHECK(swap_at < new_at);
  CHECK(new_at < secret_at);
  CHECK(md.find("local_file.same") == std::string::npos);
  // Diff lines carry their symbol in the first column.
  CHECK(md.find("```diff\n  # local_file.new will be created\n+   resource \"local_file\" \"new\" {\n") !=
        std::string::npos);
  CHECK(md.find("\n!       content = \"a\" -> \"b\" # forces replacement\n") != std::string::npos);
  // Secrets stay hidden, in diffs and outputs alike.
  CHECK(md.find("old-secret") == std::string::npos);
  CHECK(md.find("new-secret") == std::string::npos);
  CHECK(md.find("t2") == std::string::npos);
  CHECK(md.find("| `token` | (sensitive value) → (sensitive value) |") != std::string::npos);
  // The same plan, the same bytes.
  CHECK(render_markdown(sample()) == md);
}

TEST_CASE("markdown: the size limit cuts details, never the verdict, counts or destructive list") {
  const std::string whole = render_markdown(sample());
  MarkdownOptions small;
  small.limit = 900;
  const std::string md = render_markdown(sample(), small);
  CHECK(md.size() < whole.size());
  CHECK(md.size() <= small.limit);
  CHECK(md.rfind("### ⚠️ Infra plan: 2 to add, 1 to change, 2 to destroy", 0) == 0);
  CHECK(md.find("- 🔴 **replace** `local_file.swap`") != std::string::npos);
  CHECK(md.find("| destroy | 2 |") != std::string::npos);
  CHECK(md.find("were left out to stay within 900 characters; `infra show PLANFILE` shows the "
                "whole plan._") != std::string::npos);
  // Even a limit below the verdict keeps it whole.
  MarkdownOptions tiny;
  tiny.limit = 10;
  const std::string least = render_markdown(sample(), tiny);
  CHECK(least.find("- 🔴 **destroy** `local_file.old`") != std::string::npos);
  CHECK(least.find("<details>") == std::string::npos);
}

TEST_CASE("markdown: no changes, and code fences longer than what they hold") {
  Plan none;
  CHECK(render_markdown(none) ==
        "### Infra plan: no changes\n\nYour infrastructure matches the configuration.\n\n");
  Plan fenced;
  fenced.changes.push_back(change("f", Action::Create, Value::null(), file("```\nbreak out")));
  const std::string md = render_markdown(fenced);
  CHECK(md.find("````diff\n") != std::string::npos);
  CHECK(md.find("\n````\n") != std::string::npos);
}
