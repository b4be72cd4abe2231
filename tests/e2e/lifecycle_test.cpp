// End to end: the whole life of a configuration through the real binary and the real
// local provider: plan, apply, no-op, update, drift, replace, destroy.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "harness.hpp"

using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::contains;

namespace {

const char* kConfig = R"(
variable "greeting" {
  type    = string
  default = "hello"
}

resource "local_file" "a" {
  filename        = "out/a.txt"
  content         = "${var.greeting}, world\n"
  file_permission = "0644"
}

resource "local_file" "b" {
  filename = "out/b.txt"
  content  = "a has id ${local_file.a.id}\n"
}

output "a_id" {
  value = local_file.a.id
}
)";


}  // namespace

TEST_CASE("plan, apply, update, drift and destroy a configuration") {
  Scratch dir;
  dir.write("main.infra", kConfig);

  Result init = run_infra(dir.path(), {"init", "-no-color"});
  INFO(init.all());
  REQUIRE(init.code == 0);
  CHECK(contains(init.out, "Infra has been successfully initialized!"));

  // The first plan creates both files; b's content depends on a's id.
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  REQUIRE(plan.code == 2);
  CHECK(contains(plan.out, "# local_file.a will be created"));
  CHECK(contains(plan.out, "+ resource \"local_file\" \"a\" {"));
  CHECK(contains(plan.out, "= \"out/a.txt\""));
  CHECK(contains(plan.out, "+ file_permission"));
  CHECK(contains(plan.out, "Plan: 2 to add, 0 to change, 0 to destroy."));
  CHECK_FALSE(dir.exists("out/a.txt"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "local_file.a: Creation complete"));
  CHECK(contains(apply.out, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed."));
  CHECK(dir.read("out/a.txt") == "hello, world\n");
  CHECK(contains(dir.read("out/b.txt"), "a has id "));
  struct stat st {};
  REQUIRE(::stat((dir.path() / "out/a.txt").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);

  // Nothing left to do.
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // A new content is an in-place update of a; b follows because a's id changes.
  Result update = run_infra(dir.path(), {"plan", "-no-color", "-var", "greeting=goodbye"});
  INFO(update.all());
  REQUIRE(update.code == 0);
  CHECK(contains(update.out, "# local_file.a will be updated in-place"));
  CHECK(contains(update.out, "~ content"));
  CHECK(contains(update.out, "= \"hello, world\\n\" -> \"goodbye, world\\n\""));
  CHECK(contains(update.out, "Plan: 0 to add, 2 to change, 0 to destroy."));
  Result applied = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-var=greeting=goodbye"});
  INFO(applied.all());
  REQUIRE(applied.code == 0);
  CHECK(dir.read("out/a.txt") == "goodbye, world\n");

  // An edit outside Infra shows as drift, and the plan puts the content back.
  dir.write("out/a.txt", "edited by hand\n");
  Result drift = run_infra(dir.path(), {"plan", "-no-color", "-var", "greeting=goodbye"});
  INFO(drift.all());
  REQUIRE(drift.code == 0);
  CHECK(contains(drift.out, "Objects have changed outside of Infra"));
  CHECK(contains(drift.out, "# local_file.a has changed"));
  CHECK(contains(drift.out, "\"goodbye, world\\n\" -> \"edited by hand\\n\""));
  CHECK(contains(drift.out, "# local_file.a will be updated in-place"));

  // A deleted file is drift too, and is planned for creation again.
  std::filesystem::remove(dir.path() / "out/b.txt");
  Result gone = run_infra(dir.path(), {"plan", "-no-color", "-var", "greeting=goodbye"});
  INFO(gone.all());
  CHECK(contains(gone.out, "# local_file.b has been deleted"));
  CHECK(contains(gone.out, "# local_file.b will be created"));

  // Destroy removes every file and empties the state.
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color", "-var", "greeting=goodbye"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  CHECK(contains(destroy.out, "Destroy complete!"));
  CHECK_FALSE(dir.exists("out/a.txt"));
  CHECK_FALSE(dir.exists("out/b.txt"));
  Result show = run_infra(dir.path(), {"show", "-no-color"});
  INFO(show.all());
  CHECK(contains(show.out, "The state is empty."));
}

TEST_CASE("a new filename replaces the file") {
  Scratch dir;
  dir.write("main.infra", R"(
resource "local_file" "f" {
  filename = "first.txt"
  content  = "x"
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  REQUIRE(dir.exists("first.txt"));
  dir.write("main.infra", R"(
resource "local_file" "f" {
  filename = "second.txt"
  content  = "x"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.f must be replaced"));
  CHECK(contains(plan.out, "-/+ resource \"local_file\" \"f\" {"));
  CHECK(contains(plan.out, "~ filename = \"first.txt\" -> \"second.txt\" # forces replacement"));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 1 to destroy."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK_FALSE(dir.exists("first.txt"));
  CHECK(dir.read("second.txt") == "x");
}

TEST_CASE("a resource removed from the configuration is destroyed") {
  Scratch dir;
  dir.write("main.infra", R"(
resource "local_file" "keep" {
  filename = "keep.txt"
  content  = "k"
}
resource "local_file" "drop" {
  filename = "drop.txt"
  content  = "d"
}
)");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  dir.write("main.infra", R"(
resource "local_file" "keep" {
  filename = "keep.txt"
  content  = "k"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(contains(plan.out, "# local_file.drop will be destroyed"));
  CHECK(contains(plan.out, "(because local_file.drop is not in the configuration)"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(dir.exists("keep.txt"));
  CHECK_FALSE(dir.exists("drop.txt"));
}

TEST_CASE("a saved plan applies exactly, and is refused once stale") {
  Scratch dir;
  dir.write("main.infra", R"(
resource "local_file" "f" {
  filename = "f.txt"
  content  = "one"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-out=first.plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "Saved the plan to: first.plan"));
  struct stat st {};
  REQUIRE(::stat((dir.path() / "first.plan").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);

  Result show = run_infra(dir.path(), {"show", "-no-color", "first.plan"});
  INFO(show.all());
  CHECK(contains(show.out, "# local_file.f will be created"));

  // A second plan made now, applied after the first, is stale.
  REQUIRE(run_infra(dir.path(), {"plan", "-out=second.plan"}).code == 0);
  Result apply = run_infra(dir.path(), {"apply", "-no-color", "first.plan"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("f.txt") == "one");
  Result stale = run_infra(dir.path(), {"apply", "-no-color", "second.plan"});
  INFO(stale.all());
  CHECK(stale.code == 1);
  CHECK(contains(stale.err, "Saved plan is stale"));

  // A plan made before the configuration changed is refused too.
  REQUIRE(run_infra(dir.path(), {"plan", "-out=third.plan"}).code == 0);
  dir.write("main.infra", R"(
resource "local_file" "f" {
  filename = "f.txt"
  content  = "two"
}
)");
  Result changed = run_infra(dir.path(), {"apply", "-no-color", "third.plan"});
  INFO(changed.all());
  CHECK(changed.code == 1);
  CHECK(contains(changed.err, "Saved plan does not match the configuration"));
  CHECK(dir.read("f.txt") == "one");

  Result garbage = run_infra(dir.path(), {"apply", "-no-color", "main.infra"});
  CHECK(garbage.code == 1);
  CHECK(contains(garbage.err, "not an Infra plan file"));
}

TEST_CASE("the same configuration and state give the same plan, byte for byte") {
  Scratch dir;
  std::string config;
  for (int i = 0; i < 40; ++i) {
    config += "resource \"local_file\" \"f" + std::to_string(i) + "\" {\n  filename = \"f" +
              std::to_string(i) + ".txt\"\n  content  = \"" + std::to_string(i) + "\"\n}\n";
  }
  dir.write("main.infra", config);
  REQUIRE(run_infra(dir.path(), {"plan", "-out=one.plan", "-parallelism=8"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"plan", "-out=two.plan", "-parallelism=3"}).code == 0);
  // Identical but for the time each plan was made.
  auto without_time = [](std::string text) {
    auto at = text.find("\"timestamp\"");
    REQUIRE(at != std::string::npos);
    return text.erase(at, text.find('\n', at) - at);
  };
  CHECK(without_time(dir.read("one.plan")) == without_time(dir.read("two.plan")));
  Result a = run_infra(dir.path(), {"show", "-no-color", "one.plan"});
  Result b = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(b.out.rfind(a.out, 0) == 0);
}

TEST_CASE("lifecycle: create_before_destroy, prevent_destroy and ignore_changes") {
  Scratch dir;
  auto write = [&](const std::string& filename, const std::string& content, const std::string& lifecycle) {
    dir.write("main.infra", "resource \"local_file\" \"f\" {\n  filename = \"" + filename +
                                "\"\n  content  = \"" + content + "\"\n  lifecycle {\n" + lifecycle +
                                "\n  }\n}\n");
  };
  write("one.txt", "1", "    create_before_destroy = true");
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);

  // The replacement is created before the old file is destroyed.
  write("two.txt", "1", "    create_before_destroy = true");
  Result cbd = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(cbd.all());
  REQUIRE(cbd.code == 0);
  CHECK(contains(cbd.out, "+/- create replacement and then destroy"));
  CHECK(contains(cbd.out, "+/- resource \"local_file\" \"f\" {"));
  auto created = cbd.out.find("local_file.f: Creation complete");
  auto destroyed = cbd.out.find("local_file.f: Destruction complete");
  REQUIRE(created != std::string::npos);
  REQUIRE(destroyed != std::string::npos);
  CHECK(created < destroyed);
  CHECK_FALSE(dir.exists("one.txt"));
  CHECK(dir.read("two.txt") == "1");
  Result show = run_infra(dir.path(), {"show", "-no-color"});
  CHECK_FALSE(contains(show.out, "deposed"));

  // Changes to an ignored attribute are not planned.
  write("two.txt", "2", "    ignore_changes = [content]");
  Result ignored = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(ignored.all());
  CHECK(ignored.code == 0);
  CHECK(contains(ignored.out, "No changes."));
  write("two.txt", "2", "    ignore_changes = [contents]");
  Result typo = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(typo.code == 1);
  CHECK(contains(typo.err, "ignore_changes names \"contents\""));

  // A protected resource is neither replaced nor destroyed.
  write("three.txt", "1", "    prevent_destroy = true");
  Result replace = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(replace.all());
  CHECK(replace.code == 1);
  CHECK(contains(replace.err, "Instance cannot be destroyed"));
  write("two.txt", "1", "    prevent_destroy = true");
  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 1);
  CHECK(contains(destroy.err, "Resource local_file.f has lifecycle.prevent_destroy set"));
  CHECK(dir.exists("two.txt"));
}

TEST_CASE("functions see the module: files relative to it, impure ones known at apply") {
  Scratch dir;
  dir.write("project/greeting.txt", "hello from a file\n");
  dir.write("project/main.infra", R"(resource "local_file" "copy" {
  filename = "copy.txt"
  content  = file("greeting.txt")
}
resource "local_file" "stamped" {
  filename = "stamped.txt"
  content  = "made at ${plantimestamp()}, applied at ${timestamp()}"
}
)");
  Result plan = run_infra(dir.path(), {"-chdir=project", "plan", "-no-color", "-out=p.plan"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "\"hello from a file\\n\""));
  // timestamp() is impure: unknown while planning.
  CHECK(contains(plan.out, "+ content         = (known after apply)"));
  // A saved plan applied later keeps the plan's own time for plantimestamp().
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  Result apply = run_infra(dir.path(), {"-chdir=project", "apply", "-no-color", "p.plan"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(dir.read("project/copy.txt") == "hello from a file\n");
  CHECK(dir.read("project/stamped.txt").rfind("made at 20", 0) == 0);
}

TEST_CASE("infra_data is built in: it plans, applies, updates and replaces without a plugin") {
  Scratch dir;
  const auto config = [&](const std::string& name, int n) {
    dir.write("main.infra", R"(resource "infra_data" "a" {
  input = { name = ")" + name + R"(", n = )" + std::to_string(n) + R"( }
}
resource "infra_data" "b" {
  input            = "${infra_data.a.output.name}-b"
  triggers_replace = [infra_data.a.output.n]
}
output "b" {
  value = infra_data.b.output
}
)");
  };
  config("x", 1);
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "b = \"x-b\""));
  config("y", 1);
  Result update = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(update.all());
  CHECK(contains(update.out, "# infra_data.a will be updated in-place"));
  CHECK(contains(update.out, "# infra_data.b will be updated in-place"));
  config("y", 2);
  Result replace = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(replace.all());
  CHECK(contains(replace.out, "# infra_data.b must be replaced"));
  CHECK(contains(replace.out, "# forces replacement"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);
  Result init = run_infra(dir.path(), {"init", "-no-color"});
  CHECK(contains(init.out, "Using provider \"infra\" v1.0.0 from (built in)"));
}
