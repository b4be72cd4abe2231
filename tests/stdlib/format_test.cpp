// Tests of stdlib/format.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("format with each verb") {
  CHECK(ok("format", {S("Hello, %s!"), S("Ander")}) == S("Hello, Ander!"));
  CHECK(ok("format", {S("%s %s"), N(1.5), B(true)}) == S("1.5 true"));
  CHECK(ok("format", {S("%d items"), N(42)}) == S("42 items"));
  CHECK(ok("format", {S("%d"), S("7")}) == S("7"));
  CHECK(ok("format", {S("%f"), N(3.14159)}) == S("3.141590"));
  CHECK(ok("format", {S("%.2f"), N(3.14159)}) == S("3.14"));
  CHECK(ok("format", {S("%q"), S("a\"b")}) == S(R"("a\"b")"));
  CHECK(ok("format", {S("%v %v %v"), S("s"), N(2), Null()}) == S("s 2 null"));
  CHECK(ok("format", {S("%v"), L({N(1), S("a")})}) == S(R"([1,"a"])"));
  CHECK(ok("format", {S("%v"), O({{"k", B(true)}})}) == S(R"({"k":true})"));
  CHECK(ok("format", {S("100%%")}) == S("100%"));
  CHECK(ok("format", {S("%t"), B(false)}) == S("false"));
  CHECK(ok("format", {S("%x %X %o"), N(255), N(255), N(8)}) == S("ff FF 10"));
  CHECK(ok("format", {S("%x"), N(-255)}) == S("-ff"));
  CHECK(ok("format", {S("%e"), N(1500)}) == S("1.500000e+03"));
}

TEST_CASE("format flags, width, precision and explicit indexes") {
  CHECK(ok("format", {S("%03d|%-4s|%.1f"), N(7), S("ab"), N(3.14159)}) == S("007|ab  |3.1"));
  CHECK(ok("format", {S("%5s|%-5s|"), S("é"), S("é")}) == S("    é|é    |"));
  CHECK(ok("format", {S("%.2s"), S("héllo")}) == S("hé"));
  CHECK(ok("format", {S("%+d"), N(5)}) == S("+5"));
  CHECK(ok("format", {S("%[2]s %[1]s"), S("a"), S("b")}) == S("b a"));
}

TEST_CASE("format writes numbers exactly at any size, as Terraform") {
  // Integer verbs.
  CHECK(ok("format", {S("%d"), Big("9007199254740993")}) == S("9007199254740993"));
  CHECK(ok("format", {S("%d"), Big("1e30")}) == S("1000000000000000000000000000000"));
  CHECK(ok("format", {S("%d"), S("123456789012345678901234567890")}) ==
        S("123456789012345678901234567890"));
  CHECK(ok("format", {S("%X"), Big("1e30")}) == S("C9F2C9CD04674EDEA40000000"));
  CHECK(ok("format", {S("%b %o"), N(5), N(8)}) == S("101 10"));
  CHECK(ok("format", {S("%#x %#X %#o %#b"), N(255), N(255), N(8), N(5)}) ==
        S("0xff 0XFF 010 0b101"));
  CHECK(ok("format", {S("%.5d|%010d|%-8d|%+x|% d"), N(42), N(-42), N(42), N(255), N(5)}) ==
        S("00042|-000000042|42      |+ff| 5"));
  CHECK(ok("format", {S("%.0d|%5.0d|"), N(0), N(0)}) == S("||"));
  CHECK(ok("format", {S("%08.3d"), N(7)}) == S("     007"));
  CHECK(ok("format", {S("%d"), N(1.0)}) == S("1"));
  // Float verbs.
  CHECK(ok("format", {S("%f"), Big("1e400")}) == S("1" + std::string(400, '0') + ".000000"));
  CHECK(ok("format", {S("%f"), Big("1e-7")}) == S("0.000000"));
  CHECK(ok("format", {S("%.20f"), N(0.1)}) == S("0.10000000000000000000"));
  CHECK(ok("format", {S("%.3f"), Big("2.0005")}) == S("2.000"));  // exact tie: half to even
  CHECK(ok("format", {S("%.3f"), Big("2.0015")}) == S("2.002"));
  CHECK(ok("format", {S("%.0f %.0f %.0f"), N(0.5), N(1.5), N(2.5)}) == S("0 2 2"));
  CHECK(ok("format", {S("%.0f"), N(-0.4)}) == S("-0"));
  CHECK(ok("format", {S("%.1f"), N(0.96)}) == S("1.0"));
  CHECK(ok("format", {S("%.2f"), N(-0.001)}) == S("-0.00"));
  CHECK(ok("format", {S("%08.3f|%-9.2f|%+.1f"), N(-3.14159), N(2.5), N(1)}) ==
        S("-003.142|2.50     |+1.0"));
  CHECK(ok("format", {S("%e"), Big("1e400")}) == S("1.000000e+400"));
  CHECK(ok("format", {S("%e"), Big("1e-400")}) == S("1.000000e-400"));
  CHECK(ok("format", {S("%.2e|%E|%e"), Big("0." + std::string(155, '3')), N(12345.678), N(0)}) ==
        S("3.33e-01|1.234568E+04|0.000000e+00"));
  CHECK(ok("format", {S("%.0e %.0e"), N(15), N(25)}) == S("2e+01 2e+01"));
  CHECK(ok("format", {S("%+.2e"), N(12345)}) == S("+1.23e+04"));
  CHECK(ok("format", {S("%g %g %g %g"), N(100000), N(1e6), N(123456789), N(0.0001)}) ==
        S("100000 1e+06 1.23456789e+08 0.0001"));
  CHECK(ok("format", {S("%g|%g|%G"), N(1e-5), N(0), Big("1e21")}) == S("1e-05|0|1E+21"));
  CHECK(ok("format", {S("%g"), Big("1e400")}) == S("1e+400"));
  CHECK(ok("format", {S("%g"), Big("9007199254740993")}) == S("9.007199254740993e+15"));
  CHECK(ok("format", {S("%.3g|%.3g|%.10g"), N(1234.5), N(1.0), Big("0." + std::string(155, '3'))}) ==
        S("1.23e+03|1|0.3333333333"));
  CHECK(ok("format", {S("%5.1g|"), N(0.000012345)}) == S("1e-05|"));
  CHECK(ok("format", {S("%.0g"), N(7.5)}) == S("8"));
  // %v writes numbers as %g does, in the shortest form.
  CHECK(ok("format", {S("%v %v %v"), Big("1e21"), N(1000000), N(-0.5)}) == S("1e+21 1e+06 -0.5"));
  CHECK(ok("format", {S("%v"), Big("0." + std::string(155, '3'))}) ==
        S("0." + std::string(155, '3')));
  CHECK(ok("format", {S("%s %q"), Big("1e21"), Big("1e21")}) ==
        S("1000000000000000000000 \"1000000000000000000000\""));
  // A 10,000-digit number, and the widest width and precision a spec can ask for.
  const std::string digits(10000, '7');
  CHECK(ok("format", {S("%d"), Big(digits)}) == S(digits));
  CHECK(ok("format", {S("%.3e"), Big(digits)}) == S("7.778e+9999"));
  CHECK(ok("format", {S("%g"), Big(digits)}) == S("7." + std::string(9999, '7') + "e+9999"));
  CHECK(ok("format", {S("%.9999f"), N(1)}).as_string().size() == 10001);
  CHECK(ok("format", {S("%9999d"), N(1)}).as_string().size() == 9999);
}

