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

TEST_CASE("min, max, abs, ceil, floor and signum are exact at any size") {
  CHECK(ok("max", {N(0.1), N(0.2), Big("1e30")}) == Big("1e30"));
  CHECK(ok("min", {Big("-1e30"), N(0.1)}) == Big("-1e30"));
  CHECK(ok("max", {Big("9007199254740993"), Big("9007199254740992")}) == Big("9007199254740993"));
  CHECK(ok("min", {S("0.30"), N(0.3)}) == N(0.3));
  CHECK(ok("abs", {Big("-123456789012345678901234567890.5")}) ==
        Big("123456789012345678901234567890.5"));
  CHECK(ok("ceil", {Big("1e-400")}) == N(1));
  CHECK(ok("floor", {Big("-1e-400")}) == N(-1));
  CHECK(ok("floor", {Big("123456789012345678901234567890.99")}) ==
        Big("123456789012345678901234567890"));
  CHECK(ok("ceil", {S("-2.5")}) == N(-2));
  CHECK(ok("signum", {Big("-1e-400")}) == N(-1));
  CHECK(ok("signum", {Big("1e400")}) == N(1));
  CHECK(fails("ceil", {Big(std::string(100000, '9') + ".5")}) ==
        "ceil: the result has more than 100000 digits before the decimal point");
  CHECK(fails("max", {S("1e999999999")}) ==
        "max: argument 1 must be a number, got string \"1e999999999\", which has more than "
        "100000 digits before the decimal point");
}

TEST_CASE("pow is exact for whole exponents, and bounded") {
  CHECK(ok("pow", {N(2), N(100)}) == Big("1267650600228229401496703205376"));
  CHECK(ok("pow", {N(2), N(-10)}) == Big("0.0009765625"));
  CHECK(ok("pow", {N(10), N(-3)}) == N(0.001));
  CHECK(ok("pow", {N(1.1), N(2)}) == Big("1.21"));
  CHECK(ok("pow", {N(-2), N(63)}) == Big("-9223372036854775808"));
  CHECK(ok("pow", {N(0), N(0)}) == N(1));
  CHECK(ok("pow", {N(3), N(-1)}) == Big("0." + std::string(155, '3')));
  CHECK(ok("pow", {N(0.5), Big("1e9")}) == N(0));
  CHECK(fails("pow", {N(10), Big("1e9")}) ==
        "pow: the result has more than 100000 digits before the decimal point");
  CHECK(fails("pow", {N(0), N(-1)}) == "pow: zero to a negative power is not a finite number");
  CHECK(fails("pow", {N(-8), N(0.5)}) ==
        "pow: a negative number to a fractional power is not a real number");
}

TEST_CASE("log rounds to 155 significant digits and is exact when whole") {
  CHECK(ok("log", {N(1000), N(10)}) == N(3));
  CHECK(ok("log", {N(0.001), N(10)}) == N(-3));
  CHECK(ok("log", {N(8), N(2)}) == N(3));
  CHECK(ok("log", {Big("1e99999"), N(10)}) == N(99999));
  CHECK(fails("log", {N(0), N(10)}) == "log: the logarithm of zero is not a finite number");
  CHECK(fails("log", {N(-1), N(10)}) == "log: a negative number has no logarithm");
  CHECK(fails("log", {N(10), N(0)}) == "log: the base of a logarithm must be positive");
  CHECK(fails("log", {N(10), N(1)}) == "log: there are no logarithms in base 1");
}

TEST_CASE("parseint in bases 2 to 62") {
  CHECK(ok("parseint", {S("100"), N(10)}) == N(100));
  CHECK(ok("parseint", {S("FF"), N(16)}) == N(255));
  CHECK(ok("parseint", {S("ff"), N(16)}) == N(255));
  CHECK(ok("parseint", {S("-101"), N(2)}) == N(-5));
  CHECK(ok("parseint", {S("zZ"), N(62)}) == N(35 * 62 + 61));
  CHECK(ok("parseint", {S("-zz"), N(36)}) == N(-1295));
  CHECK(ok("parseint", {S("ffffffffffffffffffffffffffffffff"), N(16)}) ==
        Big("340282366920938463463374607431768211455"));
  CHECK(ok("parseint", {S("9007199254740993"), N(10)}) == Big("9007199254740993"));
  CHECK(fails("parseint", {S(std::string(400000, '1')), N(2)}) ==
        "parseint: cannot parse \"" + std::string(400000, '1') +
            "\" as a base 2 integer: it has more than 100000 digits before the decimal point");
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
  CHECK(ok("tonumber", {S("9007199254740993")}) == Big("9007199254740993"));
  CHECK(ok("tonumber", {S("0.1")}) == Big("0.1"));
  CHECK(ok("tonumber", {S("+.5")}) == N(0.5));
  CHECK(ok("tonumber", {S("1e400")}) == Big("1e400"));
  CHECK(fails("tonumber", {S("1e999999999")}) ==
        "tonumber: cannot convert \"1e999999999\" to a number: it has more than 100000 digits "
        "before the decimal point");
  CHECK(fails("tonumber", {S("1e-999999999")}) ==
        "tonumber: cannot convert \"1e-999999999\" to a number: it has more than 100000 digits "
        "after the decimal point");

  CHECK(ok("tostring", {N(42)}) == S("42"));
  CHECK(ok("tostring", {N(1.5)}) == S("1.5"));
  CHECK(ok("tostring", {Big("1e21")}) == S("1000000000000000000000"));
  CHECK(ok("tostring", {Big("-1.5e-7")}) == S("-0.00000015"));
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
  CHECK(ok("log", {N(50), N(10)}) ==
        Big("1.698970004336018804786261105275506973231810118537891458689572538872891810725575"
            "4905130727478818138279593155228085690046209052321188664764940003076662953044"));
  CHECK(ok("log", {N(16), N(2)}) == N(4));
  CHECK(ok("signum", {N(-13)}) == N(-1));
  CHECK(ok("signum", {N(0)}) == N(0));
  CHECK(ok("signum", {N(344)}) == N(1));
  CHECK(fails("log", {S("x"), N(2)}) == "log: argument 1 must be a number, got string \"x\"");
  CHECK(fails("signum", {}) == "signum: expects 1 argument, got 0; usage: signum(number)");
}

}  // namespace
}  // namespace infra::stdlib::testing
