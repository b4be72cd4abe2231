// End to end: a CA, a server key, its certificate request and the certificate the CA signs,
// made by the real tls provider and written out by local_file; checked with openssl, planned
// again without changes, and no private key in clear in any plan or apply output. Then a key
// and a certificate made by openssl, adopted by import blocks, by infra import, and through
// generated configuration.
#include <catch2/catch.hpp>

#include <cstdio>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

const char* kConfig = R"(
resource "tls_private_key" "ca" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_self_signed_cert" "ca" {
  private_key_pem = tls_private_key.ca.private_key_pem
  subject {
    common_name  = "Example CA"
    organization = "Example"
  }
  validity_period_hours = 48
  is_ca_certificate     = true
  allowed_uses          = ["cert_signing", "crl_signing"]
}

resource "tls_private_key" "web" {
  algorithm = "RSA"
}

resource "tls_cert_request" "web" {
  private_key_pem = tls_private_key.web.private_key_pem
  subject {
    common_name = "www.example.com"
  }
  dns_names = ["www.example.com"]
}

resource "tls_locally_signed_cert" "web" {
  cert_request_pem      = tls_cert_request.web.cert_request_pem
  ca_private_key_pem    = tls_private_key.ca.private_key_pem
  ca_cert_pem           = tls_self_signed_cert.ca.cert_pem
  validity_period_hours = 24
  early_renewal_hours   = 2
  allowed_uses          = ["digital_signature", "key_encipherment", "server_auth"]
}

resource "local_file" "ca" {
  filename = "out/ca.pem"
  content  = tls_self_signed_cert.ca.cert_pem
}

resource "local_file" "cert" {
  filename = "out/cert.pem"
  content  = tls_locally_signed_cert.web.cert_pem
}

data "tls_certificate" "web" {
  content = tls_locally_signed_cert.web.cert_pem
}

output "web_subject" {
  value = data.tls_certificate.web.certificates[0].subject
}

output "web_key" {
  value     = tls_private_key.web.private_key_pem
  sensitive = true
}
)";

int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A line from the middle of a PEM text: key material, not its armour.
std::string body_line(const std::string& pem) {
  const auto first = pem.find('\n') + 1;
  return pem.substr(first, pem.find('\n', first) - first);
}

}  // namespace

TEST_CASE("tls: a CA signs a server certificate, openssl verifies it, and the keys stay hidden") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  REQUIRE(run_infra(dir.path(), {"init", "-no-color"}).code == 0);

  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  REQUIRE(plan.code == 2);
  CHECK(contains(plan.out, "# tls_locally_signed_cert.web will be created"));
  CHECK(contains(plan.out, "Plan: 7 to add, 0 to change, 0 to destroy."));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Apply complete! Resources: 7 added, 0 changed, 0 destroyed."));
  CHECK(contains(apply.out, "web_subject = \"CN=www.example.com\""));

  const std::string ca = (dir.path() / "out/ca.pem").string();
  const std::string cert = (dir.path() / "out/cert.pem").string();
  CHECK(shell("openssl verify -CAfile '" + ca + "' '" + cert + "' >/dev/null") == 0);
  CHECK(shell("openssl x509 -noout -checkhost www.example.com -in '" + cert + "' >/dev/null") == 0);

  Result key = run_infra(dir.path(), {"output", "-raw", "web_key"});
  INFO(key.all());
  REQUIRE(key.code == 0);
  REQUIRE(contains(key.out, "-----BEGIN RSA PRIVATE KEY-----"));
  dir.write("web.key", key.out);
  CHECK(shell("openssl pkey -check -noout -in '" + (dir.path() / "web.key").string() +
              "' >/dev/null") == 0);

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // The key in full, and any line of it, appears in no output.
  const std::string secret = body_line(key.out);
  REQUIRE(secret.size() > 40);
  for (const Result* r : {&plan, &apply, &again}) {
    CHECK_FALSE(contains(r->out + r->err, secret));
  }
  CHECK(contains(plan.out, "private_key_pem"));
  CHECK(contains(plan.out, "(sensitive value)"));

  // Renewal: with early_renewal_hours beyond the validity the certificate is due at once; the
  // plan replaces it, and the next refresh finds the new one due again.
  std::string renewing = kConfig;
  renewing.replace(renewing.find("early_renewal_hours   = 2"), 25, "early_renewal_hours   = 30");
  dir.write("main.infra", renewing);
  const std::string old_cert = dir.read("out/cert.pem");
  Result renew = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(renew.all());
  REQUIRE(renew.code == 0);
  CHECK(contains(renew.out, "Apply complete! Resources: 1 added, 1 changed, 1 destroyed."));
  CHECK(dir.read("out/cert.pem") != old_cert);
  CHECK(shell("openssl verify -CAfile '" + ca + "' '" + cert + "' >/dev/null") == 0);
  Result due = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(due.all());
  CHECK(contains(due.out, "# tls_locally_signed_cert.web must be replaced"));
  CHECK(contains(due.out, "~ ready_for_renewal   = true -> false # forces replacement"));
  CHECK_FALSE(contains(renew.out + renew.err + due.out + due.err, secret));
  dir.write("main.infra", kConfig);

  // A change to the CA's subject replaces the CA and, through its new PEM, what it signed.
  std::string changed = kConfig;
  changed.replace(changed.find("\"Example\""), 9, "\"Example Two\"");
  dir.write("main.infra", changed);
  Result replace = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(replace.all());
  CHECK(contains(replace.out, "# tls_self_signed_cert.ca must be replaced"));
  CHECK(contains(replace.out, "# tls_locally_signed_cert.web must be replaced"));
  CHECK(contains(replace.out, "# forces replacement"));
  CHECK_FALSE(contains(replace.out + replace.err, secret));

  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  CHECK(destroy.code == 0);
  CHECK_FALSE(dir.exists("out/cert.pem"));
}

