// Tests of cli/view_json.cpp and cli/progress.cpp: the events the JSON view writes for a
// plan and for apply progress, field for field, with a fixed clock.
#include <catch2/catch.hpp>

#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/progress.hpp"
#include "cli/view_json.hpp"

using namespace infra;
using json = nlohmann::json;

namespace {

// 2026-05-04T10:11:12.000042Z
const auto kNow = std::chrono::system_clock::time_point(std::chrono::microseconds(1777889472000042));

std::vector<json> lines(const std::string& out) {
  std::vector<json> list;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) list.push_back(json::parse(line));
  return list;
}

planner::Change change(const std::string& address, planner::Action action) {
  planner::Change c;
  c.address = address;
  c.action = action;
  return c;
}

}  // namespace

TEST_CASE("event timestamps are RFC 3339 in UTC with microseconds") {
  CHECK(cli::format_event_timestamp(kNow) == "2026-05-04T10:11:12.000042Z");
  CHECK(cli::format_event_timestamp(std::chrono::system_clock::time_point()) ==
        "1970-01-01T00:00:00.000000Z");
}

TEST_CASE("the JSON view starts with the version event") {
  std::ostringstream out;
  auto view = cli::make_json_view(out, [] { return kNow; });
  auto list = lines(out.str());
  REQUIRE(list.size() == 1);
  CHECK(list[0].at("@level") == "info");
  CHECK(list[0].at("@module") == "infra.ui");
  CHECK(list[0].at("@timestamp") == "2026-05-04T10:11:12.000042Z");
  CHECK(list[0].at("type") == "version");
  CHECK(list[0].at("ui") == "1.2");
  CHECK(list[0].at("@message") == "Infra " + list[0].at("infra").get<std::string>());
}

TEST_CASE("a plan's events name each change's action, reason, move and import") {
  planner::Plan plan;
  auto replaced = change("module.app[0].local_file.a[\"x\"]", planner::Action::Replace);
  replaced.reason = "tainted";
  auto requested = change("local_file.r", planner::Action::Replace);
  requested.reason = std::string(planner::kReplaceRequested);
  auto triggered = change("local_file.t", planner::Action::Replace);
  triggered.reason = std::string(planner::kTriggeredBy) + "local_file.a";
  auto forced = change("local_file.f", planner::Action::Replace);
  forced.replace_paths = {{std::string("filename")}};
  auto moved = change("local_file.new", planner::Action::NoOp);
  moved.moved_from = "local_file.old";
  auto imported = change("local_file.i", planner::Action::NoOp);
  imported.import_id = "i-123";
  auto imported_update = change("local_file.j", planner::Action::Update);
  imported_update.import_id = "j-1";
  auto no_module = change("module.gone.local_file.a", planner::Action::Delete);
  no_module.reason = "module.gone is not in the configuration";
  auto no_resource = change("module.kept.local_file.z", planner::Action::Delete);
  no_resource.reason = "module.kept.local_file.z is not in the configuration";
  auto counted = change("local_file.c[3]", planner::Action::Delete);
  counted.reason = "index [3] is out of range for count";
  auto keyed = change("local_file.k[\"x\"]", planner::Action::Delete);
  keyed.reason = "key [\"x\"] is not in for_each";
  auto repeated = change("local_file.n", planner::Action::Delete);
  repeated.reason = "local_file.n now uses count";
  plan.changes = {replaced,  requested, triggered, forced,   moved,    imported, imported_update,
                  no_module, no_resource, counted, keyed, repeated,
                  change("local_file.same", planner::Action::NoOp),
                  change("local_file.kept", planner::Action::Forget)};
  plan.drift.push_back({"local_file.d", "local_file", "d", lang::Value::object({}), lang::Value::null()});
  plan.deferred.push_back({"local_file.later", "its count is known only after apply"});
  plan.outputs.push_back({"o", planner::Action::Create, lang::Value::null(),
                          lang::Value::string("x"), true});
  plan.outputs.push_back({"same", planner::Action::NoOp, lang::Value::string("y"),
                          lang::Value::string("y"), false});

  std::ostringstream out;
  auto view = cli::make_json_view(out, [] { return kNow; });
  view->plan(plan);
  auto list = lines(out.str());
  REQUIRE(list.size() == 18);
  CHECK(list[1].at("type") == "resource_drift");
  CHECK(list[1].at("change").at("action") == "delete");

  CHECK(list[2].at("type") == "planned_change");
  CHECK(list[2].at("@message") == "module.app[0].local_file.a[\"x\"]: Plan to replace");
  CHECK(list[2].at("change") == json::parse(R"({"resource": {
      "addr": "module.app[0].local_file.a[\"x\"]", "module": "module.app[0]",
      "resource": "local_file.a[\"x\"]", "implied_provider": "local",
      "resource_type": "local_file", "resource_name": "a", "resource_key": "x"},
      "action": "replace", "reason": "tainted"})"));
  CHECK(list[3].at("change").at("reason") == "requested");
  CHECK(list[4].at("change").at("reason") == "replace_by_triggers");
  CHECK(list[5].at("change").at("reason") == "cannot_update");
  CHECK(list[6].at("change").at("action") == "move");
  CHECK(list[6].at("change").at("previous_resource").at("addr") == "local_file.old");
  CHECK(list[7].at("change").at("action") == "import");
  CHECK(list[7].at("change").at("importing") == json::parse(R"({"id": "i-123"})"));
  CHECK(list[8].at("change").at("action") == "update");
  CHECK(list[8].at("change").at("importing").at("id") == "j-1");
  CHECK(list[9].at("change").at("reason") == "delete_because_no_module");
  CHECK(list[10].at("change").at("reason") == "delete_because_no_resource_config");
  CHECK(list[11].at("change").at("reason") == "delete_because_count_index");
  CHECK(list[11].at("change").at("resource").at("resource_key") == 3);
  CHECK(list[12].at("change").at("reason") == "delete_because_each_key");
  CHECK(list[13].at("change").at("reason") == "delete_because_wrong_repetition");
  // local_file.same is a no-op: no event.
  CHECK(list[14].at("change").at("action") == "remove");
  CHECK_FALSE(list[14].at("change").contains("reason"));

  CHECK(list[15].at("type") == "deferred_block");
  CHECK(list[16].at("type") == "change_summary");
  CHECK(list[16].at("changes").at("operation") == "plan");
  CHECK(list[17].at("type") == "outputs");
  CHECK(list[17].at("outputs") == json::parse(R"({"o": {"sensitive": true, "action": "create"}})"));
}

