// Importing certificates and requests made elsewhere (`infra import`, import blocks), and
// the checks by which a plan adopts what their PEM cannot tell (the private keys, the CA,
// the request) from a configuration that matches the object.
#pragma once

#include <string>
#include <vector>

#include "providers/tls/ossl.hpp"

namespace infra::providers::tls {

/// The certificate an import ID names (PEM text, or the path of a file holding it). Throws
/// sdk::Error "cannot import TYPE: ..." when the first PEM block is not a CERTIFICATE or
/// does not parse, and when its key is not RSA, ECDSA or ED25519.
Cert import_certificate(const std::string& type, const std::string& id);
/// The same for a certificate request (CERTIFICATE REQUEST or NEW CERTIFICATE REQUEST).
Request import_request(const std::string& type, const std::string& id);

/// The private key in attribute `name` of `object` (a state or a proposed one), or null
/// when it is not a known, readable key (validate reports those).
PKey key_in(const json& object, const std::string& name);
/// The certificate in attribute `name` of `object`, or null.
Cert certificate_in(const json& object, const std::string& name);
/// The certificate request in attribute `name` of `object`, or null.
Request request_in(const json& object, const std::string& name);

/// Whether `a` and `b` hold the same public key.
bool same_public_key(const EVP_PKEY* a, const EVP_PKEY* b);

/// Adds the warning that attribute `name` is not adopted into an imported object because
/// `why`, so the plan replaces the object.
void refuse(std::vector<sdk::Diagnostic>& out, const std::string& name, const std::string& why);

}  // namespace infra::providers::tls
