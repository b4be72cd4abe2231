// Tests of infra-provider-dns's errors, against the BIND server of the dns_server fixture:
// keys the server does not take, settings and arguments that cannot work, servers that do
// not answer or answer wrongly (fake servers in child processes), import ids that name
// nothing. Each message names the server where one is involved, and never holds the key's
// secret.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/providers/dns_test_server.hpp"
#include "tests/providers/plugin_driver.hpp"

using namespace infra::providers;
using nlohmann::json;
using test::dig;
using test::dns_provider_config;
using test::dns_server;
using test::fresh_name;
using test::error_of;
using test::nsupdate;

namespace {

using Catch::Matchers::Contains;

std::string where() { return dns_server().server + ":" + std::to_string(dns_server().port); }

// A socket of `type` bound to a free loopback port; sets `port`.
int loopback_socket(int type, int& port) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  port = ntohs(addr.sin_port);
  return fd;
}

// A UDP socket on a loopback port that never answers; closed with the object.
class SilentServer {
 public:
  SilentServer() : fd_(loopback_socket(SOCK_DGRAM, port_)) {}
  ~SilentServer() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int port_ = 0;
  int fd_;
};

// A server on a loopback port of socket `type`, whose `serve(fd, kind)` runs in a child
// process, killed with the object. The child only copies bytes (no allocation), as a child
// of a threaded process must.
class ChildServer {
 public:
  ChildServer(int type, void (*serve)(int fd, char kind), const char* mode)
      : fd_(loopback_socket(type, port_)) {
    if (type == SOCK_STREAM) ::listen(fd_, 1);
    pid_ = ::fork();
    if (pid_ != 0) return;
    serve(fd_, mode[0]);
    ::_exit(0);
  }
  ~ChildServer() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    ::close(fd_);
  }
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;
  int port() const { return port_; }
  std::string where() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  int port_ = 0;
  int fd_;
  pid_t pid_ = -1;
};

// Answers one UDP request: "short" sends a header that promises a record it lacks,
// "unsigned" echoes the request as an answer without its TSIG record, "truncated" echoes
// it with the TC bit.
void answer_udp(int fd, char kind) {
  unsigned char buffer[4096];
  sockaddr_in from{};
  socklen_t from_length = sizeof from;
  ssize_t n =
      ::recvfrom(fd, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &from_length);
  if (n < 12) return;
  buffer[2] |= 0x80;            // QR: an answer
  buffer[10] = buffer[11] = 0;  // no additional records: the TSIG record is left out
  if (kind == 's') {
    buffer[4] = buffer[5] = buffer[6] = buffer[8] = buffer[9] = 0;
    buffer[7] = 1;  // one answer record, which never comes
    n = 12;
  }
  if (kind == 't') buffer[2] |= 0x02;  // TC
  ::sendto(fd, buffer, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from),
           from_length);
}

// Takes one TCP connection: "close" closes it without answering, "other-id" answers the
// request with another message ID.
void answer_tcp(int fd, char kind) {
  const int conn = ::accept(fd, nullptr, nullptr);
  unsigned char buffer[4096];
  // The request, read whole before closing (unread data would make the close a reset):
  // two bytes of length, then the message, small enough for one read here.
  const ssize_t n = ::recv(conn, buffer, sizeof buffer, 0);
  if (kind == 'o' && n >= 14) {
    buffer[2] ^= 0xFF;  // another ID
    buffer[4] |= 0x80;  // QR
    ::send(conn, buffer, static_cast<std::size_t>(n), 0);
  }
  ::close(conn);
}

struct FakeServer : ChildServer {
  explicit FakeServer(const char* mode) : ChildServer(SOCK_DGRAM, answer_udp, mode) {}
};

struct FakeTcpServer : ChildServer {
  explicit FakeTcpServer(const char* mode) : ChildServer(SOCK_STREAM, answer_tcp, mode) {}
};

// A loopback TCP port that nothing listens on (taken, then given back).
int closed_port() {
  int port = 0;
  ::close(loopback_socket(SOCK_STREAM, port));
  return port;
}

// How the host introduces a failed request of each kind.
const std::string kApply = "provider \"dns\": apply of dns_a_record_set: ";
const std::string kImport = "provider \"dns\": import of dns_a_record_set: ";

