// The nginx that the tests of the http provider run against: the one CTest's fixture started
// (scripts/http-test-server, its directory in INFRA_HTTP_TEST_SERVER), or, when the test
// binary runs on its own, one it starts itself and stops at exit. Without nginx, a test
// skips: it says why and exits with kSkipReturnCode, which CTest reports as skipped.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace infra::providers::test {

inline constexpr int kHttpSkipReturnCode = 77;

namespace http_detail {

inline std::filesystem::path& own_server() {
  static std::filesystem::path dir;
  return dir;
}

inline void stop_own_server() {
  const std::string command = std::string(INFRA_SOURCE_DIR) + "/scripts/http-test-server stop '" +
                              own_server().string() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) std::cerr << "could not stop " << own_server() << "\n";
}

inline std::filesystem::path server_dir() {
  if (const char* dir = std::getenv("INFRA_HTTP_TEST_SERVER")) return dir;
  if (own_server().empty()) {
    own_server() = std::filesystem::temp_directory_path() /
                   ("infra-http-test-client-" + std::to_string(getpid()));
    const std::string command = std::string(INFRA_SOURCE_DIR) +
                                "/scripts/http-test-server start '" + own_server().string() +
                                "' >&2";
    std::atexit(stop_own_server);
    if (std::system(command.c_str()) != 0) {
      std::cerr << "scripts/http-test-server could not start nginx\n";
      std::exit(1);
    }
  }
  return own_server();
}

inline std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace http_detail

/// The test server's file `name` (url, tls_url, ca.pem, client.pem, client-key.pem,
/// access_log), trailing newline dropped; skips the test (exits kHttpSkipReturnCode after
/// saying why) when there is no server to test against.
inline std::string http_server(const std::string& name) {
  const std::filesystem::path dir = http_detail::server_dir();
  if (std::filesystem::exists(dir / "skip")) {
    std::cerr << "SKIPPED: the http provider is not tested: "
              << http_detail::read_all(dir / "skip") << "\n";
    std::exit(kHttpSkipReturnCode);
  }
  std::string text = http_detail::read_all(dir / name);
  if (text.empty()) {
    std::cerr << "no http test server: " << (dir / name) << " is missing\n";
    std::exit(1);
  }
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

/// The path of the test server's file `name` (as http_server, which gives its text).
inline std::string http_server_file(const std::string& name) {
  http_server(name);  // skips, or fails, as it does
  return (http_detail::server_dir() / name).string();
}

}  // namespace infra::providers::test
