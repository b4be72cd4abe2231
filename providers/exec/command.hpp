// What the resource and the data source share: a command as the configuration gives it
// (`command`, `environment`, `working_dir`, `timeout`), the environment and stdin every
// command gets, running it with errors that say what happened, and the checks of validate.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "providers/sdk/provider.hpp"

namespace infra::providers::exec {

using sdk::json;

/// The timeout of a command that sets none. The host waits at most 5 minutes for a provider
/// request, so a command gets a little less.
inline constexpr const char* kDefaultTimeout = "4m";
/// The exit code of a `read` command that means "the object is gone".
inline constexpr int kGoneExitCode = 3;

/// "30s", "1m30s", "500ms", "2h": a sequence of whole numbers with units h, m, s, ms; more
/// than zero in all. nullopt for anything else.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

/// The environment variable that carries `input` key `key`: INPUT_ and the key in capitals,
/// with each character other than a letter, digit or underscore made an underscore.
std::string input_variable(const std::string& key);

/// One command of the configuration, ready to run.
struct Command {
  std::string role;  // "create", "read", "update", "delete" or "data source": for messages
  std::vector<std::string> argv;
  std::map<std::string, std::string> environment;  // the configuration's own variables
  std::string working_dir;
  std::string timeout_text;
  std::chrono::milliseconds timeout{0};
};

/// The command held by `body` (a command block, or the data source's configuration), whose
/// attributes are at `path`. Throws sdk::Error at the attribute that is wrong.
Command command_from(const json& body, std::string role, const json& path);

/// What a command is run with besides its own settings.
struct Invocation {
  json input = json::object();      // map of strings: INPUT_* variables, and stdin as JSON
  std::map<std::string, std::string> variables;  // EXEC_* variables
  json sensitive = json::object();  // map of strings: set last, redacted from messages
};

/// What a finished command printed.
struct Outcome {
  int exit_code = 0;
  std::string out;
  bool out_truncated = false;
};

/// Runs `command`. Exit codes other than 0 and those in `accepted` throw sdk::Error, as do
/// a timeout and a command that cannot start; messages show the command and the last lines
/// of its stderr, with sensitive values replaced by "(sensitive)".
Outcome run(const Command& command, const Invocation& invocation,
            const std::vector<int>& accepted = {});

/// How messages name `command`: the create command `sh -c 'exit 1'`.
std::string describe(const Command& command);

/// `text` with every value of the map `sensitive` replaced by "(sensitive)".
std::string redact(std::string text, const json& sensitive);

/// The JSON object printed on stdout, or nullopt when stdout is not one.
std::optional<json> parse_object(const std::string& out);

/// Validation of the command settings in `body` at `path` (unknown values are skipped).
void check_command(const json& body, const json& unknown, const json& path,
                   std::vector<sdk::Diagnostic>& out);

/// Validation of `input`: two keys must not give the same variable name.
void check_input(const json& config, const json& unknown, std::vector<sdk::Diagnostic>& out);

/// The attributes of a command's settings, for a block type or the data source's schema.
std::vector<Attribute> command_attributes();

}  // namespace infra::providers::exec
