// Tests of infra-provider-tls through the host: each resource type's life cycle (create,
// read back, a change that forces a replacement, renewal, destroy), its validation
// messages, and the artifacts checked by the real openssl and ssh-keygen tools.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <csignal>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tls_test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

TEST_CASE("tls: the handshake carries every type, private keys sensitive") {
  auto plugin = start_tls();
  const ProviderSchema& schema = plugin->schema();
  CHECK(schema.name == "tls");
  for (const char* type : {kKey, kSelf, kRequest, kSigned}) {
    INFO(type);
    CHECK(schema.find(type) != nullptr);
  }
  REQUIRE(schema.find_data_source("tls_certificate"));
  const ResourceSchema& key = *schema.find(kKey);
  for (const char* name : {"private_key_pem", "private_key_pem_pkcs8", "private_key_openssh"}) {
    CHECK(key.find(name)->sensitive);
  }
  CHECK_FALSE(key.find("public_key_pem")->sensitive);
  CHECK(key.find("algorithm")->force_new);
  CHECK(schema.find(kSelf)->find("private_key_pem")->sensitive);
  CHECK(schema.find(kRequest)->find("private_key_pem")->sensitive);
  CHECK(schema.find(kSigned)->find("ca_private_key_pem")->sensitive);
  REQUIRE(schema.find(kSelf)->find_block("subject"));
  CHECK(schema.find(kSelf)->find_block("subject")->max_items == 1);
  CHECK_FALSE(schema.find(kSelf)->find("early_renewal_hours")->force_new);
}

