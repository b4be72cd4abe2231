// Tests of planner/value_diff.cpp: multi-line strings, JSON documents, maps and lists shown
// element by element, with little context, and the plain form where it says it best.
#include <catch2/catch.hpp>

#include "planner/value_diff.hpp"

using infra::lang::Value;
using infra::planner::structured_diff;

TEST_CASE("value diff: a multi-line string as a line diff with one line of context") {
  auto d = structured_diff(Value::string("a\nb\nc\nd\ne\nf\n"), Value::string("a\nb\nC\nd\ne\nf\n"), 6, false);
  REQUIRE(d);
  CHECK(*d ==
        "<<-EOT\n"
        "            # (1 unchanged line hidden)\n"
        "            b\n"
        "          - c\n"
        "          + C\n"
        "            d\n"
        "            # (2 unchanged lines hidden)\n"
        "        EOT");
}

TEST_CASE("value diff: maps by key, lists by element, JSON documents by what they encode") {
  auto map = structured_diff(
      Value::object({{"env", Value::string("dev")}, {"old", Value::string("x")}, {"same", Value::number(1)}}),
      Value::object({{"env", Value::string("prod")}, {"new", Value::string("y")}, {"same", Value::number(1)}}),
      2, false);
  REQUIRE(map);
  CHECK(*map ==
        "{\n"
        "      ~ \"env\" = \"dev\" -> \"prod\"\n"
        "      + \"new\" = \"y\"\n"
        "      - \"old\" = \"x\" -> null\n"
        "        # (1 unchanged element hidden)\n"
        "    }");
  auto list = structured_diff(Value::list({Value::number(1), Value::number(2), Value::number(3)}),
                              Value::list({Value::number(1), Value::number(4), Value::number(3)}), 2, false);
  REQUIRE(list);
  CHECK(*list ==
        "[\n"
        "        1,\n"
        "      - 2,\n"
        "      + 4,\n"
        "        3,\n"
        "    ]");
  auto json = structured_diff(Value::string(R"({"Version":"1","Id":"a"})"),
                              Value::string(R"({"Version":"2","Id":"a"})"), 2, false);
  REQUIRE(json);
  CHECK(*json ==
        "jsonencode(\n"
        "      ~ {\n"
        "          ~ \"Version\" = \"1\" -> \"2\"\n"
        "            # (1 unchanged element hidden)\n"
        "        }\n"
        "    )");
}

TEST_CASE("value diff: the plain form for scalars, kinds that differ, unknown and sensitive values") {
  CHECK_FALSE(structured_diff(Value::string("a"), Value::string("b"), 2, false));
  CHECK_FALSE(structured_diff(Value::string("one line\n"), Value::string("another\n"), 2, false));
  CHECK_FALSE(structured_diff(Value::list({}), Value::object({}), 2, false));
  CHECK_FALSE(structured_diff(Value::object({{"a", Value::number(1)}}),
                              Value::object({{"a", Value::unknown()}}), 2, false));
  CHECK_FALSE(structured_diff(Value::string("a\nb").marked_sensitive(), Value::string("a\nc"), 2, false));
  CHECK_FALSE(structured_diff(Value::object({{"k", Value::string("s").marked_sensitive()}}),
                              Value::object({{"k", Value::string("t")}}), 2, false));
}
