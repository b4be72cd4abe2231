// Child processes for plugins: posix_spawn with pipes.
#include "providers/host/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <string_view>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace infra::providers::host {

namespace {

// Closes every fd it holds on scope exit unless released.
struct FdGuard {
  std::vector<int> fds;
  ~FdGuard() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
};

[[noreturn]] void fail_errno(const std::string& what, int err) {
  throw std::runtime_error(what + ": " + std::strerror(err));
}

}  // namespace

ChildProcess spawn_plugin(const std::filesystem::path& executable, int protocol,
                          const std::string& who) {
  const std::string exe = executable.string();
  struct stat st {};
  if (::stat(exe.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      throw std::runtime_error(who + ": executable " + exe + " not found");
    }
    fail_errno(who + ": cannot start " + exe, errno);
  }
  if (!S_ISREG(st.st_mode) || ::access(exe.c_str(), X_OK) != 0) {
    throw std::runtime_error(who + ": " + exe + " is not an executable file");
  }

  // [0] read end, [1] write end; all close-on-exec; dup2 in the child clears the flag on
  // the copies that become 0, 1 and 2.
  int in[2], out[2], err[2];
  FdGuard guard;
  for (int* p : {in, out, err}) {
    if (::pipe2(p, O_CLOEXEC) != 0) fail_errno(who + ": cannot create a pipe", errno);
    guard.fds.push_back(p[0]);
    guard.fds.push_back(p[1]);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  // The host ignores SIGPIPE and its threads may block signals; the plugin starts clean.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t all, none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  // Its own process group: a Ctrl-C at the terminal reaches infra, which lets running
  // actions finish, and not the plugins in the middle of those actions.
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);

  const std::string protocol_var = "INFRA_PROVIDER_PROTOCOL=";
  // The keys of the state (INFRA_STATE_ENCRYPTION_KEY, INFRA_STATE_PASSPHRASE and their
  // _PREVIOUS forms) are infra's own secrets: no plugin, anyone's binary, gets them.
  constexpr std::string_view kStateSecrets = "INFRA_STATE_";
  std::vector<std::string> env_strings;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with(protocol_var) || entry.starts_with(kStateSecrets)) continue;
    env_strings.emplace_back(entry);
  }
  env_strings.push_back(protocol_var + std::to_string(protocol));
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string argv0 = exe;
  char* argv[] = {argv0.data(), nullptr};

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, exe.c_str(), &actions, &attr, argv, envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) fail_errno(who + ": cannot start " + exe, rc);

  ChildProcess child;
  child.pid = pid;
  child.stdin_fd = in[1];
  child.stdout_fd = out[0];
  child.stderr_fd = err[0];
  // The child's ends are closed by the guard; ours are released from it.
  guard.fds = {in[0], out[1], err[1]};
  return child;
}

std::optional<int> wait_for_exit(pid_t pid, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return 0;  // not our child any more: nothing to wait for
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  return "status " + std::to_string(status);
}

void ignore_sigpipe() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

}  // namespace infra::providers::host
