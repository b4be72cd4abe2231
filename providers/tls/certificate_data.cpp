// The tls_certificate data source: the certificates in a PEM text (`content`), or those a
// TLS server presents (`url`, https:// or tls://), described as Terraform's tls provider
// describes them.
#include <algorithm>
#include <array>
#include <chrono>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "providers/tls/ossl.hpp"
#include "providers/tls/resources.hpp"
#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

// Signature algorithms by the names Go's crypto/x509 gives them.
struct NamedNid {
  int nid;
  const char* name;
};
constexpr std::array<NamedNid, 15> kSignatureAlgorithms{{
    {NID_md5WithRSAEncryption, "MD5-RSA"},
    {NID_sha1WithRSAEncryption, "SHA1-RSA"},
    {NID_sha256WithRSAEncryption, "SHA256-RSA"},
    {NID_sha384WithRSAEncryption, "SHA384-RSA"},
    {NID_sha512WithRSAEncryption, "SHA512-RSA"},
    {NID_rsassaPss, "RSAPSS"},
    {NID_dsaWithSHA1, "DSA-SHA1"},
    {NID_dsa_with_SHA256, "DSA-SHA256"},
    {NID_ecdsa_with_SHA1, "ECDSA-SHA1"},
    {NID_ecdsa_with_SHA256, "ECDSA-SHA256"},
    {NID_ecdsa_with_SHA384, "ECDSA-SHA384"},
    {NID_ecdsa_with_SHA512, "ECDSA-SHA512"},
    {NID_ED25519, "Ed25519"},
    {NID_ED448, "Ed448"},
    {NID_sha224WithRSAEncryption, "SHA224-RSA"},
}};

// Attribute types of names, as Go's pkix.Name.String() writes them.
constexpr std::array<NamedNid, 9> kNameTypes{{
    {NID_countryName, "C"},
    {NID_organizationName, "O"},
    {NID_organizationalUnitName, "OU"},
    {NID_commonName, "CN"},
    {NID_serialNumber, "SERIALNUMBER"},
    {NID_localityName, "L"},
    {NID_stateOrProvinceName, "ST"},
    {NID_streetAddress, "STREET"},
    {NID_postalCode, "POSTALCODE"},
}};

template <std::size_t N>
std::string name_of(const std::array<NamedNid, N>& names, int nid) {
  for (const auto& n : names) {
    if (n.nid == nid) return n.name;
  }
  const char* sn = OBJ_nid2sn(nid);
  return sn != nullptr ? sn : "UNKNOWN";
}

// RFC 2253 escaping of one attribute value.
std::string escaped(const std::string& value) {
  std::string out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool edge_space = c == ' ' && (i == 0 || i + 1 == value.size());
    const bool special = std::string(",+\"\\<>;").find(c) != std::string::npos;
    if (special || edge_space || (c == '#' && i == 0)) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// "CN=example.com,O=Example,C=US": the last attribute first, as Go and RFC 2253 write it.
std::string name_text(const X509_NAME* name) {
  std::string out;
  int previous_set = -1;
  for (int i = X509_NAME_entry_count(name) - 1; i >= 0; --i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    std::string value = len >= 0 ? std::string(reinterpret_cast<char*>(utf8), len) : "";
    OPENSSL_free(utf8);
    const int set = X509_NAME_ENTRY_set(entry);
    if (!out.empty()) out += set == previous_set ? "+" : ",";
    previous_set = set;
    const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    out += name_of(kNameTypes, nid) + "=" + escaped(value);
  }
  return out;
}

std::string public_key_algorithm(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr) return "Unknown";
  if (EVP_PKEY_is_a(key, "RSA")) return "RSA";
  if (EVP_PKEY_is_a(key, "EC")) return "ECDSA";
  if (EVP_PKEY_is_a(key, "ED25519")) return "Ed25519";
  if (EVP_PKEY_is_a(key, "DSA")) return "DSA";
  return "Unknown";
}

json describe(X509* cert) {
  return {{"signature_algorithm", name_of(kSignatureAlgorithms, X509_get_signature_nid(cert))},
          {"public_key_algorithm", public_key_algorithm(cert)},
          {"serial_number", serial_decimal(X509_get0_serialNumber(cert))},
          {"is_ca", (X509_get_extension_flags(cert) & EXFLAG_CA) != 0},
          {"version", X509_get_version(cert) + 1},
          {"issuer", name_text(X509_get_issuer_name(cert))},
          {"subject", name_text(X509_get_subject_name(cert))},
          {"not_before", rfc3339(to_time_point(X509_get0_notBefore(cert)))},
          {"not_after", rfc3339(to_time_point(X509_get0_notAfter(cert)))},
          {"sha1_fingerprint", hex(digest(certificate_der(cert), EVP_sha1()))},
          {"cert_pem", certificate_pem(cert)}};
}