json a_config(const std::string& name) {
  return {{"zone", dns_server().zone}, {"name", name}, {"addresses", {"192.0.2.1"}}};
}

// The summaries of the diagnostics `validate` gives for `config`, with their paths.
std::string diagnostics(test::PluginDriver& dns, const std::string& type, const json& config) {
  std::string out;
  for (const auto& d : dns.validate(type, config)) {
    out += d["summary"].get<std::string>() + " at " + d["path"].dump() + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("dns: a secret the server does not know is a NOTAUTH that never shows the secret") {
  const std::string wrong = "c2VjcmV0LXRoYXQtdGhlLXNlcnZlci1kb2VzLW5vdC1rbm93";
  test::PluginDriver dns("dns", dns_provider_config({{"key_secret", wrong}}));
  const std::string message =
      error_of([&] { dns.create("dns_a_record_set", a_config(fresh_name("badsig"))); });
  CHECK_THAT(message, Contains("DNS server " + where() + " answered NOTAUTH (BADSIG) to the "
                               "update of badsig-"));
  CHECK_THAT(message, Contains("TSIG verification failed / the signature does not match the "
                               "server's key \"infra-test-key.\""));
  CHECK_THAT(message, !Contains(wrong));
  CHECK_THAT(message, !Contains(dns_server().key_secret));
  // Reads are signed too.
  CHECK_THAT(error_of([&] { dns.import("dns_a_record_set", dns_server().zone + "/x/A"); }),
             Contains("answered NOTAUTH (BADSIG) to the query for x." + dns_server().zone));
}

TEST_CASE("dns: a key name the server does not know is a NOTAUTH naming the key") {
  test::PluginDriver dns("dns", dns_provider_config({{"key_name", "unknown-key"}}));
  const std::string message =
      error_of([&] { dns.create("dns_a_record_set", a_config(fresh_name("badkey"))); });
  CHECK_THAT(message, Contains("DNS server " + where() + " answered NOTAUTH (BADKEY)"));
  CHECK_THAT(message, Contains("TSIG verification failed / key \"unknown-key.\" (hmac-sha256) "
                               "is not known to the server"));
  CHECK_THAT(message, !Contains(dns_server().key_secret));
}

TEST_CASE("dns: an update without a key is REFUSED by a server that wants one") {
  const auto& s = dns_server();
  test::PluginDriver dns("dns", {{"update", {{{"server", s.server}, {"port", s.port}}}}});
  const std::string name = fresh_name("unsigned");
  CHECK_THAT(error_of([&] { dns.create("dns_a_record_set", a_config(name)); }),
             Contains("DNS server " + where() + " answered REFUSED to the update of " + name +
                      "." + s.zone + " A (the server does not allow it"));
}

TEST_CASE("dns: arguments that cannot work are reported at their place") {
  test::PluginDriver dns("dns", dns_provider_config());
  CHECK(diagnostics(dns, "dns_a_record_set",
                    {{"zone", "infra.test"}, {"name", "www"}, {"addresses", {"192.0.2.1"}}}) ==
        "zone \"infra.test\" is not fully qualified: it must end with a dot, as in "
        "\"infra.test.\" at [\"zone\"]\n");
  CHECK(diagnostics(dns, "dns_a_record_set",
                    {{"zone", "infra.test."}, {"addresses", {"192.0.2.1", "192.0.2.300"}}}) ==
        "\"192.0.2.300\" is not an IPv4 address at [\"addresses\"]\n");
  CHECK(diagnostics(dns, "dns_a_record_set", {{"zone", "infra.test."}, {"addresses", {"::1"}}}) ==
        "\"::1\" is not an IPv4 address at [\"addresses\"]\n");
  CHECK(diagnostics(dns, "dns_aaaa_record_set",
                    {{"zone", "infra.test."}, {"addresses", {"192.0.2.1"}}}) ==
        "\"192.0.2.1\" is not an IPv6 address at [\"addresses\"]\n");
  CHECK(diagnostics(dns, "dns_cname_record",
                    {{"zone", "infra.test."}, {"name", "www."}, {"cname", "target"}}) ==
        "name \"www.\" is relative to the zone: leave out its final dot at [\"name\"]\n"
        "\"target\" is not a fully qualified name: it must end with a dot, as in \"target.\" "
        "at [\"cname\"]\n");
  CHECK(diagnostics(dns, "dns_txt_record_set",
                    {{"zone", "infra.test."}, {"name", "a..b"}, {"txt", {"x"}}, {"ttl", -1}}) ==
        "empty label in name \"a..b.infra.test.\" at [\"name\"]\n"
        "ttl must be a whole number of seconds from 0 to 2147483647 at [\"ttl\"]\n");
  CHECK(diagnostics(dns, "dns_srv_record_set",
                    {{"zone", "infra.test."},
                     {"srv", {{{"priority", 70000}, {"weight", 0}, {"port", 1},
                               {"target", "x.example"}}}}}) ==
        "priority must be from 0 to 65535 at [\"srv\",0,\"priority\"]\n"
        "\"x.example\" is not a fully qualified name: it must end with a dot, as in "
        "\"x.example.\" at [\"srv\",0,\"target\"]\n");
  CHECK(diagnostics(dns, "dns_ptr_record", {{"zone", "2.0.192.in-addr.arpa."}, {"ptr", "x."}}) ==
        "");
}

TEST_CASE("dns: a server that does not answer times out quickly, naming server and port") {
  SilentServer silent;
  const std::string target = "127.0.0.1:" + std::to_string(silent.port());
  test::PluginDriver dns(
      "dns", dns_provider_config({{"port", silent.port()}, {"timeout", "300ms"}, {"retries", 2}}));
  const auto start = std::chrono::steady_clock::now();
  CHECK(error_of([&] { dns.create("dns_a_record_set", a_config(fresh_name("timeout"))); }) ==
        kApply + "no answer from DNS server " + target + " over UDP within 300ms (2 attempts)");
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
}

TEST_CASE("dns: a port nothing listens on is refused at once, over UDP and over TCP") {
  const int port = closed_port();
  const std::string message =
      kImport + "cannot reach DNS server 127.0.0.1:" + std::to_string(port) +
      ": Connection refused";
  test::PluginDriver udp("dns", dns_provider_config({{"port", port}}));
  CHECK(error_of([&] { udp.import("dns_a_record_set", "infra.test./www/A"); }) == message);
  test::PluginDriver tcp("dns", dns_provider_config({{"port", port}, {"transport", "tcp"}}));
  CHECK(error_of([&] { tcp.import("dns_a_record_set", "infra.test./www/A"); }) == message);
}

TEST_CASE("dns: import ids that are not zone/name/TYPE, or name nothing") {
  test::PluginDriver dns("dns", dns_provider_config());
  const std::string zone = dns_server().zone;
  CHECK(error_of([&] { dns.import("dns_a_record_set", "www.infra.test."); }) ==
        kImport +
            "import id \"www.infra.test.\" is not zone/name/TYPE, e.g. \"example.test./www/A\" "
        "(\"@\" or an empty name for the zone's apex)");
  CHECK(error_of([&] { dns.import("dns_a_record_set", "a/b/c/A"); }) ==
        kImport + "import id \"a/b/c/A\" is not zone/name/TYPE, e.g. \"example.test./www/A\" "
        "(\"@\" or an empty name for the zone's apex)");
  CHECK(error_of([&] { dns.import("dns_a_record_set", zone + "/www/MX"); }) ==
        kImport + "import id \"" + zone +
            "/www/MX\" names records of type \"MX\", but dns_a_record_set "
        "holds A records: \"example.test./www/A\"");
  CHECK(error_of([&] { dns.import("dns_a_record_set", zone + "/www." + zone + "/A"); }) ==
        kImport + "import id \"" + zone + "/www." + zone +
            "/A\": the name is relative to the zone; "
        "leave out its final dot");
  const std::string missing = fresh_name("missing");
  CHECK(error_of([&] { dns.import("dns_cname_record", zone + "/" + missing + "/CNAME"); }) ==
        "provider \"dns\": import of dns_cname_record: no CNAME records at " + missing + "." +
            zone + " on DNS server " + where());
}

TEST_CASE("dns: creating over records made outside says to import them") {
  test::PluginDriver dns("dns", dns_provider_config());
  const std::string name = fresh_name("taken");
  const std::string owner = name + "." + dns_server().zone;
  nsupdate("update add " + owner + " 300 A 192.0.2.50");
  CHECK(error_of([&] { dns.create("dns_a_record_set", a_config(name)); }) ==
        kApply + "there are A records at " + owner + " already: import them with the id \"" +
            dns_server().zone + "/" + name + "/A\" or remove them first");
  CHECK(dig(owner, "A") == "192.0.2.50\n");  // untouched
  nsupdate("update delete " + owner + " A");
}

TEST_CASE("dns: provider settings that cannot work fail configure, at their place") {
  auto configure_error = [](const json& changes) {
    auto plugin = Plugin::start(test::bin_dir() / "infra-provider-dns", "dns");
    return error_of([&] { plugin->call("configure", {{"config", dns_provider_config(changes)}}); });
  };
  CHECK_THAT(configure_error({{"key_algorithm", "hmac-sha3"}}),
             Contains("update: key_algorithm \"hmac-sha3\" is not one of hmac-md5, hmac-sha1, "
                      "hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512"));
  CHECK_THAT(configure_error({{"key_secret", "not base64!"}}),
             Contains("update: key_secret is not base64 text"));
  CHECK_THAT(configure_error({{"key_secret", "not base64!"}}), !Contains("not base64!\""));
  CHECK_THAT(configure_error({{"key_algorithm", nullptr}}),
             Contains("update: key_name, key_algorithm and key_secret go together; "
                      "key_algorithm is not set"));
  CHECK_THAT(configure_error({{"port", 70000}}),
             Contains("update: port must be a number from 1 to 65535, not 70000"));
  CHECK_THAT(configure_error({{"transport", "quic"}}),
             Contains("update: transport must be \"udp\" or \"tcp\", not \"quic\""));
  CHECK_THAT(configure_error({{"timeout", "soon"}}),
             Contains("update: timeout must be a duration such as \"2s\" or \"500ms\""));
  CHECK_THAT(configure_error({{"retries", 0}}),
             Contains("update: retries must be a number from 1 to 100"));
  test::PluginDriver dns("dns", json::object());
  CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
        kImport + "no DNS server to send to: set `server` in the provider's update block, or "
        "DNS_UPDATE_SERVER");
}

TEST_CASE("dns: the DNS_UPDATE_ variables stand in for an update block, over TCP too") {
  const auto& s = dns_server();
  ::setenv("DNS_UPDATE_SERVER", s.server.c_str(), 1);
  ::setenv("DNS_UPDATE_PORT", std::to_string(s.port).c_str(), 1);
  ::setenv("DNS_UPDATE_KEYNAME", s.key_name.c_str(), 1);
  ::setenv("DNS_UPDATE_KEYALGORITHM", "HMAC-SHA256.", 1);
  ::setenv("DNS_UPDATE_KEYSECRET", s.key_secret.c_str(), 1);
  struct Unset {
    ~Unset() {
      for (const char* v : {"DNS_UPDATE_SERVER", "DNS_UPDATE_PORT", "DNS_UPDATE_KEYNAME",
                            "DNS_UPDATE_KEYALGORITHM", "DNS_UPDATE_KEYSECRET"}) {
        ::unsetenv(v);
      }
    }
  } unset;
  for (const json& config : {json::object(), json{{"update", {{{"transport", "tcp"}}}}}}) {
    test::PluginDriver dns("dns", config);
    const std::string name = fresh_name("env");
    json state = dns.create("dns_a_record_set", a_config(name));
    CHECK(state["ttl"] == 3600);
    CHECK(dig(name + "." + s.zone, "A") == "192.0.2.1\n");
    dns.destroy("dns_a_record_set", state);
    CHECK(dig(name + "." + s.zone, "A") == "");
  }
}

TEST_CASE("dns: answers that are not DNS, not signed, or truncated") {
  {
    FakeServer fake("short");
    test::PluginDriver dns("dns", dns_provider_config({{"port", fake.port()}}));
    CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
          kImport + "DNS server " + fake.where() +
              " sent an answer that is not DNS: name runs past the message");
  }
  {
    FakeServer fake("unsigned");
    test::PluginDriver dns("dns", dns_provider_config({{"port", fake.port()}}));
    CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
          kImport + "cannot trust the answer of DNS server " + fake.where() +
              " to the query for www.infra.test. A: the answer is not signed");
  }
  {
    // Truncated over UDP: asked again over TCP, where this server does not listen.
    FakeServer fake("truncated");
    test::PluginDriver dns("dns", dns_provider_config({{"port", fake.port()}}));
    CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
          kImport + "cannot reach DNS server " + fake.where() + ": Connection refused");
  }
}

