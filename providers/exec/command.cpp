// Commands of the exec provider: reading their settings, the environment they run with, and
// the messages that say why one failed.
#include "providers/exec/command.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "providers/exec/process.hpp"

extern char** environ;

namespace infra::providers::exec {

namespace {

// The host waits this long for one request (PluginOptions::request_timeout).
constexpr std::chrono::minutes kHostRequestTimeout{5};
// How many lines of stderr a failure message shows.
constexpr std::size_t kStderrLines = 10;
constexpr const char* kRedacted = "(sensitive)";

json child(const json& path, const std::string& name) {
  json out = path;
  out.push_back(name);
  return out;
}

// A member of `body`, null when absent or when `body` is no object.
json member(const json& body, const char* name) {
  if (!body.is_object()) return nullptr;
  auto it = body.find(name);
  return it == body.end() ? json() : *it;
}

// The string entries of a map value (null entries are no entries).
std::map<std::string, std::string> string_map(const json& value, const json& path) {
  std::map<std::string, std::string> out;
  if (value.is_null()) return out;
  if (!value.is_object()) throw sdk::Error("must be a map of strings", path);
  for (const auto& [key, item] : value.items()) {
    if (item.is_null()) continue;
    if (!item.is_string()) throw sdk::Error("\"" + key + "\" must be a string", child(path, key));
    out[key] = item.get<std::string>();
  }
  return out;
}

// One argument as a shell would need it written, so that a message shows the command
// unambiguously: plain words as they are, anything else in single quotes.
std::string quote(const std::string& arg) {
  const bool plain = !arg.empty() && std::all_of(arg.begin(), arg.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::strchr("_-./=:,+@%", c) != nullptr;
  });
  if (plain) return arg;
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string shown(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& arg : argv) out += (out.empty() ? "" : " ") + quote(arg);
  return out;
}

// The last kStderrLines non-empty lines of `err`, indented, after a line that says so.
std::string stderr_tail(const std::string& err) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < err.size()) {
    std::size_t end = err.find('\n', start);
    if (end == std::string::npos) end = err.size();
    std::string line = err.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos) lines.push_back(line);
    start = end + 1;
  }
  if (lines.empty()) return "; its stderr is empty";
  const std::size_t first = lines.size() > kStderrLines ? lines.size() - kStderrLines : 0;
  std::string out = ". The last lines of its stderr:";
  for (std::size_t i = first; i < lines.size(); ++i) out += "\n  " + lines[i];
  return out;
}

std::string signal_name(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  return abbrev != nullptr ? "SIG" + std::string(abbrev) : "signal " + std::to_string(signal);
}

// The child's environment: the provider's (the user's), without the protocol marker meant
// for providers, then the variables of the invocation and the command.
std::vector<std::string> environment_of(const Command& command, const Invocation& invocation) {
  std::map<std::string, std::string> set;
  for (const auto& [key, value] : invocation.input.items()) {
    if (value.is_string()) set[input_variable(key)] = value.get<std::string>();
  }
  for (const auto& [name, value] : invocation.variables) set[name] = value;
  for (const auto& [name, value] : command.environment) set[name] = value;
  for (const auto& [key, value] : invocation.sensitive.items()) {
    if (value.is_string()) set[key] = value.get<std::string>();
  }
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const std::string name = text.substr(0, text.find('='));
    if (name != "INFRA_PROVIDER_PROTOCOL" && !set.count(name)) out.push_back(text);
  }
  for (const auto& [name, value] : set) out.push_back(name + "=" + value);
  return out;
}

std::string failure(const Command& command, const ProcessResult& result) {
  const std::string what = describe(command);
  if (result.timed_out && result.exited) {
    return what + " exited with code " + std::to_string(result.exit_code) +
           ", but processes it started kept its stdout or stderr open past the timeout (" +
           command.timeout_text + "); its process group was killed" + stderr_tail(result.err);
  }
  if (result.timed_out) {
    return what + " did not finish within its timeout (" + command.timeout_text +
           "); its process group was killed" + stderr_tail(result.err);
  }
  if (result.exited) {
    return what + " exited with code " + std::to_string(result.exit_code) +
           stderr_tail(result.err);
  }
  return what + " was killed by " + signal_name(result.signal) + stderr_tail(result.err);
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  using std::chrono::milliseconds;
  milliseconds total{0};
  std::size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    std::size_t digits = 0;
    long long number = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      if (++digits > 9) return std::nullopt;  // beyond any sensible timeout
      number = number * 10 + (text[i++] - '0');
    }
    if (digits == 0) return std::nullopt;
    const std::string_view rest = text.substr(i);
    if (rest.rfind("ms", 0) == 0) {
      total += milliseconds(number);
      i += 2;
    } else if (rest.rfind("h", 0) == 0) {
      total += std::chrono::hours(number);
      ++i;
    } else if (rest.rfind("m", 0) == 0) {
      total += std::chrono::minutes(number);
      ++i;
    } else if (rest.rfind("s", 0) == 0) {
      total += std::chrono::seconds(number);
      ++i;
    } else {
      return std::nullopt;
    }
  }
  if (total.count() <= 0) return std::nullopt;
  return total;
}

std::string input_variable(const std::string& key) {
  std::string out = "INPUT_";
  for (char c : key) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) != 0 && u < 128 ? static_cast<char>(std::toupper(u)) : '_';
  }
  return out;
}

