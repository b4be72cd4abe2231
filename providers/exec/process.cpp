// run_process: posix_spawn into a new process group, then one poll loop that feeds stdin,
// drains stdout and stderr and watches the clock. Pipes are made close-on-exec, so a command
// started by another thread at the same instant never inherits them.
#include "providers/exec/process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace infra::providers::exec {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How often the loop checks whether the child exited while its pipes are quiet.
constexpr milliseconds kTick{20};
// Where programs are looked up when the environment has no PATH.
constexpr const char* kDefaultPath = "/usr/local/bin:/usr/bin:/bin";

class Fd {
 public:
  Fd() = default;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool open() const { return fd_ >= 0; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read;
  Fd write;
};

void make_pipe(Pipe& pipe) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    throw StartError(std::string("cannot make a pipe: ") + std::strerror(errno));
  }
  pipe.read.reset(fds[0]);
  pipe.write.reset(fds[1]);
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

// argv[0] as posix_spawn should get it: a name without a slash is looked up in `path_value`
// (the child's PATH, not the provider's); a path is used as it is, relative to the working
// directory.
std::string resolve(const std::string& name, const std::string& path_value,
                    const std::string& working_dir) {
  if (name.empty()) throw StartError("the command's first element (the program) is empty");
  if (name.find('/') != std::string::npos) {
    const std::string full =
        name[0] == '/' || working_dir.empty() ? name : working_dir + "/" + name;
    if (::access(full.c_str(), F_OK) != 0) throw StartError("\"" + name + "\" is not found");
    return name;
  }
  std::size_t start = 0;
  while (start <= path_value.size()) {
    std::size_t end = path_value.find(':', start);
    if (end == std::string::npos) end = path_value.size();
    std::string dir = path_value.substr(start, end - start);
    if (dir.empty()) dir = ".";
    const std::string candidate = dir + "/" + name;
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  throw StartError("\"" + name + "\" is not found in PATH (" + path_value + ")");
}

// Reads what `fd` has now into `into`, keeping at most `limit` bytes: the first ones, or the
// last ones when `keep_tail`. Returns false at end of file.
bool drain(int fd, std::string& into, std::size_t limit, bool keep_tail, bool& truncated) {
  char buffer[16384];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      const auto got = static_cast<std::size_t>(n);
      if (keep_tail) {
        into.append(buffer, got);
        if (into.size() > limit) {
          into.erase(0, into.size() - limit);
          truncated = true;
        }
      } else {
        const std::size_t room = limit - into.size();
        into.append(buffer, std::min(room, got));
        if (got > room) truncated = true;
      }
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;  // any other error ends the stream
  }
}

void record_status(int status, ProcessResult& result) {
  if (WIFEXITED(status)) {
    result.exited = true;
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
}

// Stops the process group led by `pid` after a timeout: SIGTERM, up to kKillGrace for the
// leader to go, then SIGKILL for whatever is left of the group. Reaps the leader.
void kill_group(pid_t pid, bool& reaped, int& status) {
  ::kill(-pid, SIGTERM);
  const auto give_up = Clock::now() + kKillGrace;
  while (!reaped && Clock::now() < give_up) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      reaped = true;
    } else {
      std::this_thread::sleep_for(kTick);
    }
  }
  // Children of the leader may outlive it, still in its group: they go too.
  ::kill(-pid, SIGKILL);
  while (!reaped) {
    if (::waitpid(pid, &status, 0) == pid || errno != EINTR) reaped = true;
  }
}

