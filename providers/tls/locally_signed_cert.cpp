// tls_locally_signed_cert: a certificate for a request (tls_cert_request), signed by a CA
// whose certificate and private key the configuration holds.
#include <openssl/err.h>

#include "providers/tls/certificate.hpp"
#include "providers/tls/resources.hpp"
#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

void check_pair(X509* ca_cert, EVP_PKEY* ca_key) {
  if (X509_check_private_key(ca_cert, ca_key) != 1) {
    ERR_clear_error();
    throw InvalidValue("invalid ca_private_key_pem",
                       "the key does not belong to the certificate in ca_cert_pem",
                       json::array({"ca_private_key_pem"}));
  }
}

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  check_string(out, config, unknown, "cert_request_pem",
               [](const std::string& pem) { parse_request(pem, "cert_request_pem"); });
  PKey ca_key;
  Cert ca_cert;
  check_string(out, config, unknown, "ca_private_key_pem", [&](const std::string& pem) {
    ca_key = parse_private_key(pem, "ca_private_key_pem");
  });
  check_string(out, config, unknown, "ca_cert_pem",
               [&](const std::string& pem) { ca_cert = parse_certificate(pem, "ca_cert_pem"); });
  if (ca_key && ca_cert) collect(out, [&] { check_pair(ca_cert.get(), ca_key.get()); });
  validate_certificate(config, unknown, out);
  return out;
}

// The subjectAltName extension the request asks for, or null.
Extension requested_names(X509_REQ* request) {
  STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(request);
  Extension out;
  for (int i = 0; i < sk_X509_EXTENSION_num(extensions); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(extensions, i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) == NID_subject_alt_name) {
      out.reset(X509_EXTENSION_dup(ext));
    }
  }
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  return out;
}

json create(const json& planned) {
  Request request = parse_request(string_attr(planned, "cert_request_pem"), "cert_request_pem");
  PKey ca_key = parse_private_key(string_attr(planned, "ca_private_key_pem"), "ca_private_key_pem");
  Cert ca_cert = parse_certificate(string_attr(planned, "ca_cert_pem"), "ca_cert_pem");
  check_pair(ca_cert.get(), ca_key.get());
  json state = issue_certificate(planned, {.subject_key = X509_REQ_get0_pubkey(request.get()),
                                           .subject = X509_REQ_get_subject_name(request.get()),
                                           .issuer = ca_cert.get(),
                                           .issuer_key = ca_key.get(),
                                           .alternative_names = requested_names(request.get())});
  state["ca_key_algorithm"] = key_algorithm(ca_key.get());
  return state;
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "A certificate for a certificate request, signed by a CA given in PEM.";
  s.attributes = {
      {.name = "cert_request_pem",
       .required = true,
       .force_new = true,
       .description = "The request (PEM); the certificate takes its subject, public key and "
                      "subject alternative names."},
      {.name = "ca_private_key_pem",
       .required = true,
       .force_new = true,
       .sensitive = true,
       .description = "The CA's private key (PEM), which signs the certificate."},
      {.name = "ca_cert_pem",
       .required = true,
       .force_new = true,
       .description = "The CA's certificate (PEM)."},
  };
  for (auto& a : certificate_attributes()) s.attributes.push_back(std::move(a));
  s.attributes.push_back(
      {.name = "ca_key_algorithm",
       .computed = true,
       .description = "Algorithm of the CA's private key: RSA, ECDSA or ED25519."});
  return s;
}

}  // namespace

sdk::Resource locally_signed_cert_resource() {
  return certificate_resource(schema(), validate, create);
}

}  // namespace infra::providers::tls
