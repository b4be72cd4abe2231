// TSIG with HMAC from OpenSSL: the digest covers the message (before the TSIG record) and
// the TSIG variables of RFC 8945 section 4.3.3; an answer's digest also covers the request's
// MAC.
#include "providers/dns/tsig.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>

namespace infra::providers::dns {

namespace {

constexpr std::uint16_t kFudge = 300;

struct Algorithm {
  const char* name;       // as the provider stores it
  const char* wire_name;  // as TSIG names it
  const EVP_MD* (*digest)();
};

const Algorithm kKnown[] = {
    {"hmac-md5", "hmac-md5.sig-alg.reg.int.", EVP_md5},
    {"hmac-sha1", "hmac-sha1.", EVP_sha1},
    {"hmac-sha224", "hmac-sha224.", EVP_sha224},
    {"hmac-sha256", "hmac-sha256.", EVP_sha256},
    {"hmac-sha384", "hmac-sha384.", EVP_sha384},
    {"hmac-sha512", "hmac-sha512.", EVP_sha512},
};

const Algorithm& algorithm_of(const Key& key) {
  for (const auto& a : kKnown) {
    if (key.algorithm == a.name) return a;
  }
  throw WireError("unknown TSIG algorithm \"" + key.algorithm + "\"");
}

void put48(std::string& out, std::uint64_t value) {
  put16(out, static_cast<std::uint16_t>((value >> 32) & 0xFFFF));
  put32(out, static_cast<std::uint32_t>(value & 0xFFFFFFFF));
}

// The TSIG variables that the digest covers after the message.
std::string variables(const Key& key, const Algorithm& algorithm, std::uint64_t time_signed,
                      std::uint16_t fudge, std::uint16_t error, const std::string& other) {
  std::string out = encode_name(key.name, true);
  put16(out, kClassAny);
  put32(out, 0);
  out += encode_name(algorithm.wire_name, true);
  put48(out, time_signed);
  put16(out, fudge);
  put16(out, error);
  put16(out, static_cast<std::uint16_t>(other.size()));
  out += other;
  return out;
}

std::string hmac(const Algorithm& algorithm, const std::string& secret, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!HMAC(algorithm.digest(), secret.data(), static_cast<int>(secret.size()),
            reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length)) {
    throw WireError("HMAC failed");
  }
  return {reinterpret_cast<const char*>(out), length};
}

// The fields of a TSIG record's rdata.
struct TsigRecord {
  std::string algorithm;
  std::uint64_t time_signed = 0;
  std::uint16_t fudge = 0;
  std::string mac;
  std::uint16_t original_id = 0;
  std::uint16_t error = 0;
  std::string other;
};

TsigRecord parse(const std::string& rdata) {
  TsigRecord t;
  std::size_t at = 0;
  t.algorithm = decode_name(rdata, at);
  t.time_signed = (static_cast<std::uint64_t>(get16(rdata, at)) << 32) | get32(rdata, at + 2);
  t.fudge = get16(rdata, at + 6);
  const std::uint16_t mac_size = get16(rdata, at + 8);
  at += 10;
  if (at + mac_size > rdata.size()) throw WireError("TSIG MAC runs past the record");
  t.mac = rdata.substr(at, mac_size);
  at += mac_size;
  t.original_id = get16(rdata, at);
  t.error = get16(rdata, at + 2);
  const std::uint16_t other_size = get16(rdata, at + 4);
  if (at + 6 + other_size > rdata.size()) throw WireError("TSIG other data runs past the record");
  t.other = rdata.substr(at + 6, other_size);
  return t;
}

std::string with_mac_size(const std::string& mac) {
  std::string out;
  put16(out, static_cast<std::uint16_t>(mac.size()));
  return out + mac;
}

}  // namespace

std::optional<std::string> normalize_algorithm(const std::string& algorithm) {
  std::string name = algorithm;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!name.empty() && name.back() == '.') name.pop_back();
  if (name == "hmac-md5.sig-alg.reg.int") name = "hmac-md5";
  for (const auto& a : kKnown) {
    if (name == a.name) return name;
  }
  return std::nullopt;
}

std::string sign(std::string& wire, const Key& key, std::uint64_t now,
                 const std::string& request_mac) {
  const Algorithm& algorithm = algorithm_of(key);
  const std::string mac =
      hmac(algorithm, key.secret,
           (request_mac.empty() ? "" : with_mac_size(request_mac)) + wire +
               variables(key, algorithm, now, kFudge, 0, ""));
  std::string rdata = encode_name(algorithm.wire_name);
  put48(rdata, now);
  put16(rdata, kFudge);
  rdata += with_mac_size(mac);
  rdata += wire.substr(0, 2);  // the original ID
  put16(rdata, 0);             // error
  put16(rdata, 0);             // other length
  Record tsig{.name = key.name, .type = rr::kTsig, .klass = kClassAny, .ttl = 0, .rdata = rdata};
  wire += encode_record(tsig);
  const std::uint16_t arcount = get16(wire, 10) + 1;
  wire[10] = static_cast<char>(arcount >> 8);
  wire[11] = static_cast<char>(arcount & 0xFF);
  return mac;
}

TsigCheck verify(const std::string& wire, const Message& response, const Key& key,
                 const std::string& request_mac, std::uint64_t now) {
  if (response.additional.empty() || response.additional.back().type != rr::kTsig) {
    return {0, "the answer is not signed"};
  }
  const Record& record = response.additional.back();
  TsigRecord t;
  try {
    t = parse(record.rdata);
  } catch (const WireError& e) {
    return {0, std::string("the answer's TSIG record is malformed: ") + e.what()};
  }
  if (t.error != 0) return {t.error, "the server rejected the request's signature"};
  if (!same_name(record.name, key.name)) {
    return {0, "the answer is signed with another key (\"" + record.name + "\")"};
  }
  const Algorithm& algorithm = algorithm_of(key);
  if (!same_name(t.algorithm, algorithm.wire_name)) {
    return {0, "the answer is signed with another algorithm (" + t.algorithm + ")"};
  }
  // The message as it was before the TSIG record was added: original ID, one fewer record.
  std::string signed_part = wire.substr(0, response.last_additional_offset);
  signed_part[0] = static_cast<char>(t.original_id >> 8);
  signed_part[1] = static_cast<char>(t.original_id & 0xFF);
  const std::uint16_t arcount = get16(signed_part, 10) - 1;
  signed_part[10] = static_cast<char>(arcount >> 8);
  signed_part[11] = static_cast<char>(arcount & 0xFF);
  const std::string expected =
      hmac(algorithm, key.secret,
           with_mac_size(request_mac) + signed_part +
               variables(key, algorithm, t.time_signed, t.fudge, t.error, t.other));
  if (t.mac.size() != expected.size() ||
      CRYPTO_memcmp(t.mac.data(), expected.data(), expected.size()) != 0) {
    return {0, "the answer's TSIG signature does not match the key"};
  }
  const std::uint64_t skew = now > t.time_signed ? now - t.time_signed : t.time_signed - now;
  if (skew > t.fudge) return {0, "the answer was signed at a time too far from this clock's"};
  return {};
}

}  // namespace infra::providers::dns
