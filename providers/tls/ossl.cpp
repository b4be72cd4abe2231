// OpenSSL helpers for the tls provider: parsing and writing PEM, digests and times.
#include "providers/tls/ossl.hpp"

#include "providers/sdk/base64.hpp"

#include <cstdio>
#include <ctime>

#include <openssl/core_names.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>

namespace infra::providers::tls {

namespace {

// Never prompt for a passphrase: an encrypted key is simply not readable.
int no_passphrase(char*, int, int, void*) { return -1; }

Bio memory_bio(const std::string& text) {
  Bio bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) fail("allocate a buffer");
  return bio;
}

Bio output_bio() {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio) fail("allocate a buffer");
  return bio;
}

std::string contents(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

// Writes with `write` into a memory buffer and returns what it wrote.
template <typename Write>
std::string written(const char* what, Write write) {
  Bio bio = output_bio();
  if (write(bio.get()) != 1) fail(what);
  return contents(bio.get());
}

json path_of(const std::string& attribute) { return json::array({attribute}); }

}  // namespace

void fail(const std::string& what) {
  std::string message = "cannot " + what;
  unsigned long code = ERR_get_error();
  if (code != 0) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += ": ";
    message += buf;
  }
  ERR_clear_error();
  throw sdk::Error(message);
}

PKey parse_private_key(const std::string& pem, const std::string& attribute) {
  Bio bio = memory_bio(pem);
  PKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!key) {
    throw InvalidValue("invalid " + attribute,
                       "not an unencrypted private key in PEM format (RSA, ECDSA or ED25519)",
                       path_of(attribute));
  }
  try {
    key_algorithm(key.get());
  } catch (const sdk::Error&) {
    throw InvalidValue("invalid " + attribute,
                       "unsupported key type; expected an RSA, ECDSA or ED25519 key",
                       path_of(attribute));
  }
  return key;
}

Cert parse_certificate(const std::string& pem, const std::string& attribute) {
  return std::move(parse_certificates(pem, attribute).front());
}

std::vector<Cert> parse_certificates(const std::string& pem, const std::string& attribute) {
  Bio bio = memory_bio(pem);
  std::vector<Cert> out;
  while (Cert cert{PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr)}) {
    out.push_back(std::move(cert));
  }
  ERR_clear_error();
  if (out.empty()) {
    throw InvalidValue("invalid " + attribute, "no certificate in PEM format found",
                       path_of(attribute));
  }
  return out;
}

Request parse_request(const std::string& pem, const std::string& attribute) {
  Bio bio = memory_bio(pem);
  Request request(PEM_read_bio_X509_REQ(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!request) {
    throw InvalidValue("invalid " + attribute, "not a certificate request in PEM format",
                       path_of(attribute));
  }
  EVP_PKEY* key = X509_REQ_get0_pubkey(request.get());
  if (key == nullptr || X509_REQ_verify(request.get(), key) != 1) {
    ERR_clear_error();
    throw InvalidValue("invalid " + attribute,
                       "the request's signature does not match its public key",
                       path_of(attribute));
  }
  return request;
}

std::string key_algorithm(const EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) return "RSA";
  if (EVP_PKEY_is_a(key, "EC")) return "ECDSA";
  if (EVP_PKEY_is_a(key, "ED25519")) return "ED25519";
  throw sdk::Error("unsupported key type");
}

std::string ecdsa_curve(EVP_PKEY* key) {
  char group[64] = {};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) !=
      1) {
    fail("read the key's curve");
  }
  const std::string name(group, len);
  if (name == "secp224r1" || name == "P-224") return "P224";
  if (name == "prime256v1" || name == "P-256") return "P256";
  if (name == "secp384r1" || name == "P-384") return "P384";
  if (name == "secp521r1" || name == "P-521") return "P521";
  return name;
}

const EVP_MD* signing_digest(EVP_PKEY* key) {
  const std::string algorithm = key_algorithm(key);
  if (algorithm == "ED25519") return nullptr;
  if (algorithm == "ECDSA") {
    const std::string curve = ecdsa_curve(key);
    if (curve == "P384") return EVP_sha384();
    if (curve == "P521") return EVP_sha512();
  }
  return EVP_sha256();
}

std::string private_key_traditional_pem(EVP_PKEY* key) {
  if (key_algorithm(key) == "ED25519") return private_key_pkcs8_pem(key);
  // "type-specific" is PKCS#1 for RSA and SEC1 for EC, as Terraform writes them.
  using Encoder = std::unique_ptr<OSSL_ENCODER_CTX, Freer<OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free>>;
  Encoder encoder(OSSL_ENCODER_CTX_new_for_pkey(key, OSSL_KEYMGMT_SELECT_ALL, "PEM",
                                                "type-specific", nullptr));
  if (!encoder || OSSL_ENCODER_CTX_get_num_encoders(encoder.get()) == 0) {
    fail("find an encoder for the private key");
  }
  return written("encode the private key",
                 [&](BIO* bio) { return OSSL_ENCODER_to_bio(encoder.get(), bio); });
}

std::string private_key_pkcs8_pem(EVP_PKEY* key) {
  return written("encode the private key", [&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

std::string public_key_pem(EVP_PKEY* key) {
  return written("encode the public key", [&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key); });
}

std::string certificate_pem(X509* cert) {
  return written("encode the certificate", [&](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

std::string request_pem(X509_REQ* request) {
  return written("encode the certificate request",
                 [&](BIO* bio) { return PEM_write_bio_X509_REQ(bio, request); });
}

std::string public_key_der(EVP_PKEY* key) {
  return written("encode the public key", [&](BIO* bio) { return i2d_PUBKEY_bio(bio, key); });
}

std::string certificate_der(X509* cert) {
  return written("encode the certificate", [&](BIO* bio) { return i2d_X509_bio(bio, cert); });
}

std::string digest(const std::string& data, const EVP_MD* md) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) fail("compute a digest");
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hex(const std::string& bytes, const char* separator) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out += separator;
    const auto b = static_cast<unsigned char>(bytes[i]);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::string base64(const std::string& bytes) { return sdk::base64_encode(bytes); }

std::string rfc3339(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text) {
  std::tm tm{};
  const char* end = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) fail("read a certificate time");
  return std::chrono::system_clock::from_time_t(::timegm(&tm));
}

std::string serial_decimal(const ASN1_INTEGER* serial) {
  Bignum bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) fail("read a serial number");
  char* text = BN_bn2dec(bn.get());
  if (text == nullptr) fail("format a serial number");
  std::string out(text);
  OPENSSL_free(text);
  return out;
}

}  // namespace infra::providers::tls