TEST_CASE("format errors name the verb") {
  CHECK(fails("format", {S("%s %s"), S("a")}) ==
        "format: verb 2 (%s) needs value 2, but 1 is given");
  CHECK(fails("format", {S("%s"), S("a"), S("b")}) ==
        "format: value 2 is not used by the spec; it has 1 verb");
  CHECK(fails("format", {S("%d"), N(1.5)}) ==
        "format: verb 1 (%d) needs a whole number, got number");
  CHECK(fails("format", {S("%x"), S("1e999999999")}) ==
        "format: verb 1 (%x) needs a whole number, got string");
  CHECK(fails("format", {S("%f"), B(true)}) == "format: verb 1 (%f) needs a number, got bool");
  CHECK(fails("format", {S("%s"), L({})}) == "format: verb 1 (%s) needs a string, got list");
  CHECK(fails("format", {S("%s"), Null()}) == "format: verb 1 (%s) needs a value, got null");
  CHECK(fails("format", {S("%y"), N(1)}) == "format: verb 1 (%y) is not a known verb");
  CHECK(fails("format", {S("50%")}) == "format: the spec ends with a lone %");
  CHECK(fails("format", {S("%[x]s"), N(1)}) ==
        "format: verb 1 has an invalid value index; write it as [N] with N from 1");
  CHECK(fails("format", {}) ==
        "format: expects at least 1 argument, got 0; usage: format(spec, values...)");
}

TEST_CASE("formatlist formats element by element") {
  CHECK(ok("formatlist", {S("Hello, %s!"), L({S("Valentina"), S("Ander")})}) ==
        L({S("Hello, Valentina!"), S("Hello, Ander!")}));
  CHECK(ok("formatlist", {S("%s, %s!"), S("Salutations"), L({S("Olivia")})}) ==
        L({S("Salutations, Olivia!")}));
  CHECK(ok("formatlist", {S("%d"), N(1)}) == L({S("1")}));
  CHECK(ok("formatlist", {S("%s"), L({})}) == L({}));
  CHECK(fails("formatlist", {S("%s %s"), L({S("a")}), L({S("b"), S("c")})}) ==
        "formatlist: argument 3 has length 2, which is inconsistent with argument 2 of length 1");
  CHECK(fails("formatlist", {S("%d"), L({S("x")})}).starts_with("formatlist: "));
}

TEST_CASE("strcontains") {
  CHECK(ok("strcontains", {S("hello world"), S("wor")}) == B(true));
  CHECK(ok("strcontains", {S("hello world"), S("wod")}) == B(false));
  CHECK(fails("strcontains", {S("a"), L({})}) == "strcontains: argument 2 must be a string, got list");
}

}  // namespace
}  // namespace infra::stdlib::testing
