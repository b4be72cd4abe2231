// Tests of stdlib/sets.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("setunion, setintersection and setsubtract") {
  CHECK(ok("setunion", {L({S("a"), S("b")}), L({S("b"), S("c")}), L({S("d")})}) ==
        L({S("a"), S("b"), S("c"), S("d")}));
  CHECK(ok("setunion", {L({N(10), N(2)}), L({N(2)})}) == L({N(2), N(10)}));
  CHECK(ok("setunion", {L({N(0.3), Big("1e30")}), L({Big("0.30"), Big("-1e-30")})}) ==
        L({Big("-1e-30"), N(0.3), Big("1e30")}));
  CHECK(ok("setintersection", {L({Big("9007199254740993")}), L({Big("9007199254740992")})}) ==
        L({}));
  CHECK(ok("setintersection", {L({S("a"), S("b")}), L({S("b"), S("c")}), L({S("b"), S("d")})}) ==
        L({S("b")}));
  CHECK(ok("setintersection", {L({S("a")})}) == L({S("a")}));
  CHECK(ok("setsubtract", {L({S("a"), S("b"), S("c")}), L({S("a"), S("c")})}) == L({S("b")}));
  CHECK(ok("setsubtract", {L({S("c"), S("b"), S("b")}), L({})}) == L({S("b"), S("c")}));
  CHECK(fails("setunion", {L({}), S("a")}) == "setunion: argument 2 must be a list, got string");
  CHECK(fails("setintersection", {}) ==
        "setintersection: expects at least 1 argument, got 0; usage: setintersection(set, sets...)");
  CHECK(fails("setsubtract", {L({})}) ==
        "setsubtract: expects 2 arguments, got 1; usage: setsubtract(a, b)");
}

TEST_CASE("setproduct") {
  CHECK(ok("setproduct", {L({S("development"), S("staging")}), L({S("app1"), S("app2")})}) ==
        L({L({S("development"), S("app1")}), L({S("development"), S("app2")}),
           L({S("staging"), S("app1")}), L({S("staging"), S("app2")})}));
  CHECK(ok("setproduct", {L({S("a")}), L({})}) == L({}));
  CHECK(fails("setproduct", {L({})}) == "setproduct: at least two arguments are required");
  CHECK(fails("setproduct", {L({}), N(1)}) == "setproduct: argument 2 must be a list, got number");
}

}  // namespace
}  // namespace infra::stdlib::testing
