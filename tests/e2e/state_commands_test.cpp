// End to end: the state commands (`infra state list|show|mv|rm|pull|push|history|diff`,
// `infra taint`, `infra untaint`), their errors, and the history that apply, destroy and
// import record.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "state/backend.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;
using json = nlohmann::json;

namespace {

std::string file_resource(const std::string& name, const std::string& filename,
                          const std::string& extra = "") {
  return "resource \"local_file\" \"" + name + "\" {\n" + extra + "  filename = \"" + filename +
         "\"\n  content  = \"" + filename + "\"\n}\n";
}

/// A root resource with count = 2, one without, and a module with one file.
void write_config(const Scratch& dir) {
  dir.write("modules/files/main.infra", file_resource("f", "${path.root}/m-${var.n}.txt") +
                                            "variable \"n\" {}\n");
  dir.write("main.infra", file_resource("a", "a${count.index}.txt", "  count    = 2\n") +
                              file_resource("b", "b.txt") + R"(
module "app" {
  source = "./modules/files"
  n      = "app"
}
output "o" {
  value = local_file.b.filename
}
)");
}

Result ok(const Scratch& dir, const std::vector<std::string>& args) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  REQUIRE(r.code == 0);
  return r;
}

void applied(const Scratch& dir) {
  write_config(dir);
  ok(dir, {"apply", "-auto-approve", "-no-color"});
}

/// The plan finds nothing to do.
void check_no_changes(const Scratch& dir) {
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "No changes."));
}

}  // namespace

TEST_CASE("state list lists every instance, or those the patterns name") {
  Scratch dir;
  applied(dir);
  CHECK(ok(dir, {"state", "list"}).out ==
        "local_file.a[0]\nlocal_file.a[1]\nlocal_file.b\nmodule.app.local_file.f\n");
  CHECK(ok(dir, {"state", "list", "local_file.a"}).out == "local_file.a[0]\nlocal_file.a[1]\n");
  CHECK(ok(dir, {"state", "list", "local_file.a[1]", "module.app"}).out ==
        "local_file.a[1]\nmodule.app.local_file.f\n");
  CHECK(ok(dir, {"state", "list", "module.app.local_file.f"}).out == "module.app.local_file.f\n");

  Result none = run_infra(dir.path(), {"state", "list", "local_file.zzz"});
  CHECK(none.code == 1);
  CHECK(contains(none.err, "Error: No instance in the state matches \"local_file.zzz\""));
  Result bad = run_infra(dir.path(), {"state", "list", "local_file."});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Error: Invalid address \"local_file.\""));
}

TEST_CASE("state commands without a state say so, and unknown subcommands are refused") {
  Scratch dir;
  Result r = run_infra(dir.path(), {"state", "list"});
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: No state"));
  CHECK(contains(r.err, "There is no state at .infra/state.db"));
  CHECK_FALSE(dir.exists(".infra/state.db"));
  Result unknown = run_infra(dir.path(), {"state", "frobnicate"});
  CHECK(unknown.code == 1);
  CHECK(contains(unknown.err, "Error: unknown state subcommand \"frobnicate\""));
  Result flag = run_infra(dir.path(), {"state", "list", "-force"});
  CHECK(flag.code == 1);
  CHECK(contains(flag.err, "Error: state list does not take -force"));
}

