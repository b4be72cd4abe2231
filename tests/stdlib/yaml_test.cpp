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
