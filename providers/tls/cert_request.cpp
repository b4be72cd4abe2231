// tls_cert_request: a certificate signing request (PKCS#10) signed by a private key, to be
// signed by a CA (tls_locally_signed_cert or elsewhere). An existing one is imported from
// its PEM; the plan then adopts the configuration's key when it is the request's.
#include "providers/tls/certificate_import.hpp"
#include "providers/tls/resources.hpp"
#include "providers/tls/subject.hpp"
#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

using Extensions = STACK_OF(X509_EXTENSION);

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  validate_key_and_names(config, unknown, out);
  return out;
}

// `state` with the computed attributes of `request`.
json describe_request(json state, X509_REQ* request) {
  state["cert_request_pem"] = request_pem(request);
  state["key_algorithm"] = key_algorithm(X509_REQ_get0_pubkey(request));
  state["id"] = hex(digest(state["cert_request_pem"].get<std::string>(), EVP_sha1()));
  return state;
}

json create(const json& planned) {
  PKey key = parse_private_key(string_attr(planned, "private_key_pem"), "private_key_pem");
  Name subject = subject_name(planned);
  Extension names = alternative_names(planned);
  Request request(X509_REQ_new());
  if (!request) fail("allocate a certificate request");
  X509_REQ* r = request.get();
  if (X509_REQ_set_version(r, X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(r, subject.get()) != 1 || X509_REQ_set_pubkey(r, key.get()) != 1) {
    fail("fill in the certificate request");
  }
  if (names) {
    Extensions* extensions = sk_X509_EXTENSION_new_null();
    const bool ok = extensions != nullptr && sk_X509_EXTENSION_push(extensions, names.get()) > 0 &&
                    X509_REQ_add_extensions(r, extensions) == 1;
    sk_X509_EXTENSION_free(extensions);  // the extension itself stays owned by `names`
    if (!ok) fail("add the subject alternative names");
  }
  if (X509_REQ_sign(r, key.get(), signing_digest(key.get())) <= 0) {
    fail("sign the certificate request");
  }
  return describe_request(planned, r);
}

json import(const std::string& id) {
  Request request = import_request("tls_cert_request", id);
  json state = {{"private_key_pem", nullptr}};  // adopted from the configuration by the plan
  describe_names(X509_REQ_get_subject_name(request.get()), requested_names(request.get()).get(),
                 state);
  return describe_request(std::move(state), request.get());
}

// An imported state has no private_key_pem: the configuration's is adopted when it is the
// key whose public half the request carries.
std::vector<std::string> adopt(const json& prior, const json& proposed,
                               std::vector<sdk::Diagnostic>& diagnostics) {
  if (!member(prior, "private_key_pem").is_null()) return {};
  Request request = request_in(prior, "cert_request_pem");
  PKey key = key_in(proposed, "private_key_pem");
  if (!request || !key) return {};
  if (!same_public_key(key.get(), X509_REQ_get0_pubkey(request.get()))) {
    refuse(diagnostics, "private_key_pem", "its public key is not the request's");
    return {};
  }
  return {"private_key_pem"};
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "A certificate signing request (PKCS#10) in PEM.";
  s.attributes =
      key_and_name_attributes("The private key (PEM) whose public key the request carries.");
  s.attributes.push_back(
      {.name = "cert_request_pem", .computed = true, .description = "The request in PEM."});
  s.attributes.push_back({.name = "key_algorithm",
                          .computed = true,
                          .description = "Algorithm of the private key: RSA, ECDSA or ED25519."});
  s.attributes.push_back(
      {.name = "id", .computed = true, .description = "Hex SHA-1 of cert_request_pem."});
  s.blocks = {subject_block()};
  return s;
}

}  // namespace

sdk::Resource cert_request_resource() {
  sdk::Resource r;
  r.schema = schema();
  r.validate = validate;
  r.create = create;
  r.read = state_as_is;
  r.destroy = nothing_to_destroy;
  r.import = import;
  r.adopt = adopt;
  return r;
}

}  // namespace infra::providers::tls