TEST_CASE("tls_private_key: every algorithm and curve gives a key openssl and ssh-keygen accept") {
  TempDir dir;
  auto plugin = start_tls();
  const bool ssh = have_ssh_keygen();
  if (!ssh) WARN("ssh-keygen not found: the OpenSSH encodings are not checked");
  struct Case {
    json config;
    const char* pem_header;
    bool openssh;
  };
  const std::vector<Case> cases = {
      {{{"algorithm", "RSA"}}, "-----BEGIN RSA PRIVATE KEY-----", true},
      {{{"algorithm", "RSA"}, {"rsa_bits", 1024}}, "-----BEGIN RSA PRIVATE KEY-----", true},
      {{{"algorithm", "ECDSA"}}, "-----BEGIN EC PRIVATE KEY-----", false},  // P224
      {{{"algorithm", "ECDSA"}, {"ecdsa_curve", "P256"}}, "-----BEGIN EC PRIVATE KEY-----", true},
      {{{"algorithm", "ECDSA"}, {"ecdsa_curve", "P384"}}, "-----BEGIN EC PRIVATE KEY-----", true},
      {{{"algorithm", "ECDSA"}, {"ecdsa_curve", "P521"}}, "-----BEGIN EC PRIVATE KEY-----", true},
      {{{"algorithm", "ED25519"}}, "-----BEGIN PRIVATE KEY-----", true},
  };
  for (const auto& c : cases) {
    INFO(c.config.dump());
    json planned;
    json state = create(*plugin, kKey, c.config, &planned);
    // The defaults are known at plan time, the key material only after apply.
    CHECK(planned["planned_state"]["rsa_bits"] == c.config.value("rsa_bits", 2048));
    CHECK(planned["planned_state"]["ecdsa_curve"] == c.config.value("ecdsa_curve", "P224"));
    CHECK(has_path(planned["unknown"], json::array({"private_key_pem"})));
    CHECK(has_path(planned["unknown"], json::array({"public_key_fingerprint_sha256"})));

    const std::string pem = state["private_key_pem"];
    CHECK(pem.rfind(c.pem_header, 0) == 0);
    CHECK(std::string(state["private_key_pem_pkcs8"]).rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    const std::string key = write(dir, "key.pem", pem);
    const std::string pkcs8 = write(dir, "key.p8", state["private_key_pem_pkcs8"]);
    Run check = run("openssl pkey -check -noout -in " + key);
    INFO(check.out);
    CHECK(check.code == 0);
    CHECK(run("openssl pkey -check -noout -in " + pkcs8).code == 0);
    CHECK(run("openssl pkey -pubout -in " + key).out == state["public_key_pem"]);
    if (c.config["algorithm"] == "RSA") {
      CHECK(contains(run("openssl pkey -noout -text -in " + key).out,
                     "(" + std::to_string(c.config.value("rsa_bits", 2048)) + " bit"));
    }

    if (!c.openssh) {
      for (const char* name : {"private_key_openssh", "public_key_openssh",
                               "public_key_fingerprint_md5", "public_key_fingerprint_sha256"}) {
        CHECK(state[name] == "");
      }
      continue;
    }
    const std::string pub = state["public_key_openssh"];
    CHECK(pub.back() == '\n');
    if (!ssh) continue;
    const std::string pub_path = write(dir, "key.pub", pub);
    const std::string ssh_key = write(dir, "key.ssh", state["private_key_openssh"]);
    Run sha = run("ssh-keygen -l -f " + pub_path);
    INFO(sha.out);
    CHECK(sha.code == 0);
    CHECK(contains(sha.out, std::string(state["public_key_fingerprint_sha256"]) + " "));
    CHECK(contains(run("ssh-keygen -l -E md5 -f " + pub_path).out,
                   "MD5:" + std::string(state["public_key_fingerprint_md5"]) + " "));
    // The OpenSSH private key yields the same public key.
    Run derived = run("ssh-keygen -y -f " + ssh_key);
    INFO(derived.out);
    CHECK(derived.code == 0);
    const std::string type_and_key =
        derived.out.substr(0, derived.out.find_first_of(" \n", derived.out.find(' ') + 1));
    CHECK(contains(pub, type_and_key));
  }
}

TEST_CASE("tls_private_key: read back, replace on a changed argument, destroy") {
  auto plugin = start_tls();
  json state = create(*plugin, kKey, {{"algorithm", "ED25519"}});
  CHECK(read_state(*plugin, kKey, state) == state);

  // Nothing changed: the same object.
  json same = plan(*plugin, kKey, state, unchanged(state));
  CHECK(same["requires_replace"] == json::array());
  CHECK(same["planned_state"] == state);

  json proposed = state;
  proposed["algorithm"] = "ECDSA";
  json replace = plan(*plugin, kKey, state, proposed);
  CHECK(replace["requires_replace"] == json({{"algorithm"}}));
  CHECK(has_path(replace["unknown"], json::array({"private_key_pem"})));
  CHECK(replace["planned_state"]["private_key_pem"].is_null());

  proposed = state;
  proposed["ecdsa_curve"] = "P384";
  CHECK(plan(*plugin, kKey, state, proposed)["requires_replace"] == json({{"ecdsa_curve"}}));

  CHECK(destroy(*plugin, kKey, state).is_null());
}

TEST_CASE("tls_private_key: import takes a key's PEM or the path of a file holding it") {
  TempDir dir;
  auto plugin = start_tls();
  REQUIRE(run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out " +
              (dir / "ec.pem")).code == 0);
  json state = plugin->call("import", {{"type", kKey}, {"id", dir / "ec.pem"}})["state"];
  CHECK(state["algorithm"] == "ECDSA");
  CHECK(state["ecdsa_curve"] == "P384");
  CHECK(state["rsa_bits"] == 2048);
  CHECK(run("openssl pkey -pubout -in " + (dir / "ec.pem")).out == state["public_key_pem"]);
  CHECK(std::string(state["private_key_pem"]).rfind("-----BEGIN EC PRIVATE KEY-----", 0) == 0);

  REQUIRE(run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " +
              (dir / "rsa.pem")).code == 0);
  json rsa = plugin->call("import", {{"type", kKey}, {"id", slurp(dir / "rsa.pem")}})["state"];
  CHECK(rsa["algorithm"] == "RSA");
  CHECK(rsa["rsa_bits"] == 1024);
  CHECK(rsa["ecdsa_curve"] == "P224");
  CHECK(std::string(rsa["public_key_openssh"]).rfind("ssh-rsa ", 0) == 0);
  // Importing then planning the configuration that matches changes nothing.
  json config = rsa;
  CHECK(plan(*plugin, kKey, rsa, config)["requires_replace"] == json::array());

  const auto import_error = [&](const std::string& id) {
    return error_of(*plugin, "import", {{"type", kKey}, {"id", id}});
  };

  CHECK(import_error("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n") ==
        "provider \"tls\": import of tls_private_key: cannot import tls_private_key: not an "
        "unencrypted private key in PEM format (RSA, ECDSA or ED25519)");
  CHECK(import_error(dir / "missing.pem") ==
        "provider \"tls\": import of tls_private_key: cannot read " + (dir / "missing.pem") +
            ": No such file or directory");
}

