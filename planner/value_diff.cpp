// Structured attribute diffs: see planner/value_diff.hpp.
#include "planner/value_diff.hpp"

#include <algorithm>
#include <set>
#include <vector>

#include "planner/diff.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

using lang::Value;

/// Sequences longer than this (in elements or lines, both sides multiplied) are shown whole.
constexpr std::size_t kMaxCells = 250'000;
/// Unchanged elements or lines shown around each change.
constexpr std::size_t kContext = 1;

std::string symbol(char c, bool color) {
  if (!color) return std::string(1, c);
  const char* code = c == '+' ? "\033[32m" : c == '-' ? "\033[31m" : "\033[33m";
  return std::string(code) + c + "\033[0m";
}

bool plain(const Value& v) { return v.is_wholly_known() && !v.contains_sensitive(); }

bool collection(const Value& v) {
  return v.kind() == Value::Kind::Object || v.kind() == Value::Kind::List;
}

std::string spaces(int n) { return std::string(static_cast<std::size_t>(std::max(n, 0)), ' '); }

std::string plural(std::size_t n, const char* what) {
  return std::to_string(n) + " unchanged " + what + (n == 1 ? "" : "s");
}

/// One step of an edit script: keep, remove (from before) or add (from after).
struct Step {
  char op;        // ' ', '-', '+'
  std::size_t i;  // index into before (' ', '-') or after ('+')
};

/// The edit script from `a` to `b` by longest common subsequence; nullopt when too large.
template <typename T, typename Same>
std::optional<std::vector<Step>> edit_script(const std::vector<T>& a, const std::vector<T>& b, Same same) {
  const std::size_t n = a.size(), m = b.size();
  if ((n + 1) * (m + 1) > kMaxCells) return std::nullopt;
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = same(a[i], b[j]) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Step> steps;
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(a[i], b[j])) {
      steps.push_back({' ', i});
      ++i;
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      steps.push_back({'-', i++});  // what goes before what comes, as diffs read
    } else {
      steps.push_back({'+', j++});
    }
  }
  return steps;
}

/// Which steps to show: every change, and kContext unchanged ones around each.
std::vector<bool> visible(const std::vector<Step>& steps) {
  std::vector<bool> show(steps.size(), false);
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (steps[k].op == ' ') continue;
    const std::size_t from = k >= kContext ? k - kContext : 0;
    const std::size_t to = std::min(steps.size() - 1, k + kContext);
    for (std::size_t x = from; x <= to; ++x) show[x] = true;
  }
  return show;
}

std::optional<std::string> diff_value(const Value& before, const Value& after, int indent, bool color);

std::string object_diff(const Value& before, const Value& after, int indent, bool color) {
  const auto& b = before.as_object();
  const auto& a = after.as_object();
  std::set<std::string> keys;
  for (const auto& [k, v] : b) keys.insert(k);
  for (const auto& [k, v] : a) keys.insert(k);
  struct Entry {
    char op;
    std::string key, text;
  };
  std::vector<Entry> entries;
  std::size_t hidden = 0, width = 0;
  for (const auto& key : keys) {
    auto bi = b.find(key);
    auto ai = a.find(key);
    const std::string shown_key = lang::to_display(Value::string(key));
    if (bi != b.end() && ai != a.end() && same_value(bi->second, ai->second)) {
      ++hidden;
      continue;
    }
    if (bi == b.end()) {
      entries.push_back({'+', shown_key, lang::to_display(ai->second)});
    } else if (ai == a.end()) {
      entries.push_back({'-', shown_key, lang::to_display(bi->second) + " -> null"});
    } else {
      auto nested = diff_value(bi->second, ai->second, indent + 4, color);
      entries.push_back({'~', shown_key,
                         nested ? *nested
                                : lang::to_display(bi->second) + " -> " + lang::to_display(ai->second)});
    }
    width = std::max(width, shown_key.size());
  }
  std::string out = "{\n";
  for (const auto& e : entries) {
    out += spaces(indent + 4) + symbol(e.op, color) + " " + e.key + spaces(static_cast<int>(width - e.key.size())) +
           " = " + e.text + "\n";
  }
  if (hidden > 0) out += spaces(indent + 6) + "# (" + plural(hidden, "element") + " hidden)\n";
  return out + spaces(indent + 2) + "}";
}

