// Tests of stdlib/time.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("formatdate") {
  const Value t = S("2018-01-02T23:12:01Z");
  CHECK(ok("formatdate", {S("DD MMM YYYY hh:mm ZZZ"), t}) == S("02 Jan 2018 23:12 UTC"));
  CHECK(ok("formatdate", {S("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), t}) ==
        S("Tuesday, 02-Jan-18 23:12:01 UTC"));
  CHECK(ok("formatdate", {S("EEE, DD MMM YYYY hh:mm:ss ZZZ"), S("2018-01-02T23:12:01-08:00")}) ==
        S("Tue, 02 Jan 2018 23:12:01 -0800"));
  CHECK(ok("formatdate", {S("MMM DD, YYYY"), t}) == S("Jan 02, 2018"));
  CHECK(ok("formatdate", {S("HH:mmaa"), t}) == S("11:12pm"));
  CHECK(ok("formatdate", {S("h 'o''clock'"), t}) == S("23 o'clock"));
  CHECK(ok("formatdate", {S("D/M/YYYY Z ZZZZZ"), S("2024-02-29T00:00:00.5+05:30")}) ==
        S("29/2/2024 +05:30 +05:30"));
  CHECK(fails("formatdate", {S("YYY"), t}) == "formatdate: invalid date format verb \"YYY\"");
  CHECK(fails("formatdate", {S("'x"), t}) == "formatdate: unterminated literal '");
  CHECK(fails("formatdate", {S("YYYY"), S("2018-01-02")}) ==
        "formatdate: \"2018-01-02\" is not a valid RFC 3339 timestamp");
  CHECK(fails("formatdate", {S("YYYY"), S("2018-02-30T00:00:00Z")}) ==
        "formatdate: \"2018-02-30T00:00:00Z\" is not a valid RFC 3339 timestamp");
}

TEST_CASE("timeadd") {
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("10m")}) == S("2017-11-22T00:10:00Z"));
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("-1h30m")}) == S("2017-11-21T22:30:00Z"));
  CHECK(ok("timeadd", {S("2017-12-31T23:59:59+01:00"), S("1.5s")}) == S("2018-01-01T00:00:00+01:00"));
  CHECK(ok("timeadd", {S("2020-02-28T12:00:00Z"), S("24h")}) == S("2020-02-29T12:00:00Z"));
  CHECK(ok("timeadd", {S("1969-12-31T23:59:59Z"), S("2s")}) == S("1970-01-01T00:00:01Z"));
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("0.0000000019s")}) == S("2017-11-22T00:00:00Z"));
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("1.000000000999999999999s")}) ==
        S("2017-11-22T00:00:01Z"));
  CHECK(ok("timeadd", {S("2017-11-22T00:00:00Z"), S("2562047h")}) == S("2310-03-03T23:00:00Z"));
  CHECK(fails("timeadd", {S("2017-11-22T00:00:00Z"), S("2562048h")}) ==
        "timeadd: \"2562048h\" is not a valid duration");
  CHECK(fails("timeadd", {S("2017-11-22T00:00:00Z"), S("1" + std::string(100001, '0') + "h")})
            .ends_with("is not a valid duration"));
  CHECK(fails("timeadd", {S("2017-11-22T00:00:00Z"), S("10 minutes")}) ==
        "timeadd: \"10 minutes\" is not a valid duration");
  CHECK(fails("timeadd", {S("yesterday"), S("1h")}) ==
        "timeadd: \"yesterday\" is not a valid RFC 3339 timestamp");
}

TEST_CASE("timecmp") {
  CHECK(ok("timecmp", {S("2017-11-22T00:00:00Z"), S("2017-11-22T00:00:00Z")}) == N(0));
  CHECK(ok("timecmp", {S("2017-11-22T00:00:00Z"), S("2017-11-22T01:00:00Z")}) == N(-1));
  CHECK(ok("timecmp", {S("2017-11-22T01:00:00Z"), S("2017-11-22T00:00:00Z")}) == N(1));
  CHECK(ok("timecmp", {S("2017-11-22T01:00:00Z"), S("2017-11-22T00:00:00-01:00")}) == N(0));
  CHECK(ok("timecmp", {S("2017-11-22T00:00:00.1Z"), S("2017-11-22T00:00:00Z")}) == N(1));
  CHECK(fails("timecmp", {S("2017-11-22"), S("2017-11-22T00:00:00Z")}) ==
        "timecmp: \"2017-11-22\" is not a valid RFC 3339 timestamp");
}

TEST_CASE("timestamp is now, plantimestamp the plan's time") {
  const std::string now = ok("timestamp", {}).as_string();
  CHECK(now.size() == 20);
  CHECK(now.back() == 'Z');
  Context c = Context::process_default();
  c.plan_timestamp = std::chrono::system_clock::time_point(std::chrono::seconds(1514934721));
  CHECK(ok_in(c, "plantimestamp", {}) == S("2018-01-02T23:12:01Z"));
  c.planning = true;
  CHECK(ok_in(c, "plantimestamp", {}) == S("2018-01-02T23:12:01Z"));  // known while planning
  CHECK(ok_in(c, "timestamp", {}).is_unknown());
  CHECK(fails("timestamp", {N(1)}) == "timestamp: expects 0 arguments, got 1; usage: timestamp()");
}

}  // namespace
}  // namespace infra::stdlib::testing