TEST_CASE("state show prints one instance, now or at an earlier serial") {
  Scratch dir;
  applied(dir);
  Result show = ok(dir, {"state", "show", "local_file.b"});
  CHECK(contains(show.out, "# local_file.b:\nresource \"local_file\" \"b\" {\n"));
  CHECK(contains(show.out, "filename             = \"b.txt\""));
  const std::int64_t before = infra::state::open_sqlite(dir.path() / ".infra/state.db")->read().serial;

  dir.write("main.infra", dir.read("main.infra") + file_resource("c", "c.txt"));
  ok(dir, {"apply", "-auto-approve"});
  CHECK(run_infra(dir.path(), {"state", "show", "-version=" + std::to_string(before), "local_file.c"}).code == 1);
  CHECK(ok(dir, {"state", "show", "local_file.c"}).code == 0);
  ok(dir, {"taint", "local_file.b"});
  CHECK(contains(ok(dir, {"state", "show", "local_file.b"}).out, "# local_file.b: (tainted)\n"));
  CHECK(contains(ok(dir, {"state", "show", "-version=" + std::to_string(before), "local_file.b"}).out,
                 "# local_file.b:\n"));

  Result missing = run_infra(dir.path(), {"state", "show", "local_file.x"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Error: No instance local_file.x in the state"));
  Result keys = run_infra(dir.path(), {"state", "show", "local_file.a"});
  CHECK(keys.code == 1);
  CHECK(contains(keys.err, "local_file.a has instances with keys; name one of them:\n"
                           "  local_file.a[0]\n  local_file.a[1]"));
  Result future = run_infra(dir.path(), {"state", "show", "-version=999", "local_file.b"});
  CHECK(future.code == 1);
  CHECK(contains(future.err, "there is no serial 999 yet"));
  Result word = run_infra(dir.path(), {"state", "show", "-version=latest", "local_file.b"});
  CHECK(word.code == 1);
  CHECK(contains(word.err, "-version needs a serial (a whole number of 0 or more), got \"latest\""));
}

TEST_CASE("state show hides sensitive attributes") {
  Scratch dir;
  applied(dir);
  json state = json::parse(ok(dir, {"state", "pull"}).out);
  for (json& i : state["instances"]) {
    if (i["address"] == "local_file.b") i["sensitive_paths"] = {"content"};
  }
  state["serial"] = state["serial"].get<int>() + 1;
  dir.write("pushed.json", state.dump());
  ok(dir, {"state", "push", "pushed.json"});
  Result show = ok(dir, {"state", "show", "local_file.b"});
  CHECK(contains(show.out, "content              = (sensitive value)"));
  CHECK_FALSE(contains(show.out, "\"b.txt\"\n    content_sha"));
}

TEST_CASE("state mv from a count index to a for_each key, then plan finds nothing to do") {
  Scratch dir;
  dir.write("main.infra", file_resource("a", "a.txt", "  count    = 1\n"));
  ok(dir, {"apply", "-auto-approve"});
  dir.write("main.infra", file_resource("a", "a.txt", "  for_each = toset([\"x\"])\n"));

  Result dry = ok(dir, {"state", "mv", "-dry-run", "local_file.a[0]", "local_file.a[\"x\"]"});
  CHECK(dry.out == "Would move local_file.a[0] to local_file.a[\"x\"]\n");
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.a[0]"});

  Result mv = ok(dir, {"state", "mv", "local_file.a[0]", "local_file.a[\"x\"]"});
  CHECK(contains(mv.out, "Successfully moved 1 instance."));
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.a[\"x\"]"});
  check_no_changes(dir);
}

TEST_CASE("state mv moves a resource into a module and a module to another name") {
  Scratch dir;
  applied(dir);
  // local_file.b goes into a module of its own; module.app becomes module.web.
  dir.write("modules/one/main.infra", R"(resource "local_file" "b" {
  filename = "b.txt"
  content  = "b.txt"
}
output "filename" {
  value = local_file.b.filename
}
)");
  dir.write("main.infra", file_resource("a", "a${count.index}.txt", "  count    = 2\n") + R"(
module "one" {
  source = "./modules/one"
}
module "web" {
  source = "./modules/files"
  n      = "app"
}
output "o" {
  value = module.one.filename
}
)");
  Result into = ok(dir, {"state", "mv", "local_file.b", "module.one.local_file.b"});
  CHECK(contains(into.out, "Move local_file.b to module.one.local_file.b"));
  Result whole = ok(dir, {"state", "mv", "module.app", "module.web"});
  CHECK(contains(whole.out, "Move module.app.local_file.f to module.web.local_file.f"));
  check_no_changes(dir);

  // And back out of the module, a whole resource at once.
  Result out = ok(dir, {"state", "mv", "-dry-run", "module.one.local_file.b", "local_file.b"});
  CHECK(out.out == "Would move module.one.local_file.b to local_file.b\n");
  Result all = ok(dir, {"state", "mv", "local_file.a", "local_file.z"});
  CHECK(contains(all.out, "Move local_file.a[0] to local_file.z[0]\nMove local_file.a[1] to local_file.z[1]\n"));
}