TEST_CASE("tls_private_key: invalid arguments are reported at their paths") {
  auto plugin = start_tls();
  CHECK(validate(*plugin, kKey, {{"algorithm", "DSA"}}) ==
        json({diagnostic("invalid algorithm",
                         "expected one of \"RSA\", \"ECDSA\", \"ED25519\", got \"DSA\"",
                         {"algorithm"})}));
  CHECK(validate(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P512"}}) ==
        json({diagnostic("invalid ecdsa_curve",
                         "expected one of \"P224\", \"P256\", \"P384\", \"P521\", got \"P512\"",
                         {"ecdsa_curve"})}));
  for (const json& bits : {json(512), json(20000), json(2048.5)}) {
    CHECK(validate(*plugin, kKey, {{"algorithm", "RSA"}, {"rsa_bits", bits}}) ==
          json({diagnostic("invalid rsa_bits",
                           "expected a whole number of bits from 1024 to 16384, got " + bits.dump(),
                           {"rsa_bits"})}));
  }
  // Values not known yet are not checked; good ones pass.
  CHECK(validate(*plugin, kKey, {{"algorithm", nullptr}, {"rsa_bits", nullptr}},
                 {{"algorithm"}, {"rsa_bits"}}) == json::array());
  CHECK(validate(*plugin, kKey, {{"algorithm", "RSA"}, {"rsa_bits", 4096}}) == json::array());

  // apply refuses the same values, with the path.
  CHECK(error_of(*plugin, "apply",
                 {{"type", kKey},
                  {"prior_state", nullptr},
                  {"planned_state", {{"algorithm", "RSA"}, {"rsa_bits", 100}}}}) ==
        "provider \"tls\": apply of tls_private_key: invalid rsa_bits: expected a whole number "
        "of bits from 1024 to 16384, got 100 (at rsa_bits)");
}

TEST_CASE("tls_self_signed_cert: create, check with openssl, read back, update, replace, destroy") {
  TempDir dir;
  auto plugin = start_tls();
  json key = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P256"}});
  json config = ca_config_with_names(key);
  json planned;
  json state = create(*plugin, kSelf, config, &planned);
  CHECK(planned["planned_state"]["ready_for_renewal"] == false);
  CHECK(planned["planned_state"]["early_renewal_hours"] == 0);
  CHECK(has_path(planned["unknown"], json::array({"cert_pem"})));
  CHECK(state["key_algorithm"] == "ECDSA");
  CHECK(state["ready_for_renewal"] == false);
  CHECK(state["set_subject_key_id"] == false);
  const std::string start = state["validity_start_time"], end = state["validity_end_time"];
  CHECK(start.size() == 20);
  CHECK(start.back() == 'Z');
  CHECK(end > start);

  const std::string cert = write(dir, "ca.pem", state["cert_pem"]);
  Run text = run("openssl x509 -noout -text -in " + cert);
  INFO(text.out);
  REQUIRE(text.code == 0);
  CHECK(contains(text.out, "Subject: C = NL, O = \"Example, Inc\", CN = Example CA"));
  CHECK(contains(text.out, "Issuer: C = NL, O = \"Example, Inc\", CN = Example CA"));
  CHECK(contains(text.out, "CA:TRUE"));
  CHECK(contains(text.out, "Certificate Sign, CRL Sign"));
  CHECK(contains(text.out,
                 "DNS:ca.example.com, IP Address:10.0.0.1, IP Address:2001:DB8:0:0:0:0:0:1, "
                 "URI:spiffe://example.org/ca"));
  CHECK(contains(text.out, "X509v3 Subject Key Identifier"));
  CHECK(contains(text.out, "X509v3 Authority Key Identifier"));
  CHECK(contains(text.out, "ecdsa-with-SHA256"));
  CHECK(run("openssl verify -CAfile " + cert + " " + cert).code == 0);
  CHECK(read_state(*plugin, kSelf, state) == state);
  json same = plan(*plugin, kSelf, state, unchanged(state));
  CHECK(same["requires_replace"] == json::array());
  CHECK(same["planned_state"] == state);

  // early_renewal_hours changes in place.
  json proposed = state;
  proposed["early_renewal_hours"] = 1;
  json update = plan(*plugin, kSelf, state, proposed);
  CHECK(update["requires_replace"] == json::array());
  json updated = plugin->call("apply", {{"type", kSelf},
                                        {"prior_state", state},
                                        {"planned_state", update["planned_state"]},
                                        {"unknown", update["unknown"]}})["new_state"];
  CHECK(updated["early_renewal_hours"] == 1);
  CHECK(updated["cert_pem"] == state["cert_pem"]);

  proposed = state;
  proposed["subject"][0]["common_name"] = "Other CA";
  json replace = plan(*plugin, kSelf, state, proposed);
  CHECK(replace["requires_replace"] == json({{"subject", 0, "common_name"}}));
  json other = config;
  other["subject"][0]["common_name"] = "Other CA";
  check_final_plan(*plugin, kSelf, replace, other);
  CHECK(has_path(replace["unknown"], json::array({"cert_pem"})));

  proposed = state;
  proposed["ip_addresses"] = {"10.0.0.2"};
  CHECK(plan(*plugin, kSelf, state, proposed)["requires_replace"] == json({{"ip_addresses"}}));

  CHECK(destroy(*plugin, kSelf, state).is_null());
}

TEST_CASE("tls_self_signed_cert: RSA and ED25519 keys sign too") {
  TempDir dir;
  auto plugin = start_tls();
  for (const char* algorithm : {"RSA", "ED25519"}) {
    INFO(algorithm);
    json key = create(*plugin, kKey, key_config(algorithm));
    json state = create(*plugin, kSelf,
                        {{"private_key_pem", key["private_key_pem"]},
                         {"subject", subject("x")},
                         {"validity_period_hours", 1},
                         {"allowed_uses", {"server_auth"}}});
    CHECK(state["key_algorithm"] == algorithm);
    const std::string cert = write(dir, "c.pem", state["cert_pem"]);
    Run text = run("openssl x509 -noout -text -in " + cert);
    CHECK(contains(text.out, "CA:FALSE"));
    CHECK(contains(text.out, "TLS Web Server Authentication"));
    CHECK_FALSE(contains(text.out, "X509v3 Key Usage"));
    CHECK(run("openssl x509 -noout -checkend 3000 -in " + cert).code == 0);
    CHECK(run("openssl x509 -noout -checkend 4000 -in " + cert).code != 0);
  }
}

TEST_CASE("tls_self_signed_cert: inside the renewal window, the plan replaces the certificate") {
  auto plugin = start_tls();
  json key = create(*plugin, kKey, key_config("ED25519"));
  json config = ca_config(key);
  config["validity_period_hours"] = 1;
  config["early_renewal_hours"] = 2;  // due as soon as it exists
  json state = create(*plugin, kSelf, config);
  CHECK(state["ready_for_renewal"] == false);

  json refreshed = read_state(*plugin, kSelf, state);
  CHECK(refreshed["ready_for_renewal"] == true);
  json renewal = plan(*plugin, kSelf, refreshed, unchanged(refreshed));
  CHECK(renewal["requires_replace"] == json({{"ready_for_renewal"}}));
  CHECK(renewal["planned_state"]["ready_for_renewal"] == false);
  for (const char* name :
       {"cert_pem", "validity_start_time", "validity_end_time", "id", "key_algorithm"}) {
    CHECK(has_path(renewal["unknown"], json::array({name})));
  }
  check_final_plan(*plugin, kSelf, renewal, config);

  // Lowering early_renewal_hours out of the window keeps the certificate instead.
  json lowered = refreshed;
  lowered["early_renewal_hours"] = 0;
  json keep = plan(*plugin, kSelf, refreshed, lowered);
  CHECK(keep["requires_replace"] == json::array());
  CHECK(keep["planned_state"]["ready_for_renewal"] == false);
  CHECK(keep["planned_state"]["cert_pem"] == state["cert_pem"]);

  // Without a refresh, raising early_renewal_hours into the window does the same.
  json fresh = create(*plugin, kSelf, ca_config(key));  // 24 hours
  json proposed = fresh;
  proposed["early_renewal_hours"] = 25;
  json raised = plan(*plugin, kSelf, fresh, proposed);
  CHECK(raised["requires_replace"] == json({{"ready_for_renewal"}}));
  json raised_config = ca_config(key);
  raised_config["early_renewal_hours"] = 25;
  check_final_plan(*plugin, kSelf, raised, raised_config);
  proposed["early_renewal_hours"] = 23;
  CHECK(plan(*plugin, kSelf, fresh, proposed)["requires_replace"] == json::array());

  // An expired certificate (validity 0) is due as well.
  config["validity_period_hours"] = 0;
  config["early_renewal_hours"] = 0;
  json expired = create(*plugin, kSelf, config);
  CHECK(read_state(*plugin, kSelf, expired)["ready_for_renewal"] == true);
}

TEST_CASE("tls_self_signed_cert: invalid arguments are reported at their paths") {
  auto plugin = start_tls();
  json key = create(*plugin, kKey, key_config("ED25519"));
  json config = ca_config(key);
  config["private_key_pem"] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  config["ip_addresses"] = {"10.0.0.1", "10.0.0.300"};
  config["uris"] = {"no-scheme"};
  config["allowed_uses"] = {"server_auth", "world_domination"};
  config["validity_period_hours"] = -1;
  config["early_renewal_hours"] = 1.5;
  json diagnostics = validate(*plugin, kSelf, config);
  REQUIRE(diagnostics.size() == 6);
  CHECK(diagnostics[0] ==
        diagnostic("invalid private_key_pem",
                   "not an unencrypted private key in PEM format (RSA, ECDSA or ED25519)",
                   {"private_key_pem"}));
  CHECK(diagnostics[1] == diagnostic("invalid IP address",
                                     "expected an IPv4 or IPv6 address such as \"10.0.0.1\" or "
                                     "\"::1\", got \"10.0.0.300\"",
                                     {"ip_addresses", 1}));
  CHECK(diagnostics[2] == diagnostic("invalid URI",
                                     "expected an absolute URI with a scheme, such as "
                                     "\"spiffe://example.org/web\", got \"no-scheme\"",
                                     {"uris", 0}));
  CHECK(diagnostics[3] == diagnostic("invalid validity_period_hours",
                                     "expected a whole number of hours, 0 or more, got -1",
                                     {"validity_period_hours"}));
  CHECK(diagnostics[4] == diagnostic("invalid early_renewal_hours",
                                     "expected a whole number of hours, 0 or more, got 1.5",
                                     {"early_renewal_hours"}));
  CHECK(diagnostics[5]["path"] == json({"allowed_uses", 1}));
  CHECK(diagnostics[5]["summary"] == "invalid allowed_uses");
  CHECK(std::string(diagnostics[5]["detail"])
            .rfind("unknown usage \"world_domination\"; expected one of digital_signature, "
                   "content_commitment, key_encipherment,",
                   0) == 0);

  // A key that is no key: the text never shows up in the message.
  config = ca_config(key);
  config["private_key_pem"] = key["public_key_pem"];
  json not_private = validate(*plugin, kSelf, config);
  REQUIRE(not_private.size() == 1);
  CHECK(not_private[0]["path"] == json({"private_key_pem"}));
  CHECK_FALSE(contains(not_private.dump(), "BEGIN"));

  // A key from a resource not created yet is checked at apply.
  config["private_key_pem"] = nullptr;
  CHECK(validate(*plugin, kSelf, config, {{"private_key_pem"}}) == json::array());
}

TEST_CASE("tls_cert_request: create, openssl req -verify, read back, replace, destroy") {
  TempDir dir;
  auto plugin = start_tls();
  json key = create(*plugin, kKey, key_config("RSA"));
  json config = {{"private_key_pem", key["private_key_pem"]},
                 {"subject", subject("www.example.com")},
                 {"dns_names", {"www.example.com", "example.com"}},
                 {"ip_addresses", {"192.0.2.7"}}};
  json state = create(*plugin, kRequest, config);
  CHECK(state["key_algorithm"] == "RSA");
  CHECK(state["id"].is_string());
  const std::string csr = write(dir, "req.pem", state["cert_request_pem"]);
  Run verify = run("openssl req -verify -noout -text -in " + csr);
  INFO(verify.out);
  CHECK(verify.code == 0);
  CHECK(contains(verify.out, "verify OK"));
  CHECK(contains(verify.out, "CN = www.example.com"));
  CHECK(contains(verify.out, "DNS:www.example.com, DNS:example.com, IP Address:192.0.2.7"));
  // The request carries the key's public half.
  CHECK(run("openssl req -noout -pubkey -in " + csr).out == key["public_key_pem"]);

  CHECK(read_state(*plugin, kRequest, state) == state);
  CHECK(plan(*plugin, kRequest, state, unchanged(state))["planned_state"] == state);
  json proposed = state;
  proposed["dns_names"] = {"www.example.com"};
  json replace = plan(*plugin, kRequest, state, proposed);
  CHECK(replace["requires_replace"] == json({{"dns_names"}}));
  CHECK(has_path(replace["unknown"], json::array({"cert_request_pem"})));
  CHECK(destroy(*plugin, kRequest, state).is_null());

  // Validation.
  config["private_key_pem"] = "not a key";
  config["ip_addresses"] = {"example.com"};
  json diagnostics = validate(*plugin, kRequest, config);
  REQUIRE(diagnostics.size() == 2);
  CHECK(diagnostics[0]["summary"] == "invalid private_key_pem");
  CHECK(diagnostics[0]["path"] == json({"private_key_pem"}));
  CHECK(diagnostics[1]["summary"] == "invalid IP address");
  CHECK(diagnostics[1]["path"] == json({"ip_addresses", 0}));
  CHECK(error_of(*plugin, "apply",
                 {{"type", kRequest}, {"prior_state", nullptr}, {"planned_state", config}}) ==
        "provider \"tls\": apply of tls_cert_request: invalid private_key_pem: not an "
        "unencrypted private key in PEM format (RSA, ECDSA or ED25519) (at private_key_pem)");
}

TEST_CASE("tls_locally_signed_cert: create, openssl verify, read back, replace, renew, destroy") {
  TempDir dir;
  auto plugin = start_tls();
  json ca_key = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P384"}});
  json ca = create(*plugin, kSelf, ca_config(ca_key));
  json key = create(*plugin, kKey, key_config("RSA"));
  json request_with_uri = request_config(key, "www.example.com");
  request_with_uri["uris"] = {"spiffe://example.org/web"};
  json request = create(*plugin, kRequest, request_with_uri);
  json config = signed_config(request, ca_key, ca);
  json state = create(*plugin, kSigned, config);
  CHECK(state["ca_key_algorithm"] == "ECDSA");
  CHECK(state["ready_for_renewal"] == false);

  const std::string ca_pem = write(dir, "ca.pem", ca["cert_pem"]);
  const std::string cert = write(dir, "cert.pem", state["cert_pem"]);
  Run verify = run("openssl verify -CAfile " + ca_pem + " " + cert);
  INFO(verify.out);
  CHECK(verify.code == 0);
  CHECK(contains(verify.out, "cert.pem: OK"));
  Run text = run("openssl x509 -noout -text -in " + cert);
  CHECK(contains(text.out, "Issuer: C = NL, O = \"Example, Inc\", CN = Example CA"));
  CHECK(contains(text.out, "Subject: C = NL, O = \"Example, Inc\", CN = www.example.com"));
  CHECK(contains(text.out, "DNS:www.example.com, URI:spiffe://example.org/web"));
  CHECK(contains(text.out, "ecdsa-with-SHA384"));
  CHECK(contains(text.out, "X509v3 Authority Key Identifier"));  // the CA has a key id
  CHECK(contains(text.out, "Digital Signature, Key Encipherment"));
  CHECK(run("openssl x509 -noout -pubkey -in " + cert).out == key["public_key_pem"]);

  CHECK(read_state(*plugin, kSigned, state) == state);
  CHECK(plan(*plugin, kSigned, state, unchanged(state))["requires_replace"] == json::array());
  json proposed = state;
  proposed["allowed_uses"] = {"client_auth"};
  CHECK(plan(*plugin, kSigned, state, proposed)["requires_replace"] == json({{"allowed_uses"}}));
  proposed = state;
  proposed["validity_period_hours"] = 1;
  proposed["early_renewal_hours"] = 13;
  json renewal = plan(*plugin, kSigned, state, proposed);
  CHECK(renewal["requires_replace"] == json({{"validity_period_hours"}}));

  config["early_renewal_hours"] = 12;  // due at once
  json due = create(*plugin, kSigned, config);
  json refreshed = read_state(*plugin, kSigned, due);
  CHECK(refreshed["ready_for_renewal"] == true);
  json renewal_plan = plan(*plugin, kSigned, refreshed, unchanged(refreshed));
  CHECK(renewal_plan["requires_replace"] == json({{"ready_for_renewal"}}));
  CHECK(has_path(renewal_plan["unknown"], json::array({"ca_key_algorithm"})));
  check_final_plan(*plugin, kSigned, renewal_plan, config);

  CHECK(destroy(*plugin, kSigned, state).is_null());
}

TEST_CASE("tls_locally_signed_cert: invalid arguments are reported at their paths") {
  auto plugin = start_tls();
  json ca_key = create(*plugin, kKey, key_config("ED25519"));
  json ca = create(*plugin, kSelf, ca_config(ca_key));
  json other_key = create(*plugin, kKey, key_config("ED25519"));
  json request = create(*plugin, kRequest, request_config(other_key, "x"));

  json config = signed_config(request, other_key, ca);
  CHECK(validate(*plugin, kSigned, config) ==
        json({diagnostic("invalid ca_private_key_pem",
                         "the key does not belong to the certificate in ca_cert_pem",
                         {"ca_private_key_pem"})}));
  try {
    plugin->call("apply", {{"type", kSigned}, {"prior_state", nullptr}, {"planned_state", config}});
    FAIL("apply with a mismatched CA key succeeded");
  } catch (const ProviderError& e) {
    REQUIRE(e.path().size() == 1);
    CHECK(std::get<std::string>(e.path()[0]) == "ca_private_key_pem");
  }

  config = signed_config(request, ca_key, ca);
  config["cert_request_pem"] = ca["cert_pem"];
  config["ca_cert_pem"] = request["cert_request_pem"];
  config["ca_private_key_pem"] = "garbage";
  config["allowed_uses"] = {"serverauth"};
  json diagnostics = validate(*plugin, kSigned, config);
  REQUIRE(diagnostics.size() == 4);
  CHECK(diagnostics[0] == diagnostic("invalid cert_request_pem",
                                     "not a certificate request in PEM format",
                                     {"cert_request_pem"}));
  CHECK(diagnostics[1]["path"] == json({"ca_private_key_pem"}));
  CHECK(diagnostics[2] == diagnostic("invalid ca_cert_pem", "no certificate in PEM format found",
                                     {"ca_cert_pem"}));
  CHECK(diagnostics[3]["path"] == json({"allowed_uses", 0}));

  // A request whose signature does not match: a byte of the signature (the end of the DER)
  // altered.
  std::string tampered = request["cert_request_pem"];
  const std::size_t at = tampered.find("\n-----END") - 6;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  config = signed_config(request, ca_key, ca);
  config["cert_request_pem"] = tampered;
  CHECK(validate(*plugin, kSigned, config) ==
        json({diagnostic("invalid cert_request_pem",
                         "the request's signature does not match its public key",
                         {"cert_request_pem"})}));
}

TEST_CASE("tls_certificate: describes each certificate of a PEM chain") {
  auto plugin = start_tls();
  json ca_key = create(*plugin, kKey, key_config("RSA"));
  json ca = create(*plugin, kSelf, ca_config(ca_key));
  json key = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P256"}});
  json request = create(*plugin, kRequest, request_config(key, "leaf"));
  json leaf = create(*plugin, kSigned, signed_config(request, ca_key, ca));
  const std::string chain = std::string(leaf["cert_pem"]) + std::string(ca["cert_pem"]);

  json result =
      plugin->call("read_data", {{"type", "tls_certificate"}, {"config", {{"content", chain}}}});
  CHECK(result["diagnostics"] == json::array());
  const json& certs = result["state"]["certificates"];
  REQUIRE(certs.size() == 2);
  CHECK(certs[0]["subject"] == "CN=leaf,O=Example\\, Inc,C=NL");
  CHECK(certs[0]["issuer"] == "CN=Example CA,O=Example\\, Inc,C=NL");
  CHECK(certs[0]["is_ca"] == false);
  CHECK(certs[0]["public_key_algorithm"] == "ECDSA");
  CHECK(certs[0]["signature_algorithm"] == "SHA256-RSA");
  CHECK(certs[0]["serial_number"] == leaf["id"]);
  CHECK(certs[0]["not_before"] == leaf["validity_start_time"]);
  CHECK(certs[0]["not_after"] == leaf["validity_end_time"]);
  CHECK(certs[0]["version"] == 3);
  CHECK(certs[0]["cert_pem"] == leaf["cert_pem"]);
  CHECK(certs[1]["is_ca"] == true);
  CHECK(certs[1]["public_key_algorithm"] == "RSA");
  CHECK(certs[1]["subject"] == certs[1]["issuer"]);
  TempDir dir;
  Run fingerprint =
      run("openssl x509 -noout -fingerprint -sha1 -in " + write(dir, "ca.pem", ca["cert_pem"]));
  std::string expected = fingerprint.out.substr(fingerprint.out.find('=') + 1);
  expected.erase(std::remove(expected.begin(), expected.end(), ':'), expected.end());
  expected.erase(std::remove(expected.begin(), expected.end(), '\n'), expected.end());
  std::transform(expected.begin(), expected.end(), expected.begin(), ::tolower);
  CHECK(certs[1]["sha1_fingerprint"] == expected);

  const auto read_error = [&](const json& config) {
    return error_of(*plugin, "read_data", {{"type", "tls_certificate"}, {"config", config}});
  };

  CHECK(read_error({{"content", "hello"}}) ==
        "provider \"tls\": read_data of tls_certificate: invalid content: no certificate in PEM "
        "format found (at content)");
  CHECK(read_error(json::object()) ==
        "provider \"tls\": read_data of tls_certificate: invalid tls_certificate arguments: "
        "exactly one of \"content\" and \"url\" must be set");
  CHECK(read_error({{"url", "http://example.com"}}) ==
        "provider \"tls\": read_data of tls_certificate: cannot read certificates from url: "
        "expected an https:// or tls:// URL, got \"http://example.com\" (at url)");
}

TEST_CASE("tls_certificate: reads the chain a TLS server presents, root first") {
  TempDir dir;
  auto plugin = start_tls();
  json ca_key = create(*plugin, kKey, key_config("ED25519"));
  json ca = create(*plugin, kSelf, ca_config(ca_key));
  json key = create(*plugin, kKey, {{"algorithm", "ECDSA"}, {"ecdsa_curve", "P256"}});
  json request = create(*plugin, kRequest, request_config(key, "localhost"));
  json leaf = create(*plugin, kSigned, signed_config(request, ca_key, ca));
  const std::string port = std::to_string(20000 + ::getpid() % 20000);
  const std::string pid_file = dir / "server.pid";
  // s_server answers a few handshakes, then exits; the test stops it by its pid as well.
  run("openssl s_server -quiet -naccept 4 -accept 127.0.0.1:" + port +
      " -cert " + write(dir, "leaf.pem", leaf["cert_pem"]) +
      " -key " + write(dir, "leaf.key", key["private_key_pem"]) +
      " -cert_chain " + write(dir, "ca.pem", ca["cert_pem"]) +
      " >/dev/null 2>&1 & echo $! > " + pid_file);
  const std::string url = "tls://127.0.0.1:" + port;
  const auto read = [&](bool verify) {
    return plugin->call("read_data", {{"type", "tls_certificate"},
                                      {"config", {{"url", url}, {"verify_chain", verify}}}});
  };
  json result;
  for (int attempt = 0; attempt < 50 && result.is_null(); ++attempt) {
    try {
      result = read(false);
    } catch (const ProviderError&) {
      ::usleep(100 * 1000);  // not listening yet
    }
  }
  REQUIRE(result.is_object());
  const json& certs = result["state"]["certificates"];
  REQUIRE(certs.size() == 2);
  CHECK(certs[0]["cert_pem"] == ca["cert_pem"]);
  CHECK(certs[1]["cert_pem"] == leaf["cert_pem"]);
  CHECK(certs[1]["subject"] == "CN=localhost,O=Example\\, Inc,C=NL");

  // With verification, a CA the system does not trust fails the read.
  try {
    read(true);
    FAIL("a chain from an unknown CA verified");
  } catch (const ProviderError& e) {
    CHECK(contains(e.what(), "cannot read certificates from url: TLS connection to 127.0.0.1:" +
                                 port + " failed: "));
  }
  const std::string pid = slurp(pid_file);
  if (!pid.empty()) ::kill(std::stoi(pid), SIGTERM);
}
