// The end-to-end harness: fork/exec with captured output.
#include "harness.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "state/backend.hpp"

namespace infra::e2e {

namespace fs = std::filesystem;

Scratch::Scratch() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("infra-e2e-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(rd()));
  fs::create_directories(path_);
}

Scratch::~Scratch() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void Scratch::write(const std::string& name, const std::string& text) const {
  fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::string Scratch::read(const std::string& name) const {
  std::ifstream in(path_ / name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Scratch::exists(const std::string& name) const { return fs::exists(path_ / name); }

fs::path infra_binary() { return fs::path(INFRA_BIN_DIR) / "infra"; }

namespace {

// The settings of whoever runs the tests must not change what infra does in them: a state
// key in the developer's shell would encrypt every test's state, a selected workspace or a
// PostgreSQL default would move it. Cleared once, when the test program starts; a test that
// wants one sets it itself for the processes it starts.
const bool kEnvironmentCleared = [] {
  for (const char* name : {"INFRA_STATE_ENCRYPTION_KEY", "INFRA_STATE_PASSPHRASE",
                           "INFRA_STATE_ENCRYPTION_KEY_PREVIOUS", "INFRA_STATE_PASSPHRASE_PREVIOUS",
                           "INFRA_WORKSPACE", "PG_CONN_STR", "PG_SCHEMA_NAME", "INFRA_LOG"}) {
    ::unsetenv(name);
  }
  return true;
}();

std::vector<std::string> argv_for(const std::vector<std::string>& args) {
  std::vector<std::string> argv{infra_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

[[noreturn]] void exec_infra(const fs::path& dir, std::vector<std::string> argv_s) {
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (::chdir(dir.c_str()) != 0) _exit(127);
  // Only this tree's providers: nothing from the user's own directories.
  ::setenv("HOME", dir.c_str(), 1);
  ::setenv("INFRA_PROVIDER_PATH", INFRA_BIN_DIR ":" INFRA_TEST_PROVIDER_DIR, 1);
  ::unsetenv("NO_COLOR");
  ::execv(argv[0], argv.data());
  _exit(127);
}

int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result run_infra_on_terminal(const fs::path& dir, const std::vector<std::string>& args,
                             const std::string& answer) {
  int master = -1;
  pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) exec_infra(dir, argv_for(args));
  Result r;
  bool answered = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  char buf[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{master, POLLIN, 0};
    if (::poll(&fd, 1, 1000) <= 0) continue;
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has closed the terminal
    r.out.append(buf, static_cast<std::size_t>(n));
    if (!answered && r.out.find("Enter a value:") != std::string::npos) {
      std::string line = answer + "\n";
      if (::write(master, line.data(), line.size()) < 0) break;
      answered = true;
    }
  }
  ::close(master);
  r.code = wait_exit(pid);
  return r;
}

namespace {

// Runs infra with `input` on its stdin (a pipe; /dev/null when empty), sending `signal`
// once stdout contains `trigger` (when not empty).
Result run(const fs::path& dir, const std::vector<std::string>& args, const std::string& input,
           const std::string& trigger, int signal = SIGINT) {
  int out[2], err[2], in[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
      ::pipe2(in, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  auto argv = argv_for(args);
  pid_t pid = ::fork();
  if (pid == 0) {
    int source = input.empty() ? ::open("/dev/null", O_RDONLY) : in[0];
    ::dup2(source, 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    exec_infra(dir, argv);
  }
  ::close(out[1]);
  ::close(err[1]);
  ::close(in[0]);
  // The inputs of these tests fit in a pipe's buffer, so this never blocks.
  if (!input.empty() && ::write(in[1], input.data(), input.size()) < 0) {
    throw std::runtime_error("writing infra's input failed");
  }
  ::close(in[1]);
  Result r;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int open_fds = 2;
  bool interrupted = false;
  char buf[4096];
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      ::kill(pid, SIGKILL);
      r.err += "\n[harness: infra timed out after 120 s]";
      break;
    }
    if (::poll(fds, 2, static_cast<int>(left)) < 0 && errno != EINTR) break;
    for (auto& f : fds) {
      if (f.fd < 0 || !(f.revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = ::read(f.fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(f.fd);
        f.fd = -1;
        --open_fds;
        continue;
      }
      (f.fd == out[0] ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
      if (!trigger.empty() && !interrupted && r.out.find(trigger) != std::string::npos) {
        ::kill(pid, signal);
        interrupted = true;
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  r.code = wait_exit(pid);
  return r;
}

}  // namespace

Result run_infra(const fs::path& dir, const std::vector<std::string>& args) {
  return run(dir, args, "", "");
}

Result run_infra_with_input(const fs::path& dir, const std::vector<std::string>& args,
                            const std::string& input) {
  return run(dir, args, input, "");
}

Result run_infra_interrupted(const fs::path& dir, const std::vector<std::string>& args,
                             const std::string& trigger) {
  return run(dir, args, "", trigger);
}

Result run_infra_killed(const fs::path& dir, const std::vector<std::string>& args,
                        const std::string& trigger) {
  return run(dir, args, "", trigger, SIGKILL);
}

std::vector<std::string> state_addresses(const Scratch& dir) {
  auto backend = state::open_sqlite(dir.path() / ".infra" / "state.db");
  std::vector<std::string> out;
  for (const auto& inst : backend->read().instances) out.push_back(inst.address);
  return out;
}

}  // namespace infra::e2e
