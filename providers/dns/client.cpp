// The provider's DNS client on plain sockets: UDP with retries on timeout, TCP with
// two-byte length framing, random message IDs, TSIG on every request when a key is set.
#include "providers/dns/client.hpp"

#include <netdb.h>
#include <openssl/rand.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace infra::providers::dns {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxUdpRequest = 512;  // RFC 1035 4.2.1, without EDNS

// A socket, closed with the object.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

struct Address {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
  const sockaddr* get() const { return reinterpret_cast<const sockaddr*>(&storage); }
};

Address resolve(const Settings& s) {
  if (s.server.empty()) {
    throw sdk::Error("no DNS server to send to: set `server` in the provider's update block, "
                     "or DNS_UPDATE_SERVER");
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(s.server.c_str(), std::to_string(s.port).c_str(), &hints, &found);
  if (rc != 0 || !found) {
    throw sdk::Error("cannot resolve the DNS server's name \"" + s.server +
                     "\": " + ::gai_strerror(rc));
  }
  Address a;
  std::memcpy(&a.storage, found->ai_addr, found->ai_addrlen);
  a.length = found->ai_addrlen;
  a.family = found->ai_family;
  ::freeaddrinfo(found);
  return a;
}

[[noreturn]] void unreachable(const Settings& s, int error) {
  throw sdk::Error("cannot reach DNS server " + s.where() + ": " + std::strerror(error));
}

std::string duration_text(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + "s"
                               : std::to_string(d.count()) + "ms";
}

[[noreturn]] void no_answer(const Settings& s, const char* transport) {
  throw sdk::Error("no answer from DNS server " + s.where() + " over " + transport + " within " +
                   duration_text(s.timeout) + " (" + std::to_string(s.attempts) +
                   (s.attempts == 1 ? " attempt)" : " attempts)"));
}

// Waits until `fd` is ready for `events`; false when `deadline` passes first.
bool wait(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) throw sdk::Error(std::string("poll: ") + std::strerror(errno));
  }
}

