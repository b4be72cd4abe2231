// End to end: a CA, a server key, its certificate request and the certificate the CA signs,
// made by the real tls provider and written out by local_file; checked with openssl, planned
// again without changes, and no private key in clear in any plan or apply output.
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
