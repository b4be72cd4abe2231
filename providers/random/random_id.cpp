// random_id: `byte_length` random bytes shown as URL-safe and standard base64, hex and a
// decimal number, each after the optional `prefix`. Imported by its b64_url value.
#include <memory>

#include <openssl/bn.h>

#include "providers/random/common.hpp"
#include "providers/random/random_source.hpp"
#include "providers/random/resources.hpp"

namespace infra::providers::random {

namespace {

constexpr const char* kStdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr const char* kUrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64(const std::string& bytes, const char* alphabet, bool pad) {
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(v >> shift) & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// Decodes unpadded URL-safe base64 as random_id writes it; nullopt for anything else (a
// character outside the alphabet, a length no byte string has, or stray low bits).
std::optional<std::string> decode_url_base64(const std::string& text) {
  if (text.empty() || text.size() % 4 == 1) return std::nullopt;
  const std::string alphabet = kUrlAlphabet;
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    auto at = alphabet.find(c);
    if (at == std::string::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(at);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;  // not what an encoder writes
  return out;
}

std::string hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

// The bytes as one big-endian unsigned number, in decimal.
std::string decimal(const std::string& bytes) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> n(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                static_cast<int>(bytes.size()), nullptr),
      BN_free);
  if (!n) throw sdk::Error("out of memory");
  std::unique_ptr<char, void (*)(char*)> text(BN_bn2dec(n.get()),
                                              [](char* p) { OPENSSL_free(p); });
  if (!text) throw sdk::Error("out of memory");
  return text.get();
}

// `state` with the computed attributes of `bytes` filled in.
json with_encodings(json state, const std::string& bytes) {
  const std::string prefix = optional_string(state, "prefix").value_or("");
  const std::string url = prefix + base64(bytes, kUrlAlphabet, false);
  state["id"] = url;
  state["b64_url"] = url;
  state["b64_std"] = prefix + base64(bytes, kStdAlphabet, true);
  state["hex"] = prefix + hex(bytes);
  state["dec"] = prefix + decimal(bytes);
  return state;
}

Findings check(const json& config, const json& unknown) {
  Findings out;
  whole_number(config, unknown, "byte_length", out, 1);
  return out;
}

json create(const json& planned) {
  const auto length = planned_number(planned, "byte_length", 1);
  return with_encodings(planned, RandomSource().bytes(static_cast<std::size_t>(length)));
}

json import(const std::string& id) {
  const auto comma = id.rfind(',');
  const std::string prefix = comma == std::string::npos ? "" : id.substr(0, comma);
  const std::string encoded = comma == std::string::npos ? id : id.substr(comma + 1);
  auto bytes = decode_url_base64(encoded);
  if (!bytes) {
    throw sdk::Error("invalid import id \"" + id +
                     "\": expected the b64_url value of a random_id without its prefix, "
                     "after \"PREFIX,\" when it has one");
  }
  json state = {{"byte_length", bytes->size()},
                {"prefix", comma == std::string::npos ? json() : json(prefix)},
                {"keepers", nullptr}};
  return with_encodings(std::move(state), *bytes);
}

ResourceSchema schema() {
  ResourceSchema s;
  s.type = "random_id";
  s.description = "Random bytes, shown in several encodings; a name suffix, for example.";
  s.attributes = {
      keepers_attribute(),
      argument("byte_length", "number", true, "How many random bytes to make; at least 1."),
      argument("prefix", "string", false, "Text put before each encoding (not encoded itself)."),
      computed("id", "The same as b64_url."),
      computed("b64_url", "The prefix, then the bytes in URL-safe base64 without padding."),
      computed("b64_std", "The prefix, then the bytes in standard base64 with padding."),
      computed("hex", "The prefix, then the bytes in hex."),
      computed("dec", "The prefix, then the bytes as a big-endian unsigned decimal number."),
  };
  return s;
}

}  // namespace

sdk::Resource random_id_resource() {
  return random_resource(schema(), {}, {.validate = check, .create = create, .import = import});
}

}  // namespace infra::providers::random
