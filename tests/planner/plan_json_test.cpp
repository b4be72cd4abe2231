// Tests of planner/plan_json.cpp on hand-made plans and states: every action, the reasons,
// sensitive and unknown values at nested paths, outputs, modules; every document is checked
// against docs/plan-json.schema.json.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "planner/address.hpp"
#include "planner/plan_json.hpp"
#include "tests/cli/json_schema_check.hpp"

using infra::lang::Value;
using namespace infra::planner;
using json = nlohmann::json;

namespace {

const char* const kSchema = INFRA_SOURCE_DIR "/docs/plan-json.schema.json";

Value obj(Value::Object o) { return Value::object(std::move(o)); }
Value str(const char* s) { return Value::string(s); }
Value num(std::int64_t n) { return Value::number(n); }

Change change(const std::string& address, Action action, Value before, Value after) {
  Change c;
  c.address = address;
  auto parsed = parse_instance_address(address);
  REQUIRE(parsed);
  c.type = parsed->type;
  c.name = parsed->name;
  c.provider = "local";
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

Plan base_plan() {
  Plan p;
  p.timestamp = "2026-11-23T17:50:00Z";
  p.lineage = "lin";
  p.serial = 3;
  return p;
}

// The plan's document, checked against the schema, parsed.
json plan_doc(const Plan& p) {
  const std::string text = plan_to_json(p, "1.2.3");
  INFO(text);
  CHECK(infra::testing::check_against_schema_file(kSchema, text) == "");
  CHECK(text.back() == '\n');
  CHECK(text.find('\n') == text.size() - 1);  // one line
  return json::parse(text);
}

const json& change_of(const json& doc, const std::string& address) {
  for (const auto& rc : doc["resource_changes"]) {
    if (rc["address"] == address) return rc;
  }
  FAIL("no resource change for " << address);
  static const json kNone;
  return kNone;
}

}  // namespace

TEST_CASE("plan json: a create with unknown and sensitive values at nested paths") {
  Plan p = base_plan();
  p.changes.push_back(change(
      "local_file.a", Action::Create, Value::null(),
      obj({{"content", str("hi")},
           {"id", Value::unknown()},
           {"tags", obj({{"owner", str("ops")}, {"token", str("s3cret").marked_sensitive()}})},
           {"ports", Value::list({num(80), Value::unknown(), str("p4ss").marked_sensitive()})},
           {"settings", obj({{"limit", obj({{"max", Value::unknown()}})}})},
           {"unset", Value::null()}})));
  const std::string text = plan_to_json(p, "1.2.3");
  CHECK(text.find("s3cret") == std::string::npos);
  CHECK(text.find("p4ss") == std::string::npos);
  json doc = plan_doc(p);
  CHECK(doc["format_version"] == "1.2");
  CHECK(doc["terraform_version"] == "1.2.3");
  const json& rc = change_of(doc, "local_file.a");
  CHECK(rc["mode"] == "managed");
  CHECK(rc["type"] == "local_file");
  CHECK(rc["name"] == "a");
  CHECK(rc["provider_name"] == "local");
  CHECK_FALSE(rc.contains("index"));
  CHECK_FALSE(rc.contains("module_address"));
  CHECK_FALSE(rc.contains("action_reason"));
  const json& c = rc["change"];
  CHECK(c["actions"] == json({"create"}));
  CHECK(c["before"].is_null());
  CHECK(c["before_sensitive"] == false);
  CHECK(c["after"] == json::parse(R"({"content": "hi", "tags": {"owner": "ops"}, "ports": [80, null, null],
                                      "settings": {"limit": {}}, "unset": null})"));
  CHECK(c["after_unknown"] == json::parse(R"({"id": true, "ports": [false, true, false],
                                              "settings": {"limit": {"max": true}}, "tags": {}})"));
  CHECK(c["after_sensitive"] == json::parse(R"({"ports": [false, false, true], "settings": {"limit": {}},
                                                "tags": {"token": true}})"));
  const json& planned = doc["planned_values"]["root_module"]["resources"][0];
  CHECK(planned["address"] == "local_file.a");
  CHECK(planned["schema_version"] == 0);
  CHECK(planned["values"] == c["after"]);
  CHECK(planned["sensitive_values"] == c["after_sensitive"]);
  CHECK(doc["prior_state"]["values"]["root_module"] == json::object());
  CHECK(doc["applyable"] == true);
  CHECK(doc["complete"] == true);
  CHECK(doc["errored"] == false);
  CHECK(doc["timestamp"] == "2026-11-23T17:50:00Z");
  CHECK(doc["configuration"]["root_module"]["resources"][0] ==
        json::parse(R"({"address": "local_file.a", "mode": "managed", "type": "local_file", "name": "a",
                        "provider_config_key": "local", "schema_version": 0, "expressions": {}})"));
  CHECK(doc["configuration"]["provider_config"] == json::parse(R"({"local": {"name": "local"}})"));
}

TEST_CASE("plan json: update, no-op and the replaces with their reasons") {
  Plan p = base_plan();
  Value old_v = obj({{"content", str("a")}, {"filename", str("a.txt")}});
  Value new_v = obj({{"content", str("b")}, {"filename", str("b.txt")}});
  p.changes.push_back(change("local_file.cbd", Action::Replace, old_v, new_v));
  p.changes.back().create_before_destroy = true;
  p.changes.back().replace_paths = {{std::string("filename")}, {std::string("ports"), std::int64_t{0}}};
  p.changes.push_back(change("local_file.noop", Action::NoOp, old_v, old_v));
  p.changes.push_back(change("local_file.replace", Action::Replace, old_v, new_v));
  p.changes.back().replace_paths = {{std::string("filename")}};
  p.changes.push_back(change("local_file.requested", Action::Replace, old_v, old_v));
  p.changes.back().reason = std::string(kReplaceRequested);
  p.changes.push_back(change("local_file.tainted", Action::Replace, old_v, old_v));
  p.changes.back().reason = "tainted";
  p.changes.push_back(change("local_file.triggered", Action::Replace, old_v, old_v));
  p.changes.back().reason = std::string(kTriggeredBy) + "local_file.noop.id";
  p.changes.push_back(change("local_file.update", Action::Update, old_v, new_v));
  json doc = plan_doc(p);

  const json& cbd = change_of(doc, "local_file.cbd");
  CHECK(cbd["change"]["actions"] == json({"create", "delete"}));
  CHECK(cbd["change"]["replace_paths"] == json::parse(R"([["filename"], ["ports", 0]])"));
  CHECK(cbd["action_reason"] == "replace_because_cannot_update");
  const json& replace = change_of(doc, "local_file.replace");
  CHECK(replace["change"]["actions"] == json({"delete", "create"}));
  CHECK(replace["change"]["before"] == json::parse(R"({"content": "a", "filename": "a.txt"})"));
  CHECK(replace["change"]["after"] == json::parse(R"({"content": "b", "filename": "b.txt"})"));
  CHECK(replace["action_reason"] == "replace_because_cannot_update");
  CHECK(change_of(doc, "local_file.requested")["action_reason"] == "replace_by_request");
  CHECK(change_of(doc, "local_file.tainted")["action_reason"] == "replace_because_tainted");
  CHECK(change_of(doc, "local_file.triggered")["action_reason"] == "replace_by_triggers");
  const json& update = change_of(doc, "local_file.update");
  CHECK(update["change"]["actions"] == json({"update"}));
  CHECK_FALSE(update.contains("action_reason"));
  CHECK_FALSE(update["change"].contains("replace_paths"));
  const json& noop = change_of(doc, "local_file.noop");
  CHECK(noop["change"]["actions"] == json({"no-op"}));
  CHECK(noop["change"]["before"] == noop["change"]["after"]);

  // Resources in the order of their addresses, in changes and in planned values alike.
  std::vector<std::string> addresses, planned;
  for (const auto& rc : doc["resource_changes"]) addresses.push_back(rc["address"]);
  for (const auto& r : doc["planned_values"]["root_module"]["resources"]) planned.push_back(r["address"]);
  CHECK(addresses == std::vector<std::string>{"local_file.cbd", "local_file.noop", "local_file.replace",
                                              "local_file.requested", "local_file.tainted",
                                              "local_file.triggered", "local_file.update"});
  CHECK(planned == addresses);
  CHECK(doc["prior_state"]["values"]["root_module"]["resources"].size() == 7);
}

TEST_CASE("plan json: deletes with Terraform's reasons, and a forget") {
  Plan p = base_plan();
  Value v = obj({{"content", str("a")}});
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"local_file.gone", "local_file.gone is not in the configuration"},
      {"local_file.n[3]", "index [3] is out of range for count"},
      {"local_file.k[\"x\"]", "key [\"x\"] is not in for_each"},
      {"local_file.w[0]", "local_file.w no longer uses count"},
      {"local_file.r", "a removed block says so"},
      {"module.app.local_file.a", "module.app is not in the configuration"},
      {"module.many[2].local_file.a", "index [2] of module.many is out of range for count"},
      {"module.set[\"b\"].local_file.a", "key [\"b\"] of module.set is not in for_each"},
      {"module.kept.local_file.gone", "module.kept.local_file.gone is not in the configuration"},
      {"local_file.destroyed", ""},
  };
  for (const auto& [address, reason] : cases) {
    p.changes.push_back(change(address, Action::Delete, v, Value::null()));
    p.changes.back().reason = reason;
  }
  p.changes.push_back(change("local_file.forgotten", Action::Forget, v, v));
  p.changes.back().reason = "a removed block says so, with destroy = false";
  std::sort(p.changes.begin(), p.changes.end(),
            [](const Change& a, const Change& b) { return a.address < b.address; });
  json doc = plan_doc(p);

  auto reason_of = [&](const std::string& address) {
    const json& rc = change_of(doc, address);
    CHECK(rc["change"]["actions"] == json({"delete"}));
    CHECK(rc["change"]["after"].is_null());
    CHECK(rc["change"]["after_sensitive"] == false);
    return rc.value("action_reason", std::string("(none)"));
  };
  CHECK(reason_of("local_file.gone") == "delete_because_no_resource_config");
  CHECK(reason_of("local_file.n[3]") == "delete_because_count_index");
  CHECK(reason_of("local_file.k[\"x\"]") == "delete_because_each_key");
  CHECK(reason_of("local_file.w[0]") == "delete_because_wrong_repetition");
  CHECK(reason_of("local_file.r") == "delete_because_no_resource_config");
  CHECK(reason_of("module.app.local_file.a") == "delete_because_no_module");
  CHECK(reason_of("module.many[2].local_file.a") == "delete_because_no_module");
  CHECK(reason_of("module.set[\"b\"].local_file.a") == "delete_because_no_module");
  CHECK(reason_of("module.kept.local_file.gone") == "delete_because_no_resource_config");
  CHECK(reason_of("local_file.destroyed") == "(none)");

  const json& n3 = change_of(doc, "local_file.n[3]");
  CHECK(n3["index"] == 3);
  CHECK(n3["name"] == "n");
  CHECK(change_of(doc, "local_file.k[\"x\"]")["index"] == "x");
  CHECK(change_of(doc, "module.many[2].local_file.a")["module_address"] == "module.many[2]");

  const json& forgotten = change_of(doc, "local_file.forgotten");
  CHECK(forgotten["change"]["actions"] == json({"forget"}));
  CHECK_FALSE(forgotten.contains("action_reason"));

  // Nothing remains planned; the prior state has every object, modules nested.
  CHECK(doc["planned_values"]["root_module"] == json::object());
  const json& prior = doc["prior_state"]["values"]["root_module"];
  CHECK(prior["resources"].size() == 7);
  CHECK(prior["child_modules"].size() == 4);
  // Only what is still configured is in the configuration: the destroyed one (a destroy plan).
  CHECK(doc["configuration"]["root_module"]["resources"].size() == 1);
  CHECK(doc["configuration"]["root_module"]["resources"][0]["address"] == "local_file.destroyed");
}

