// Tests of importing tls_self_signed_cert, tls_locally_signed_cert and tls_cert_request
// through the host: objects made by the provider and by the openssl command line, imported
// from a PEM file and planned against a matching configuration (the keys, the CA and the
// request adopted, nothing replaced), a mismatched key (replaced, with a warning), and each
// import error.
#include <catch2/catch.hpp>

#include "tls_test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

namespace {

json import(Plugin& plugin, const std::string& type, const std::string& id) {
  return plugin.call("import", {{"type", type}, {"id", id}})["state"];
}

// What the host proposes for `config` over `prior`: the configuration, with the prior values
// of the computed attributes it leaves null.
json proposed_over(Plugin& plugin, const std::string& type, const json& prior, json config) {
  for (const auto& attr : plugin.schema().find(type)->attributes) {
    if (attr.computed && config.value(attr.name, json()).is_null()) {
      config[attr.name] = prior.value(attr.name, json());
    }
  }
  return config;
}

// Plans `config` over the imported state `imported`: nothing is replaced, the arguments
// the import could not know are adopted, and the planned state is `expected` (the state the
// provider made, or the configuration) in every attribute `expected` holds.
json plan_adopting(Plugin& plugin, const std::string& type, const json& imported,
                   const json& config, const json& expected, const json& adopted) {
  json result = plan(plugin, type, imported, proposed_over(plugin, type, imported, config));
  INFO(result.dump(1));
  CHECK(result["diagnostics"] == json::array());
  CHECK(result["requires_replace"] == json::array());
  CHECK(result["unknown"] == json::array());
  for (const auto& path : adopted) CHECK(has_path(result["adopted"], path));
  for (const auto& [name, value] : expected.items()) {
    INFO(name);
    if (name == "subject") {  // the configuration writes some of the block's attributes
      for (const auto& [part, text] : value[0].items()) {
        CHECK(result["planned_state"]["subject"][0][part] == text);
      }
      continue;
    }
    CHECK(result["planned_state"][name] == value);
  }
  return result;
}

// A configuration file for `openssl req` with no extensions of its own: those the tests
// add are all the certificate gets, besides the subject key identifier OpenSSL 3 adds.
std::string minimal_openssl_config(const TempDir& dir) {
  return write(dir, "openssl.cnf", "[req]\ndistinguished_name = dn\n[dn]\n");
}

void openssl(const std::string& command) {
  Run r = run("openssl " + command);
  INFO(command << "\n" << r.out);
  REQUIRE(r.code == 0);
}

// An Ed448 key (which no tls type takes) and what `openssl req <request>` makes with it, in
// `out`.
void openssl_ed448(const TempDir& dir, const std::string& request, const std::string& out) {
  openssl("req " + request + " -config " + minimal_openssl_config(dir) +
          " -newkey ed448 -nodes -keyout " + (dir / (out + ".key")) + " -out " + (dir / out) +
          " -subj /CN=ed448");
}

std::string import_error(Plugin& plugin, const std::string& type, const std::string& id) {
  return error_of(plugin, "import", {{"type", type}, {"id", id}});
}

json web_subject() {
  return json::array({{{"country", "NL"}, {"organization", "Example"}, {"common_name", "web"}}});
}

}  // namespace

TEST_CASE("tls_self_signed_cert: a certificate the provider made, imported, plans no change") {
  TempDir dir;
  auto plugin = start_tls();
  json key = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P256"}});
  json config = ca_config_with_names(key);
  json state = create(*plugin, kSelf, config);

  json imported = import(*plugin, kSelf, write(dir, "ca.pem", state["cert_pem"]));
  CHECK(imported["private_key_pem"].is_null());
  for (const char* name : {"cert_pem", "id", "validity_start_time", "validity_end_time",
                           "validity_period_hours", "early_renewal_hours", "ready_for_renewal",
                           "is_ca_certificate", "set_subject_key_id", "set_authority_key_id",
                           "key_algorithm", "dns_names", "ip_addresses", "uris"}) {
    INFO(name);
    CHECK(imported[name] == state[name]);
  }
  CHECK(imported["subject"][0]["common_name"] == "Example CA");
  CHECK(imported["subject"][0]["province"].is_null());
  // In the order of the key usage bits: the plan adopts the configuration's order.
  CHECK(imported["allowed_uses"] == json({"digital_signature", "cert_signing", "crl_signing"}));

  plan_adopting(*plugin, kSelf, imported, config, state,
                {{"private_key_pem"}, {"allowed_uses"}, {"set_subject_key_id"}});
  // The import ID may be the PEM itself.
  CHECK(import(*plugin, kSelf, state["cert_pem"].get<std::string>()) == imported);
}

