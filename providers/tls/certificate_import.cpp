// Reading the PEM of an import ID, and the checks that adoption shares.
#include "providers/tls/certificate_import.hpp"

#include <algorithm>

#include <openssl/err.h>

#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

// The label of the first PEM block in `text` ("CERTIFICATE"), or "" when there is none.
std::string first_label(const std::string& text) {
  const std::string begin = "-----BEGIN ";
  const auto at = text.find(begin);
  if (at == std::string::npos) return "";
  const auto end = text.find("-----", at + begin.size());
  return end == std::string::npos ? "" : text.substr(at + begin.size(), end - at - begin.size());
}

// The PEM text `id` names, whose first block is labelled one of `labels` (the first is the
// one messages name).
std::string import_pem(const std::string& type, const std::string& id,
                       const std::vector<std::string>& labels) {
  const std::string pem = import_text(id);
  const std::string label = first_label(pem);
  if (std::find(labels.begin(), labels.end(), label) == labels.end()) {
    throw sdk::Error("cannot import " + type + ": expected a " + labels.front() +
                     " PEM block, " + (label.empty() ? "found none" : "got " + label));
  }
  return pem;
}

void check_key(const std::string& type, const std::string& what, EVP_PKEY* key) {
  try {
    if (key != nullptr) {
      key_algorithm(key);
      return;
    }
  } catch (const sdk::Error&) {
  }
  const char* name = key != nullptr ? EVP_PKEY_get0_type_name(key) : nullptr;
  throw sdk::Error("cannot import " + type + ": unsupported key algorithm " +
                   (name != nullptr ? name : "(unknown)") + " of the " + what +
                   "; expected RSA, ECDSA or ED25519");
}

// Runs `parse`, whose InvalidValue becomes the import error of `type`.
template <typename Parse>
auto parsed(const std::string& type, Parse parse) {
  try {
    return parse();
  } catch (const InvalidValue& e) {
    throw sdk::Error("cannot import " + type + ": " + e.detail());
  }
}

template <typename Parse>
auto or_null(Parse parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const sdk::Error&) {
    return nullptr;
  }
}

}  // namespace

Cert import_certificate(const std::string& type, const std::string& id) {
  const std::string pem = import_pem(type, id, {"CERTIFICATE"});
  Cert cert = parsed(type, [&] { return parse_certificate(pem, "cert_pem"); });
  check_key(type, "certificate", X509_get0_pubkey(cert.get()));
  return cert;
}

Request import_request(const std::string& type, const std::string& id) {
  const std::string pem =
      import_pem(type, id, {"CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"});
  Request request = parsed(type, [&] { return parse_request(pem, "cert_request_pem"); });
  check_key(type, "request", X509_REQ_get0_pubkey(request.get()));
  return request;
}

PKey key_in(const json& object, const std::string& name) {
  const json value = member(object, name);
  if (!value.is_string()) return nullptr;
  return or_null([&] { return parse_private_key(value.get<std::string>(), name); });
}

Cert certificate_in(const json& object, const std::string& name) {
  const json value = member(object, name);
  if (!value.is_string()) return nullptr;
  return or_null([&] { return parse_certificate(value.get<std::string>(), name); });
}

Request request_in(const json& object, const std::string& name) {
  const json value = member(object, name);
  if (!value.is_string()) return nullptr;
  return or_null([&] { return parse_request(value.get<std::string>(), name); });
}

bool same_public_key(const EVP_PKEY* a, const EVP_PKEY* b) {
  const bool same = a != nullptr && b != nullptr && EVP_PKEY_eq(a, b) == 1;
  ERR_clear_error();
  return same;
}

void refuse(std::vector<sdk::Diagnostic>& out, const std::string& name, const std::string& why) {
  out.push_back({"warning", name + " does not match the imported object",
                 why + ", so the plan replaces the object instead of adopting the value",
                 json::array({name})});
}

}  // namespace infra::providers::tls