TEST_CASE("plan json: import, move, modules and indexes") {
  Plan p = base_plan();
  Value v = obj({{"content", str("a")}, {"id", str("f1")}});
  p.changes.push_back(change("local_file.imported", Action::NoOp, v, v));
  p.changes.back().import_id = "a.txt";
  p.changes.push_back(change("local_file.moved", Action::NoOp, v, v));
  p.changes.back().moved_from = "local_file.old";
  p.changes.push_back(change("module.app[\"eu\"].module.db.local_file.c[0]", Action::Create, Value::null(), v));
  p.changes.push_back(change("module.app[\"eu\"].local_file.b", Action::Create, Value::null(), v));
  p.changes.back().provider = "local.backup";
  json doc = plan_doc(p);

  CHECK(change_of(doc, "local_file.imported")["change"]["importing"] == json::parse(R"({"id": "a.txt"})"));
  CHECK(change_of(doc, "local_file.moved")["previous_address"] == "local_file.old");
  CHECK_FALSE(change_of(doc, "local_file.imported").contains("previous_address"));
  const json& deep = change_of(doc, "module.app[\"eu\"].module.db.local_file.c[0]");
  CHECK(deep["module_address"] == "module.app[\"eu\"].module.db");
  CHECK(deep["index"] == 0);
  CHECK(change_of(doc, "module.app[\"eu\"].local_file.b")["provider_name"] == "local");

  const json& root = doc["planned_values"]["root_module"];
  CHECK(root["resources"].size() == 2);
  REQUIRE(root["child_modules"].size() == 1);
  const json& app = root["child_modules"][0];
  CHECK(app["address"] == "module.app[\"eu\"]");
  CHECK(app["resources"][0]["address"] == "module.app[\"eu\"].local_file.b");
  REQUIRE(app["child_modules"].size() == 1);
  CHECK(app["child_modules"][0]["address"] == "module.app[\"eu\"].module.db");
  CHECK(app["child_modules"][0]["resources"][0]["index"] == 0);

  const json& config = doc["configuration"];
  CHECK(config["provider_config"] == json::parse(R"({"local": {"name": "local"},
                                                     "local.backup": {"name": "local", "alias": "backup"}})"));
  const json& app_config = config["root_module"]["module_calls"]["app"]["module"];
  CHECK(app_config["resources"][0]["address"] == "local_file.b");
  CHECK(app_config["resources"][0]["provider_config_key"] == "local.backup");
  CHECK(app_config["module_calls"]["db"]["module"]["resources"][0]["address"] == "local_file.c");
}

