// Running a piece of a test in a forked process, for tests of state shared between
// processes (locks, concurrent writers).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace infra::state::testing {

/// Runs `child` in a forked process and returns its exit status (or -1 when it died). The
/// child ends with _exit: no Catch2 teardown, no atexit handlers, no destructors that
/// would touch what it shares with the parent (a connection's socket).
template <typename Child>
int run_in_child(Child&& child) {
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    int code = 99;
    try {
      code = child();
    } catch (...) {
      code = 98;
    }
    _exit(code);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace infra::state::testing
