// Flag parsing shared by every command.
#include "cli/args.hpp"

#include <algorithm>
#include <cctype>

namespace infra::cli {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

bool Args::flag(const std::string& name, bool fallback) const {
  auto it = values.find(name);
  if (it == values.end()) return fallback;
  return it->second == "true" || it->second == "1";
}

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

int Args::integer(const std::string& name, int fallback) const {
  auto v = value(name);
  if (!v) return fallback;
  try {
    std::size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size() && n > 0) return n;
  } catch (const std::exception&) {
  }
  throw UsageError("-" + name + " needs a positive whole number, got \"" + *v + "\"");
}

std::chrono::milliseconds Args::duration(const std::string& name,
                                         std::chrono::milliseconds fallback) const {
  auto v = value(name);
  if (!v) return fallback;
  std::size_t digits = 0;
  while (digits < v->size() && std::isdigit(static_cast<unsigned char>((*v)[digits]))) ++digits;
  std::string unit = v->substr(digits);
  static const std::pair<const char*, long long> kUnits[] = {
      {"", 1000}, {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  if (digits > 0 && digits <= 9) {
    for (const auto& [suffix, factor] : kUnits) {
      if (unit == suffix) return std::chrono::milliseconds(std::stoll(v->substr(0, digits)) * factor);
    }
  }
  throw UsageError("-" + name + " needs a duration such as 30s, 5m or 500ms, got \"" + *v + "\"");
}

Args parse_args(const std::vector<std::string>& argv, const FlagSpec& spec) {
  Args args;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-') {
      if (args.positional.size() >= spec.max_positional) {
        throw UsageError("unexpected argument \"" + a + "\"");
      }
      args.positional.push_back(a);
      continue;
    }
    std::string body = a.substr(a[1] == '-' ? 2 : 1);
    std::string name = body, value;
    bool has_value = false;
    if (auto eq = body.find('='); eq != std::string::npos) {
      name = body.substr(0, eq);
      value = body.substr(eq + 1);
      has_value = true;
    }
    if (name == "help" || name == "h") {
      args.help = true;
    } else if (contains(spec.booleans, name)) {
      if (has_value && value != "true" && value != "false") {
        throw UsageError("-" + name + " is true or false, got \"" + value + "\"");
      }
      args.values[name] = has_value ? value : "true";
    } else if (contains(spec.values, name) || contains(spec.repeated, name)) {
      if (!has_value) {
        if (i + 1 >= argv.size()) throw UsageError("-" + name + " needs a value");
        value = argv[++i];
      }
      if (contains(spec.repeated, name)) {
        args.repeated[name].push_back(value);
        args.sequence.emplace_back(name, value);
      } else {
        args.values[name] = value;
      }
    } else {
      throw UsageError("unknown flag -" + name);
    }
  }
  return args;
}

}  // namespace infra::cli