[[noreturn]] void url_error(const std::string& detail) {
  throw InvalidValue("cannot read certificates from url", detail, json::array({"url"}));
}

// The certificates the server at `url` presents, root last as sent.
std::vector<Cert> fetch(const std::string& url, bool verify_chain) {
  std::string rest;
  for (const char* scheme : {"https://", "tls://"}) {
    if (url.rfind(scheme, 0) == 0) rest = url.substr(std::string(scheme).size());
  }
  if (rest.empty()) url_error("expected an https:// or tls:// URL, got \"" + url + "\"");
  const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string host = authority;
  std::string port = "443";
  if (!authority.empty() && authority[0] == '[') {  // [::1]:8443
    const auto close = authority.find(']');
    if (close == std::string::npos) url_error("unclosed '[' in \"" + url + "\"");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':') {
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) url_error("no host in \"" + url + "\"");

  using Context = std::unique_ptr<SSL_CTX, Freer<SSL_CTX, SSL_CTX_free>>;
  Context ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) fail("set up TLS");
  if (verify_chain) {
    SSL_CTX_set_default_verify_paths(ctx.get());
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  }
  Bio bio(BIO_new_ssl_connect(ctx.get()));
  SSL* ssl = nullptr;
  if (!bio || BIO_get_ssl(bio.get(), &ssl) != 1 || ssl == nullptr) fail("set up TLS");
  const bool ipv6 = host.find(':') != std::string::npos;
  const std::string target = (ipv6 ? "[" + host + "]" : host) + ":" + port;
  BIO_set_conn_hostname(bio.get(), target.c_str());
  SSL_set_tlsext_host_name(ssl, host.c_str());
  if (verify_chain) SSL_set1_host(ssl, host.c_str());
  if (BIO_do_connect(bio.get()) != 1 || BIO_do_handshake(bio.get()) != 1) {
    std::string reason;
    const long verify = SSL_get_verify_result(ssl);
    if (verify_chain && verify != X509_V_OK) {
      reason = X509_verify_cert_error_string(verify);
    } else {
      char buf[256];
      ERR_error_string_n(ERR_get_error(), buf, sizeof buf);
      reason = buf;
    }
    ERR_clear_error();
    url_error("TLS connection to " + target + " failed: " + reason);
  }
  std::vector<Cert> out;
  STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    X509* cert = sk_X509_value(chain, i);
    X509_up_ref(cert);
    out.emplace_back(cert);
  }
  if (out.empty()) url_error("the server at " + target + " presented no certificate");
  return out;
}

json read(const json& config) {
  const json content = member(config, "content");
  const json url = member(config, "url");
  if (content.is_null() == url.is_null()) {
    throw InvalidValue("invalid tls_certificate arguments",
                       "exactly one of \"content\" and \"url\" must be set", json::array());
  }
  std::vector<Cert> certs;
  if (content.is_string()) {
    certs = parse_certificates(content.get<std::string>(), "content");
  } else {
    certs = fetch(url.get<std::string>(), bool_attr(config, "verify_chain", true));
    std::reverse(certs.begin(), certs.end());  // the root of the chain first, as Terraform
  }
  json state = config;
  state["verify_chain"] = bool_attr(config, "verify_chain", true);
  state["certificates"] = json::array();
  std::string fingerprints;
  for (const auto& cert : certs) {
    state["certificates"].push_back(describe(cert.get()));
    fingerprints += state["certificates"].back()["sha1_fingerprint"].get<std::string>();
  }
  state["id"] = hex(digest(fingerprints, EVP_sha1()));
  return state;
}

}  // namespace

sdk::DataSource certificate_data_source() {
  sdk::DataSource source;
  source.schema.description = "Describes certificates given in PEM or presented by a TLS server.";
  source.schema.attributes = {
      {.name = "content",
       .optional = true,
       .description = "Certificates in PEM. Exactly one of content and url."},
      {.name = "url",
       .optional = true,
       .description = "https://host[:port] or tls://host[:port]: the certificates the server "
                      "presents."},
      {.name = "verify_chain",
       .type = "bool",
       .optional = true,
       .computed = true,
       .description = "With url: whether the server's chain must verify against the system's "
                      "trusted roots and name the host; default true."},
      {.name = "certificates",
       .type = "list(object)",
       .computed = true,
       .description = "One object per certificate: signature_algorithm, public_key_algorithm, "
                      "serial_number, is_ca, version, issuer, subject, not_before, not_after, "
                      "sha1_fingerprint, cert_pem."},
      {.name = "id",
       .computed = true,
       .description = "Hex SHA-1 of the certificates' fingerprints."},
  };
  source.read = read;
  return source;
}

}  // namespace infra::providers::tls
