// TSIG (RFC 8945): signing requests with a shared HMAC key and checking the signature of
// the answers, so that updates are authenticated both ways.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "providers/dns/wire.hpp"

namespace infra::providers::dns {

/// A TSIG key as the provider block names it.
struct Key {
  std::string name;       // absolute: "infra-test."
  std::string algorithm;  // "hmac-sha256" (without the trailing dot)
  std::string secret;     // the decoded bytes, never shown
};

/// The algorithm names the provider accepts, for messages.
inline constexpr const char* kAlgorithms = "hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, "
                                           "hmac-sha384, hmac-sha512";

/// `algorithm` as the provider stores it ("hmac-sha256"), from what a user wrote
/// ("HMAC-SHA256.", "hmac-md5.sig-alg.reg.int."); nullopt for an algorithm it cannot do.
std::optional<std::string> normalize_algorithm(const std::string& algorithm);

/// Signs `wire`, an encoded message without a TSIG record: appends one (and counts it in
/// ARCOUNT). `now` is the time in seconds since 1970. Returns the MAC, which the answer's
/// signature covers. An answer is signed with its request's MAC in `request_mac`, as a
/// server signs it (the tests use that).
std::string sign(std::string& wire, const Key& key, std::uint64_t now,
                 const std::string& request_mac = {});

/// What checking an answer's TSIG found.
struct TsigCheck {
  int error = 0;        // the TSIG record's error field: 16 BADSIG, 17 BADKEY, 18 BADTIME
  std::string problem;  // "" when the answer is signed correctly with `key`
};

/// Checks the TSIG record of `response` (decoded from `wire`), the answer to a request
/// signed with `key` whose MAC was `request_mac`.
TsigCheck verify(const std::string& wire, const Message& response, const Key& key,
                 const std::string& request_mac, std::uint64_t now);

}  // namespace infra::providers::dns
