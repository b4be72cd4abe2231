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

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

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

std::string base64_encode(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(const std::string& text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    int v[4];
    int padding = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && last && k >= 2) {
        ++padding;
        v[k] = 0;
        continue;
      }
      if (padding > 0) return std::nullopt;  // data after padding
      v[k] = base64_value(c);
      if (v[k] < 0) return std::nullopt;
    }
    const unsigned triple = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                            (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out += static_cast<char>((triple >> 16) & 0xff);
    if (padding < 2) out += static_cast<char>((triple >> 8) & 0xff);
    if (padding < 1) out += static_cast<char>(triple & 0xff);
  }
  return out;
}

}  // namespace infra::providers::local