TEST_CASE("applied outputs carry their values, except the sensitive ones") {
  std::ostringstream out;
  auto view = cli::make_json_view(out, [] { return kNow; });
  view->outputs({{"list", R"(["a", 1, {"k": true}])", false}, {"secret", R"("hunter2")", true}});
  auto list = lines(out.str());
  REQUIRE(list.size() == 2);
  CHECK(list[1].at("@message") == "Outputs: 2");
  CHECK(list[1].at("outputs") == json::parse(R"({
      "list": {"sensitive": false,
               "type": ["tuple", ["string", "number", ["object", {"k": "bool"}]]],
               "value": ["a", 1, {"k": true}]},
      "secret": {"sensitive": true, "type": "string"}})"));
  CHECK(out.str().find("hunter2") == std::string::npos);
}

TEST_CASE("diagnostics are events at their level, invalid UTF-8 included") {
  std::ostringstream out;
  auto view = cli::make_json_view(out, [] { return kNow; });
  lang::Diagnostics diags;
  diags.add({lang::Severity::Warning, "careful", "", std::nullopt});
  diags.error("broken \xff", "detail");
  CHECK(view->diagnostics(diags, {}));
  auto list = lines(out.str());
  REQUIRE(list.size() == 3);
  CHECK(list[1].at("@level") == "warn");
  CHECK(list[1].at("@message") == "Warning: careful");
  CHECK(list[1].at("diagnostic") ==
        json::parse(R"({"severity": "warning", "summary": "careful", "detail": ""})"));
  CHECK(list[2].at("@level") == "error");
  CHECK(list[2].at("type") == "diagnostic");
  CHECK(list[2].at("diagnostic").at("detail") == "detail");
}

TEST_CASE("apply progress reports start, progress at each interval, and the end") {
  std::ostringstream out;
  auto view = cli::make_json_view(out, [] { return kNow; });
  auto c = change("infra_data.a", planner::Action::Create);
  auto d = change("infra_data.b", planner::Action::Delete);
  {
    cli::ApplyProgress progress(*view, std::chrono::milliseconds(1000));
    progress.started(c, planner::Action::Create);
    progress.started(d, planner::Action::Delete);
    std::this_thread::sleep_for(std::chrono::milliseconds(1300));
    progress.finished(c, planner::Action::Create, 1.3, "abc");
    progress.errored(d, planner::Action::Delete, 1.3);
  }
  auto list = lines(out.str());
  std::vector<std::string> types;
  for (const auto& e : list) types.push_back(e.at("type"));
  CHECK(types == std::vector<std::string>{"version", "apply_start", "apply_start", "apply_progress",
                                          "apply_progress", "apply_complete", "apply_errored"});
  CHECK(list[3].at("hook").at("elapsed_seconds") == 1);
  CHECK(list[5].at("@message") == "infra_data.a: Creation complete after 1s [id=abc]");
  CHECK(list[5].at("hook") == json::parse(R"({"resource": {"addr": "infra_data.a", "module": "",
      "resource": "infra_data.a", "implied_provider": "infra", "resource_type": "infra_data",
      "resource_name": "a", "resource_key": null}, "action": "create", "id_key": "id",
      "id_value": "abc", "elapsed_seconds": 1})"));
  CHECK(list[6].at("@message") == "infra_data.b: Destruction errored after 1s");
  CHECK(list[6].at("@level") == "error");
}
