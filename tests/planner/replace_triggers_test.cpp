// Tests of planner/replace_triggers.cpp: which changes trigger a replacement.
#include <catch2/catch.hpp>

#include <map>

#include "lang/config.hpp"
#include "planner/replace_triggers.hpp"

using namespace infra;
using lang::Value;
using planner::Action;
using planner::Change;

namespace {

lang::Resource resource_with(const std::string& triggers) {
  lang::Module m;
  lang::Diagnostics diags;
  lang::parse_into(m, "main.infra",
                   "resource \"local_file\" \"x\" {\n  lifecycle {\n    replace_triggered_by = " +
                       triggers + "\n  }\n}\n",
                   diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(m.resources.size() == 1);
  return m.resources[0];
}

Change change(Action action, Value before, Value after) {
  Change c;
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

/// Indexes that are not constants: none in these tests.
std::optional<Value> no_index(const infra::lang::Expr&) { return std::nullopt; }

Value object(std::initializer_list<std::pair<const std::string, Value>> members) {
  return Value::object(Value::Object(members));
}

}  // namespace

TEST_CASE("replace_trigger: a whole resource triggers on update, replace and create") {
  const auto r = resource_with("[local_file.a]");
  std::map<std::string, Change> plan;
  const auto planned = [&](const std::string& a) -> const Change* {
    auto it = plan.find(a);
    return it == plan.end() ? nullptr : &it->second;
  };
  CHECK(planner::replace_trigger(r, planned, no_index).empty());
  const Value v = object({{"content", Value::string("x")}});
  for (Action a : {Action::NoOp, Action::Delete}) {
    plan["local_file.a"] = change(a, v, v);
    CHECK(planner::replace_trigger(r, planned, no_index).empty());
  }
  for (Action a : {Action::Update, Action::Replace, Action::Create}) {
    plan["local_file.a"] = change(a, v, v);
    CHECK(planner::replace_trigger(r, planned, no_index) == "local_file.a");
  }
}

TEST_CASE("replace_trigger: an attribute triggers when its value changes or is unknown") {
  const auto r = resource_with("[local_file.a.tags[\"env\"], local_file.a.ports[1]]");
  std::map<std::string, Change> plan;
  const auto planned = [&](const std::string& a) -> const Change* {
    auto it = plan.find(a);
    return it == plan.end() ? nullptr : &it->second;
  };
  const auto with = [](const std::string& env, Value port) {
    return object({{"tags", object({{"env", Value::string(env)}})},
                   {"ports", Value::list({Value::number(80), std::move(port)})}});
  };
  plan["local_file.a"] = change(Action::Update, with("prod", Value::number(443)),
                                with("prod", Value::number(443)));
  CHECK(planner::replace_trigger(r, planned, no_index).empty());
  plan["local_file.a"] = change(Action::Update, with("prod", Value::number(443)),
                                with("staging", Value::number(443)));
  CHECK(planner::replace_trigger(r, planned, no_index) == "local_file.a.tags");
  plan["local_file.a"] = change(Action::Update, with("prod", Value::number(443)),
                                with("prod", Value::unknown()));
  CHECK(planner::replace_trigger(r, planned, no_index) == "local_file.a.ports");
  plan["local_file.a"] = change(Action::Update, with("prod", Value::number(443)),
                                with("prod", Value::number(8443)));
  CHECK(planner::replace_trigger(r, planned, no_index) == "local_file.a.ports");
}
