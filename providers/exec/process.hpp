// Runs one command as a child process: its own process group, stdin fed from a string,
// stdout and stderr captured up to a limit, and a deadline after which the whole group is
// killed. Safe to call from many threads at once: each call owns its pipes and child, and
// waits for that child only.
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace infra::providers::exec {

/// How much of stdout is kept: beyond it, the rest is read and dropped.
inline constexpr std::size_t kStdoutLimit = 1024 * 1024;
/// How much of the end of stderr is kept (messages show its last lines).
inline constexpr std::size_t kStderrLimit = 64 * 1024;
/// After a timeout, how long the process group has between SIGTERM and SIGKILL.
inline constexpr std::chrono::milliseconds kKillGrace{2000};

/// What to run.
struct ProcessSpec {
  std::vector<std::string> argv;         // argv[0] is looked up in the PATH of `environment`
  std::vector<std::string> environment;  // the whole environment, "NAME=value" each
  std::string working_dir;               // empty: the provider's own
  std::string stdin_data;                // written to stdin, which is then closed
  std::chrono::milliseconds timeout{0};
};

/// How it ended.
struct ProcessResult {
  bool timed_out = false;  // the group was killed at the deadline
  bool exited = false;     // the first process exited by itself (also possible with timed_out)
  int exit_code = -1;      // when exited
  int signal = 0;          // when killed by a signal
  std::string out;         // stdout, at most kStdoutLimit bytes
  bool out_truncated = false;
  std::string err;  // the last kStderrLimit bytes of stderr
};

/// The process could not be started: not found, not executable, no such working directory.
class StartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Runs `spec` to its end or its deadline. Throws StartError when it cannot start.
ProcessResult run_process(const ProcessSpec& spec);

/// The value of NAME in an environment of "NAME=value" strings; empty when unset.
std::string environment_value(const std::vector<std::string>& environment,
                              const std::string& name);

}  // namespace infra::providers::exec