std::string over_udp(const Settings& s, const Address& a, const std::string& wire) {
  Socket socket(::socket(a.family, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (socket.fd() < 0 || ::connect(socket.fd(), a.get(), a.length) != 0) unreachable(s, errno);
  std::string buffer(65535, '\0');
  for (int attempt = 0; attempt < s.attempts; ++attempt) {
    if (::send(socket.fd(), wire.data(), wire.size(), 0) < 0) unreachable(s, errno);
    const auto deadline = Clock::now() + s.timeout;
    while (wait(socket.fd(), POLLIN, deadline)) {
      const ssize_t n = ::recv(socket.fd(), buffer.data(), buffer.size(), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) unreachable(s, errno);  // ECONNREFUSED: nothing listens on the port
      // An answer with another ID is not ours (a late one to an earlier request): wait on.
      if (n >= 12 && buffer.compare(0, 2, wire, 0, 2) == 0) return buffer.substr(0, n);
    }
  }
  no_answer(s, "UDP");
}

// Writes all of `data`; false on timeout.
bool write_all(const Settings& s, int fd, const std::string& data, Clock::time_point deadline) {
  std::size_t done = 0;
  while (done < data.size()) {
    if (!wait(fd, POLLOUT, deadline)) return false;
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) unreachable(s, errno);
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads exactly `size` bytes into `out`; false on timeout.
bool read_exactly(const Settings& s, int fd, std::size_t size, std::string& out,
                  Clock::time_point deadline) {
  out.assign(size, '\0');
  std::size_t done = 0;
  while (done < size) {
    if (!wait(fd, POLLIN, deadline)) return false;
    const ssize_t n = ::recv(fd, out.data() + done, size - done, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) unreachable(s, errno);
    if (n == 0) {
      throw sdk::Error("DNS server " + s.where() + " closed the TCP connection without answering");
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string over_tcp(const Settings& s, const Address& a, const std::string& wire) {
  std::string framed;
  put16(framed, static_cast<std::uint16_t>(wire.size()));
  framed += wire;
  for (int attempt = 0; attempt < s.attempts; ++attempt) {
    Socket socket(::socket(a.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (socket.fd() < 0) unreachable(s, errno);
    const auto deadline = Clock::now() + s.timeout;
    if (::connect(socket.fd(), a.get(), a.length) != 0) {
      if (errno != EINPROGRESS) unreachable(s, errno);
      if (!wait(socket.fd(), POLLOUT, deadline)) continue;
      int error = 0;
      socklen_t length = sizeof error;
      ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
      if (error != 0) unreachable(s, error);
    }
    std::string size;
    std::string answer;
    if (write_all(s, socket.fd(), framed, deadline) &&
        read_exactly(s, socket.fd(), 2, size, deadline) &&
        read_exactly(s, socket.fd(), get16(size, 0), answer, deadline)) {
      return answer;
    }
  }
  no_answer(s, "TCP");
}

std::uint16_t random_id() {
  unsigned char bytes[2] = {0, 0};
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw sdk::Error("cannot make a random message ID");
  return static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
}

std::uint64_t now() { return static_cast<std::uint64_t>(std::time(nullptr)); }

std::string tsig_explanation(int error, const Key& key) {
  switch (error) {
    case 16:
      return "TSIG verification failed / the signature does not match the server's key \"" +
             key.name + "\" (check key_secret and key_algorithm)";
    case 17:
      return "TSIG verification failed / key \"" + key.name + "\" (" + key.algorithm +
             ") is not known to the server";
    case 18:
      return "TSIG verification failed / this machine's clock and the server's differ by more "
             "than 5 minutes";
    default:
      return "TSIG verification failed";
  }
}

// Why the server may have answered `rcode` to an update (or a query), for the message.
std::string rcode_hint(int rcode, bool update) {
  switch (rcode) {
    case 5:
      return update ? " (the server does not allow it: check allow-update or update-policy)"
                    : " (is the server authoritative for the zone?)";
    case 9: return " (the server is not authoritative for the zone)";
    case 10: return " (the name is not inside the zone)";
    default: return "";
  }
}

Message decoded(const Settings& s, const std::string& answer) {
  try {
    return decode(answer);
  } catch (const WireError& e) {
    throw sdk::Error("DNS server " + s.where() + " sent an answer that is not DNS: " + e.what());
  }
}

// Sends `request` (its ID chosen here) and returns the answer, its signature checked.
Message exchange(const Settings& s, Message request, const std::string& what) {
  request.id = random_id();
  std::string wire = encode(request);
  std::string mac;
  if (s.key) mac = sign(wire, *s.key, now());
  const Address address = resolve(s);
  const bool tcp = s.tcp || wire.size() > kMaxUdpRequest;
  std::string answer = tcp ? over_tcp(s, address, wire) : over_udp(s, address, wire);
  Message response = decoded(s, answer);
  if (!tcp && response.truncated()) {
    answer = over_tcp(s, address, wire);
    response = decoded(s, answer);
  }
  if (response.id != request.id || !response.is_response()) {
    throw sdk::Error("DNS server " + s.where() + " answered another request than " + what);
  }
  if (!s.key) return response;
  const TsigCheck check = verify(answer, response, *s.key, mac, now());
  if (check.error != 0) {
    throw RcodeError("DNS server " + s.where() + " answered " + rcode_name(response.rcode()) +
                         " (" + rcode_name(check.error) + ") to " + what + ": " +
                         tsig_explanation(check.error, *s.key),
                     response.rcode());
  }
  // An unsigned refusal is still a refusal: the rcode says more than the missing signature.
  if (!check.problem.empty() && (response.rcode() == 0 || response.rcode() == 3)) {
    throw sdk::Error("cannot trust the answer of DNS server " + s.where() + " to " + what +
                     ": " + check.problem);
  }
  return response;
}

[[noreturn]] void refused(const Settings& s, int rcode, const std::string& what, bool update) {
  throw RcodeError("DNS server " + s.where() + " answered " + rcode_name(rcode) + " to " + what +
                       rcode_hint(rcode, update),
                   rcode);
}

}  // namespace

std::vector<Record> query(const Settings& settings, const std::string& name, std::uint16_t type) {
  Message request;
  request.flags = kOpcodeQuery << 11;
  request.question.push_back(
      {.name = name, .type = type, .klass = kClassIn, .ttl = 0, .rdata = ""});
  const Message response =
      exchange(settings, request, "the query for " + name + " " + type_name(type));
  if (response.rcode() == 3) return {};  // NXDOMAIN
  if (response.rcode() != 0) {
    refused(settings, response.rcode(), "the query for " + name + " " + type_name(type), false);
  }
  std::vector<Record> out;
  for (const auto& r : response.answer) {
    if (r.type == type && r.klass == kClassIn && same_name(r.name, name)) out.push_back(r);
  }
  return out;
}

void update(const Settings& settings, const std::string& zone,
            const std::vector<Record>& prerequisites, const std::vector<Record>& updates,
            const std::string& what) {
  Message request;
  request.flags = kOpcodeUpdate << 11;
  request.question.push_back(
      {.name = zone, .type = rr::kSoa, .klass = kClassIn, .ttl = 0, .rdata = ""});
  request.answer = prerequisites;
  request.authority = updates;
  const Message response = exchange(settings, request, what);
  if (response.rcode() != 0) refused(settings, response.rcode(), what, true);
}

}  // namespace infra::providers::dns