TEST_CASE("plan json: outputs, variables, drift and completeness") {
  Plan p = base_plan();
  p.variables["password"] = str("hunter2").marked_sensitive();
  p.variables["region"] = str("eu");
  p.variables["nested"] = obj({{"key", str("k3y").marked_sensitive()}, {"n", num(1)}});
  p.outputs.push_back({"added", Action::Create, Value::null(), Value::unknown(), false});
  p.outputs.push_back({"changed", Action::Update, str("a"), str("b"), false});
  p.outputs.push_back({"removed", Action::Delete, str("x"), Value::null(), false});
  p.outputs.push_back({"secret", Action::Update, str("old-pw"), str("new-pw"), true});
  p.drift.push_back({"local_file.d", "local_file", "d", obj({{"content", str("old")}, {"id", str("1")}}),
                     obj({{"content", str("new")}, {"id", str("1")}})});
  p.drift.push_back({"local_file.e", "local_file", "e", obj({{"id", str("2")}}), Value::null()});
  p.deferred.push_back({"module.later.local_file.x", "its count is known only after apply"});
  const std::string text = plan_to_json(p, "1.2.3");
  for (const char* secret : {"hunter2", "k3y", "old-pw", "new-pw"}) {
    INFO(secret);
    CHECK(text.find(secret) == std::string::npos);
  }
  json doc = plan_doc(p);

  CHECK(doc["variables"] == json::parse(R"({"password": {}, "region": {"value": "eu"},
                                            "nested": {"value": {"n": 1}}})"));
  const json& outputs = doc["output_changes"];
  CHECK(outputs["added"]["actions"] == json({"create"}));
  CHECK(outputs["added"]["after"].is_null());
  CHECK(outputs["added"]["after_unknown"] == true);
  CHECK(outputs["changed"] == json::parse(R"({"actions": ["update"], "before": "a", "after": "b",
      "after_unknown": false, "before_sensitive": false, "after_sensitive": false})"));
  CHECK(outputs["removed"]["actions"] == json({"delete"}));
  CHECK(outputs["secret"] == json::parse(R"({"actions": ["update"], "before": null, "after": null,
      "after_unknown": false, "before_sensitive": true, "after_sensitive": true})"));
  CHECK(doc["planned_values"]["outputs"] == json::parse(R"({"added": {"sensitive": false},
      "changed": {"sensitive": false, "value": "b"}, "secret": {"sensitive": true}})"));
  CHECK(doc["prior_state"]["values"]["outputs"] == json::parse(R"({"changed": {"sensitive": false, "value": "a"},
      "removed": {"sensitive": false, "value": "x"}, "secret": {"sensitive": true}})"));

  REQUIRE(doc["resource_drift"].size() == 2);
  CHECK(doc["resource_drift"][0]["change"]["actions"] == json({"update"}));
  CHECK(doc["resource_drift"][0]["change"]["after"] == json::parse(R"({"content": "new", "id": "1"})"));
  CHECK(doc["resource_drift"][1]["change"]["actions"] == json({"delete"}));
  CHECK(doc["relevant_attributes"] == json::parse(R"([{"resource": "local_file.d", "attribute": ["content"]}])"));

  CHECK(doc["complete"] == false);
  CHECK(doc["configuration"]["root_module"]["module_calls"]["later"]["module"]["resources"][0]["address"] ==
        "local_file.x");
  p.deferred.clear();
  p.partial = true;
  CHECK(plan_doc(p)["complete"] == false);
  p.partial = false;
  CHECK(plan_doc(p)["complete"] == true);
}

