// Tests of stdlib/types.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("sensitive, nonsensitive and issensitive") {
  CHECK(ok("sensitive", {S("x")}).is_sensitive());
  CHECK(ok("issensitive", {S("x").marked_sensitive()}) == B(true));
  CHECK(!ok("issensitive", {S("x").marked_sensitive()}).is_sensitive());
  CHECK(ok("issensitive", {S("x")}) == B(false));
  CHECK(ok("issensitive", {L({S("x").marked_sensitive()})}) == B(true));
  const Value plain = ok("nonsensitive", {L({S("x").marked_sensitive()}).marked_sensitive()});
  CHECK(plain == L({S("x")}));
  CHECK(!plain.contains_sensitive());
  CHECK(!ok("nonsensitive", {S("x")}).is_sensitive());
  // Unknown values: the marks still apply, and issensitive is known.
  CHECK(ok("issensitive", {Value::unknown()}) == B(false));
  CHECK(ok("issensitive", {Value::unknown().marked_sensitive()}) == B(true));
  const Value secret = ok("sensitive", {Value::unknown()});
  CHECK((secret.is_unknown() && secret.is_sensitive()));
  const Value shown = ok("nonsensitive", {Value::unknown().marked_sensitive()});
  CHECK((shown.is_unknown() && !shown.is_sensitive()));
  CHECK(fails("sensitive", {}) == "sensitive: expects 1 argument, got 0; usage: sensitive(value)");
}

TEST_CASE("tolist, toset and tomap") {
  CHECK(ok("tolist", {L({S("a"), S("b"), S("c")})}) == L({S("a"), S("b"), S("c")}));
  CHECK(ok("tolist", {L({S("a"), N(1), B(true), Null()})}) == L({S("a"), S("1"), S("true"), Null()}));
  CHECK(ok("toset", {L({S("c"), S("b"), S("b")})}) == L({S("b"), S("c")}));
  CHECK(ok("toset", {L({S("a"), N(1)})}) == L({S("1"), S("a")}));
  CHECK(ok("tomap", {O({{"a", N(1)}, {"b", S("x")}})}) == O({{"a", S("1")}, {"b", S("x")}}));
  CHECK(ok("tomap", {O({{"a", N(1)}})}) == O({{"a", N(1)}}));
  CHECK(fails("tolist", {O({})}) == "tolist: cannot convert object to list");
  CHECK(fails("toset", {S("a")}) == "toset: cannot convert string to set");
  CHECK(fails("tomap", {L({})}) == "tomap: cannot convert list to map");
  CHECK(fails("tolist", {L({S("a"), L({})})}) ==
        "tolist: all elements must have the same type, but there are lists among other values");
}

TEST_CASE("type describes the shape of a value") {
  CHECK(ok("type", {S("a")}) == S("string"));
  CHECK(ok("type", {N(1)}) == S("number"));
  CHECK(ok("type", {B(true)}) == S("bool"));
  CHECK(ok("type", {Null()}) == S("dynamic"));
  CHECK(ok("type", {L({S("a"), N(1)})}) == S("tuple([string, number])"));
  CHECK(ok("type", {O({{"a", N(1)}, {"b", L({})}})}) == S("object({a: number, b: tuple([])})"));
  CHECK(ok("type", {Value::unknown()}).is_unknown());
}

TEST_CASE("convert") {
  CHECK(ok("convert", {L({S("1"), N(2)}), S("list(number)")}) == L({N(1), N(2)}));
  CHECK(ok("convert", {O({{"a", N(1)}}), S("map(string)")}) == O({{"a", S("1")}}));
  CHECK(ok("convert", {L({N(2), N(1), N(2)}), S("set(number)")}) == L({N(1), N(2)}));
  CHECK(ok("convert", {S("true"), S("bool")}) == B(true));
  CHECK(ok("convert", {L({L({N(1)})}), S("list(list(string))")}) == L({L({S("1")})}));
  CHECK(ok("convert", {N(5), S("any")}) == N(5));
  // Numbers convert, compare and merge exactly.
  CHECK(ok("convert", {L({S("9007199254740993"), N(9007199254740992.0)}), S("set(number)")}) ==
        L({Big("9007199254740992"), Big("9007199254740993")}));
  CHECK(ok("convert", {L({Big("1e30"), S("0.10"), N(0.1)}), S("set(number)")}) ==
        L({N(0.1), Big("1e30")}));
  CHECK(ok("convert", {Big("1e21"), S("string")}) == S("1000000000000000000000"));
  CHECK(fails("convert", {S("x"), S("number")}) == "convert: cannot convert string to number");
  CHECK(fails("convert", {L({}), S("string")}) == "convert: cannot convert list to string");
  CHECK(fails("convert", {N(1), S("thing")}) ==
        "convert: unknown type \"thing\"; expected string, number, bool, any, list(T), set(T) or "
        "map(T)");
}

}  // namespace
}  // namespace infra::stdlib::testing
