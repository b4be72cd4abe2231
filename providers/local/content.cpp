// Hashes (OpenSSL EVP) and base64 for the file types.
#include "providers/local/content.hpp"

#include <openssl/evp.h>

namespace infra::providers::local {

namespace {

using sdk::json;

std::string digest(const std::string& data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) {
    throw sdk::Error("cannot compute a hash");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hex(const std::string& raw) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

struct Hash {
  const char* name;
  const char* description;
  std::string (*compute)(const std::string& bytes);
};

const Hash kHashes[] = {
    {"id", "Hex SHA-1 of the content.", [](const std::string& b) { return sha1_hex(b); }},
    {"content_sha256", "Hex SHA-256 of the content.",
     [](const std::string& b) { return sha256_hex(b); }},
};

}  // namespace

std::vector<Attribute> hash_attributes() {
  std::vector<Attribute> out;
  for (const Hash& h : kHashes) {
    out.push_back({.name = h.name, .computed = true, .description = h.description});
  }
  return out;
}

void set_hashes(json& state, const std::string& bytes) {
  for (const Hash& h : kHashes) state[h.name] = h.compute(bytes);
}

void plan_hashes(sdk::Plan& plan, const std::optional<std::string>& bytes) {
  for (const Hash& h : kHashes) {
    if (bytes) {
      plan.set_known(h.name, h.compute(*bytes));
    } else {
      plan.set_unknown(h.name);
    }
  }
}

std::string sha1_hex(const std::string& data) { return hex(digest(data, EVP_sha1())); }
std::string sha256_hex(const std::string& data) { return hex(digest(data, EVP_sha256())); }


}  // namespace infra::providers::local
