// End to end: plan, apply and destroy with -json write one JSON event per line on stdout
// (docs/json-events.md), and nothing else; never a sensitive value.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::state_addresses;
using json = nlohmann::json;

namespace {

/// Every line of `out` as an event: each must be one JSON object with the common fields.
std::vector<json> events(const std::string& out) {
  std::vector<json> list;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    INFO(line);
    json e = json::parse(line);  // throws, and fails the test, on anything but JSON
    REQUIRE(e.is_object());
    CHECK(e.at("@module") == "infra.ui");
    CHECK(e.at("@level").is_string());
    CHECK(e.at("@message").is_string());
    CHECK(e.at("@timestamp").is_string());
    list.push_back(std::move(e));
  }
  return list;
}

std::vector<std::string> types(const std::vector<json>& list) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(e.at("type"));
  return out;
}

/// The events of `type`.
std::vector<json> of_type(const std::vector<json>& list, const std::string& type) {
  std::vector<json> out;
  for (const auto& e : list) {
    if (e.at("type") == type) out.push_back(e);
  }
  return out;
}

/// `list` without its refresh events, after checking them: each refreshed instance of
/// `addresses` has one refresh_start and, after it, one refresh_complete (the instances
/// refresh in parallel, so only that order is certain).
std::vector<json> checked_refresh(const std::vector<json>& list,
                                  const std::vector<std::string>& addresses) {
  std::map<std::string, std::vector<std::string>> seen;
  std::vector<json> rest;
  for (const auto& e : list) {
    if (e.at("type") == "refresh_start" || e.at("type") == "refresh_complete") {
      seen[e.at("hook").at("resource").at("addr")].push_back(e.at("type"));
    } else {
      rest.push_back(e);
    }
  }
  CHECK(seen.size() == addresses.size());
  for (const auto& a : addresses) {
    INFO(a);
    CHECK(seen[a] == std::vector<std::string>{"refresh_start", "refresh_complete"});
  }
  return rest;
}

const char* kConfig = R"(
resource "local_file" "a" {
  filename = "out/a.txt"
  content  = "a"
}

resource "local_file" "b" {
  filename = "out/b.txt"
  content  = "b after ${local_file.a.id}"
}

output "a_file" {
  value = local_file.a.filename
}
)";

std::string fake_config(const std::string& resources) {
  return "provider \"fake\" {\n  dir = \"objects\"\n}\n" + resources;
}

}  // namespace