class SpawnSetup {
 public:
  SpawnSetup() {
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
};

pid_t spawn(const ProcessSpec& spec, const std::string& program, int in, int out, int err) {
  SpawnSetup setup;
  ::posix_spawn_file_actions_adddup2(&setup.actions, in, 0);
  ::posix_spawn_file_actions_adddup2(&setup.actions, out, 1);
  ::posix_spawn_file_actions_adddup2(&setup.actions, err, 2);
  if (!spec.working_dir.empty()) {
    ::posix_spawn_file_actions_addchdir_np(&setup.actions, spec.working_dir.c_str());
  }
  // A group of its own, so that a timeout can stop everything it started; default signal
  // handling and an empty mask, whatever the provider's threads had (it ignores SIGPIPE).
  sigset_t mask, defaults;
  sigemptyset(&mask);
  sigfillset(&defaults);
  sigdelset(&defaults, SIGKILL);
  sigdelset(&defaults, SIGSTOP);
  ::posix_spawnattr_setflags(&setup.attr,
                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  ::posix_spawnattr_setpgroup(&setup.attr, 0);
  ::posix_spawnattr_setsigmask(&setup.attr, &mask);
  ::posix_spawnattr_setsigdefault(&setup.attr, &defaults);

  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : spec.environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  pid_t pid = -1;
  const int rc =
      ::posix_spawn(&pid, program.c_str(), &setup.actions, &setup.attr, argv.data(), envp.data());
  if (rc != 0) {
    const std::string& name = spec.argv.front();
    if (rc == EACCES) throw StartError("\"" + name + "\" is not executable (permission denied)");
    if (rc == ENOEXEC) throw StartError("\"" + name + "\" is not in an executable format");
    throw StartError("cannot start \"" + name + "\": " + std::strerror(rc));
  }
  return pid;
}

}  // namespace

std::string environment_value(const std::vector<std::string>& environment,
                              const std::string& name) {
  const std::string prefix = name + "=";
  for (const auto& entry : environment) {
    if (entry.compare(0, prefix.size(), prefix) == 0) return entry.substr(prefix.size());
  }
  return "";
}

ProcessResult run_process(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw StartError("the command is empty");
  if (!spec.working_dir.empty()) {
    struct stat st {};
    if (::stat(spec.working_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      throw StartError("working_dir \"" + spec.working_dir + "\" is not a directory");
    }
  }
  std::string path_value = environment_value(spec.environment, "PATH");
  if (path_value.empty()) path_value = kDefaultPath;
  const std::string program = resolve(spec.argv.front(), path_value, spec.working_dir);

  Pipe in, out, err;
  make_pipe(in);
  make_pipe(out);
  make_pipe(err);
  const auto deadline = Clock::now() + spec.timeout;
  const pid_t pid = spawn(spec, program, in.read.get(), out.write.get(), err.write.get());
  in.read.reset();
  out.write.reset();
  err.write.reset();
  set_nonblocking(in.write.get());
  set_nonblocking(out.read.get());
  set_nonblocking(err.read.get());
  if (spec.stdin_data.empty()) in.write.reset();

  ProcessResult result;
  bool err_truncated = false;
  std::size_t written = 0;
  bool reaped = false;
  int status = 0;
  for (;;) {
    if (!reaped && ::waitpid(pid, &status, WNOHANG) == pid) reaped = true;
    // Done when the child has exited and nothing holds its output open any more.
    if (reaped && !out.read.open() && !err.read.open()) break;
    const auto now = Clock::now();
    if (now >= deadline) {
      result.timed_out = true;
      break;
    }
    pollfd fds[3];
    nfds_t n = 0;
    if (in.write.open()) fds[n++] = {in.write.get(), POLLOUT, 0};
    if (out.read.open()) fds[n++] = {out.read.get(), POLLIN, 0};
    if (err.read.open()) fds[n++] = {err.read.get(), POLLIN, 0};
    auto wait = std::chrono::duration_cast<milliseconds>(deadline - now) + milliseconds(1);
    if (!reaped || n == 0) wait = std::min(wait, kTick);
    ::poll(fds, n, static_cast<int>(wait.count()));
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == in.write.get()) {
        const ssize_t w = ::write(fds[i].fd, spec.stdin_data.data() + written,
                                  spec.stdin_data.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        // The input is all there, or the command closed its stdin without reading it all
        // (EPIPE: the provider ignores SIGPIPE); either way stdin is done.
        if (written == spec.stdin_data.size() || (w < 0 && errno != EAGAIN && errno != EINTR)) {
          in.write.reset();
        }
      } else if (fds[i].fd == out.read.get()) {
        if (!drain(fds[i].fd, result.out, kStdoutLimit, false, result.out_truncated)) {
          out.read.reset();
        }
      } else if (fds[i].fd == err.read.get()) {
        if (!drain(fds[i].fd, result.err, kStderrLimit, true, err_truncated)) err.read.reset();
      }
    }
  }
  in.write.reset();
  if (result.timed_out) {
    // Only an exit before the deadline counts: it exited, but others kept its output open.
    if (reaped) record_status(status, result);
    kill_group(pid, reaped, status);
    // Whatever the group wrote before it was stopped.
    bool ignored = false;
    if (out.read.open()) drain(out.read.get(), result.out, kStdoutLimit, false, result.out_truncated);
    if (err.read.open()) drain(err.read.get(), result.err, kStderrLimit, true, ignored);
  } else {
    record_status(status, result);
  }
  return result;
}

}  // namespace infra::providers::exec
