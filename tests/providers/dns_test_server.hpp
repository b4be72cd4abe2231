// The BIND server that the tests of the dns provider run against: the one CTest's fixture
// started (scripts/dns-test-server, its directory in INFRA_DNS_TEST_SERVER), or, when the
// test binary runs on its own, one it starts itself and stops at exit. Without BIND, a test
// skips: it says why and exits with 77, which CTest reports as skipped. Also: dig and
// nsupdate against that server, to check and change records behind the provider's back.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace infra::providers::test {

/// Where the test server listens, its TSIG key and its zones.
struct DnsServer {
  std::string server;
  int port = 0;
  std::string key_name;
  std::string key_algorithm;
  std::string key_secret;
  std::string zone;          // "infra.test."
  std::string reverse_zone;  // "2.0.192.in-addr.arpa."
};

namespace dns_detail {

inline std::string read_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

inline std::filesystem::path& own_server() {
  static std::filesystem::path dir;
  return dir;
}

inline void stop_own_server() {
  const std::string command = std::string(INFRA_SOURCE_DIR) + "/scripts/dns-test-server stop '" +
                              own_server().string() + "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) std::cerr << "could not stop " << own_server() << "\n";
}

inline std::filesystem::path server_dir() {
  if (const char* dir = std::getenv("INFRA_DNS_TEST_SERVER")) return dir;
  if (own_server().empty()) {
    own_server() = std::filesystem::temp_directory_path() /
                   ("infra-dns-test-client-" + std::to_string(getpid()));
    const std::string command = std::string(INFRA_SOURCE_DIR) +
                                "/scripts/dns-test-server start '" + own_server().string() +
                                "' >&2";
    std::atexit(stop_own_server);
    if (std::system(command.c_str()) != 0) {
      std::cerr << "scripts/dns-test-server could not start a DNS server\n";
      std::exit(1);
    }
  }
  return own_server();
}

// What `command` prints on stdout; throws when it fails.
inline std::string output_of(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (::pclose(pipe) != 0) throw std::runtime_error(command + " failed:\n" + out);
  return out;
}

}  // namespace dns_detail

/// The test server; skips the test (exits 77 after saying why) when there is none.
inline const DnsServer& dns_server() {
  static const DnsServer server = [] {
    const std::filesystem::path dir = dns_detail::server_dir();
    if (std::filesystem::exists(dir / "skip")) {
      std::cerr << "SKIPPED: the dns provider is not tested: "
                << dns_detail::read_line(dir / "skip") << "\n";
      std::exit(77);
    }
    DnsServer s;
    s.server = dns_detail::read_line(dir / "server");
    const std::string port = dns_detail::read_line(dir / "port");
    if (s.server.empty() || port.empty()) {
      std::cerr << "no DNS test server: " << dir << " has no server and port\n";
      std::exit(1);
    }
    s.port = std::stoi(port);
    s.key_name = dns_detail::read_line(dir / "key_name");
    s.key_algorithm = dns_detail::read_line(dir / "key_algorithm");
    s.key_secret = dns_detail::read_line(dir / "key_secret");
    s.zone = dns_detail::read_line(dir / "zone");
    s.reverse_zone = dns_detail::read_line(dir / "reverse_zone");
    return s;
  }();
  return server;
}

/// A record name no other test case, process or run uses: "PREFIX-PID-N".
inline std::string fresh_name(const std::string& prefix) {
  static int counter = 0;
  return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

/// The provider block's value for the test server (its `update` block), with `changes`
/// merged into the update block (a null removes a setting).
inline nlohmann::json dns_provider_config(
    const nlohmann::json& changes = nlohmann::json::object()) {
  const DnsServer& s = dns_server();
  nlohmann::json update = {{"server", s.server},         {"port", s.port},
                           {"key_name", s.key_name},     {"key_algorithm", s.key_algorithm},
                           {"key_secret", s.key_secret}, {"timeout", "5s"}};
  update.merge_patch(changes);
  return {{"update", nlohmann::json::array({update})}};
}

/// What `dig +short` answers for `name` and `type`: one record per line, sorted; "" when
/// there is none.
inline std::string dig(const std::string& name, const std::string& type) {
  const DnsServer& s = dns_server();
  return dns_detail::output_of("dig @" + s.server + " -p " + std::to_string(s.port) +
                               " +short +tcp +time=5 +tries=1 '" + name + "' " + type +
                               " | sort");
}

/// The TTLs of the records dig finds for `name` and `type`, one line each, duplicates
/// dropped: "60\n" for records of one TTL.
inline std::string dig_ttl(const std::string& name, const std::string& type) {
  const DnsServer& s = dns_server();
  return dns_detail::output_of("dig @" + s.server + " -p " + std::to_string(s.port) +
                               " +noall +answer +tcp +time=5 +tries=1 '" + name + "' " + type +
                               " | awk '{print $2}' | sort -u");
}

/// The rcode dig reports for `name` and `type`: "NOERROR", "NXDOMAIN", ...
inline std::string dig_status(const std::string& name, const std::string& type) {
  const DnsServer& s = dns_server();
  std::string out = dns_detail::output_of(
      "dig @" + s.server + " -p " + std::to_string(s.port) + " +tcp +time=5 +tries=1 '" + name +
      "' " + type + " | sed -n 's/.*status: \\([A-Z]*\\),.*/\\1/p'");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

/// Sends `commands` ("update add www.infra.test. 300 A 192.0.2.1\n...") to the test server
/// with nsupdate, signed with its key, then "send"; throws when nsupdate fails.
inline void nsupdate(const std::string& commands) {
  const DnsServer& s = dns_server();
  const std::string script = "server " + s.server + " " + std::to_string(s.port) + "\n" +
                             commands + "\nsend\n";
  dns_detail::output_of("printf '%s' '" + script + "' | nsupdate -y '" + s.key_algorithm + ":" +
                        s.key_name + ":" + s.key_secret + "' 2>&1");
}

}  // namespace infra::providers::test
