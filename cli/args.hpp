// Command-line flags in the style of Terraform: `-name=value`, `-name value` for flags
// that take a value, `-flag` for booleans; `--name` is accepted too.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace infra::cli {

/// A bad command line; the message says what is wrong, the caller adds usage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A failure already reported to the user: the command ends with exit code 1 and no
/// further message.
class ReportedError : public std::runtime_error {
 public:
  ReportedError() : std::runtime_error("already reported") {}
};

/// What a command accepts.
struct FlagSpec {
  std::vector<std::string> booleans;   // -auto-approve, -detailed-exitcode, ...
  std::vector<std::string> values;     // -out=FILE, -parallelism=N, ...
  std::vector<std::string> repeated;   // -var NAME=VALUE (may appear many times)
  std::size_t max_positional = 0;
};

struct Args {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<std::string>> repeated;
  /// Every repeated flag in command-line order, e.g. {"var", "a=1"}, {"var-file", "x"}.
  std::vector<std::pair<std::string, std::string>> sequence;
  std::vector<std::string> positional;
  bool help = false;

  /// A boolean flag: true when given as `-x` or `-x=true`.
  bool flag(const std::string& name, bool fallback = false) const;
  std::optional<std::string> value(const std::string& name) const;
  /// An integer flag; throws UsageError when it is not a positive integer.
  int integer(const std::string& name, int fallback) const;
  /// A duration flag such as 30s, 5m, 1h or 500ms (a bare number is seconds); throws
  /// UsageError otherwise.
  std::chrono::milliseconds duration(const std::string& name,
                                     std::chrono::milliseconds fallback) const;
};

/// Parses `argv` (after the command name) against `spec`. Throws UsageError.
Args parse_args(const std::vector<std::string>& argv, const FlagSpec& spec);

}  // namespace infra::cli