TEST_CASE("dns: over TCP, a server that closes, answers another request, or never answers") {
  {
    FakeTcpServer fake("close");
    test::PluginDriver dns("dns",
                           dns_provider_config({{"port", fake.port()}, {"transport", "tcp"}}));
    CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
          kImport + "DNS server " + fake.where() + " closed the TCP connection without answering");
  }
  {
    FakeTcpServer fake("other-id");
    test::PluginDriver dns("dns",
                           dns_provider_config({{"port", fake.port()}, {"transport", "tcp"}}));
    CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
          kImport + "DNS server " + fake.where() +
              " answered another request than the query for www.infra.test. A");
  }
  {
    // Connections wait in the backlog of a socket that never accepts them: no answer.
    int port = 0;
    const int fd = loopback_socket(SOCK_STREAM, port);
    ::listen(fd, 4);
    test::PluginDriver dns("dns", dns_provider_config({{"port", port},
                                                       {"transport", "tcp"},
                                                       {"timeout", 0.2},
                                                       {"retries", 1}}));
    CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }) ==
          kImport + "no answer from DNS server 127.0.0.1:" + std::to_string(port) +
              " over TCP within 200ms (1 attempt)");
    ::close(fd);
  }
}

TEST_CASE("dns: a server name that does not resolve") {
  test::PluginDriver dns("dns", dns_provider_config({{"server", "no-such-host.invalid"}}));
  CHECK_THAT(error_of([&] { dns.import("dns_a_record_set", "infra.test./www/A"); }),
             Contains("cannot resolve the DNS server's name \"no-such-host.invalid\": "));
}