Command command_from(const json& body, std::string role, const json& path) {
  Command command;
  command.role = std::move(role);
  const json argv = member(body, "command");
  const json argv_path = child(path, "command");
  if (!argv.is_array() || argv.empty()) {
    throw sdk::Error("command must be a list of at least one string: the program, then its "
                     "arguments",
                     argv_path);
  }
  for (const auto& arg : argv) {
    if (!arg.is_string()) throw sdk::Error("command must be a list of strings", argv_path);
    command.argv.push_back(arg.get<std::string>());
  }
  command.environment = string_map(member(body, "environment"), child(path, "environment"));
  const json dir = member(body, "working_dir");
  if (dir.is_string()) command.working_dir = dir.get<std::string>();
  const json timeout = member(body, "timeout");
  command.timeout_text = timeout.is_string() ? timeout.get<std::string>() : kDefaultTimeout;
  auto parsed = parse_duration(command.timeout_text);
  if (!parsed) {
    throw sdk::Error("invalid timeout \"" + command.timeout_text +
                         "\": expected a duration such as \"30s\", \"10m\" or \"1m30s\"",
                     child(path, "timeout"));
  }
  command.timeout = *parsed;
  return command;
}

std::string describe(const Command& command) {
  return "the " + command.role + " command `" + shown(command.argv) + "`";
}

std::string redact(std::string text, const json& sensitive) {
  std::vector<std::string> secrets;
  for (const auto& [key, value] : sensitive.items()) {
    if (value.is_string() && !value.get<std::string>().empty()) {
      secrets.push_back(value.get<std::string>());
    }
  }
  // Longer values first, so that a value inside another does not leave part of it behind.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const auto& secret : secrets) {
    for (auto at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + std::strlen(kRedacted))) {
      text.replace(at, secret.size(), kRedacted);
    }
  }
  return text;
}

Outcome run(const Command& command, const Invocation& invocation,
            const std::vector<int>& accepted) {
  ProcessSpec spec;
  spec.argv = command.argv;
  spec.environment = environment_of(command, invocation);
  spec.working_dir = command.working_dir;
  spec.stdin_data = invocation.input.dump();
  spec.timeout = command.timeout;
  ProcessResult result;
  try {
    result = run_process(spec);
  } catch (const StartError& e) {
    throw sdk::Error(
        redact(describe(command) + " cannot start: " + e.what(), invocation.sensitive));
  }
  const bool ok = !result.timed_out && result.exited &&
                  (result.exit_code == 0 || std::count(accepted.begin(), accepted.end(),
                                                       result.exit_code) > 0);
  if (!ok) throw sdk::Error(redact(failure(command, result), invocation.sensitive));
  return {result.exit_code, std::move(result.out), result.out_truncated};
}

std::optional<json> parse_object(const std::string& out) {
  json value = json::parse(out, nullptr, false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

void check_command(const json& body, const json& unknown, const json& path,
                   std::vector<sdk::Diagnostic>& out) {
  if (!body.is_object()) return;
  const json argv_path = child(path, "command");
  const json argv = member(body, "command");
  if (argv.is_array() && !has_path(unknown, argv_path)) {
    if (argv.empty()) {
      out.push_back({"error", "command is empty",
                     "it needs at least the program to run: [\"program\", \"argument\", ...]",
                     argv_path});
    } else if (argv[0].is_string() && argv[0].get<std::string>().empty() &&
               !has_path(unknown, child(argv_path, "0"))) {
      out.push_back({"error", "the program to run (the first element of command) is empty", "",
                     argv_path});
    }
  }
  const json timeout_path = child(path, "timeout");
  const json timeout = member(body, "timeout");
  if (!timeout.is_string() || has_path(unknown, timeout_path)) return;
  const std::string text = timeout.get<std::string>();
  auto parsed = parse_duration(text);
  if (!parsed) {
    out.push_back({"error", "invalid timeout \"" + text + "\"",
                   "expected a duration such as \"30s\", \"10m\" or \"1m30s\" (units h, m, s, ms)",
                   timeout_path});
  } else if (*parsed > kHostRequestTimeout) {
    out.push_back({"warning", "timeout " + text + " is longer than infra waits for a provider",
                   "infra gives up on a provider request after 5m, whatever the command's timeout",
                   timeout_path});
  }
}

void check_input(const json& config, const json& unknown, std::vector<sdk::Diagnostic>& out) {
  const json input = member(config, "input");
  if (!input.is_object() || has_path(unknown, json::array({"input"}))) return;
  std::map<std::string, std::string> seen;
  for (const auto& [key, value] : input.items()) {
    const std::string name = input_variable(key);
    auto [it, fresh] = seen.emplace(name, key);
    if (!fresh) {
      out.push_back({"error",
                     "input keys \"" + it->second + "\" and \"" + key +
                         "\" give the same variable " + name,
                     "each key becomes INPUT_ and the key in capitals, other characters than "
                     "letters, digits and _ made _",
                     json::array({"input", key})});
    }
  }
}

std::vector<Attribute> command_attributes() {
  return {
      {.name = "command",
       .type = "list(string)",
       .required = true,
       .description = "The program and its arguments, run without a shell; the program is "
                      "looked up in PATH unless it holds a slash."},
      {.name = "environment",
       .type = "map(string)",
       .optional = true,
       .description = "Variables added to the environment, which is otherwise infra's."},
      {.name = "working_dir",
       .optional = true,
       .description = "Where the command runs; default: the directory infra runs in."},
      {.name = "timeout",
       .optional = true,
       .description = "How long it may run, such as \"30s\" or \"2m\"; default \"4m\". The "
                      "command's whole process group is killed at the timeout."},
  };
}

}  // namespace infra::providers::exec