TEST_CASE("tls_self_signed_cert: a certificate openssl made, imported, plans no change") {
  TempDir dir;
  auto plugin = start_tls();
  openssl("req -x509 -config " + minimal_openssl_config(dir) +
          " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + (dir / "key.pem") +
          " -out " + (dir / "cert.pem") +
          " -days 2 -subj /C=NL/O=Example/CN=web"
          " -addext subjectAltName=DNS:web.example.com,IP:10.0.0.1,IP:2001:db8::1"
          " -addext keyUsage=critical,digitalSignature,keyEncipherment"
          " -addext extendedKeyUsage=serverAuth,clientAuth"
          " -addext basicConstraints=critical,CA:FALSE");
  json imported = import(*plugin, kSelf, dir / "cert.pem");
  CHECK(imported["validity_period_hours"] == 48);
  CHECK(imported["key_algorithm"] == "ECDSA");
  CHECK(imported["set_subject_key_id"] == true);  // OpenSSL 3 adds one
  CHECK(imported["set_authority_key_id"] == false);
  CHECK(imported["ip_addresses"] == json({"10.0.0.1", "2001:db8::1"}));
  json config = {{"private_key_pem", slurp(dir / "key.pem")},
                 {"subject", web_subject()},
                 {"dns_names", {"web.example.com"}},
                 {"ip_addresses", {"10.0.0.1", "2001:db8::1"}},
                 {"validity_period_hours", 48},
                 {"allowed_uses", {"server_auth", "client_auth", "digital_signature",
                                   "key_encipherment"}},
                 {"set_subject_key_id", true}};
  plan_adopting(*plugin, kSelf, imported, config, config, {{"private_key_pem"}, {"allowed_uses"}});

  SECTION("another key is not adopted: the certificate is replaced") {
    json other = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P256"}});
    config["private_key_pem"] = other["private_key_pem"];
    json result = plan(*plugin, kSelf, imported, proposed_over(*plugin, kSelf, imported, config));
    CHECK(result["requires_replace"] == json({{"private_key_pem"}}));
    CHECK(has_path(result["unknown"], json::array({"cert_pem"})));
    CHECK_FALSE(result.contains("adopted"));
    CHECK(result["diagnostics"] ==
          json({{{"severity", "warning"},
                 {"summary", "private_key_pem does not match the imported object"},
                 {"detail", "its public key is not the certificate's, so the plan replaces the "
                            "object instead of adopting the value"},
                 {"path", {"private_key_pem"}}}}));
  }
  SECTION("another argument still replaces it") {
    config["validity_period_hours"] = 24;
    json result = plan(*plugin, kSelf, imported, proposed_over(*plugin, kSelf, imported, config));
    CHECK(result["requires_replace"] == json({{"validity_period_hours"}}));
  }
}