TEST_CASE("dns: records the server silently leaves out, and records made the same already") {
  test::PluginDriver dns("dns", dns_provider_config());
  const std::string zone = dns_server().zone;
  // RFC 2136 3.4.2.2: a CNAME added beside other records is ignored, without an error.
  const std::string name = fresh_name("beside");
  nsupdate("update add " + name + "." + zone + " 300 TXT \"other data\"");
  CHECK(error_of([&] {
          dns.create("dns_cname_record", {{"zone", zone}, {"name", name}, {"cname", "x.example."}});
        }) == "provider \"dns\": apply of dns_cname_record: DNS server " + where() +
                  " accepted the update of " + name + "." + zone +
                  " CNAME but does not answer with its records (a CNAME cannot share its name "
                  "with records of other types)");
  nsupdate("update delete " + name + "." + zone);

  // Exactly the planned records (an earlier attempt of the same create, say): taken as made.
  const std::string same = fresh_name("same");
  nsupdate("update add " + same + "." + zone + " 3600 A 192.0.2.1");
  json state = dns.create("dns_a_record_set", a_config(same));
  CHECK(state["addresses"] == json::array({"192.0.2.1"}));
  dns.destroy("dns_a_record_set", state);
  CHECK(dig(same + "." + zone, "A") == "");
}

