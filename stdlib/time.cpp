// Time functions over RFC 3339 timestamps. A timestamp is kept as seconds since the epoch,
// nanoseconds and the UTC offset it was written with, which results keep (as Go's time.Time
// does); civil dates are computed directly, so no time zone database is involved.
#include <chrono>
#include <cstdio>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

struct Timestamp {
  std::int64_t seconds = 0;  // since 1970-01-01T00:00:00Z
  std::int64_t nanos = 0;
  int offset = 0;  // seconds east of UTC
  bool utc = true;  // written with "Z"
};

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
};

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Civil to_civil(const Timestamp& t) {
  const std::int64_t local = t.seconds + t.offset;
  std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  const std::int64_t rest = local - days * 86400;
  Civil c{};
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(rest / 3600);
  c.minute = static_cast<int>(rest / 60 % 60);
  c.second = static_cast<int>(rest % 60);
  return c;
}

int days_in_month(std::int64_t y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

std::optional<Timestamp> parse_rfc3339(const std::string& s) {
  int y, mo, d, h, mi, sec, consumed = 0;
  if (s.size() < 20 || std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
                                   &sec, &consumed) != 6 || consumed != 19 ||
      s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't')) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59) {
    return std::nullopt;
  }
  Timestamp t;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    std::int64_t scale = 100000000;
    const std::size_t start = ++i;
    for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, scale /= 10) {
      t.nanos += (s[i] - '0') * scale;
    }
    if (i == start) return std::nullopt;
  }
  const std::string zone = s.substr(i);
  if (zone == "Z" || zone == "z") {
    t.utc = true;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
             std::isdigit(static_cast<unsigned char>(zone[1])) &&
             std::isdigit(static_cast<unsigned char>(zone[2])) &&
             std::isdigit(static_cast<unsigned char>(zone[4])) &&
             std::isdigit(static_cast<unsigned char>(zone[5]))) {
    const int hours = std::stoi(zone.substr(1, 2)), minutes = std::stoi(zone.substr(4, 2));
    if (hours > 23 || minutes > 59) return std::nullopt;
    t.utc = false;
    t.offset = (zone[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  } else {
    return std::nullopt;
  }
  t.seconds = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - t.offset;
  return t;
}

std::string two(int n) {
  char out[16];
  std::snprintf(out, sizeof out, "%02d", n);
  return out;
}

std::string offset_text(const Timestamp& t, bool colon) {
  const int magnitude = t.offset < 0 ? -t.offset : t.offset;
  return std::string(t.offset < 0 ? "-" : "+") + two(magnitude / 3600) + (colon ? ":" : "") +
         two(magnitude / 60 % 60);
}

/// RFC 3339 to the second, as Go's time.RFC3339 layout writes it.
std::string format_rfc3339(const Timestamp& t) {
  const Civil c = to_civil(t);
  char out[64];
  std::snprintf(out, sizeof out, "%04lld-%02d-%02dT%02d:%02d:%02d",
                static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second);
  return std::string(out) + (t.utc || t.offset == 0 ? "Z" : offset_text(t, true));
}

std::optional<Timestamp> timestamp_arg(Args& args, std::size_t i) {
  auto s = args.string(i);
  if (!s) return std::nullopt;
  auto t = parse_rfc3339(*s);
  if (!t) args.fail("\"" + *s + "\" is not a valid RFC 3339 timestamp");
  return t;
}

Timestamp from_time_point(std::chrono::system_clock::time_point tp) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(tp.time_since_epoch());
  Timestamp t;
  t.seconds = std::chrono::floor<std::chrono::seconds>(ns).count();
  t.nanos = ns.count() - t.seconds * 1000000000;
  return t;
}

