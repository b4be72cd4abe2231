// tls_locally_signed_cert: a certificate for a request (tls_cert_request), signed by a CA
// whose certificate and private key the configuration holds. An existing one is imported
// from its PEM; the plan then adopts the configuration's request and CA when they made it.
#include <openssl/err.h>
#include <openssl/objects.h>

#include "providers/tls/certificate.hpp"
#include "providers/tls/certificate_import.hpp"
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

constexpr const char* kType = "tls_locally_signed_cert";

// The algorithm of the key that signed `cert`, by its signature algorithm.
std::string signer_algorithm(X509* cert) {
  const int signature = X509_get_signature_nid(cert);
  int key = NID_undef;
  if (OBJ_find_sigid_algs(signature, nullptr, &key) == 1) {
    if (key == NID_rsaEncryption || key == NID_rsassaPss) return "RSA";
    if (key == NID_X9_62_id_ecPublicKey) return "ECDSA";
    if (key == NID_ED25519) return "ED25519";
  }
  const char* name = OBJ_nid2sn(signature);
  throw sdk::Error(std::string("cannot import ") + kType + ": unsupported signature algorithm " +
                   (name != nullptr ? name : "(unknown)") +
                   "; the CA's key must be RSA, ECDSA or ED25519");
}

json import(const std::string& id) {
  Cert cert = import_certificate(kType, id);
  json state = describe_certificate(cert.get());
  state["ca_key_algorithm"] = signer_algorithm(cert.get());
  // Adopted from the configuration by the plan.
  for (const char* name : {"cert_request_pem", "ca_private_key_pem", "ca_cert_pem"}) {
    state[name] = nullptr;
  }
  return state;
}

// An imported state has no request and no CA: the configuration's are adopted when they
// made the certificate (the CA certificate's key signed it, the CA key is that key, the
// request carries the certificate's key and subject). The arguments it states otherwise but
// equivalently are taken too, so that a replacement names only what differs.
std::vector<std::string> adopt(const json& prior, const json& proposed,
                               std::vector<sdk::Diagnostic>& diagnostics) {
  const auto missing = [&](const char* name) { return member(prior, name).is_null(); };
  Cert cert = certificate_in(prior, "cert_pem");
  if (!cert || !(missing("ca_cert_pem") || missing("ca_private_key_pem") ||
                 missing("cert_request_pem"))) {
    return {};
  }
  std::vector<std::string> out = equivalent_certificate_arguments(prior, proposed);
  Cert ca = certificate_in(proposed, "ca_cert_pem");
  if (missing("ca_cert_pem") && ca) {
    if (X509_verify(cert.get(), X509_get0_pubkey(ca.get())) == 1) {
      out.push_back("ca_cert_pem");
    } else {
      refuse(diagnostics, "ca_cert_pem", "its key did not sign the certificate");
    }
  }
  PKey ca_key = key_in(proposed, "ca_private_key_pem");
  if (missing("ca_private_key_pem") && ca_key) {
    if (X509_verify(cert.get(), ca_key.get()) != 1) {
      refuse(diagnostics, "ca_private_key_pem", "it did not sign the certificate");
    } else if (ca && X509_check_private_key(ca.get(), ca_key.get()) != 1) {
      refuse(diagnostics, "ca_private_key_pem", "it is not the key of ca_cert_pem");
    } else {
      out.push_back("ca_private_key_pem");
    }
  }
  Request request = request_in(proposed, "cert_request_pem");
  if (missing("cert_request_pem") && request) {
    if (same_public_key(X509_REQ_get0_pubkey(request.get()), X509_get0_pubkey(cert.get())) &&
        X509_NAME_cmp(X509_REQ_get_subject_name(request.get()),
                      X509_get_subject_name(cert.get())) == 0) {
      out.push_back("cert_request_pem");
    } else {
      refuse(diagnostics, "cert_request_pem",
             "its public key or subject is not the certificate's");
    }
  }
  ERR_clear_error();
  return out;
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
  sdk::Resource r = certificate_resource(schema(), validate, create);
  r.import = import;
  r.adopt = adopt;
  return r;
}

}  // namespace infra::providers::tls
