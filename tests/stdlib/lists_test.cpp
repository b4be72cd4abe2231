// Tests of stdlib/lists.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("alltrue and anytrue") {
  CHECK(ok("alltrue", {L({S("true"), B(true)})}) == B(true));
  CHECK(ok("alltrue", {L({B(true), B(false)})}) == B(false));
  CHECK(ok("alltrue", {L({})}) == B(true));
  CHECK(ok("anytrue", {L({S("true")})}) == B(true));
  CHECK(ok("anytrue", {L({B(false), B(false)})}) == B(false));
  CHECK(ok("anytrue", {L({})}) == B(false));
  CHECK(fails("alltrue", {L({N(1)})}) ==
        "alltrue: argument 1 must be a list of bools, but element 0 is number");
  CHECK(fails("anytrue", {S("x")}) == "anytrue: argument 1 must be a list, got string");
}

TEST_CASE("chunklist") {
  CHECK(ok("chunklist", {L({S("a"), S("b"), S("c"), S("d"), S("e")}), N(2)}) ==
        L({L({S("a"), S("b")}), L({S("c"), S("d")}), L({S("e")})}));
  CHECK(ok("chunklist", {L({S("a")}), N(0)}) == L({L({S("a")})}));
  CHECK(ok("chunklist", {L({}), N(3)}) == L({}));
  CHECK(fails("chunklist", {L({}), N(-1)}) == "chunklist: the chunk size must not be negative, got -1");
  CHECK(fails("chunklist", {L({}), N(1.5)}) == "chunklist: argument 2 must be a whole number, got 1.5");
}

TEST_CASE("coalescelist") {
  CHECK(ok("coalescelist", {L({}), L({S("c"), S("d")}), L({S("e")})}) == L({S("c"), S("d")}));
  CHECK(ok("coalescelist", {L({S("a")}), L({S("b")})}) == L({S("a")}));
  CHECK(fails("coalescelist", {L({}), L({})}) ==
        "coalescelist: no non-empty list among the arguments");
  CHECK(fails("coalescelist", {}) == "coalescelist: at least one argument is required");
  CHECK(fails("coalescelist", {S("a")}) == "coalescelist: argument 1 must be a list, got string");
}

TEST_CASE("matchkeys") {
  CHECK(ok("matchkeys", {L({S("i-123"), S("i-abc"), S("i-def")}),
                         L({S("us-west"), S("us-east"), S("us-east")}), L({S("us-east")})}) ==
        L({S("i-abc"), S("i-def")}));
  CHECK(fails("matchkeys", {L({S("a")}), L({}), L({})}) ==
        "matchkeys: the lists of values and of keys must have the same length, got 1 and 0");
}

TEST_CASE("one") {
  CHECK(ok("one", {L({})}) == Null());
  CHECK(ok("one", {L({S("hello")})}) == S("hello"));
  CHECK(fails("one", {L({S("a"), S("b")})}) == "one: the list must have zero or one elements, got 2");
  CHECK(fails("one", {O({})}) == "one: argument 1 must be a list, got object");
}

TEST_CASE("sum is exact") {
  CHECK(ok("sum", {L({N(10), N(13), N(6), N(4.5)})}) == N(33.5));
  CHECK(ok("sum", {L({Big("9007199254740993"), N(0)})}) == Big("9007199254740993"));
  CHECK(ok("sum", {L({Big("1e30"), N(1)})}) == Big("1000000000000000000000000000001"));
  CHECK(ok("sum", {L({S("2"), N(3)})}) == N(5));
  CHECK(ok("sum", {L({S("1e30"), S("-1e30"), S("0.5")})}) == N(0.5));
  CHECK(ok("sum", {L({N(0.1), N(0.2)})}) == N(0.3));
  CHECK(fails("sum", {L({Big("9e99999"), Big("9e99999")})}) ==
        "sum: the result has more than 100000 digits before the decimal point");
  CHECK(fails("sum", {L({})}) == "sum: cannot sum an empty list");
  CHECK(fails("sum", {L({N(1), S("x")})}) ==
        "sum: argument 1 must be a list of numbers, but element 1 is string");
}

TEST_CASE("transpose") {
  CHECK(ok("transpose", {O({{"a", L({S("1"), S("2")})}, {"b", L({S("2"), S("3")})}})}) ==
        O({{"1", L({S("a")})}, {"2", L({S("a"), S("b")})}, {"3", L({S("b")})}}));
  CHECK(fails("transpose", {O({{"a", S("1")}})}) ==
        "transpose: argument 1 must be a map of lists of strings, but \"a\" is string");
  CHECK(fails("transpose", {O({{"a", L({L({})})}})}) ==
        "transpose: argument 1 must be a map of lists of strings, but \"a\" holds list");
}

}  // namespace
}  // namespace infra::stdlib::testing
