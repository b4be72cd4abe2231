// Tests of stdlib/collections.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("length of lists, maps and strings") {
  CHECK(ok("length", {L({S("a"), S("b")})}) == N(2));
  CHECK(ok("length", {L({})}) == N(0));
  CHECK(ok("length", {O({{"a", N(1)}})}) == N(1));
  CHECK(ok("length", {S("héllo")}) == N(5));
  CHECK(fails("length", {N(5)}) ==
        "length: argument 1 must be a string, a list or a map, got number");
  CHECK(fails("length", {Null()}) ==
        "length: argument 1 must be a string, a list or a map, got null");
}

TEST_CASE("concat joins lists") {
  CHECK(ok("concat", {L({S("a")}), L({S("b"), S("c")})}) == L({S("a"), S("b"), S("c")}));
  CHECK(ok("concat", {}) == L({}));
  CHECK(fails("concat", {L({}), S("x")}) == "concat: argument 2 must be a list, got string");
}

TEST_CASE("contains and index compare structurally") {
  CHECK(ok("contains", {L({S("a"), S("b")}), S("b")}) == B(true));
  CHECK(ok("contains", {L({S("a"), S("b")}), S("c")}) == B(false));
  CHECK(ok("contains", {L({N(1)}), S("1")}) == B(false));
  CHECK(ok("contains", {L({L({N(1)})}), L({N(1)})}) == B(true));
  CHECK(ok("index", {L({S("a"), S("b"), S("c")}), S("b")}) == N(1));
  CHECK(ok("index", {L({N(0.1), Big("0.3")}), N(0.3)}) == N(1));
  CHECK(fails("index", {L({S("a")}), S("z")}) == "index: the value \"z\" is not in the list");
  CHECK(fails("contains", {S("abc"), S("a")}) ==
        "contains: argument 1 must be a list, got string");
}

TEST_CASE("keys and values in key order") {
  Value m = O({{"b", N(2)}, {"a", N(1)}});
  CHECK(ok("keys", {m}) == L({S("a"), S("b")}));
  CHECK(ok("values", {m}) == L({N(1), N(2)}));
  CHECK(ok("keys", {O({})}) == L({}));
  CHECK(fails("keys", {L({})}) == "keys: argument 1 must be a map, got list");
  CHECK(fails("values", {S("x")}) == "values: argument 1 must be a map, got string");
}

TEST_CASE("lookup with and without a default") {
  Value m = O({{"a", S("x")}});
  CHECK(ok("lookup", {m, S("a")}) == S("x"));
  CHECK(ok("lookup", {m, S("a"), S("none")}) == S("x"));
  CHECK(ok("lookup", {m, S("b"), S("none")}) == S("none"));
  CHECK(fails("lookup", {m, S("b")}) ==
        "lookup: the map has no key \"b\", and no default is given");
  CHECK(fails("lookup", {m}) ==
        "lookup: expects 2 to 3 arguments, got 1; usage: lookup(map, key, [default])");
}

TEST_CASE("merge: later maps win, nulls are skipped") {
  CHECK(ok("merge", {O({{"a", N(1)}, {"b", N(2)}}), Null(), O({{"b", N(3)}})}) ==
        O({{"a", N(1)}, {"b", N(3)}}));
  CHECK(ok("merge", {}) == O({}));
  CHECK(fails("merge", {O({}), L({})}) == "merge: argument 2 must be a map, got list");
}

TEST_CASE("element wraps around") {
  Value l = L({S("a"), S("b"), S("c")});
  CHECK(ok("element", {l, N(1)}) == S("b"));
  CHECK(ok("element", {l, N(4)}) == S("b"));
  CHECK(fails("element", {L({}), N(0)}) == "element: cannot take an element of an empty list");
  CHECK(fails("element", {l, N(-1)}) == "element: argument 2 must not be negative, got -1");
  CHECK(fails("element", {l, S("x")}) == "element: argument 2 must be a number, got string \"x\"");
  // 9007199254740993 is a multiple of 3 (as a double it would be 9007199254740992).
  CHECK(ok("element", {l, Big("9007199254740993")}) == S("a"));
  CHECK(ok("element", {l, N(1.0)}) == S("b"));
  CHECK(fails("element", {l, N(1.5)}) == "element: argument 2 must be a whole number, got 1.5");
  CHECK(fails("element", {l, Big("1e30")}) ==
        "element: argument 2 must be a whole number within 64 bits, got "
        "1000000000000000000000000000000");
}

