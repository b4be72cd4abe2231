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

}  // namespace infra::providers::tls
