// The PostgreSQL server that the tests of the PostgreSQL state run against: the one CTest's
// fixture started (scripts/pg-test-cluster, its directory in INFRA_PG_TEST_CLUSTER), or,
// when the test binary runs on its own, one it starts itself and stops at exit. Without
// the server binaries, a test skips: it says why and exits with kSkipReturnCode, which
// CTest reports as skipped.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace infra::state::testing {

inline constexpr int kSkipReturnCode = 77;

namespace detail {

inline std::string read_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

inline std::filesystem::path& own_cluster() {
  static std::filesystem::path dir;
  return dir;
}

inline void stop_own_cluster() {
  const std::string command = std::string(INFRA_SOURCE_DIR) + "/scripts/pg-test-cluster stop '" +
                              own_cluster().string() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) std::cerr << "could not stop " << own_cluster() << "\n";
}

inline std::filesystem::path cluster_dir() {
  if (const char* dir = std::getenv("INFRA_PG_TEST_CLUSTER")) return dir;
  if (own_cluster().empty()) {
    own_cluster() = std::filesystem::temp_directory_path() /
                    ("infra-pg-test-client-" + std::to_string(getpid()));
    const std::string command = std::string(INFRA_SOURCE_DIR) + "/scripts/pg-test-cluster start '" +
                                own_cluster().string() + "' >&2";
    std::atexit(stop_own_cluster);
    if (std::system(command.c_str()) != 0) {
      std::cerr << "scripts/pg-test-cluster could not start a PostgreSQL server\n";
      std::exit(1);
    }
  }
  return own_cluster();
}

}  // namespace detail

/// The conn_str of the test server; skips the test (exits kSkipReturnCode after saying
/// why) when there is no server to test against.
inline std::string pg_conn_str() {
  const std::filesystem::path dir = detail::cluster_dir();
  if (std::filesystem::exists(dir / "skip")) {
    std::cerr << "SKIPPED: the PostgreSQL state is not tested: " << detail::read_line(dir / "skip")
              << "\n";
    std::exit(kSkipReturnCode);
  }
  const std::string conn_str = detail::read_line(dir / "conn_str");
  if (conn_str.empty()) {
    std::cerr << "no PostgreSQL test server: " << (dir / "conn_str") << " is missing\n";
    std::exit(1);
  }
  return conn_str;
}

/// A schema name that no other test, process or run uses.
inline std::string fresh_schema() {
  static int counter = 0;
  return "t_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
}

}  // namespace infra::state::testing
