// Tests of planner/values.cpp: Value <-> JSON with unknown and sensitive paths.
#include <catch2/catch.hpp>

#include <cmath>
#include <nlohmann/json.hpp>

#include "planner/diff.hpp"
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
  CHECK(o.at("ports").as_list()[0] == Value::number(80));
  CHECK(o.at("secret").is_sensitive());
  CHECK_FALSE(o.at("name").is_sensitive());
}

namespace {

Value big(std::string_view text) { return Value::number(*infra::lang::Number::parse(text)); }

/// The value after a trip through JSON text.
Value round_trip(const Value& v) {
  return infra::planner::from_json(json::parse(infra::planner::to_json(v).dump()));
}

}  // namespace

TEST_CASE("integers stay integers, fractions stay fractions") {
  CHECK(infra::planner::to_json(Value::number(3)).dump() == "3");
  CHECK(infra::planner::to_json(Value::number(-2.5)).dump() == "-2.5");
  CHECK(infra::planner::to_json(Value::number(1e20)).dump() == "1e+20");
}

TEST_CASE("numbers travel exactly as JSON numbers wherever a JSON number holds them") {
  // 64-bit integers, signed and unsigned.
  CHECK(infra::planner::to_json(big("9007199254740993")).dump() == "9007199254740993");
  CHECK(infra::planner::to_json(big("-9223372036854775808")).dump() == "-9223372036854775808");
  CHECK(infra::planner::to_json(big("18446744073709551615")).dump() == "18446744073709551615");
  // Decimals that a double reads back as themselves.
  CHECK(infra::planner::to_json(big("0.1")).dump() == "0.1");
  for (const char* text : {"9007199254740993", "-9223372036854775808", "18446744073709551615",
                           "0.1", "0.30000000000000004", "1e20", "-2.5e-300"}) {
    INFO(text);
    CHECK(round_trip(big(text)) == big(text));
  }
}

TEST_CASE("numbers beyond what JSON numbers hold travel as exact decimal strings") {
  const Value huge = big("123456789012345678901234567890");
  CHECK(infra::planner::to_json(huge).dump() == "\"123456789012345678901234567890\"");
  CHECK(infra::planner::to_json(big("0.1234567890123456789")).dump() ==
        "\"0.1234567890123456789\"");
  CHECK(infra::planner::to_json(big("1e400")).dump() == "\"1" + std::string(400, '0') + "\"");
  // They come back as strings, equal as JSON to the numbers they were.
  CHECK(round_trip(huge) == Value::string("123456789012345678901234567890"));
  CHECK(infra::planner::same_value(round_trip(huge), huge));
}

TEST_CASE("JSON numbers read as the decimals they print as") {
  CHECK(infra::planner::from_json(json(0.1)) == big("0.1"));
  CHECK(infra::planner::from_json(json(std::uint64_t{18446744073709551615u})) ==
        big("18446744073709551615"));
  CHECK(infra::planner::from_json(json(-7)) == Value::number(-7));
  CHECK(infra::planner::from_json(json(std::nan(""))).is_null());
}

TEST_CASE("parse_json_value reads numbers exactly") {
  CHECK(infra::planner::parse_json_value(R"({"n":123456789012345678901234567890.5})")
            .as_object()
            .at("n") == big("123456789012345678901234567890.5"));
  CHECK(infra::planner::parse_json_value("1e400") == big("1e400"));
}

TEST_CASE("an unknown path to an absent attribute creates it as unknown") {
  json unknown = json::parse(R"([["id"], ["missing", "deep"]])");
  Value v = infra::planner::from_json(json::parse(R"({"name":"x"})"), &unknown);
  CHECK(v.as_object().at("id").is_unknown());
  CHECK(v.as_object().count("missing") == 0);
}

TEST_CASE("parse_json_value rejects malformed text") {
  CHECK_THROWS_WITH(infra::planner::parse_json_value("{nope"),
                    Catch::Matchers::StartsWith("malformed JSON: parse error at line 1, column 3"));
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

TEST_CASE("a secret a provider echoes into another attribute is marked there") {
  using infra::lang::Value;
  const Value sent = Value::object({{"input", Value::string("hunter22").marked_sensitive()},
                                    {"pin", Value::string("42").marked_sensitive()},
                                    {"name", Value::string("web")}});
  const Value answer = Value::object({
      {"input", Value::string("hunter22")},
      {"output", Value::string("hunter22")},                          // equal
      {"url", Value::string("postgres://app:hunter22@db/app")},       // contains a long one
      {"code", Value::string("1420")},                                // a short one is not sought inside
      {"short", Value::string("42")},                                 // but equal is equal
      {"nested", Value::object({{"deep", Value::list({Value::string("x-hunter22")})}})},
      {"hidden", Value::object({{"s", Value::string("hunter22").marked_sensitive()}, {"m", Value::string("a")}})},
      {"name", Value::string("web")},
  });
  const Value marked = infra::planner::mark_echoed_secrets(answer, sent);
  const auto& o = marked.as_object();
  CHECK(o.at("input").is_sensitive());
  CHECK(o.at("output").is_sensitive());
  CHECK(o.at("url").is_sensitive());
  CHECK_FALSE(o.at("code").is_sensitive());
  CHECK(o.at("short").is_sensitive());
  CHECK(o.at("nested").is_sensitive());
  CHECK_FALSE(o.at("hidden").is_sensitive());  // its secret is marked where it is
  CHECK_FALSE(o.at("name").is_sensitive());
  // Nothing sensitive sent: the answer as it is.
  CHECK_FALSE(infra::planner::mark_echoed_secrets(answer, Value::object({})).as_object().at("output").is_sensitive());
}