TEST_CASE("state mv refuses a missing source, an existing destination and other types") {
  Scratch dir;
  applied(dir);
  Result missing = run_infra(dir.path(), {"state", "mv", "local_file.nope", "local_file.x"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Error: No instance in the state matches \"local_file.nope\""));
  Result exists = run_infra(dir.path(), {"state", "mv", "local_file.a[0]", "local_file.b"});
  CHECK(exists.code == 1);
  CHECK(contains(exists.err, "Error: Cannot move local_file.a[0] to local_file.b"));
  CHECK(contains(exists.err, "local_file.b is in the state already. Remove it first"));
  Result type = run_infra(dir.path(), {"state", "mv", "local_file.b", "infra_data.b"});
  CHECK(type.code == 1);
  CHECK(contains(type.err, "The resource types differ"));
  Result kinds = run_infra(dir.path(), {"state", "mv", "module.app", "local_file.q"});
  CHECK(kinds.code == 1);
  CHECK(contains(kinds.err, "A module moves to a module"));
  Result many = run_infra(dir.path(), {"state", "mv", "local_file.a", "local_file.q[0]"});
  CHECK(many.code == 1);
  CHECK(contains(many.err, "local_file.a has 2 instances, and local_file.q[0] names one instance"));
  CHECK(state_addresses(dir).size() == 4);
  Result usage = run_infra(dir.path(), {"state", "mv", "local_file.b"});
  CHECK(usage.code == 1);
  CHECK(contains(usage.err, "Error: state mv needs SOURCE and DESTINATION"));
}

TEST_CASE("state rm forgets instances without destroying them") {
  Scratch dir;
  applied(dir);
  Result dry = ok(dir, {"state", "rm", "-dry-run", "local_file.a"});
  CHECK(dry.out == "Would remove local_file.a[0]\nWould remove local_file.a[1]\n");
  CHECK(state_addresses(dir).size() == 4);
  Result rm = ok(dir, {"state", "rm", "local_file.a", "module.app"});
  CHECK(contains(rm.out, "Removed local_file.a[0]\nRemoved local_file.a[1]\n"
                         "Removed module.app.local_file.f\n"));
  CHECK(contains(rm.out, "Successfully removed 3 instances from the state."));
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.b"});
  CHECK(dir.exists("a0.txt"));
  Result none = run_infra(dir.path(), {"state", "rm", "local_file.b", "local_file.a"});
  CHECK(none.code == 1);
  CHECK(contains(none.err, "Error: No instance in the state matches \"local_file.a\""));
  CHECK(state_addresses(dir) == std::vector<std::string>{"local_file.b"});  // all or nothing
}

