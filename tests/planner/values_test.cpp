// Tests of planner/values.cpp: Value <-> JSON with unknown and sensitive paths.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "planner/values.hpp"

using infra::lang::Value;
using json = nlohmann::json;

TEST_CASE("to_json writes unknown values as null and lists their paths") {
  Value v = Value::object({{"id", Value::unknown()},
                           {"name", Value::string("a")},
                           {"ports", Value::list({Value::number(80), Value::unknown()})},
                           {"secret", Value::string("s").marked_sensitive()}});
  json unknown, sensitive;
  json j = infra::planner::to_json(v, &unknown, &sensitive);
  CHECK(j == json::parse(R"({"id":null,"name":"a","ports":[80,null],"secret":"s"})"));
  CHECK(unknown == json::parse(R"([["id"],["ports",1]])"));
  CHECK(sensitive == json::parse(R"([["secret"]])"));

  Value back = infra::planner::from_json(j, &unknown, &sensitive);
  const auto& o = back.as_object();
  CHECK(o.at("id").is_unknown());
  CHECK(o.at("ports").as_list()[1].is_unknown());
  CHECK(o.at("ports").as_list()[0].as_number() == 80);
  CHECK(o.at("secret").is_sensitive());
  CHECK_FALSE(o.at("name").is_sensitive());
}

TEST_CASE("integers stay integers, fractions stay fractions") {
  CHECK(infra::planner::to_json(Value::number(3)).dump() == "3");
  CHECK(infra::planner::to_json(Value::number(-2.5)).dump() == "-2.5");
  CHECK(infra::planner::to_json(Value::number(1e20)).dump() == "1e+20");
}

TEST_CASE("an unknown path to an absent attribute creates it as unknown") {
  json unknown = json::parse(R"([["id"], ["missing", "deep"]])");
  Value v = infra::planner::from_json(json::parse(R"({"name":"x"})"), &unknown);
  CHECK(v.as_object().at("id").is_unknown());
  CHECK(v.as_object().count("missing") == 0);
}

TEST_CASE("parse_json_value rejects malformed text") {
  CHECK_THROWS(infra::planner::parse_json_value("{nope"));
  CHECK(infra::planner::parse_json_value(R"({"a":[true,null]})")
            .as_object().at("a").as_list()[0].as_bool());
}

TEST_CASE("sensitive attribute helpers") {
  Value v = Value::object({{"a", Value::string("x")}, {"b", Value::string("y")}});
  Value marked = infra::planner::mark_attributes_sensitive(v, {"b", "nope"});
  CHECK(infra::planner::sensitive_attributes(marked) == std::vector<std::string>{"b"});
}

TEST_CASE("redact hides every sensitive string and number a message quotes") {
  Value v = Value::object({{"password", Value::string("hunter2").marked_sensitive()},
                           {"port", Value::number(5432).marked_sensitive()},
                           {"nested", Value::list({Value::string("topsecret")}).marked_sensitive()},
                           {"name", Value::string("db")}});
  CHECK(infra::planner::redact("login db:hunter2@5432 (topsecret, hunter2)", v) ==
        "login db:(sensitive value)@(sensitive value) ((sensitive value), (sensitive value))");
  CHECK(infra::planner::redact("nothing here", v) == "nothing here");
}
