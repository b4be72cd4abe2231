// Tests of lang/value.cpp: kinds, marks, equality, number formatting and display.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "lang/value.hpp"

using namespace infra::lang;

TEST_CASE("format_number writes integers without a fraction, fractions exactly") {
  CHECK(format_number(Number(0)) == "0");
  CHECK(format_number(Value::number(-0.0).as_number()) == "0");
  CHECK(format_number(Number(42)) == "42");
  CHECK(format_number(Number(-7)) == "-7");
  CHECK(format_number(Value::number(1e15).as_number()) == "1000000000000000");
  CHECK(format_number(Value::number(0.1).as_number()) == "0.1");
  CHECK(format_number(Value::number(2.5).as_number()) == "2.5");
  CHECK(format_number(Value::number(1e300).as_number()) == "1" + std::string(300, '0'));
}

TEST_CASE("Value::number takes integers of any width, doubles and Numbers") {
  CHECK(Value::number(std::uint64_t{18446744073709551615u}).as_number().to_string() ==
        "18446744073709551615");
  CHECK(Value::number(std::int64_t{-9223372036854775807 - 1}).as_number().to_string() ==
        "-9223372036854775808");
  CHECK(Value::number(std::size_t{3}) == Value::number(3.0));
  CHECK(Value::number(*Number::parse("0.1")) == Value::number(0.1));
  CHECK_THROWS_AS(Value::number(1.0 / 0.0), std::domain_error);
}

TEST_CASE("parse_number_literal reads every literal form exactly") {
  CHECK(parse_number_literal("9007199254740993")->as_number().to_string() == "9007199254740993");
  CHECK(parse_number_literal("1.5e-7")->as_number().to_string() == "0.00000015");
  CHECK(parse_number_literal("1E+3") == Value::number(1000));
  CHECK(parse_number_literal("1e400")->as_number().to_string() == "1" + std::string(400, '0'));
  CHECK_FALSE(parse_number_literal("1e999999999"));
  CHECK_FALSE(parse_number_literal("1e-999999999"));
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
  CHECK(Value::number(1) == Value::number(1.0));
  CHECK(Value::number(0.3) == Value::number(*Number::parse("0.30")));
  CHECK_FALSE(Value::number(1) == Value::number(1.5));
  CHECK_FALSE(Value::number(1) == Value::string("1"));
  CHECK(Value::string("a").marked_sensitive() == Value::string("a"));
  CHECK_FALSE(Value::unknown() == Value::unknown());
  CHECK_FALSE(Value::list({Value::unknown()}) == Value::list({Value::unknown()}));
  CHECK(Value::object({{"a", Value::list({Value::null()})}}) ==
        Value::object({{"a", Value::list({Value::null()})}}));
}
