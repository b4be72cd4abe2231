// Tests of stdlib/regex.cpp (regex, regexall, and replace with /pattern/).
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("regex returns the match, the groups or the named groups") {
  CHECK(ok("regex", {S("[a-z]+"), S("53453453.345345aaabbbccc23454")}) == S("aaabbbccc"));
  CHECK(ok("regex", {S("^(\\d+)-(\\d+)$"), S("10-20")}) == L({S("10"), S("20")}));
  CHECK(ok("regex", {S("(?P<year>\\d{4})-(?P<month>\\d{2})-(?P<day>\\d{2})"), S("2019-02-01")}) ==
        O({{"day", S("01")}, {"month", S("02")}, {"year", S("2019")}}));
  CHECK(ok("regex", {S("a(x)?b"), S("ab")}) == L({Null()}));
  CHECK(ok("regex", {S("é+"), S("aééb")}) == S("éé"));
}

TEST_CASE("regex errors") {
  CHECK(fails("regex", {S("[a-z]+"), S("1234")}) ==
        "regex: the pattern did not match any part of the string");
  CHECK(fails("regex", {S("(?P<a>x)(y)"), S("xy")}) ==
        "regex: invalid regular expression /(?P<a>x)(y)/: it must not mix named and unnamed "
        "capture groups");
  CHECK(fails("regex", {S("(a"), S("a")}).starts_with("regex: invalid regular expression /(a/: "));
  // RE2 syntax: no backreferences.
  CHECK(fails("regex", {S("(a)\\1"), S("aa")}).starts_with("regex: invalid regular expression"));
  CHECK(fails("regex", {L({}), S("a")}) == "regex: argument 1 must be a string, got list");
  CHECK(fails("regex", {S("a")}) ==
        "regex: expects 2 arguments, got 1; usage: regex(pattern, string)");
}

TEST_CASE("regexall returns every match") {
  CHECK(ok("regexall", {S("[a-z]+"), S("1234abcd5678efgh9")}) == L({S("abcd"), S("efgh")}));
  CHECK(ok("regexall", {S("[a-z]+"), S("1234")}) == L({}));
  CHECK(ok("regexall", {S("(\\w)=(\\d)"), S("a=1 b=2")}) ==
        L({L({S("a"), S("1")}), L({S("b"), S("2")})}));
  CHECK(ok("regexall", {S("x*"), S("ab")}) == L({S(""), S(""), S("")}));
  CHECK(fails("regexall", {S("*"), S("a")}).starts_with("regexall: invalid regular expression"));
}

TEST_CASE("replace with RE2 groups by number and by name") {
  CHECK(ok("replace", {S("2019-02-01"), S("/(?P<y>\\d+)-(\\d+)-(\\d+)/"), S("$3.$2.${y}")}) ==
        S("01.02.2019"));
  CHECK(ok("replace", {S("abc"), S("/b/"), S("$$")}) == S("a$c"));
  CHECK(ok("replace", {S("abc"), S("/(b)/"), S("$1x")}) == S("ac"));  // $1x names group "1x"
  CHECK(ok("replace", {S("abc"), S("/x*/"), S("-")}) == S("-a-b-c-"));
}

}  // namespace
}  // namespace infra::stdlib::testing
