// Regular expressions in RE2 syntax, as Terraform's (Go's regexp): regex, regexall, and the
// /pattern/ form of replace.
#include <re2/re2.h>

#include <algorithm>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

/// A compiled pattern, or null after setting the error.
std::unique_ptr<RE2> compile(Args& args, const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) {
    args.fail("invalid regular expression /" + pattern + "/: " + re->error());
    return nullptr;
  }
  return re;
}

/// All non-overlapping matches of `re` in `s`; each is the whole match then the groups.
std::vector<std::vector<re2::StringPiece>> find_all(const RE2& re, const std::string& s,
                                                    std::size_t limit) {
  const int n = re.NumberOfCapturingGroups() + 1;
  std::vector<std::vector<re2::StringPiece>> out;
  std::size_t pos = 0;
  while (pos <= s.size() && out.size() < limit) {
    std::vector<re2::StringPiece> groups(static_cast<std::size_t>(n));
    if (!re.Match(s, pos, s.size(), RE2::UNANCHORED, groups.data(), n)) break;
    const std::size_t begin = static_cast<std::size_t>(groups[0].data() - s.data());
    std::size_t end = begin + groups[0].size();
    out.push_back(std::move(groups));
    if (end == begin) {
      // An empty match: step over one character so the search moves on.
      if (end >= s.size()) break;
      ++end;
      while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    }
    pos = end;
  }
  return out;
}

Value group_value(const re2::StringPiece& piece) {
  if (piece.data() == nullptr) return Value::null();  // an optional group that took no part
  return Value::string(std::string(piece));
}

/// What one match becomes: the matched text without groups, a list of the groups, or an
/// object of the named groups.
Value match_value(const RE2& re, const std::vector<re2::StringPiece>& groups) {
  if (groups.size() == 1) return Value::string(std::string(groups[0]));
  const auto& names = re.CapturingGroupNames();
  if (!names.empty()) {
    Value::Object out;
    for (const auto& [index, name] : names) {
      out.emplace(name, group_value(groups[static_cast<std::size_t>(index)]));
    }
    return Value::object(std::move(out));
  }
  Value::List out;
  for (std::size_t i = 1; i < groups.size(); ++i) out.push_back(group_value(groups[i]));
  return Value::list(std::move(out));
}

bool mixes_named_and_unnamed(const RE2& re) {
  const std::size_t named = re.CapturingGroupNames().size();
  return named > 0 && named != static_cast<std::size_t>(re.NumberOfCapturingGroups());
}

Value regex(Args& args, bool all) {
  auto pattern = args.string(0), s = args.string(1);
  if (!pattern || !s) return {};
  std::unique_ptr<RE2> re = compile(args, *pattern);
  if (!re) return {};
  if (mixes_named_and_unnamed(*re)) {
    return args.fail("invalid regular expression /" + *pattern +
                     "/: it must not mix named and unnamed capture groups");
  }
  auto matches = find_all(*re, *s, all ? SIZE_MAX : 1);
  if (!all) {
    if (matches.empty()) return args.fail("the pattern did not match any part of the string");
    return match_value(*re, matches.front());
  }
  Value::List out;
  for (const auto& groups : matches) out.push_back(match_value(*re, groups));
  return Value::list(std::move(out));
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Go's Regexp.Expand: $1, ${1}, $name and ${name} name groups (the longest run of
/// letters, digits and '_' after '$'); $$ is a '$'; an unknown group expands to nothing.
void expand(const RE2& re, const std::vector<re2::StringPiece>& groups,
            const std::string& replacement, std::string& out) {
  for (std::size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    if (c != '$' || i + 1 == replacement.size()) {
      out += c;
      continue;
    }
    if (replacement[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    std::string name;
    std::size_t next = i + 1;
    if (replacement[next] == '{') {
      const std::size_t close = replacement.find('}', next);
      if (close == std::string::npos) {
        out += c;
        continue;
      }
      name = replacement.substr(next + 1, close - next - 1);
      next = close + 1;
    } else {
      while (next < replacement.size() && is_name_char(replacement[next])) ++next;
      name = replacement.substr(i + 1, next - i - 1);
    }
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_name_char)) {
      out += c;
      continue;
    }
    int index = -1;
    if (std::all_of(name.begin(), name.end(), [](char d) { return d >= '0' && d <= '9'; })) {
      index = name.size() < 9 ? std::stoi(name) : -1;
    } else if (auto it = re.NamedCapturingGroups().find(name);
               it != re.NamedCapturingGroups().end()) {
      index = it->second;
    }
    if (index >= 0 && static_cast<std::size_t>(index) < groups.size()) {
      out.append(groups[static_cast<std::size_t>(index)].data(),
                 groups[static_cast<std::size_t>(index)].size());
    }
    i = next - 1;
  }
}

}  // namespace

Value regex_replace(Args& args, const std::string& s, const std::string& pattern,
                    const std::string& replacement) {
  std::unique_ptr<RE2> re = compile(args, pattern);
  if (!re) return {};
  std::string out;
  std::size_t from = 0;
  for (const auto& groups : find_all(*re, s, SIZE_MAX)) {
    const auto begin = static_cast<std::size_t>(groups[0].data() - s.data());
    out.append(s, from, begin - from);
    expand(*re, groups, replacement, out);
    from = begin + groups[0].size();
  }
  out.append(s, from);
  return Value::string(std::move(out));
}

std::vector<Function> regex_functions() {
  return {
      {
          .name = "regex",
          .params = {"pattern", "string"},
          .doc = R"md(
            The first match of the regular expression `pattern` (RE2 syntax) in `string`.
            Without capture groups the result is the matched text; with unnamed groups, a
            list of the groups; with named groups (`(?P<name>...)`), an object of them. A
            group that took no part in the match is null. It is an error when nothing
            matches (use `regexall` to test).

            ```infra
            regex("[a-z]+", "53453453.345345aaabbbccc23454")  # "aaabbbccc"
            regex("^(\\d+)-(\\d+)$", "10-20")                   # ["10", "20"]
            regex("(?P<y>\\d{4})-(?P<m>\\d{2})", "2019-02")     # {m = "02", y = "2019"}
            ```
          )md",
          .impl = [](Args& args) { return regex(args, false); },
      },
      {
          .name = "regexall",
          .params = {"pattern", "string"},
          .doc = R"md(
            Every non-overlapping match of `pattern` in `string`, each shaped as `regex`
            shapes its one match; an empty list when nothing matches.

            ```infra
            regexall("[a-z]+", "1234abcd5678efgh9")      # ["abcd", "efgh"]
            length(regexall("[a-z]+", "1234"))           # 0
            ```
          )md",
          .impl = [](Args& args) { return regex(args, true); },
      },
  };
}

}  // namespace infra::stdlib
