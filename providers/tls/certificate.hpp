// What tls_self_signed_cert and tls_locally_signed_cert share: the validity and usage
// arguments, issuing a certificate, and renewal (ready_for_renewal forces a replacement).
#pragma once

#include <functional>
#include <vector>

#include "providers/tls/ossl.hpp"
#include "providers/tls/subject.hpp"

namespace infra::providers::tls {

/// validity_period_hours, early_renewal_hours, allowed_uses, is_ca_certificate,
/// set_subject_key_id and the computed cert_pem, validity_start_time, validity_end_time,
/// ready_for_renewal and id.
std::vector<Attribute> certificate_attributes();

/// The diagnostics for those arguments.
void validate_certificate(const json& config, const json& unknown,
                          std::vector<sdk::Diagnostic>& out);


/// A certificate resource type: `schema`, `validate` and `create` its own, plus the shared
/// plan (defaults, and a replacement when the certificate is due for renewal; after `plan`
/// when given), read (ready_for_renewal as of now), update and destroy.
using Validate = std::function<std::vector<sdk::Diagnostic>(const json&, const json&)>;
sdk::Resource certificate_resource(ResourceSchema schema, Validate validate,
                                   std::function<json(const json&)> create,
                                   std::function<void(sdk::Plan&)> plan = nullptr);

/// What goes into a new certificate besides the arguments of `planned`.
struct Issue {
  EVP_PKEY* subject_key = nullptr;  // the certified public key
  X509_NAME* subject = nullptr;
  X509* issuer = nullptr;           // null: self-signed
  EVP_PKEY* issuer_key = nullptr;   // signs
  Extension alternative_names;      // may be null
  bool set_authority_key_id = false;
};

/// Issues the certificate `planned` asks for and returns `planned` with cert_pem, the
/// validity times, ready_for_renewal and id filled in.
json issue_certificate(const json& planned, Issue issue);

/// For import: the attributes of certificate_attributes() as they describe `cert` (validity
/// period in whole hours, allowed_uses from keyUsage then extendedKeyUsage, set_subject_key_id
/// true for a subject key identifier on a certificate that is no CA, early_renewal_hours 0,
/// ready_for_renewal as read computes it).
json describe_certificate(X509* cert);

/// For an imported certificate whose key (or CA) is adopted: the arguments the configuration
/// may state otherwise than import derived them while describing the same certificate:
/// allowed_uses in another order, and a CA's set_subject_key_id (a CA gets a subject key
/// identifier either way).
std::vector<std::string> equivalent_certificate_arguments(const json& prior, const json& proposed);

}  // namespace infra::providers::tls