TEST_CASE("dns: zones the server does not serve, and names that are not names") {
  test::PluginDriver dns("dns", dns_provider_config());
  CHECK(error_of([&] { dns.import("dns_a_record_set", "elsewhere.example./www/A"); }) ==
        kImport + "DNS server " + where() +
            " answered REFUSED to the query for www.elsewhere.example. A (is the server "
            "authoritative for the zone?)");
  CHECK(error_of([&] {
          dns.create("dns_a_record_set", {{"zone", "elsewhere.example."},
                                          {"name", "www"},
                                          {"addresses", {"192.0.2.1"}}});
        }) == kApply + "DNS server " + where() +
                  " answered NOTAUTH to the update of www.elsewhere.example. A (the server is "
                  "not authoritative for the zone)");
  CHECK(error_of([&] { dns.import("dns_a_record_set", "infra.test./a..b/A"); }) ==
        kImport + "import id \"infra.test./a..b/A\": empty label in name \"a..b.infra.test.\"");
  // Past validation (which reports it first), a zone without its dot still stops apply.
  CHECK(error_of([&] {
          dns.create("dns_a_record_set",
                     {{"zone", "infra.test"}, {"name", "www"}, {"addresses", {"192.0.2.1"}}});
        }) == kApply + "zone \"infra.test\" must end with a dot (at zone)");
}
