// Tests of providers/builtin: infra_data through the in-process plugin, request by request
// as the engine sends them.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "providers/builtin/builtin.hpp"

using nlohmann::json;
using namespace infra::providers;

namespace {

json plan(Plugin& p, const json& prior, const json& proposed, const json& unknown = json::array()) {
  return p.call("plan", {{"type", "infra_data"},
                         {"prior_state", prior},
                         {"proposed_state", proposed},
                         {"unknown", unknown}});
}

json apply(Plugin& p, const json& prior, const json& planned) {
  return p.call("apply", {{"type", "infra_data"},
                          {"prior_state", prior},
                          {"planned_state", planned},
                          {"unknown", json::array()}})
      .at("new_state");
}

}  // namespace

TEST_CASE("infra_data is built in: its schema, and no other name is") {
  CHECK(builtin::is_builtin("infra"));
  CHECK_FALSE(builtin::is_builtin("local"));
  CHECK_THROWS_AS(builtin::start("local"), ProviderError);
  auto p = builtin::start("infra");
  const ResourceSchema* s = p->schema().find("infra_data");
  REQUIRE(s != nullptr);
  CHECK(s->attributes.size() == 4);
}

TEST_CASE("infra_data stores input as output, updates in place, replaces on triggers") {
  auto p = builtin::start("infra");
  const json config = {{"input", {{"a", 1}}}, {"triggers_replace", nullptr}, {"id", nullptr}, {"output", nullptr}};
  json created_plan = plan(*p, nullptr, config);
  CHECK(created_plan.at("planned_state").at("output") == json({{"a", 1}}));
  CHECK(created_plan.at("unknown") == json::array({json::array({"id"})}));
  json state = apply(*p, nullptr, created_plan.at("planned_state"));
  CHECK(state.at("output") == json({{"a", 1}}));
  CHECK(state.at("id").get<std::string>().size() == 36);
  CHECK(p->call("read", {{"type", "infra_data"}, {"state", state}}).at("state") == state);

  json changed = state;
  changed["input"] = "b";
  json update = plan(*p, state, changed);
  CHECK(update.at("requires_replace").empty());
  CHECK(update.at("planned_state").at("output") == "b");
  json updated = apply(*p, state, update.at("planned_state"));
  CHECK(updated.at("id") == state.at("id"));
  CHECK(updated.at("output") == "b");

  json triggered = updated;
  triggered["triggers_replace"] = 2;
  CHECK(plan(*p, updated, triggered).at("requires_replace") == json::array({json::array({"triggers_replace"})}));

  json later = updated;
  later["input"] = nullptr;
  CHECK(plan(*p, updated, later, json::array({json::array({"input"})})).at("unknown") ==
        json::array({json::array({"input"}), json::array({"output"})}));
}

TEST_CASE("infra_data's output is unknown while any part of input is") {
  auto p = builtin::start("infra");
  const json config = {{"input", {{"n", 1}, {"label", nullptr}}}, {"triggers_replace", nullptr},
                       {"id", nullptr}, {"output", nullptr}};
  json planned = plan(*p, nullptr, config, json::array({json::array({"input", "label"})}));
  CHECK(planned.at("planned_state").at("output").is_null());
  const json unknown = planned.at("unknown");
  CHECK(std::find(unknown.begin(), unknown.end(), json::array({"output"})) != unknown.end());
}

TEST_CASE("a bad request to a built-in provider is a ProviderError naming it") {
  auto p = builtin::start("infra");
  CHECK_THROWS_WITH(p->call("plan", {{"type", "infra_nope"}}), Catch::Contains("infra: plan:"));
}
