// Tests of stdlib/yaml.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("yamldecode resolves scalars as Terraform does") {
  CHECK(ok("yamldecode", {S("hello: world")}) == O({{"hello", S("world")}}));
  CHECK(ok("yamldecode", {S("true")}) == B(true));
  CHECK(ok("yamldecode", {S("{a: &foo [1, 2, 3], b: *foo}")}) ==
        O({{"a", L({N(1), N(2), N(3)})}, {"b", L({N(1), N(2), N(3)})}}));
  CHECK(ok("yamldecode", {S("- 1\n- 'two'\n- yes\n- ~\n- 1.5\n- 0x1F\n- \"3\"")}) ==
        L({N(1), S("two"), B(true), Null(), N(1.5), N(31), S("3")}));
  CHECK(ok("yamldecode", {S("text: |\n  line one\n  line two\n")}) ==
        O({{"text", S("line one\nline two\n")}}));
  CHECK(ok("yamldecode", {S("")}) == Null());
  CHECK(ok("yamldecode", {S("1: a")}) == O({{"1", S("a")}}));
}

TEST_CASE("yaml numbers are exact at any size") {
  CHECK(ok("yamldecode", {S("- 123456789012345678901234567890\n- 0.1\n- 1.50\n- -0x1F\n- 0o17\n- 1e400")}) ==
        L({Big("123456789012345678901234567890"), Big("0.1"), N(1.5), N(-31), N(15), Big("1e400")}));
  CHECK(ok("yamldecode", {S("a: 0xffffffffffffffffffffffffffffffff")}) ==
        O({{"a", Big("340282366920938463463374607431768211455")}}));
  CHECK(ok("yamldecode", {S("a: 1_000")}) == O({{"a", S("1_000")}}));
  CHECK(fails("yamldecode", {S("a: 1e999999999")}) ==
        "yamldecode: invalid YAML: the number 1e999999999 has more than 100000 digits before the "
        "decimal point");
  CHECK(fails("yamldecode", {S("a: !!int 0x" + std::string(90000, 'f'))}).ends_with(
      "has more than 100000 digits before the decimal point"));
  CHECK(ok("yamlencode", {L({Big("1e21"), Big("0.1"), N(-5), Big("9007199254740993")})}) ==
        S("- 1000000000000000000000\n- 0.1\n- -5\n- 9007199254740993\n"));
}

TEST_CASE("yamldecode errors") {
  CHECK(fails("yamldecode", {S("a: [1, 2")}).starts_with("yamldecode: invalid YAML on line "));
  CHECK(fails("yamldecode", {S("a: 1\n---\nb: 2")}) ==
        "yamldecode: the string holds more than one YAML document");
  CHECK(fails("yamldecode", {S(".inf")}) ==
        "yamldecode: invalid YAML: the value .inf cannot be represented as a number");
  CHECK(fails("yamldecode", {S("[1]: a")}) ==
        "yamldecode: invalid YAML: a mapping key must be a string, number or bool");
  CHECK(fails("yamldecode", {L({})}) == "yamldecode: argument 1 must be a string, got list");
}

TEST_CASE("yamlencode writes block style with quoted strings") {
  CHECK(ok("yamlencode", {O({{"a", S("b")}, {"c", S("d")}})}) == S("\"a\": \"b\"\n\"c\": \"d\"\n"));
  CHECK(ok("yamlencode", {O({{"foo", L({N(1), N(2), N(3)})}, {"bar", S("baz")}})}) ==
        S("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"));
  CHECK(ok("yamlencode", {O({{"foo", L({N(1), O({{"a", S("b")}, {"c", S("d")}})})}})}) ==
        S("\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n"));
  CHECK(ok("yamlencode", {O({{"x", O({{"y", B(true)}, {"z", Null()}})}})}) ==
        S("\"x\":\n  \"y\": true\n  \"z\": null\n"));
  CHECK(ok("yamlencode", {L({L({N(1), N(2)}), L({})})}) == S("- - 1\n  - 2\n- []\n"));
  CHECK(ok("yamlencode", {S("a\"b\nc")}) == S("\"a\\\"b\\nc\"\n"));
  CHECK(ok("yamlencode", {O({})}) == S("{}\n"));
  // What yamlencode writes, yamldecode reads back.
  const Value v = O({{"k", L({S("yes"), N(2.5), O({{"n", Null()}})})}});
  CHECK(ok("yamldecode", {ok("yamlencode", {v})}) == v);
}

}  // namespace
}  // namespace infra::stdlib::testing