TEST_CASE("plan and apply -json stream the events of a create, an update and a destroy") {
  Scratch dir;
  dir.write("main.infra", kConfig);

  Result plan = run_infra(dir.path(), {"plan", "-json"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  auto list = events(plan.out);
  CHECK(types(list) == std::vector<std::string>{"version", "planned_change", "planned_change",
                                                "change_summary", "outputs"});
  CHECK(list[0].at("ui") == "1.2");
  CHECK(list[0].at("infra").is_string());
  CHECK(list[1].at("@message") == "local_file.a: Plan to create");
  CHECK(list[1].at("change") == json::parse(R"({"resource": {"addr": "local_file.a",
      "module": "", "resource": "local_file.a", "implied_provider": "local",
      "resource_type": "local_file", "resource_name": "a", "resource_key": null},
      "action": "create"})"));
  CHECK(list[3].at("changes") == json::parse(R"({"add": 2, "change": 0, "import": 0,
      "remove": 0, "forget": 0, "operation": "plan"})"));
  CHECK(list[3].at("@message") == "Plan: 2 to add, 0 to change, 0 to destroy.");
  CHECK(list[4].at("outputs") == json::parse(R"({"a_file": {"sensitive": false, "action": "create"}})"));

  Result apply = run_infra(dir.path(), {"apply", "-json", "-auto-approve"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  list = events(apply.out);
  // b depends on a: one after the other.
  CHECK(types(list) == std::vector<std::string>{"version", "planned_change", "planned_change",
                                                "change_summary", "outputs", "apply_start",
                                                "apply_complete", "apply_start", "apply_complete",
                                                "change_summary", "outputs"});
  CHECK(list[5].at("@message") == "local_file.a: Creating...");
  CHECK(list[5].at("hook").at("action") == "create");
  const json& done = list[6].at("hook");
  CHECK(done.at("resource").at("addr") == "local_file.a");
  CHECK(done.at("id_key") == "id");
  CHECK(done.at("id_value").is_string());
  CHECK(done.at("elapsed_seconds").is_number_integer());
  CHECK(list[9].at("changes") == json::parse(R"({"add": 2, "change": 0, "import": 0,
      "remove": 0, "forget": 0, "operation": "apply"})"));
  CHECK(list[9].at("@message") == "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
  CHECK(list[10].at("outputs") == json::parse(R"({"a_file": {"sensitive": false,
      "type": "string", "value": "out/a.txt"}})"));
  CHECK(apply.err.empty());

  // An update in place, after a refresh of both.
  std::string changed = kConfig;
  changed.replace(changed.find("b after"), 7, "b later");
  dir.write("main.infra", changed);
  Result update = run_infra(dir.path(), {"apply", "-json", "-auto-approve"});
  INFO(update.all());
  REQUIRE(update.code == 0);
  list = events(update.out);
  auto rest = checked_refresh(list, {"local_file.a", "local_file.b"});
  CHECK(types(rest) == std::vector<std::string>{"version", "planned_change", "change_summary",
                                                "apply_start", "apply_complete", "change_summary",
                                                "outputs"});
  CHECK(rest[1].at("change").at("action") == "update");
  CHECK(rest[1].at("change").at("resource").at("addr") == "local_file.b");
  CHECK(rest[3].at("@message") == "local_file.b: Modifying... [id=" +
                                      rest[3].at("hook").at("id_value").get<std::string>() + "]");
  CHECK(rest[5].at("changes").at("change") == 1);
  const auto refreshed = of_type(list, "refresh_complete");
  REQUIRE(!refreshed.empty());
  CHECK(refreshed[0].at("hook").at("id_key") == "id");

  // A file removed outside Infra: drift, and a plan to create it again.
  std::filesystem::remove(dir.path() / "out/a.txt");
  Result drift = run_infra(dir.path(), {"plan", "-json"});
  INFO(drift.all());
  REQUIRE(drift.code == 0);
  list = events(drift.out);
  auto drifted = of_type(list, "resource_drift");
  REQUIRE(drifted.size() == 1);
  CHECK(drifted[0].at("change").at("resource").at("addr") == "local_file.a");
  CHECK(drifted[0].at("change").at("action") == "delete");
  CHECK(drifted[0].at("@message") == "local_file.a: Drift detected (delete)");

  Result destroy = run_infra(dir.path(), {"destroy", "-json", "-auto-approve"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  list = events(destroy.out);
  rest = checked_refresh(list, {"local_file.a", "local_file.b"});
  // b goes first: it depends on a. a is gone already (drift), so only b is destroyed.
  CHECK(types(rest) == std::vector<std::string>{"version", "resource_drift", "planned_change",
                                                "change_summary", "outputs", "apply_start",
                                                "apply_complete", "change_summary"});
  CHECK(rest[2].at("change").at("action") == "delete");
  CHECK(rest[2].at("change").at("resource").at("addr") == "local_file.b");
  CHECK(rest[4].at("outputs") == json::parse(R"({"a_file": {"sensitive": false, "action": "delete"}})"));
  CHECK(rest[5].at("hook").at("action") == "delete");
  CHECK(rest[7].at("changes").at("operation") == "destroy");
  CHECK(rest[7].at("changes").at("remove") == 1);
  CHECK(rest[7].at("@message") == "Destroy complete! Resources: 1 destroyed.");
  CHECK(state_addresses(dir).empty());
}

TEST_CASE("a failed action under -json is an apply_errored event and an error diagnostic") {
  Scratch dir;
  dir.write("main.infra", fake_config(R"(
resource "fake_thing" "a" {
  name = "a"
  fail = "create"
}
)"));
  Result apply = run_infra(dir.path(), {"apply", "-json", "-auto-approve"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  auto list = events(apply.out);
  CHECK(types(list) == std::vector<std::string>{"version", "planned_change", "change_summary",
                                                "apply_start", "apply_errored", "diagnostic"});
  CHECK(list[4].at("@level") == "error");
  CHECK(list[4].at("@message") == "fake_thing.a: Creation errored after 0s");
  CHECK(list[4].at("hook").at("action") == "create");
  CHECK(list[4].at("hook").at("elapsed_seconds") == 0);
  const json& d = list[5].at("diagnostic");
  CHECK(list[5].at("@level") == "error");
  CHECK(d.at("severity") == "error");
  CHECK(d.at("summary") == "fake_thing.a: create failed");
  CHECK(contains(d.at("detail"), "the fake create of \"a\" failed as asked"));
  CHECK(apply.err.empty());
}

TEST_CASE("a long action under -json reports apply_progress every ten seconds") {
  Scratch dir;
  dir.write("main.infra", fake_config(R"(
resource "fake_thing" "slow" {
  name     = "slow"
  sleep_ms = "10400"
}
)"));
  Result apply = run_infra(dir.path(), {"apply", "-json", "-auto-approve"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  auto list = events(apply.out);
  CHECK(types(list) == std::vector<std::string>{"version", "planned_change", "change_summary",
                                                "apply_start", "apply_progress", "apply_complete",
                                                "change_summary", "outputs"});
  CHECK(list[4].at("@message") == "fake_thing.slow: Still creating... [10s elapsed]");
  CHECK(list[4].at("hook").at("elapsed_seconds") == 10);
  CHECK(list[5].at("hook").at("elapsed_seconds") == 10);
  CHECK(list[5].at("hook").at("id_value") == "fake-slow");
}

TEST_CASE("no sensitive value appears anywhere in the -json stream") {
  Scratch dir;
  dir.write("main.infra", R"(
variable "secret" {
  type      = string
  sensitive = true
}
resource "local_file" "s" {
  filename = "out/s.txt"
  content  = var.secret
}
resource "infra_data" "d" {
  input = sensitive("opensesame")
}
output "secret" {
  value     = var.secret
  sensitive = true
}
output "plain" {
  value = "visible"
}
)");
  const std::vector<std::string> secret = {"-var", "secret=hunter2"};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), secret.begin(), secret.end());
    return run_infra(dir.path(), args);
  };
  Result plan = run({"plan", "-json"});
  Result apply = run({"apply", "-json", "-auto-approve"});
  INFO(plan.all() + apply.all());
  REQUIRE(plan.code == 0);
  REQUIRE(apply.code == 0);
  CHECK(dir.read("out/s.txt") == "hunter2");
  auto outputs = of_type(events(apply.out), "outputs");
  REQUIRE(outputs.size() == 2);
  CHECK(outputs[1].at("outputs") == json::parse(R"({
      "plain": {"sensitive": false, "type": "string", "value": "visible"},
      "secret": {"sensitive": true, "type": "string"}})"));

  // Refreshed, changed outside (drift), replaced, destroyed: still never shown.
  dir.write("out/s.txt", "changed");
  Result again = run({"apply", "-json", "-auto-approve"});
  Result destroy = run({"destroy", "-json", "-auto-approve"});
  INFO(again.all() + destroy.all());
  CHECK(again.code == 0);
  CHECK(destroy.code == 0);
  CHECK_FALSE(of_type(events(again.out), "resource_drift").empty());
  for (const Result* r : {&plan, &apply, &again, &destroy}) {
    events(r->out);
    CHECK_FALSE(contains(r->all(), "hunter2"));
    CHECK_FALSE(contains(r->all(), "opensesame"));
  }

  // A provider's error that quotes a sensitive value it was sent is redacted too.
  Scratch failing;
  failing.write("main.infra", fake_config(R"(
variable "secret" {
  type      = string
  sensitive = true
}
resource "fake_thing" "s" {
  name = var.secret
  fail = "create"
}
)"));
  Result failed =
      run_infra(failing.path(), {"apply", "-json", "-auto-approve", "-var", "secret=hunter2"});
  INFO(failed.all());
  CHECK(failed.code == 1);
  auto diags = of_type(events(failed.out), "diagnostic");
  REQUIRE(diags.size() == 1);
  CHECK(contains(diags[0].at("diagnostic").at("detail"), "(sensitive value)"));
  CHECK_FALSE(contains(failed.all(), "hunter2"));
}

TEST_CASE("apply and destroy -json refuse to start without -auto-approve") {
  Scratch dir;
  dir.write("main.infra", infra::e2e::kOneFile);
  for (const std::string command : {"apply", "destroy"}) {
    Result r = run_infra(dir.path(), {command, "-json"});
    INFO(r.all());
    CHECK(r.code == 1);
    auto list = events(r.out);
    REQUIRE(types(list) == std::vector<std::string>{"version", "diagnostic"});
    const json& d = list[1].at("diagnostic");
    CHECK(d.at("summary") == "No approval for " + command + " with -json");
    CHECK(contains(d.at("detail"), "Add -auto-approve"));
    CHECK_FALSE(dir.exists("a.txt"));
  }

  // A saved plan is approved by whoever saved it.
  Result plan = run_infra(dir.path(), {"plan", "-json", "-out=saved.plan"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(types(events(plan.out)).back() == "plan_saved");
  Result apply = run_infra(dir.path(), {"apply", "-json", "saved.plan"});
  INFO(apply.all());
  CHECK(apply.code == 0);
  CHECK(types(events(apply.out)) == std::vector<std::string>{"version", "apply_start", "apply_complete",
                                                             "change_summary", "outputs"});
  CHECK(dir.read("a.txt") == "a");
}

TEST_CASE("a configuration error under -json is a diagnostic event with its range") {
  Scratch dir;
  dir.write("main.infra", "resource \"local_file\" \"a\" {\n  filename = \n}\n");
  Result r = run_infra(dir.path(), {"plan", "-json"});
  INFO(r.all());
  CHECK(r.code == 1);
  auto list = events(r.out);
  REQUIRE(types(list) == std::vector<std::string>{"version", "diagnostic"});
  CHECK(list[1].at("@level") == "error");
  const json& d = list[1].at("diagnostic");
  CHECK(d.at("severity") == "error");
  CHECK(list[1].at("@message") == "Error: " + d.at("summary").get<std::string>());
  CHECK(d.at("range").at("filename") == "main.infra");
  CHECK(d.at("range").at("start").at("line") == 2);
  CHECK(d.at("range").at("start").contains("column"));
  CHECK(d.at("range").at("start").contains("byte"));
  CHECK(d.at("range").contains("end"));
  CHECK(d.at("snippet").at("code") == "  filename = ");
  CHECK(r.err.empty());

  // A bad command line is a usage error on stderr, not an event.
  Result usage = run_infra(dir.path(), {"plan", "-json", "-nonsense"});
  CHECK(usage.code == 1);
  CHECK(usage.out.empty());
  CHECK(contains(usage.err, "unknown flag -nonsense"));
}

TEST_CASE("the rounds of an apply with deferred blocks are events too") {
  Scratch dir;
  dir.write("main.infra", R"(resource "infra_data" "seed" {
  input = "three"
}
resource "infra_data" "many" {
  count = length(infra_data.seed.id) > 0 ? 2 : 0
  input = "item ${count.index}"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-json"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  auto deferred = of_type(events(plan.out), "deferred_block");
  REQUIRE(deferred.size() == 1);
  CHECK(deferred[0].at("deferred") ==
        json::parse(R"({"addr": "infra_data.many", "reason": "its count is known only after apply"})"));

  Result apply = run_infra(dir.path(), {"apply", "-json", "-auto-approve"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  auto list = events(apply.out);
  auto t = types(list);
  auto round = std::find(t.begin(), t.end(), "round_start");
  REQUIRE(round != t.end());
  const auto at = round - t.begin();
  CHECK(list[at].at("round") == 2);
  CHECK(list[at].at("@message") == "Round 2: planning what was deferred");
  // Round 1 has nothing to refresh; round 2 refreshes what round 1 made.
  auto first = checked_refresh(std::vector<json>(list.begin(), list.begin() + at), {});
  CHECK(types(first) ==
        std::vector<std::string>{"version", "planned_change", "deferred_block", "change_summary",
                                 "apply_start", "apply_complete", "change_summary", "outputs"});
  // The two instances of the second round are applied at once: their events interleave.
  auto second = types(checked_refresh(std::vector<json>(list.begin() + at + 1, list.end()),
                                      {"infra_data.seed"}));
  std::sort(second.begin() + 3, second.end() - 2);
  CHECK(second == std::vector<std::string>{"planned_change", "planned_change", "change_summary",
                                           "apply_complete", "apply_complete", "apply_start",
                                           "apply_start", "change_summary", "outputs"});
}