/// A Go duration ("1h30m", "-1.5h", "300ms") in nanoseconds.
std::optional<std::int64_t> parse_duration(const std::string& s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  if (s == "0" || (i < s.size() && s.substr(i) == "0")) return 0;
  if (i >= s.size()) return std::nullopt;
  lang::Number total;  // in nanoseconds, exact
  while (i < s.size()) {
    const std::size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (i == start) return std::nullopt;
    auto n = parse_number(s.substr(start, i - start));
    if (!n) return std::nullopt;
    const std::size_t unit_start = i;
    while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.') ++i;
    const std::string unit = s.substr(unit_start, i - unit_start);
    std::int64_t scale = 0;
    if (unit == "ns") scale = 1;
    else if (unit == "us" || unit == "µs" || unit == "μs") scale = 1000;
    else if (unit == "ms") scale = 1000000;
    else if (unit == "s") scale = 1000000000;
    else if (unit == "m") scale = 60 * std::int64_t{1000000000};
    else if (unit == "h") scale = 3600 * std::int64_t{1000000000};
    else return std::nullopt;
    lang::NumberResult part = n->multiply(lang::Number(scale));
    if (!part) return std::nullopt;
    lang::NumberResult sum = total.add(*part);
    if (!sum) return std::nullopt;
    total = *sum;
  }
  // Fractions of a nanosecond are dropped, as Go does.
  lang::NumberResult whole = total.floor();
  std::optional<std::int64_t> nanos = whole ? whole->to_int64() : std::nullopt;
  if (!nanos) return std::nullopt;
  return negative ? -*nanos : *nanos;
}

Value timeadd(Args& args) {
  auto t = timestamp_arg(args, 0);
  auto text = args.string(1);
  if (!t || !text) return {};
  auto duration = parse_duration(*text);
  if (!duration) return args.fail("\"" + *text + "\" is not a valid duration");
  std::int64_t nanos = t->nanos + *duration % 1000000000;
  t->seconds += *duration / 1000000000 + (nanos >= 1000000000) - (nanos < 0);
  t->nanos = (nanos % 1000000000 + 1000000000) % 1000000000;
  return Value::string(format_rfc3339(*t));
}

Value timecmp(Args& args) {
  auto a = timestamp_arg(args, 0);
  if (!a) return {};
  auto b = timestamp_arg(args, 1);
  if (!b) return {};
  auto key = [](const Timestamp& t) { return std::pair(t.seconds, t.nanos); };
  return Value::number(key(*a) < key(*b) ? -1 : key(*a) > key(*b) ? 1 : 0);
}

Value formatdate(Args& args) {
  auto spec = args.string(0);
  if (!spec) return {};
  auto t = timestamp_arg(args, 1);
  if (!t) return {};
  static const char* const kMonths[] = {"January", "February", "March",     "April",
                                        "May",     "June",     "July",      "August",
                                        "September", "October", "November", "December"};
  static const char* const kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                      "Thursday", "Friday", "Saturday"};
  const Civil c = to_civil(*t);
  const int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
  std::string out;
  for (std::size_t i = 0; i < spec->size();) {
    const char ch = (*spec)[i];
    if (ch == '\'') {  // quoted literal text; '' is a quote, inside quotes or out
      if (i + 1 < spec->size() && (*spec)[i + 1] == '\'') {
        out += '\'';
        i += 2;
        continue;
      }
      for (++i;; ++i) {
        if (i >= spec->size()) return args.fail("unterminated literal '");
        if ((*spec)[i] != '\'') {
          out += (*spec)[i];
        } else if (i + 1 < spec->size() && (*spec)[i + 1] == '\'') {
          out += '\'';
          ++i;
        } else {
          break;
        }
      }
      ++i;
      continue;
    }
    if (!std::isalpha(static_cast<unsigned char>(ch))) {
      out += ch;
      ++i;
      continue;
    }
    std::size_t n = 1;
    while (i + n < spec->size() && (*spec)[i + n] == ch) ++n;
    const std::string verb = spec->substr(i, n);
    i += n;
    std::string year = std::to_string(c.year);
    if (verb == "YYYY") out += std::string(year.size() < 4 ? 4 - year.size() : 0, '0') + year;
    else if (verb == "YY") out += two(static_cast<int>(c.year % 100));
    else if (verb == "MMMM") out += kMonths[c.month - 1];
    else if (verb == "MMM") out += std::string(kMonths[c.month - 1]).substr(0, 3);
    else if (verb == "MM") out += two(c.month);
    else if (verb == "M") out += std::to_string(c.month);
    else if (verb == "DD") out += two(c.day);
    else if (verb == "D") out += std::to_string(c.day);
    else if (verb == "EEEE") out += kDays[c.weekday];
    else if (verb == "EEE") out += std::string(kDays[c.weekday]).substr(0, 3);
    else if (verb == "hh") out += two(c.hour);
    else if (verb == "h") out += std::to_string(c.hour);
    else if (verb == "HH") out += two(hour12);
    else if (verb == "H") out += std::to_string(hour12);
    else if (verb == "AA") out += c.hour < 12 ? "AM" : "PM";
    else if (verb == "aa") out += c.hour < 12 ? "am" : "pm";
    else if (verb == "mm") out += two(c.minute);
    else if (verb == "m") out += std::to_string(c.minute);
    else if (verb == "ss") out += two(c.second);
    else if (verb == "s") out += std::to_string(c.second);
    else if (verb == "ZZZZZ") out += offset_text(*t, true);
    else if (verb == "ZZZZ") out += offset_text(*t, false);
    else if (verb == "ZZZ") out += t->offset == 0 ? "UTC" : offset_text(*t, false);
    else if (verb == "Z") out += t->offset == 0 ? "Z" : offset_text(*t, true);
    else return args.fail("invalid date format verb \"" + verb + "\"");
  }
  return Value::string(out);
}

}  // namespace

