// Tests of stdlib/numeric.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("min and max") {
  CHECK(ok("min", {N(12), N(54), N(3)}) == N(3));
  CHECK(ok("max", {N(12), N(54), N(3)}) == N(54));
  CHECK(ok("max", {N(-1)}) == N(-1));
  CHECK(ok("min", {S("5"), N(7)}) == N(5));
  CHECK(fails("min", {}) ==
        "min: expects at least 1 argument, got 0; usage: min(number, numbers...)");
  CHECK(fails("max", {N(1), L({})}) == "max: argument 2 must be a number, got list");
}

TEST_CASE("abs, ceil, floor, pow") {
  CHECK(ok("abs", {N(-12.4)}) == N(12.4));
  CHECK(ok("abs", {N(3)}) == N(3));
  CHECK(ok("ceil", {N(4.1)}) == N(5));
  CHECK(ok("ceil", {N(-4.1)}) == N(-4));
  CHECK(ok("floor", {N(4.9)}) == N(4));
  CHECK(ok("floor", {N(-4.1)}) == N(-5));
  CHECK(ok("pow", {N(2), N(10)}) == N(1024));
  CHECK(ok("pow", {N(4), N(0.5)}) == N(2));
  CHECK(fails("abs", {S("x")}) == "abs: argument 1 must be a number, got string \"x\"");
  CHECK(fails("ceil", {B(true)}) == "ceil: argument 1 must be a number, got bool");
  CHECK(fails("pow", {N(2)}) == "pow: expects 2 arguments, got 1; usage: pow(base, exponent)");
}

TEST_CASE("parseint in bases 2 to 62") {
  CHECK(ok("parseint", {S("100"), N(10)}) == N(100));
  CHECK(ok("parseint", {S("FF"), N(16)}) == N(255));
  CHECK(ok("parseint", {S("ff"), N(16)}) == N(255));
  CHECK(ok("parseint", {S("-101"), N(2)}) == N(-5));
  CHECK(ok("parseint", {S("zZ"), N(62)}) == N(35 * 62 + 61));
  CHECK(fails("parseint", {S("12"), N(2)}) == "parseint: cannot parse \"12\" as a base 2 integer");
  CHECK(fails("parseint", {S(""), N(10)}) == "parseint: cannot parse \"\" as a base 10 integer");
  CHECK(fails("parseint", {S("1"), N(1)}) == "parseint: the base must be between 2 and 62, got 1");
  CHECK(fails("parseint", {S("1"), N(63)}) ==
        "parseint: the base must be between 2 and 62, got 63");
}

TEST_CASE("tonumber, tostring and tobool") {
  CHECK(ok("tonumber", {S("42")}) == N(42));
  CHECK(ok("tonumber", {S("-1.5e2")}) == N(-150));
  CHECK(ok("tonumber", {N(7)}) == N(7));
  CHECK(ok("tonumber", {Null()}) == Null());
  CHECK(fails("tonumber", {S("abc")}) == "tonumber: cannot convert \"abc\" to a number");
  CHECK(fails("tonumber", {S("inf")}) == "tonumber: cannot convert \"inf\" to a number");
  CHECK(fails("tonumber", {B(true)}) == "tonumber: cannot convert bool to a number");

  CHECK(ok("tostring", {N(42)}) == S("42"));
  CHECK(ok("tostring", {N(1.5)}) == S("1.5"));
  CHECK(ok("tostring", {B(true)}) == S("true"));
  CHECK(ok("tostring", {S("x")}) == S("x"));
  CHECK(ok("tostring", {Null()}) == Null());
  CHECK(fails("tostring", {L({})}) == "tostring: cannot convert list to a string");

  CHECK(ok("tobool", {S("true")}) == B(true));
  CHECK(ok("tobool", {S("false")}) == B(false));
  CHECK(ok("tobool", {B(false)}) == B(false));
  CHECK(ok("tobool", {Null()}) == Null());
  CHECK(fails("tobool", {S("yes")}) ==
        "tobool: cannot convert \"yes\" to a bool; only \"true\" and \"false\" can be");
  CHECK(fails("tobool", {N(1)}) == "tobool: cannot convert number to a bool");
}

TEST_CASE("log and signum") {
  CHECK(ok("log", {N(50), N(10)}) == N(1.6989700043360185));
  CHECK(ok("log", {N(16), N(2)}) == N(4));
  CHECK(ok("signum", {N(-13)}) == N(-1));
  CHECK(ok("signum", {N(0)}) == N(0));
  CHECK(ok("signum", {N(344)}) == N(1));
  CHECK(fails("log", {S("x"), N(2)}) == "log: argument 1 must be a number, got string \"x\"");
  CHECK(fails("signum", {}) == "signum: expects 1 argument, got 0; usage: signum(number)");
}

}  // namespace
}  // namespace infra::stdlib::testing
