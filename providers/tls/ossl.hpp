// Small owners and helpers around OpenSSL 3 (EVP, X509, PEM): scoped pointers, PEM in and
// out, digests, base64 and the times certificates carry. Errors are sdk::Error values.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "providers/sdk/provider.hpp"

namespace infra::providers::tls {

using sdk::json;

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const { Free(p); }
};
using PKey = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using Bio = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using Cert = std::unique_ptr<X509, Freer<X509, X509_free>>;
using Request = std::unique_ptr<X509_REQ, Freer<X509_REQ, X509_REQ_free>>;
using Name = std::unique_ptr<X509_NAME, Freer<X509_NAME, X509_NAME_free>>;
using Bignum = std::unique_ptr<BIGNUM, Freer<BIGNUM, BN_free>>;

/// A value the user gave that cannot be used: `summary` names the attribute ("invalid
/// rsa_bits"), `detail` says why. Becomes an error diagnostic at `path` in validate, and an
/// error response with the same path in apply.
class InvalidValue : public sdk::Error {
 public:
  InvalidValue(std::string summary, std::string detail, json path)
      : sdk::Error(summary + ": " + detail, std::move(path)),
        summary_(std::move(summary)),
        detail_(std::move(detail)) {}
  const std::string& summary() const { return summary_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string summary_;
  std::string detail_;
};

/// Throws an sdk::Error "cannot WHAT" with OpenSSL's reason, and clears OpenSSL's queue.
[[noreturn]] void fail(const std::string& what);

/// The key in `pem` (PKCS#1, SEC1 or PKCS#8 PEM, unencrypted); throws InvalidValue naming
/// `attribute` otherwise. The key itself never appears in a message.
PKey parse_private_key(const std::string& pem, const std::string& attribute);
/// The first certificate in `pem`; throws InvalidValue naming `attribute` otherwise.
Cert parse_certificate(const std::string& pem, const std::string& attribute);
/// Every certificate in `pem`, in order; throws InvalidValue when there is none.
std::vector<Cert> parse_certificates(const std::string& pem, const std::string& attribute);
/// The request in `pem`, with a valid signature; throws InvalidValue naming `attribute`.
Request parse_request(const std::string& pem, const std::string& attribute);

/// "RSA", "ECDSA" or "ED25519" (the names tls_private_key takes); throws for other keys.
std::string key_algorithm(const EVP_PKEY* key);

/// The curve of an EC key as tls_private_key names it ("P224", "P256", "P384", "P521"), or
/// OpenSSL's name of another curve.
std::string ecdsa_curve(EVP_PKEY* key);

/// The digest a key signs with: SHA-256, SHA-384 for P-384, SHA-512 for P-521, none for
/// ED25519.
const EVP_MD* signing_digest(EVP_PKEY* key);

/// PEM texts.
std::string private_key_traditional_pem(EVP_PKEY* key);  // "RSA/EC PRIVATE KEY"; ED25519: PKCS#8
std::string private_key_pkcs8_pem(EVP_PKEY* key);        // "PRIVATE KEY"
std::string public_key_pem(EVP_PKEY* key);               // "PUBLIC KEY"
std::string certificate_pem(X509* cert);
std::string request_pem(X509_REQ* request);
/// The DER encoding of the public key (SubjectPublicKeyInfo).
std::string public_key_der(EVP_PKEY* key);
std::string certificate_der(X509* cert);

/// Digests of `data`: raw bytes, or lower-case hex.
std::string digest(const std::string& data, const EVP_MD* md);
std::string hex(const std::string& bytes, const char* separator = "");
std::string base64(const std::string& bytes);

/// RFC 3339 in UTC, as Terraform writes times: "2026-01-02T03:04:05Z".
std::string rfc3339(std::chrono::system_clock::time_point t);
/// Parses what rfc3339() writes; nullopt for anything else.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(const std::string& text);
/// The time an ASN1_TIME holds.
std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* t);

/// The decimal text of a certificate serial number.
std::string serial_decimal(const ASN1_INTEGER* serial);

}  // namespace infra::providers::tls
