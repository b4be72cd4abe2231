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

TEST_CASE("format errors name the verb") {
  CHECK(fails("format", {S("%s %s"), S("a")}) ==
        "format: verb 2 (%s) needs value 2, but 1 is given");
  CHECK(fails("format", {S("%s"), S("a"), S("b")}) ==
        "format: value 2 is not used by the spec; it has 1 verb");
  CHECK(fails("format", {S("%d"), N(1.5)}) ==
        "format: verb 1 (%d) needs a whole number, got number");
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
