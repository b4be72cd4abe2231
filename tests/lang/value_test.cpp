// Tests of lang/value.cpp: kinds, marks, equality, number formatting and display.
#include <catch2/catch.hpp>

#include "lang/value.hpp"

using namespace infra::lang;

TEST_CASE("format_number writes integers without a fraction") {
  CHECK(format_number(0) == "0");
  CHECK(format_number(-0.0) == "0");
  CHECK(format_number(42) == "42");
  CHECK(format_number(-7) == "-7");
  CHECK(format_number(1e15) == "1000000000000000");
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(2.5) == "2.5");
  CHECK(format_number(1e300) == "1e+300");
}

TEST_CASE("to_display renders configuration syntax") {
  CHECK(to_display(Value::null()) == "null");
  CHECK(to_display(Value::boolean(true)) == "true");
  CHECK(to_display(Value::string("a \"q\"\n${x}")) == "\"a \\\"q\\\"\\n$${x}\"");
  CHECK(to_display(Value::list({Value::number(1), Value::string("x")})) == "[1, \"x\"]");
  CHECK(to_display(Value::list({})) == "[]");
  CHECK(to_display(Value::object({})) == "{}");
  CHECK(to_display(Value::object({{"b", Value::number(2)}, {"a-1", Value::null()}, {"x y", Value::boolean(false)}})) ==
        "{ a-1 = null, b = 2, \"x y\" = false }");
  CHECK(to_display(Value::unknown()) == "(known after apply)");
  CHECK(to_display(Value::string("pw").marked_sensitive()) == "(sensitive value)");
  CHECK(to_display(Value::list({Value::string("pw").marked_sensitive()})) == "[(sensitive value)]");
}

TEST_CASE("marks") {
  Value l = Value::list({Value::number(1), Value::unknown()});
  CHECK_FALSE(l.is_unknown());
  CHECK_FALSE(l.is_wholly_known());
  CHECK(Value::number(1).is_wholly_known());
  Value o = Value::object({{"a", Value::string("s").marked_sensitive()}});
  CHECK_FALSE(o.is_sensitive());
  CHECK(o.contains_sensitive());
  CHECK(Value::string("x").marked_sensitive(false).is_sensitive() == false);
  CHECK(Value::unknown().kind() == Value::Kind::Unknown);
  CHECK(Value::unknown().type_name() == "unknown");
  CHECK(Value::object({}).type_name() == "object");
}

TEST_CASE("equality is structural, ignores marks, and unknown equals nothing") {
  CHECK(Value::number(1) == Value::number(1));
  CHECK_FALSE(Value::number(1) == Value::string("1"));
  CHECK(Value::string("a").marked_sensitive() == Value::string("a"));
  CHECK_FALSE(Value::unknown() == Value::unknown());
  CHECK_FALSE(Value::list({Value::unknown()}) == Value::list({Value::unknown()}));
  CHECK(Value::object({{"a", Value::list({Value::null()})}}) ==
        Value::object({{"a", Value::list({Value::null()})}}));
}