/// The lines of an edit script between `open` and `close`: changes with their symbol, the
/// unchanged context plain, the rest folded into a count of `what`s. `text(step)` renders
/// an element, `comma` ends each with a comma (list elements, not text lines).
template <typename Text>
std::string script_lines(const std::vector<Step>& steps, Text text, const std::string& open,
                         const std::string& close, const char* what, bool comma, int indent,
                         bool color) {
  const auto show = visible(steps);
  std::string out = open + "\n";
  std::size_t folded = 0;
  const auto flush = [&] {
    if (folded == 0) return;
    out += spaces(indent + 6) + "# (" + plural(folded, what) + " hidden)\n";
    folded = 0;
  };
  for (std::size_t k = 0; k < steps.size(); ++k) {
    if (!show[k]) {
      ++folded;
      continue;
    }
    flush();
    const Step& s = steps[k];
    out += spaces(indent + 4) + (s.op == ' ' ? std::string(" ") : symbol(s.op, color)) + " " +
           text(s) + (comma ? ",\n" : "\n");
  }
  flush();
  return out + spaces(indent + 2) + close;
}

std::optional<std::string> list_diff(const Value& before, const Value& after, int indent, bool color) {
  const auto& b = before.as_list();
  const auto& a = after.as_list();
  auto steps = edit_script(b, a, [](const Value& x, const Value& y) { return same_value(x, y); });
  if (!steps) return std::nullopt;
  return script_lines(
      *steps, [&](const Step& s) { return lang::to_display(s.op == '+' ? a[s.i] : b[s.i]); }, "[", "]",
      "element", true, indent, color);
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = s.find('\n', start);
    if (end == std::string::npos) {
      if (start < s.size()) lines.push_back(s.substr(start));
      break;
    }
    lines.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::optional<std::string> text_diff(const std::string& before, const std::string& after, int indent,
                                     bool color) {
  const auto b = lines_of(before), a = lines_of(after);
  auto steps = edit_script(b, a, [](const std::string& x, const std::string& y) { return x == y; });
  if (!steps) return std::nullopt;
  return script_lines(
      *steps, [&](const Step& s) { return s.op == '+' ? a[s.i] : b[s.i]; }, "<<-EOT", "EOT", "line",
      false, indent, color);
}

/// The value a string holds as JSON, when it is a JSON object or array.
std::optional<Value> json_in(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (s[first] != '{' && s[first] != '[')) return std::nullopt;
  try {
    return parse_json_value(s);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> diff_value(const Value& before, const Value& after, int indent, bool color) {
  if (!plain(before) || !plain(after) || same_value(before, after)) return std::nullopt;
  if (before.kind() == Value::Kind::Object && after.kind() == Value::Kind::Object) {
    return object_diff(before, after, indent, color);
  }
  if (before.kind() == Value::Kind::List && after.kind() == Value::Kind::List) {
    return list_diff(before, after, indent, color);
  }
  if (before.kind() != Value::Kind::String || after.kind() != Value::Kind::String) return std::nullopt;
  const auto jb = json_in(before.as_string()), ja = json_in(after.as_string());
  if (jb && ja && collection(*jb) && jb->kind() == ja->kind()) {
    auto inner = diff_value(*jb, *ja, indent + 4, color);
    if (inner) {
      return "jsonencode(\n" + spaces(indent + 4) + symbol('~', color) + " " + *inner + "\n" +
             spaces(indent + 2) + ")";
    }
  }
  // Several lines on a side (a lone trailing newline does not make a text of lines).
  if (lines_of(before.as_string()).size() > 1 || lines_of(after.as_string()).size() > 1) {
    return text_diff(before.as_string(), after.as_string(), indent, color);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> structured_diff(const lang::Value& before, const lang::Value& after,
                                           int indent, bool color) {
  return diff_value(before, after, indent, color);
}

}  // namespace infra::planner
