// Tests of stdlib/encoding.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("jsonencode writes compact JSON with sorted keys") {
  CHECK(ok("jsonencode", {O({{"b", L({N(1), B(true)})}, {"a", S("x")}})}) ==
        S(R"({"a":"x","b":[1,true]})"));
  CHECK(ok("jsonencode", {Null()}) == S("null"));
  CHECK(ok("jsonencode", {N(1.5)}) == S("1.5"));
  CHECK(ok("jsonencode", {N(-3)}) == S("-3"));
  CHECK(ok("jsonencode", {S("a\"b\\c\n\t")}) == S(R"("a\"b\\c\n\t")"));
  CHECK(ok("jsonencode", {S("<a>&\x01")}) == S(R"("\u003ca\u003e\u0026\u0001")"));
  CHECK(ok("jsonencode", {S("é\u2028")}) == S("\"é\\u2028\""));
}

TEST_CASE("jsonencode writes numbers exactly, without an exponent") {
  CHECK(ok("jsonencode", {Big("9007199254740993")}) == S("9007199254740993"));
  CHECK(ok("jsonencode", {Big("1e30")}) == S("1000000000000000000000000000000"));
  CHECK(ok("jsonencode", {Big("-0.1")}) == S("-0.1"));
  CHECK(ok("jsonencode", {Big("1.5e-7")}) == S("0.00000015"));
  CHECK(ok("jsonencode", {L({Big("123456789012345678901234567890.5")})}) ==
        S("[123456789012345678901234567890.5]"));
}

TEST_CASE("jsondecode reads any JSON") {
  CHECK(ok("jsondecode", {S(R"({"a": [1, 2.5, "x", true, null], "b": {}})")}) ==
        O({{"a", L({N(1), N(2.5), S("x"), B(true), Null()})}, {"b", O({})}}));
  CHECK(ok("jsondecode", {S("\"hi\"")}) == S("hi"));
  CHECK(ok("jsondecode", {S("42")}) == N(42));
  CHECK(ok("jsondecode", {S("[[[]], {\"a\": {\"b\": null}}]")}) ==
        L({L({L({})}), O({{"a", O({{"b", Null()}})}})}));
  CHECK(ok("jsondecode", {S(R"({"a": 1, "a": 2})")}) == O({{"a", N(2)}}));
  CHECK(fails("jsondecode", {S("{x")}).starts_with("jsondecode: the string is not valid JSON: "));
  CHECK(fails("jsondecode", {L({})}) == "jsondecode: argument 1 must be a string, got list");
}

TEST_CASE("jsondecode keeps numbers exact at any size") {
  CHECK(ok("jsondecode", {S("9007199254740993")}) == Big("9007199254740993"));
  CHECK(ok("jsondecode", {S("-9223372036854775809")}) == Big("-9223372036854775809"));
  CHECK(ok("jsondecode", {S("18446744073709551615")}) == Big("18446744073709551615"));
  CHECK(ok("jsondecode", {S("123456789012345678901234567890")}) ==
        Big("123456789012345678901234567890"));
  CHECK(ok("jsondecode", {S("[0.1, 1.50, -0.0, 1E+3]")}) ==
        L({Big("0.1"), N(1.5), N(0), N(1000)}));
  CHECK(ok("jsondecode", {S("1e400")}) == Big("1e400"));
  CHECK(ok("jsondecode", {S("1e-400")}) == Big("1e-400"));
  // Beyond the JSON reader's floating point range, and beyond the limits of numbers.
  CHECK(fails("jsondecode", {S("1e5000")}) ==
        "jsondecode: the string is not valid JSON: number overflow parsing '1e5000'");
  CHECK(fails("jsondecode", {S("[1e-100001]")}) ==
        "jsondecode: the string is not valid JSON: the number 1e-100001 has more than 100000 "
        "digits after the decimal point");
  CHECK(ok("jsondecode", {S(std::string(4001, '9'))}) == Big(std::string(4001, '9')));
}

TEST_CASE("jsonencode and jsondecode round-trip") {
  Value v = O({{"list", L({N(1), S("two"), Null()})}, {"nested", O({{"x", B(false)}})}});
  CHECK(ok("jsondecode", {ok("jsonencode", {v})}) == v);
}

TEST_CASE("base64encode and base64decode") {
  CHECK(ok("base64encode", {S("Hello")}) == S("SGVsbG8="));
  CHECK(ok("base64encode", {S("")}) == S(""));
  CHECK(ok("base64encode", {S("ab")}) == S("YWI="));
  CHECK(ok("base64encode", {S("abc")}) == S("YWJj"));
  CHECK(ok("base64encode", {S("a")}) == S("YQ=="));
  CHECK(ok("base64decode", {S("SGVsbG8=")}) == S("Hello"));
  CHECK(ok("base64decode", {S("YQ==")}) == S("a"));
  CHECK(ok("base64decode", {S("YWJj")}) == S("abc"));
  CHECK(ok("base64decode", {S("")}) == S(""));
  CHECK(ok("base64decode", {ok("base64encode", {S("héllo wörld")})}) == S("héllo wörld"));
  CHECK(fails("base64decode", {S("SGVsbG8")}) ==
        "base64decode: the string is not valid base64: its length 7 is not a multiple of 4");
  CHECK(fails("base64decode", {S("SG!s")}) ==
        "base64decode: the string is not valid base64: unexpected '!' at offset 2");
  CHECK(fails("base64decode", {S("S=Vs")}) ==
        "base64decode: the string is not valid base64: unexpected '=' at offset 1");
  CHECK(fails("base64decode", {S("/w==")}) ==
        "base64decode: the decoded bytes are not valid UTF-8; base64decode only returns text");
}

TEST_CASE("urlencode escapes for a query string") {
  CHECK(ok("urlencode", {S("a b&c")}) == S("a+b%26c"));
  CHECK(ok("urlencode", {S("Hello-World_1.0~")}) == S("Hello-World_1.0~"));
  CHECK(ok("urlencode", {S("é/?=")}) == S("%C3%A9%2F%3F%3D"));
  CHECK(fails("urlencode", {O({})}) == "urlencode: argument 1 must be a string, got object");
}

}  // namespace
}  // namespace infra::stdlib::testing