std::vector<Function> time_functions() {
  return {
      {
          .name = "formatdate",
          .params = {"spec", "timestamp"},
          .doc = R"md(
            Formats an RFC 3339 `timestamp` by `spec`: `YYYY`/`YY` year, `MMMM`/`MMM`/`MM`/`M`
            month, `DD`/`D` day, `EEEE`/`EEE` weekday, `hh`/`h` 24-hour, `HH`/`H` 12-hour,
            `AA`/`aa` AM or PM, `mm`/`m` minute, `ss`/`s` second, `ZZZZZ` (+08:00), `ZZZZ`
            (+0800), `ZZZ` (UTC or +0800) and `Z` (Z or +08:00) the offset. Other letters
            are errors; text in single quotes is literal (`''` is a quote).

            ```infra
            formatdate("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z")  # "02 Jan 2018 23:12 UTC"
            formatdate("HH:mmaa", "2018-01-02T23:12:01Z")                # "11:12pm"
            formatdate("h 'o''clock'", "2018-01-02T23:12:01Z")           # "23 o'clock"
            ```
          )md",
          .impl = formatdate,
      },
      {
          .name = "plantimestamp",
          .params = {},
          .doc = R"md(
            The time the plan was made, in RFC 3339 UTC; known during the plan, and the same
            at apply.

            ```infra
            plantimestamp()  # "2024-05-01T10:00:00Z"
            ```
          )md",
          .impl =
              [](Args& args) {
                const auto when = from_time_point(args.context().plan_timestamp);
                return Value::string(format_rfc3339(when));
              },
      },
      {
          .name = "timeadd",
          .params = {"timestamp", "duration"},
          .doc = R"md(
            Adds a duration such as `"1h30m"`, `"-10m"` or `"1.5s"` (units `ns`, `us`, `ms`,
            `s`, `m`, `h`) to an RFC 3339 timestamp, keeping its UTC offset.

            ```infra
            timeadd("2017-11-22T00:00:00Z", "10m")  # "2017-11-22T00:10:00Z"
            ```
          )md",
          .impl = timeadd,
      },
      {
          .name = "timecmp",
          .params = {"timestamp_a", "timestamp_b"},
          .doc = R"md(
            -1, 0 or 1 as the instant `timestamp_a` is before, the same as or after
            `timestamp_b`, whatever their offsets.

            ```infra
            timecmp("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z")       # -1
            timecmp("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00")  # 0
            ```
          )md",
          .impl = timecmp,
      },
      {
          .name = "timestamp",
          .params = {},
          .doc = R"md(
            The current time in RFC 3339 UTC. It changes on every run, so it is unknown
            during the plan and taken at apply; see `plantimestamp`.

            ```infra
            timestamp()  # "2024-05-01T10:00:00Z"
            ```
          )md",
          .impl =
              [](Args&) {
                const auto now = from_time_point(std::chrono::system_clock::now());
                return Value::string(format_rfc3339(now));
              },
          .impure = true,
      },
  };
}

}  // namespace infra::stdlib
