// tls_self_signed_cert: a certificate signed by its own key, for a CA or for testing.
#include "providers/tls/certificate.hpp"
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
  return certificate_resource(schema(), validate, create, plan);
}

}  // namespace infra::providers::tls
