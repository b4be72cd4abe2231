// OpenSSH key encodings (RFC 4253 section 6.6, RFC 5656, RFC 8709, and OpenSSH's
// PROTOCOL.key for private keys), built from the EVP parameters of a key.
#include "providers/tls/openssh.hpp"

#include <cstdint>

#include <openssl/core_names.h>
#include <openssl/rand.h>

#include "providers/tls/ossl.hpp"

namespace infra::providers::tls {

namespace {

// An SSH wire-format buffer.
struct Wire {
  std::string bytes;

  void u32(std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) bytes += static_cast<char>((v >> shift) & 0xff);
  }
  void string(const std::string& s) {
    u32(static_cast<std::uint32_t>(s.size()));
    bytes += s;
  }
  // A non-negative integer: big-endian, with a zero byte in front when the top bit is set.
  void mpint(const BIGNUM* n) {
    std::string raw(static_cast<std::size_t>(BN_num_bytes(n)), '\0');
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(raw.data()));
    if (!raw.empty() && (static_cast<unsigned char>(raw[0]) & 0x80)) raw.insert(0, 1, '\0');
    string(raw);
  }
};

Bignum bn_param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) fail(std::string("read key parameter ") + name);
  return Bignum(bn);
}

std::string octets_param(EVP_PKEY* key, const char* name) {
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key, name, nullptr, 0, &len) != 1) {
    fail(std::string("read key parameter ") + name);
  }
  std::string out(len, '\0');
  if (EVP_PKEY_get_octet_string_param(key, name, reinterpret_cast<unsigned char*>(out.data()),
                                      len, &len) != 1) {
    fail(std::string("read key parameter ") + name);
  }
  out.resize(len);
  return out;
}

// "nistp256" for a P-256 key; empty for curves OpenSSH does not know.
std::string ssh_curve(EVP_PKEY* key) {
  const std::string curve = ecdsa_curve(key);
  if (curve == "P256" || curve == "P384" || curve == "P521") return "nistp" + curve.substr(1);
  return "";
}

std::string raw_key(EVP_PKEY* key, bool private_part) {
  std::size_t len = 0;
  auto get = private_part ? EVP_PKEY_get_raw_private_key : EVP_PKEY_get_raw_public_key;
  if (get(key, nullptr, &len) != 1) fail("read the raw key");
  std::string out(len, '\0');
  if (get(key, reinterpret_cast<unsigned char*>(out.data()), &len) != 1) fail("read the raw key");
  return out;
}

// The key type name in the blob: "ssh-rsa", "ecdsa-sha2-nistp256", "ssh-ed25519"; empty
// when OpenSSH cannot encode the key.
std::string ssh_type(EVP_PKEY* key) {
  const std::string algorithm = key_algorithm(key);
  if (algorithm == "RSA") return "ssh-rsa";
  if (algorithm == "ED25519") return "ssh-ed25519";
  const std::string curve = ssh_curve(key);
  return curve.empty() ? "" : "ecdsa-sha2-" + curve;
}

// Base64 in lines of 70 characters, as ssh-keygen writes it.
std::string wrapped_base64(const std::string& bytes) {
  const std::string text = base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 70) out += text.substr(i, 70) + "\n";
  return out;
}

}  // namespace

std::optional<std::string> openssh_public_blob(EVP_PKEY* key) {
  const std::string type = ssh_type(key);
  if (type.empty()) return std::nullopt;
  Wire w;
  w.string(type);
  if (type == "ssh-rsa") {
    w.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_E).get());
    w.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_N).get());
  } else if (type == "ssh-ed25519") {
    w.string(raw_key(key, false));
  } else {
    w.string(ssh_curve(key));
    w.string(octets_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY));
  }
  return w.bytes;
}

std::string openssh_public_line(EVP_PKEY* key, const std::string& blob) {
  return ssh_type(key) + " " + base64(blob) + "\n";
}

std::optional<std::string> openssh_private_pem(EVP_PKEY* key) {
  const auto blob = openssh_public_blob(key);
  if (!blob) return std::nullopt;
  const std::string type = ssh_type(key);

  Wire secret;
  std::uint32_t check = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&check), sizeof check) != 1) {
    fail("generate random bytes");
  }
  secret.u32(check);
  secret.u32(check);
  secret.string(type);
  if (type == "ssh-rsa") {
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_N).get());
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_E).get());
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_D).get());
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_COEFFICIENT1).get());
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR1).get());
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_RSA_FACTOR2).get());
  } else if (type == "ssh-ed25519") {
    const std::string pub = raw_key(key, false);
    secret.string(pub);
    secret.string(raw_key(key, true) + pub);
  } else {
    secret.string(ssh_curve(key));
    secret.string(octets_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY));
    secret.mpint(bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY).get());
  }
  secret.string("");  // comment
  for (char pad = 1; secret.bytes.size() % 8 != 0; ++pad) secret.bytes += pad;

  Wire file;
  file.bytes = std::string("openssh-key-v1", 15);  // with its terminating NUL
  file.string("none");  // cipher
  file.string("none");  // KDF
  file.string("");      // KDF options
  file.u32(1);          // number of keys
  file.string(*blob);
  file.string(secret.bytes);
  return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + wrapped_base64(file.bytes) +
         "-----END OPENSSH PRIVATE KEY-----\n";
}

std::string openssh_fingerprint_md5(const std::string& blob) {
  return hex(digest(blob, EVP_md5()), ":");
}

std::string openssh_fingerprint_sha256(const std::string& blob) {
  std::string text = base64(digest(blob, EVP_sha256()));
  while (!text.empty() && text.back() == '=') text.pop_back();
  return "SHA256:" + text;
}

}  // namespace infra::providers::tls
