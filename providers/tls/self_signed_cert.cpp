// tls_self_signed_cert: a certificate signed by its own key, for a CA or for testing. An
// existing one is imported from its PEM; the plan then adopts the configuration's key when
// it is the certificate's.
#include <openssl/err.h>

#include "providers/tls/certificate.hpp"
#include "providers/tls/certificate_import.hpp"
#include "providers/tls/resources.hpp"
#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  validate_key_and_names(config, unknown, out);
  validate_certificate(config, unknown, out);
  return out;
}

void plan(sdk::Plan& plan) { plan_default(plan, "set_authority_key_id", false); }

json create(const json& planned) {
  PKey key = parse_private_key(string_attr(planned, "private_key_pem"), "private_key_pem");
  Name subject = subject_name(planned);
  const bool set_authority_key_id = bool_attr(planned, "set_authority_key_id");
  json state = issue_certificate(planned, {.subject_key = key.get(),
                                           .subject = subject.get(),
                                           .issuer_key = key.get(),
                                           .alternative_names = alternative_names(planned),
                                           .set_authority_key_id = set_authority_key_id});
  state["set_authority_key_id"] = set_authority_key_id;
  state["key_algorithm"] = key_algorithm(key.get());
  return state;
}

json import(const std::string& id) {
  const char* type = "tls_self_signed_cert";
  Cert cert = import_certificate(type, id);
  EVP_PKEY* key = X509_get0_pubkey(cert.get());
  if (X509_verify(cert.get(), key) != 1) {
    ERR_clear_error();
    throw sdk::Error(std::string("cannot import ") + type +
                     ": the certificate is not signed by its own key; import a certificate "
                     "that a CA signed as tls_locally_signed_cert");
  }
  json state = describe_certificate(cert.get());
  const int names = X509_get_ext_by_NID(cert.get(), NID_subject_alt_name, -1);
  describe_names(X509_get_subject_name(cert.get()),
                 names >= 0 ? X509_get_ext(cert.get(), names) : nullptr, state);
  state["private_key_pem"] = nullptr;  // adopted from the configuration by the plan
  state["set_authority_key_id"] = X509_get0_authority_key_id(cert.get()) != nullptr;
  state["key_algorithm"] = key_algorithm(key);
  return state;
}

// An imported state has no private_key_pem: the configuration's is adopted when it is the
// certificate's key. The arguments it states otherwise but equivalently are taken too, so
// that a replacement names only what differs.
std::vector<std::string> adopt(const json& prior, const json& proposed,
                               std::vector<sdk::Diagnostic>& diagnostics) {
  if (!member(prior, "private_key_pem").is_null()) return {};
  std::vector<std::string> out = equivalent_certificate_arguments(prior, proposed);
  Cert cert = certificate_in(prior, "cert_pem");
  PKey key = key_in(proposed, "private_key_pem");
  if (!cert || !key) return out;
  if (same_public_key(key.get(), X509_get0_pubkey(cert.get()))) {
    out.push_back("private_key_pem");
  } else {
    refuse(diagnostics, "private_key_pem", "its public key is not the certificate's");
  }
  return out;
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "A certificate signed by its own private key.";
  s.attributes =
      key_and_name_attributes("The private key (PEM) of the certificate, which signs it.");
  for (auto& a : certificate_attributes()) s.attributes.push_back(std::move(a));
  s.attributes.push_back(
      {.name = "set_authority_key_id",
       .type = "bool",
       .optional = true,
       .computed = true,
       .force_new = true,
       .description = "Whether to add an authority key identifier; default false."});
  s.attributes.push_back({.name = "key_algorithm",
                          .computed = true,
                          .description = "Algorithm of the private key: RSA, ECDSA or ED25519."});
  s.blocks = {subject_block()};
  return s;
}

}  // namespace

sdk::Resource self_signed_cert_resource() {
  sdk::Resource r = certificate_resource(schema(), validate, create, plan);
  r.import = import;
  r.adopt = adopt;
  return r;
}

}  // namespace infra::providers::tls
