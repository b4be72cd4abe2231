// Talking to the server: one request, one answer, over UDP (TCP when asked for, when the
// request is large, or when the UDP answer is truncated), signed with the provider's TSIG
// key and the answer's signature checked. Failures are sdk::Error naming the server.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/dns/settings.hpp"
#include "providers/dns/wire.hpp"

namespace infra::providers::dns {

/// The server answered with an rcode other than NOERROR: the message names the server,
/// the rcode and what was asked.
class RcodeError : public sdk::Error {
 public:
  RcodeError(const std::string& message, int rcode) : sdk::Error(message), rcode_(rcode) {}
  int rcode() const { return rcode_; }

 private:
  int rcode_;
};

/// The records of type `type` whose owner is `name` (absolute), as the server answers a
/// query for them; empty when there are none (NXDOMAIN, or no data of that type).
std::vector<Record> query(const Settings& settings, const std::string& name, std::uint16_t type);

/// Sends one UPDATE of `zone` with `prerequisites` and `updates` (RFC 2136 sections 2.4
/// and 2.5): the server applies all of it or none. Throws RcodeError when the server
/// refuses it; `what` ("the update of www.infra.test. A") goes into messages.
void update(const Settings& settings, const std::string& zone,
            const std::vector<Record>& prerequisites, const std::vector<Record>& updates,
            const std::string& what);

}  // namespace infra::providers::dns
