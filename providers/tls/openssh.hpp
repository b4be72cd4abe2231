// OpenSSH encodings of keys: the authorized_keys line, the "OPENSSH PRIVATE KEY" file and
// the fingerprints ssh-keygen shows.
#pragma once

#include <optional>
#include <string>

#include <openssl/evp.h>

namespace infra::providers::tls {

/// The OpenSSH public key blob (RFC 4253 wire format), or nullopt when OpenSSH has no
/// encoding for the key (ECDSA on P-224).
std::optional<std::string> openssh_public_blob(EVP_PKEY* key);

/// "ssh-ed25519 AAAA...\n" for `blob` of key `key`.
std::string openssh_public_line(EVP_PKEY* key, const std::string& blob);

/// The private key in OpenSSH's own format (unencrypted, empty comment), or nullopt as for
/// openssh_public_blob.
std::optional<std::string> openssh_private_pem(EVP_PKEY* key);

/// "aa:bb:..." (MD5) and "SHA256:base64" (no padding), as ssh-keygen -l prints them.
std::string openssh_fingerprint_md5(const std::string& blob);
std::string openssh_fingerprint_sha256(const std::string& blob);

}  // namespace infra::providers::tls