namespace {

// A key and a self-signed certificate for it, made by the openssl command line in `dir`.
void openssl_certificate(const Scratch& dir) {
  const std::string in = "cd '" + dir.path().string() + "' && ";
  dir.write("openssl.cnf", "[req]\ndistinguished_name = dn\n[dn]\n");
  REQUIRE(shell(in +
                "openssl req -x509 -config openssl.cnf -newkey ec -pkeyopt "
                "ec_paramgen_curve:P-256 -nodes -keyout key.pem -out cert.pem -days 2 "
                "-subj /O=Example/CN=web -addext subjectAltName=DNS:web.example.com "
                "-addext keyUsage=critical,digitalSignature -addext extendedKeyUsage=serverAuth "
                "-addext basicConstraints=critical,CA:FALSE 2>/dev/null") == 0);
  REQUIRE(shell(in + "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
                     "-out other.pem 2>/dev/null") == 0);
}

// The resource blocks that describe what openssl_certificate made.
const char* kAdopted = R"(
resource "tls_private_key" "web" {
  algorithm   = "ECDSA"
  ecdsa_curve = "P256"
}

resource "tls_self_signed_cert" "web" {
  private_key_pem = file("key.pem")
  subject {
    common_name  = "web"
    organization = "Example"
  }
  dns_names             = ["web.example.com"]
  validity_period_hours = 48
  allowed_uses          = ["server_auth", "digital_signature"]
  set_subject_key_id    = true
}
)";

const char* kImportBlocks = R"(
import {
  to = tls_private_key.web
  id = "key.pem"
}

import {
  to = tls_self_signed_cert.web
  id = "cert.pem"
}
)";

}  // namespace

TEST_CASE("tls: a key and a certificate made by openssl are adopted by import blocks") {
  Scratch dir;
  openssl_certificate(dir);
  dir.write("main.infra", std::string(kImportBlocks) + kAdopted);
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# tls_self_signed_cert.web will be imported"));
  CHECK(contains(plan.out, "# tls_private_key.web will be imported"));
  CHECK(contains(plan.out, "Plan: 2 to import, 0 to add, 0 to change, 0 to destroy."));
  CHECK_FALSE(contains(plan.out + plan.err, "Warning"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "2 imported"));
  // The key was recorded with the certificate: the next plan has nothing to adopt.
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));
  const std::string key = dir.read("key.pem");
  const std::string secret = key.substr(key.find('\n') + 1, 40);
  CHECK_FALSE(contains(plan.out + plan.err + apply.out + again.out, secret));
}

TEST_CASE("tls: a certificate imported with another key is replaced, and the plan says why") {
  Scratch dir;
  openssl_certificate(dir);
  std::string config = std::string(kImportBlocks) + kAdopted;
  config.replace(config.find("file(\"key.pem\")"), 15, "file(\"other.pem\")");
  dir.write("main.infra", config);
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.err, "private_key_pem does not match the imported object"));
  CHECK(contains(plan.err, "its public key is not the certificate's"));
  CHECK(contains(plan.out, "# tls_self_signed_cert.web must be replaced"));
  CHECK(contains(plan.out, "# forces replacement"));
}

TEST_CASE("tls: infra import of a certificate, then one update records the configuration's key") {
  Scratch dir;
  openssl_certificate(dir);
  dir.write("main.infra", kAdopted);
  Result imported =
      run_infra(dir.path(), {"import", "-no-color", "tls_self_signed_cert.web", "cert.pem"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  // The import could not read the key: the plan records it without touching the certificate.
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-target=tls_self_signed_cert.web"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# tls_self_signed_cert.web will be updated in-place"));
  CHECK(contains(plan.out, "+ private_key_pem"));
  CHECK(contains(plan.out, "Plan: 0 to add, 1 to change, 0 to destroy."));
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color",
                                        "-target=tls_self_signed_cert.web"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-target=tls_self_signed_cert.web"});
  INFO(again.all());
  CHECK(contains(again.out, "No changes."));
}

TEST_CASE("tls: configuration generated for an imported certificate leaves its key to set") {
  Scratch dir;
  openssl_certificate(dir);
  dir.write("main.infra", R"(import {
  to = tls_self_signed_cert.web
  id = "cert.pem"
}
)");
  Result plan =
      run_infra(dir.path(), {"plan", "-no-color", "-generate-config-out=generated.infra"});
  INFO(plan.all());
  // Written, and the plan stops at the argument to set.
  CHECK(plan.code == 1);
  const std::string generated = dir.read("generated.infra");
  INFO(generated);
  CHECK(contains(generated, "private_key_pem       = null # sensitive: set it\n"));
  CHECK(contains(generated, "validity_period_hours = 48\n"));
  CHECK(contains(generated, "allowed_uses          = [\"digital_signature\", \"server_auth\"]\n"));
  CHECK(contains(generated, "dns_names             = [\"web.example.com\"]\n"));
  CHECK(contains(generated, "common_name  = \"web\"\n"));
  CHECK(contains(plan.err, "Missing required argument"));

  std::string filled = generated;
  filled.replace(filled.find("null # sensitive: set it"), 24, "file(\"key.pem\")");
  dir.write("generated.infra", filled);
  Result adopted = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(adopted.all());
  CHECK(adopted.code == 0);
  CHECK(contains(adopted.out, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."));
}
