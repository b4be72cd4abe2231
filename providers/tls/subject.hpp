// What a certificate or a request is for: the key (private_key_pem), the `subject` block and
// the subject alternative names (dns_names, ip_addresses, uris), in the schema and as X.509
// structures.
#pragma once

#include <vector>

#include <openssl/x509v3.h>

#include "providers/tls/ossl.hpp"

namespace infra::providers::tls {

using Extension = std::unique_ptr<X509_EXTENSION, Freer<X509_EXTENSION, X509_EXTENSION_free>>;

/// The `subject` block type (a list of at most one block, as in Terraform).
BlockType subject_block();

/// private_key_pem (required, sensitive, force_new), then dns_names, ip_addresses and uris
/// (optional lists of strings that force a new object): the arguments of a request or a
/// certificate made for a key the configuration holds.
std::vector<Attribute> key_and_name_attributes(const char* key_description);
/// Their diagnostics: a private_key_pem that is no key, ip_addresses and uris entries that
/// cannot be used (at their paths).
void validate_key_and_names(const json& config, const json& unknown,
                            std::vector<sdk::Diagnostic>& out);

/// The X.509 name the `subject` attribute of `object` describes (empty without a block).
Name subject_name(const json& object);
/// The subjectAltName extension for the names in `object`; null when it names none.
/// Throws InvalidValue for an IP address or URI that cannot be encoded.
Extension alternative_names(const json& object);

/// The subjectAltName extension a request asks for, or null.
Extension requested_names(X509_REQ* request);

/// The inverse, for import: sets `subject` (the block, all its attributes; an empty list for
/// an empty name), dns_names, ip_addresses and uris (null when there are none) in `state`
/// from an existing certificate's or request's name and subjectAltName extension (may be
/// null). Name parts and alternative names the schema has no attribute for are left out.
void describe_names(const X509_NAME* subject, const X509_EXTENSION* alternative_names,
                    json& state);

}  // namespace infra::providers::tls