TEST_CASE("state pull prints the state, and push checks lineage, serial and the file") {
  Scratch dir;
  applied(dir);
  const json pulled = json::parse(ok(dir, {"state", "pull"}).out);
  CHECK(pulled["format_version"] == 1);
  CHECK(pulled["instances"].size() == 4);
  CHECK(pulled["instances"][0]["address"] == "local_file.a[0]");
  CHECK(pulled["instances"][0]["index_key"] == 0);
  CHECK(pulled["instances"][3]["module"] == "module.app");
  CHECK(pulled["outputs"]["o"]["value"] == "b.txt");
  const std::int64_t serial = pulled["serial"];

  json next = pulled;
  next["instances"].erase(next["instances"].begin());
  dir.write("same.json", next.dump());
  Result stale = run_infra(dir.path(), {"state", "push", "same.json"});
  CHECK(stale.code == 1);
  CHECK(contains(stale.err, "Error: Cannot push same.json: it is not newer than the state"));

  json other = next;
  other["lineage"] = "someone-else";
  other["serial"] = serial + 5;
  dir.write("other.json", other.dump());
  Result lineage = run_infra(dir.path(), {"state", "push", "other.json"});
  CHECK(lineage.code == 1);
  CHECK(contains(lineage.err, "Error: Cannot push other.json: it is the state of other infrastructure"));
  CHECK(state_addresses(dir).size() == 4);

  next["serial"] = serial + 1;
  dir.write("next.json", next.dump());
  Result push = ok(dir, {"state", "push", "next.json"});
  CHECK(contains(push.out, "the state now has 3 instances at serial " + std::to_string(serial + 1)));
  CHECK(state_addresses(dir).size() == 3);

  Result forced = ok(dir, {"state", "push", "-force", "same.json"});
  CHECK(contains(forced.out, "at serial " + std::to_string(serial + 2)));

  dir.write("bad.json", R"({"format_version": 1, "lineage": "x", "serial": 1, "instances": [{}], "outputs": {}})");
  Result bad = run_infra(dir.path(), {"state", "push", "bad.json"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Error: Invalid state file bad.json"));
  CHECK(contains(bad.err, "bad.json: instances[0]: \"address\" is missing"));
  Result absent = run_infra(dir.path(), {"state", "push", "absent.json"});
  CHECK(absent.code == 1);
  CHECK(contains(absent.err, "Error: Cannot read absent.json"));
}

TEST_CASE("state push into a new state file takes any lineage") {
  Scratch dir;
  applied(dir);
  dir.write("pulled.json", ok(dir, {"state", "pull"}).out);
  ok(dir, {"state", "push", "-state=copy/state.db", "pulled.json"});
  Result stdin = infra::e2e::run_infra_with_input(
      dir.path(), {"state", "push", "-state=piped/state.db", "-"}, dir.read("pulled.json"));
  INFO(stdin.all());
  CHECK(stdin.code == 0);
  CHECK(ok(dir, {"state", "list", "-state=piped/state.db"}).out == ok(dir, {"state", "list"}).out);
  CHECK(ok(dir, {"state", "list", "-state=copy/state.db"}).out ==
        ok(dir, {"state", "list"}).out);
}

TEST_CASE("taint makes the next plan replace an instance, and untaint undoes it") {
  Scratch dir;
  applied(dir);
  Result taint = ok(dir, {"taint", "-no-color", "local_file.b"});
  CHECK(contains(taint.out, "Resource instance local_file.b has been marked as tainted"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(contains(plan.out, "# local_file.b is tainted, so it must be replaced"));
  CHECK(contains(ok(dir, {"state", "show", "local_file.b"}).out, "# local_file.b: (tainted)"));
  CHECK(contains(ok(dir, {"taint", "local_file.b"}).out, "is tainted already"));
  ok(dir, {"untaint", "local_file.b"});
  check_no_changes(dir);

  Result again = run_infra(dir.path(), {"untaint", "local_file.b"});
  CHECK(again.code == 1);
  CHECK(contains(again.err, "Error: Resource instance local_file.b is not tainted"));
  Result unknown = run_infra(dir.path(), {"taint", "local_file.nope"});
  CHECK(unknown.code == 1);
  CHECK(contains(unknown.err, "Error: No instance local_file.nope in the state"));
}

TEST_CASE("state history lists every command that wrote, newest first, and diff compares serials") {
  Scratch dir;
  applied(dir);
  const std::int64_t after_apply =
      infra::state::open_sqlite(dir.path() / ".infra/state.db")->read().serial;
  ok(dir, {"state", "mv", "local_file.b", "local_file.c"});
  ok(dir, {"state", "rm", "local_file.a[1]"});
  ok(dir, {"taint", "local_file.c"});
  dir.write("existing.txt", "hello");
  dir.write("main.infra", dir.read("main.infra") + file_resource("adopted", "existing.txt"));
  ok(dir, {"import", "local_file.adopted", "existing.txt"});

  Result history = ok(dir, {"state", "history"});
  INFO(history.out);
  const std::string& h = history.out;
  CHECK(h.rfind("SERIAL  TIME", 0) == 0);
  const auto import = h.find("import    1 imported");
  const auto taint = h.find("taint     1 tainted");
  const auto rm = h.find("state rm  1 forgotten");
  const auto mv = h.find("state mv  1 moved");
  const auto apply = h.find("apply     4 created, outputs changed");
  CHECK(import != std::string::npos);
  CHECK(import < taint);
  CHECK(taint < rm);
  CHECK(rm < mv);
  CHECK(mv < apply);
  CHECK(h.find("\n" + std::to_string(after_apply) + " ") != std::string::npos);

  Result diff = ok(dir, {"state", "diff", std::to_string(after_apply), "-no-color",
                         std::to_string(after_apply + 3)});
  CHECK(diff.out == "Changes from serial " + std::to_string(after_apply) + " to serial " +
                        std::to_string(after_apply + 3) +
                        ":\n\n> local_file.b moved to local_file.c\n"
                        "    (status): ready -> tainted\n"
                        "- local_file.a[1] (deleted or forgotten)\n");
  CHECK(ok(dir, {"state", "diff", "2", "2"}).out == "No changes between serial 2 and serial 2.\n");
  Result far = run_infra(dir.path(), {"state", "diff", "0", "9999"});
  CHECK(far.code == 1);
  CHECK(contains(far.err, "there is no serial 9999 yet"));
  Result word = run_infra(dir.path(), {"state", "diff", "0", "x"});
  CHECK(word.code == 1);
  CHECK(contains(word.err, "state diff needs a serial (a whole number of 0 or more), got \"x\""));

  ok(dir, {"destroy", "-auto-approve"});
  Result after_destroy = ok(dir, {"state", "history"});
  INFO(after_destroy.out);
  CHECK(after_destroy.out.find("destroy   4 deleted") < after_destroy.out.find("import    1 imported"));
  CHECK(ok(dir, {"state", "list"}).out.empty());
}

TEST_CASE("state commands that write wait for and name the holder of the lock") {
  Scratch dir;
  applied(dir);
  auto backend = infra::state::open_sqlite(dir.path() / ".infra/state.db");
  const auto held = backend->lock("apply");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"state", "rm", "local_file.b"},
                                             {"state", "mv", "local_file.b", "local_file.c"},
                                             {"taint", "local_file.b"},
                                             {"untaint", "local_file.b"}}) {
    Result r = run_infra(dir.path(), args);
    INFO(args[0] << " " << args[1] << "\n" << r.all());
    CHECK(r.code == 1);
    CHECK(contains(r.err, "Error: Error acquiring the state lock"));
    CHECK(contains(r.err, "Holder:    " + held.holder));
    CHECK(contains(r.err, "Operation: apply"));
  }
  Result waited = run_infra(dir.path(), {"state", "rm", "-lock-timeout=1s", "local_file.b"});
  CHECK(waited.code == 1);
  CHECK(contains(waited.err, "It was still held after -lock-timeout=1s."));
  // Reading needs no lock.
  CHECK(ok(dir, {"state", "list", "local_file.b"}).out == "local_file.b\n");
  backend->unlock(held.id);
  ok(dir, {"state", "rm", "-lock-timeout=1s", "local_file.b"});
}