TEST_CASE("plan json: numbers stay exact and the same plan gives the same bytes") {
  Plan p = base_plan();
  auto big = infra::lang::parse_number_literal("123456789012345678901234567890.000000000000000000000001");
  REQUIRE(big);
  p.changes.push_back(change("local_file.n", Action::Create, Value::null(),
                             obj({{"big", *big}, {"small", Value::number(0.1)}, {"neg", num(-42)}})));
  const std::string a = plan_to_json(p, "1.2.3");
  CHECK(a.find(R"("big":123456789012345678901234567890.000000000000000000000001)") != std::string::npos);
  CHECK(a.find(R"("small":0.1)") != std::string::npos);
  CHECK(a.find(R"("neg":-42)") != std::string::npos);
  CHECK(plan_to_json(p, "1.2.3") == a);
  plan_doc(p);
}

TEST_CASE("state json: values, sensitive attributes, modules, outputs") {
  infra::state::Snapshot s;
  CHECK(state_to_json(s, "1.2.3") == "{\"format_version\":\"1.0\",\"terraform_version\":\"1.2.3\"}\n");
  CHECK(infra::testing::check_against_schema_file(kSchema, state_to_json(s, "1.2.3")) == "");

  infra::state::ResourceInstance a;
  a.address = "local_file.a";
  a.type = "local_file";
  a.name = "a";
  a.provider = "local";
  a.schema_version = 2;
  a.attributes_json = R"({"content": "t0ps3cret", "filename": "a.txt", "size": 12345678901234567890123})";
  a.sensitive_paths = {"content"};
  a.dependencies = {"local_file.b"};
  a.status = "tainted";
  infra::state::ResourceInstance b = a;
  b.address = "module.m[1].local_file.b";
  b.name = "b";
  b.sensitive_paths = {};
  b.dependencies = {};
  b.status = "ready";
  b.attributes_json = R"({"filename": "b.txt"})";
  s.instances = {a, b};
  s.outputs = {{"pw", "\"hunter2\"", true}, {"path", "\"a.txt\"", false}};
  const std::string text = state_to_json(s, "1.2.3");
  INFO(text);
  CHECK(infra::testing::check_against_schema_file(kSchema, text) == "");
  CHECK(text.find("t0ps3cret") == std::string::npos);
  CHECK(text.find("hunter2") == std::string::npos);
  CHECK(state_to_json(s, "1.2.3") == text);
  json doc = json::parse(text);
  const json& r = doc["values"]["root_module"]["resources"][0];
  CHECK(r["values"]["filename"] == "a.txt");
  CHECK_FALSE(r["values"].contains("content"));
  CHECK(r["sensitive_values"] == json::parse(R"({"content": true})"));
  CHECK(r["schema_version"] == 2);
  CHECK(r["tainted"] == true);
  CHECK(r["depends_on"] == json({"local_file.b"}));
  const json& m = doc["values"]["root_module"]["child_modules"][0];
  CHECK(m["address"] == "module.m[1]");
  CHECK(m["resources"][0]["address"] == "module.m[1].local_file.b");
  CHECK(doc["values"]["outputs"] == json::parse(R"({"path": {"sensitive": false, "value": "a.txt"},
                                                     "pw": {"sensitive": true}})"));
}