TEST_CASE("tls_self_signed_cert: what import refuses, each with its message") {
  TempDir dir;
  auto plugin = start_tls();
  const std::string prefix = "provider \"tls\": import of tls_self_signed_cert: ";
  CHECK(import_error(*plugin, kSelf, dir / "missing.pem") ==
        prefix + "cannot read " + (dir / "missing.pem") + ": No such file or directory");
  json key = create(*plugin, kKey, key_config("ED25519"));
  CHECK(import_error(*plugin, kSelf, write(dir, "key.pem", key["private_key_pem"])) ==
        prefix + "cannot import tls_self_signed_cert: expected a CERTIFICATE PEM block, got "
                 "PRIVATE KEY");
  CHECK(import_error(*plugin, kSelf, write(dir, "text.txt", "hello\n")) ==
        prefix + "cannot import tls_self_signed_cert: expected a CERTIFICATE PEM block, found "
                 "none");
  CHECK(import_error(*plugin, kSelf, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n") ==
        prefix + "cannot import tls_self_signed_cert: no certificate in PEM format found");
  openssl_ed448(dir, "-x509 -days 1", "ed448.pem");
  CHECK(import_error(*plugin, kSelf, dir / "ed448.pem") ==
        prefix + "cannot import tls_self_signed_cert: unsupported key algorithm ED448 of the "
                 "certificate; expected RSA, ECDSA or ED25519");
  // A certificate a CA signed.
  json ca = create(*plugin, kSelf, ca_config(key));
  json other_key = create(*plugin, kKey, key_config("ED25519"));
  json request = create(*plugin, kRequest, request_config(other_key, "www.example.com"));
  json leaf = create(*plugin, kSigned, signed_config(request, key, ca));
  CHECK(import_error(*plugin, kSelf, leaf["cert_pem"].get<std::string>()) ==
        prefix + "cannot import tls_self_signed_cert: the certificate is not signed by its own "
                 "key; import a certificate that a CA signed as tls_locally_signed_cert");
}

TEST_CASE("tls_locally_signed_cert: a certificate the provider made, imported, plans no change") {
  TempDir dir;
  auto plugin = start_tls();
  json ca_key = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P384"}});
  json ca = create(*plugin, kSelf, ca_config(ca_key));
  json key = create(*plugin, kKey, key_config("RSA"));
  json request = create(*plugin, kRequest, request_config(key, "www.example.com"));
  json config = signed_config(request, ca_key, ca);
  json state = create(*plugin, kSigned, config);

  json imported = import(*plugin, kSigned, write(dir, "cert.pem", state["cert_pem"]));
  for (const char* name : {"cert_request_pem", "ca_private_key_pem", "ca_cert_pem"}) {
    CHECK(imported[name].is_null());
  }
  CHECK(imported["ca_key_algorithm"] == "ECDSA");
  CHECK_FALSE(imported.contains("subject"));  // the request's, not an argument here
  plan_adopting(*plugin, kSigned, imported, config, state,
                {{"cert_request_pem"}, {"ca_private_key_pem"}, {"ca_cert_pem"}});

  SECTION("a CA that did not sign it, or another request, is not adopted") {
    json other_key = create(*plugin, kKey, key_config("ED25519"));
    json other_ca = create(*plugin, kSelf, ca_config(other_key));
    json other_request = create(*plugin, kRequest, request_config(other_key, "www.example.com"));
    json wrong = signed_config(other_request, other_key, other_ca);
    json result = plan(*plugin, kSigned, imported, proposed_over(*plugin, kSigned, imported, wrong));
    CHECK(result["requires_replace"] ==
          json({{"cert_request_pem"}, {"ca_private_key_pem"}, {"ca_cert_pem"}}));
    std::vector<std::string> refused;
    for (const auto& d : result["diagnostics"]) {
      CHECK(d["severity"] == "warning");
      refused.push_back(d["summary"]);
    }
    CHECK(refused == std::vector<std::string>{
                         "ca_cert_pem does not match the imported object",
                         "ca_private_key_pem does not match the imported object",
                         "cert_request_pem does not match the imported object"});
    // The right CA certificate with the key of another.
    wrong = config;
    wrong["ca_private_key_pem"] = other_key["private_key_pem"];
    result = plan(*plugin, kSigned, imported, proposed_over(*plugin, kSigned, imported, wrong));
    CHECK(result["requires_replace"] == json({{"ca_private_key_pem"}}));
  }
}

TEST_CASE("tls_locally_signed_cert: a certificate openssl signed, imported, plans no change") {
  TempDir dir;
  auto plugin = start_tls();
  const std::string cnf = minimal_openssl_config(dir);
  openssl("req -x509 -config " + cnf + " -newkey rsa:2048 -nodes -keyout " + (dir / "ca.key") +
          " -out " + (dir / "ca.pem") + " -days 10 -subj /CN=Example-CA" +
          " -addext basicConstraints=critical,CA:TRUE");
  openssl("req -new -config " + cnf + " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " +
          (dir / "web.key") + " -out " + (dir / "web.csr") + " -subj /C=NL/O=Example/CN=web");
  write(dir, "ext.cnf", "keyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n");
  openssl("x509 -req -in " + (dir / "web.csr") + " -CA " + (dir / "ca.pem") + " -CAkey " +
          (dir / "ca.key") + " -CAcreateserial -days 3 -extfile " + (dir / "ext.cnf") + " -out " +
          (dir / "web.pem"));
  json imported = import(*plugin, kSigned, dir / "web.pem");
  CHECK(imported["ca_key_algorithm"] == "RSA");
  CHECK(imported["validity_period_hours"] == 72);
  CHECK(imported["is_ca_certificate"] == false);
  json config = {{"cert_request_pem", slurp(dir / "web.csr")},
                 {"ca_private_key_pem", slurp(dir / "ca.key")},
                 {"ca_cert_pem", slurp(dir / "ca.pem")},
                 {"validity_period_hours", 72},
                 {"allowed_uses", {"digital_signature", "server_auth"}}};
  plan_adopting(*plugin, kSigned, imported, config, config,
                {{"cert_request_pem"}, {"ca_private_key_pem"}, {"ca_cert_pem"}});

  // A CA whose key is not RSA, ECDSA or ED25519 cannot be described.
  openssl_ed448(dir, "-x509 -days 1", "ed448.pem");
  openssl("x509 -req -in " + (dir / "web.csr") + " -CA " + (dir / "ed448.pem") + " -CAkey " +
          (dir / "ed448.pem.key") + " -CAcreateserial -days 1 -out " + (dir / "by-ed448.pem"));
  CHECK(import_error(*plugin, kSigned, dir / "by-ed448.pem") ==
        "provider \"tls\": import of tls_locally_signed_cert: cannot import "
        "tls_locally_signed_cert: unsupported signature algorithm ED448; the CA's key must be "
        "RSA, ECDSA or ED25519");
  CHECK(import_error(*plugin, kSigned, dir / "web.csr") ==
        "provider \"tls\": import of tls_locally_signed_cert: cannot import "
        "tls_locally_signed_cert: expected a CERTIFICATE PEM block, got CERTIFICATE REQUEST");
}

TEST_CASE("tls_cert_request: a request made by the provider or by openssl, imported, plans no change") {
  TempDir dir;
  auto plugin = start_tls();
  json key = create(*plugin, kKey, key_config("ED25519"));
  json config = request_config(key, "www.example.com");
  config["ip_addresses"] = {"192.0.2.7"};
  config["uris"] = {"spiffe://example.org/web"};
  json state = create(*plugin, kRequest, config);
  json imported = import(*plugin, kRequest, write(dir, "req.pem", state["cert_request_pem"]));
  CHECK(imported["private_key_pem"].is_null());
  CHECK(imported["id"] == state["id"]);
  plan_adopting(*plugin, kRequest, imported, config, state, {{"private_key_pem"}});

  openssl("req -new -config " + minimal_openssl_config(dir) + " -newkey rsa:2048 -nodes -keyout " +
          (dir / "web.key") + " -out " + (dir / "web.csr") +
          " -subj /C=NL/O=Example/CN=web -addext subjectAltName=DNS:web.example.com");
  json from_openssl = import(*plugin, kRequest, dir / "web.csr");
  CHECK(from_openssl["key_algorithm"] == "RSA");
  json openssl_config = {{"private_key_pem", slurp(dir / "web.key")},
                         {"subject", web_subject()},
                         {"dns_names", {"web.example.com"}}};
  plan_adopting(*plugin, kRequest, from_openssl, openssl_config, openssl_config,
                {{"private_key_pem"}});

  // Another key: replaced, with the reason.
  openssl_config["private_key_pem"] = key["private_key_pem"];
  json result = plan(*plugin, kRequest, from_openssl,
                     proposed_over(*plugin, kRequest, from_openssl, openssl_config));
  CHECK(result["requires_replace"] == json({{"private_key_pem"}}));
  REQUIRE(result["diagnostics"].size() == 1);
  CHECK(result["diagnostics"][0]["detail"] ==
        "its public key is not the request's, so the plan replaces the object instead of "
        "adopting the value");

  const std::string prefix = "provider \"tls\": import of tls_cert_request: ";
  json ca = create(*plugin, kSelf, ca_config(key));
  CHECK(import_error(*plugin, kRequest, ca["cert_pem"].get<std::string>()) ==
        prefix + "cannot import tls_cert_request: expected a CERTIFICATE REQUEST PEM block, got "
                 "CERTIFICATE");
  CHECK(import_error(*plugin, kRequest, dir / "missing.csr") ==
        prefix + "cannot read " + (dir / "missing.csr") + ": No such file or directory");
  CHECK(import_error(*plugin, kRequest,
                     "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n") ==
        prefix + "cannot import tls_cert_request: not a certificate request in PEM format");
  openssl_ed448(dir, "-new", "ed448.csr");
  CHECK(import_error(*plugin, kRequest, dir / "ed448.csr") ==
        prefix + "cannot import tls_cert_request: unsupported key algorithm ED448 of the "
                 "request; expected RSA, ECDSA or ED25519");
}
