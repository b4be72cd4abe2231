// Starting, waiting for and stopping a plugin's child process (POSIX). Private to the host.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <sys/types.h>

namespace infra::providers::host {

/// A running child with its stdio connected to pipes held by the parent. Every parent end
/// is close-on-exec, so later children do not inherit them.
struct ChildProcess {
  pid_t pid = -1;
  int stdin_fd = -1;   // parent writes requests here
  int stdout_fd = -1;  // parent reads responses here
  int stderr_fd = -1;  // parent reads log lines here
};

/// Starts `executable` with no arguments, the parent's environment plus
/// INFRA_PROVIDER_PROTOCOL=<protocol>, default signal dispositions and an empty signal mask,
/// and no file descriptors beyond 0-2. `who` prefixes error messages
/// ("provider \"local\""). Throws std::runtime_error when it cannot start.
ChildProcess spawn_plugin(const std::filesystem::path& executable, int protocol,
                          const std::string& who);

/// Waits up to `timeout` for `pid` to exit and returns its wait status, or nullopt if it
/// is still running. The caller serialises calls for one pid.
std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout);

/// "exit code 3", "signal 11".
std::string describe_exit(int wait_status);

/// Ignores SIGPIPE for the whole process, once: a write to a dead plugin must fail with
/// EPIPE, not kill the host.
void ignore_sigpipe();

}  // namespace infra::providers::host