TEST_CASE("distinct, flatten, reverse") {
  CHECK(ok("distinct", {L({S("a"), S("b"), S("a"), S("c")})}) == L({S("a"), S("b"), S("c")}));
  CHECK(ok("flatten", {L({L({S("a"), S("b")}), L({}), L({S("c"), L({S("d")})}), S("e")})}) ==
        L({S("a"), S("b"), S("c"), S("d"), S("e")}));
  CHECK(ok("reverse", {L({N(1), N(2), N(3)})}) == L({N(3), N(2), N(1)}));
  CHECK(fails("distinct", {O({})}) == "distinct: argument 1 must be a list, got object");
  CHECK(fails("flatten", {S("a")}) == "flatten: argument 1 must be a list, got string");
  CHECK(fails("reverse", {N(1)}) == "reverse: argument 1 must be a list, got number");
}

TEST_CASE("range in its three forms") {
  CHECK(ok("range", {N(3)}) == L({N(0), N(1), N(2)}));
  CHECK(ok("range", {N(1), N(4)}) == L({N(1), N(2), N(3)}));
  CHECK(ok("range", {N(10), N(0), N(-4)}) == L({N(10), N(6), N(2)}));
  CHECK(ok("range", {N(3), N(0)}) == L({N(3), N(2), N(1)}));
  CHECK(ok("range", {N(0), N(1), N(0.5)}) == L({N(0), N(0.5)}));
  CHECK(ok("range", {N(0)}) == L({}));
  CHECK(ok("range", {N(1), N(4), N(-1)}) == L({}));
  CHECK(fails("range", {N(0), N(1), N(0)}) == "range: the step must not be zero");
  CHECK(fails("range", {N(2000)}) ==
        "range: more than 1024 numbers; use a smaller range or a larger step");
  CHECK(fails("range", {Big("1e300")}) ==
        "range: more than 1024 numbers; use a smaller range or a larger step");
  CHECK(ok("range", {N(0.1), N(0.5), N(0.1)}) == L({N(0.1), N(0.2), N(0.3), N(0.4)}));
  CHECK(ok("range", {Big("9007199254740993"), Big("9007199254740996")}) ==
        L({Big("9007199254740993"), Big("9007199254740994"), Big("9007199254740995")}));
  CHECK(ok("range", {N(1), N(0), N(-0.25)}) == L({N(1), N(0.75), N(0.5), N(0.25)}));
  CHECK(fails("range", {}) ==
        "range: expects 1 to 3 arguments, got 0; usage: range(start_or_limit, [limit], [step])");
}

TEST_CASE("slice takes the elements from start up to, not including, end") {
  Value l = L({S("a"), S("b"), S("c"), S("d")});
  CHECK(ok("slice", {l, N(1), N(3)}) == L({S("b"), S("c")}));
  CHECK(ok("slice", {l, N(0), N(0)}) == L({}));
  CHECK(ok("slice", {l, N(0), N(4)}) == l);
  CHECK(fails("slice", {l, N(-1), N(2)}) == "slice: the start index must not be negative, got -1");
  CHECK(fails("slice", {l, N(1), N(5)}) ==
        "slice: the end index 5 is past the end of the list (length 4)");
  CHECK(fails("slice", {l, N(3), N(2)}) ==
        "slice: the start index 3 is greater than the end index 2");
  CHECK(ok("slice", {l, N(1.0), S("2")}) == L({S("b")}));
  CHECK(fails("slice", {l, N(0.5), N(2)}) == "slice: argument 2 must be a whole number, got 0.5");
}

TEST_CASE("zipmap pairs keys with values") {
  CHECK(ok("zipmap", {L({S("a"), S("b")}), L({N(1), N(2)})}) == O({{"a", N(1)}, {"b", N(2)}}));
  CHECK(fails("zipmap", {L({S("a")}), L({})}) == "zipmap: there are 1 keys but 0 values");
  CHECK(fails("zipmap", {L({L({})}), L({N(1)})}) ==
        "zipmap: argument 1 must be a list of strings, but element 0 is list");
}

TEST_CASE("coalesce and compact skip nulls and empty strings") {
  CHECK(ok("coalesce", {Null(), S(""), S("b"), S("c")}) == S("b"));
  CHECK(ok("coalesce", {N(0), N(1)}) == N(0));
  CHECK(fails("coalesce", {Null(), S("")}) ==
        "coalesce: every argument is null or an empty string");
  CHECK(ok("compact", {L({S("a"), S(""), Null(), S("b")})}) == L({S("a"), S("b")}));
  CHECK(fails("compact", {L({O({})})}) ==
        "compact: argument 1 must be a list of strings, but element 0 is object");
}

TEST_CASE("sort orders strings lexicographically") {
  CHECK(ok("sort", {L({S("b"), S("a"), S("10"), S("9")})}) == L({S("10"), S("9"), S("a"), S("b")}));
  CHECK(ok("sort", {L({N(3), N(20)})}) == L({S("20"), S("3")}));
  CHECK(fails("sort", {L({S("a"), Null()})}) ==
        "sort: argument 1 must be a list of strings, but element 1 is null");
}

}  // namespace
}  // namespace infra::stdlib::testing
