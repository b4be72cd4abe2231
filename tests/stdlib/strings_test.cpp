// Tests of stdlib/strings.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("upper and lower change case, also beyond ASCII") {
  CHECK(ok("upper", {S("hello, wörld")}) == S("HELLO, WÖRLD"));
  CHECK(ok("lower", {S("HELLO, WÖRLD")}) == S("hello, wörld"));
  CHECK(ok("upper", {N(5)}) == S("5"));  // a number converts to a string
  CHECK(fails("upper", {L({})}) == "upper: argument 1 must be a string, got list");
  CHECK(fails("lower", {Null()}) == "lower: argument 1 must be a string, got null");
}

TEST_CASE("title capitalises each word") {
  CHECK(ok("title", {S("hello world")}) == S("Hello World"));
  CHECK(ok("title", {S("hello-world_x éclair")}) == S("Hello-World_x Éclair"));
  CHECK(fails("title", {O({})}) == "title: argument 1 must be a string, got object");
}

TEST_CASE("trimspace, trim, trimprefix and trimsuffix") {
  CHECK(ok("trimspace", {S(" \t hello \n")}) == S("hello"));
  CHECK(ok("trimspace", {S("\u00a0x\u2003")}) == S("x"));
  CHECK(ok("trimspace", {S("   ")}) == S(""));
  CHECK(ok("trim", {S("?!hello?!"), S("!?")}) == S("hello"));
  CHECK(ok("trim", {S("ééaéé"), S("é")}) == S("a"));
  CHECK(ok("trimprefix", {S("helloworld"), S("hello")}) == S("world"));
  CHECK(ok("trimprefix", {S("helloworld"), S("cat")}) == S("helloworld"));
  CHECK(ok("trimsuffix", {S("helloworld"), S("world")}) == S("hello"));
  CHECK(ok("trimsuffix", {S("helloworld"), S("cat")}) == S("helloworld"));
  CHECK(fails("trim", {S("x"), L({})}) == "trim: argument 2 must be a string, got list");
  CHECK(fails("trimprefix", {S("x")}) ==
        "trimprefix: expects 2 arguments, got 1; usage: trimprefix(string, prefix)");
}

TEST_CASE("replace with a plain substring") {
  CHECK(ok("replace", {S("1 + 2 + 3"), S("+"), S("-")}) == S("1 - 2 - 3"));
  CHECK(ok("replace", {S("aaa"), S("aa"), S("b")}) == S("ba"));
  CHECK(ok("replace", {S("abc"), S(""), S("-")}) == S("-a-b-c-"));
  CHECK(ok("replace", {S("abc"), S("x"), S("y")}) == S("abc"));
  CHECK(ok("replace", {S("a/b"), S("/"), S("|")}) == S("a|b"));  // one slash is plain
}

TEST_CASE("replace with a regular expression") {
  CHECK(ok("replace", {S("hello world"), S("/w(or)ld/"), S("$1")}) == S("hello or"));
  CHECK(ok("replace", {S("a1b22c333"), S("/[0-9]+/"), S("#")}) == S("a#b#c#"));
  CHECK(ok("replace", {S("john smith"), S("/(\\w+) (\\w+)/"), S("${2}, ${1}")}) ==
        S("smith, john"));
  CHECK(fails("replace", {S("x"), S("/(/"), S("")}).starts_with(
      "replace: invalid regular expression /(/: "));
}

TEST_CASE("split and join") {
  CHECK(ok("split", {S(","), S("a,b,c")}) == L({S("a"), S("b"), S("c")}));
  CHECK(ok("split", {S(","), S("")}) == L({S("")}));
  CHECK(ok("split", {S(", "), S("a, b,")}) == L({S("a"), S("b,")}));
  CHECK(ok("split", {S(""), S("hé")}) == L({S("h"), S("é")}));
  CHECK(ok("join", {S(", "), L({S("a"), S("b"), S("c")})}) == S("a, b, c"));
  CHECK(ok("join", {S("-"), L({S("a")}), L({}), L({S("b"), N(1), B(true)})}) ==
        S("a-b-1-true"));
  CHECK(ok("join", {S(","), L({})}) == S(""));
  CHECK(fails("join", {S(","), N(5)}) == "join: argument 2 must be a list of strings, got number");
  CHECK(fails("join", {S(","), L({S("a"), L({})})}) ==
        "join: argument 2 must be a list of strings, but element 1 is list");
  CHECK(fails("join", {S(",")}) ==
        "join: expects at least 2 arguments, got 1; usage: join(separator, list, lists...)");
  CHECK(fails("split", {S(","), L({})}) == "split: argument 2 must be a string, got list");
}

TEST_CASE("substr counts characters, from the end when negative") {
  CHECK(ok("substr", {S("hello world"), N(1), N(4)}) == S("ello"));
  CHECK(ok("substr", {S("hello world"), N(-5), N(-1)}) == S("world"));
  CHECK(ok("substr", {S("hello"), N(2), N(100)}) == S("llo"));
  CHECK(ok("substr", {S("hello"), N(10), N(1)}) == S(""));
  CHECK(ok("substr", {S("héllo"), N(1), N(2)}) == S("él"));
  CHECK(ok("substr", {S("hello"), N(-10), N(2)}) == S("he"));
  CHECK(fails("substr", {S("hello"), N(1.5), N(1)}) ==
        "substr: argument 2 must be a whole number, got 1.5");
  CHECK(fails("substr", {S("hello"), N(0), N(-2)}) ==
        "substr: the length must not be less than -1, got -2");
}

TEST_CASE("strrev, startswith, endswith") {
  CHECK(ok("strrev", {S("hello")}) == S("olleh"));
  CHECK(ok("strrev", {S("añb")}) == S("bña"));
  CHECK(ok("startswith", {S("hello world"), S("hello")}) == B(true));
  CHECK(ok("startswith", {S("hello world"), S("world")}) == B(false));
  CHECK(ok("endswith", {S("hello world"), S("world")}) == B(true));
  CHECK(ok("endswith", {S("hello world"), S("hello")}) == B(false));
  CHECK(fails("startswith", {L({}), S("x")}) ==
        "startswith: argument 1 must be a string, got list");
  CHECK(fails("strrev", {}) == "strrev: expects 1 argument, got 0; usage: strrev(string)");
}

TEST_CASE("chomp removes trailing newlines only") {
  CHECK(ok("chomp", {S("hello\n")}) == S("hello"));
  CHECK(ok("chomp", {S("hello\r\n\n")}) == S("hello"));
  CHECK(ok("chomp", {S("he\nllo")}) == S("he\nllo"));
  CHECK(fails("chomp", {B(true), B(false)}) ==
        "chomp: expects 1 argument, got 2; usage: chomp(string)");
}

TEST_CASE("indent indents every line but the first") {
  CHECK(ok("indent", {N(2), S("a\nb\nc")}) == S("a\n  b\n  c"));
  CHECK(ok("indent", {N(0), S("a\nb")}) == S("a\nb"));
  CHECK(ok("indent", {N(1), S("a")}) == S("a"));
  CHECK(fails("indent", {N(-1), S("a")}) == "indent: argument 1 must not be negative, got -1");
  CHECK(fails("indent", {S("x"), S("a")}) ==
        "indent: argument 1 must be a number, got string \"x\"");
}

}  // namespace
}  // namespace infra::stdlib::testing
