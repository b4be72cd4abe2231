// End to end: the dns provider through the real binary against the BIND server of the
// dns_server fixture: records of every type applied; a second plan with nothing to do; a
// new TTL updated in place; records made with nsupdate imported by `infra import`, by an
// import block, and by an import block whose configuration `plan -generate-config-out`
// writes, each followed by a plan with nothing to do; destroy, after which dig finds
// nothing. The key's secret never shows. Names made outside infra are deleted at the end,
// even on failure (the fixture removes the server anyway).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <string>
#include <vector>

#include "tests/e2e/harness.hpp"
#include "tests/providers/dns_test_server.hpp"

namespace infra::e2e {
namespace {

using providers::test::dig;
using providers::test::dig_ttl;
using providers::test::dns_server;
using providers::test::nsupdate;

std::string provider_block() {
  const auto& s = dns_server();
  return R"(provider "dns" {
  update {
    server        = ")" + s.server + R"("
    port          = )" + std::to_string(s.port) + R"(
    key_name      = ")" + s.key_name + R"("
    key_algorithm = ")" + s.key_algorithm + R"("
    key_secret    = ")" + s.key_secret + R"("
  }
}
)";
}

// Records of every type, named with `suffix`; the A records' TTL is `ttl`.
std::string records(const std::string& suffix, int ttl) {
  const auto& s = dns_server();
  return R"(
resource "dns_a_record_set" "www" {
  zone      = ")" + s.zone + R"("
  name      = "www-)" + suffix + R"("
  addresses = ["192.0.2.1", "192.0.2.2"]
  ttl       = )" + std::to_string(ttl) + R"(
}

resource "dns_aaaa_record_set" "www" {
  zone      = ")" + s.zone + R"("
  name      = "www-)" + suffix + R"("
  addresses = ["2001:db8::1"]
}

resource "dns_cname_record" "alias" {
  zone  = ")" + s.zone + R"("
  name  = "alias-)" + suffix + R"("
  cname = dns_a_record_set.www.id
}

resource "dns_txt_record_set" "spf" {
  zone = ")" + s.zone + R"("
  name = "www-)" + suffix + R"("
  txt  = ["v=spf1 -all", "hello"]
}

resource "dns_srv_record_set" "sip" {
  zone = ")" + s.zone + R"("
  name = "_sip._udp.)" + suffix + R"("
  srv {
    priority = 10
    weight   = 5
    target   = dns_a_record_set.www.id
    port     = 5060
  }
  srv {
    priority = 20
    weight   = 0
    target   = "backup.example."
    port     = 5060
  }
}

resource "dns_ptr_record" "www" {
  zone = ")" + s.reverse_zone + R"("
  name = "ptr-)" + suffix + R"("
  ptr  = dns_a_record_set.www.id
}
)";
}

// Deletes every record at the names made outside infra, at scope exit.
struct Leftovers {
  std::vector<std::string> owners;
  ~Leftovers() {
    for (const auto& owner : owners) {
      try {
        nsupdate("update delete " + owner);
      } catch (const std::exception&) {
        // The server may be gone already; nothing is left then.
      }
    }
  }
};

Result ok(const Scratch& dir, const std::vector<std::string>& args) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  REQUIRE(r.code == 0);
  CHECK_FALSE(contains(r.out + r.err, dns_server().key_secret));
  return r;
}

void no_changes(const Scratch& dir) {
  Result r = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(contains(r.out, "No changes."));
}

TEST_CASE("dns: records of every type, a TTL changed in place, three imports, destroy") {
  Scratch dir;
  const auto& s = dns_server();
  const std::string suffix = std::to_string(getpid());
  const std::string www = "www-" + suffix + "." + s.zone;
  dir.write("main.infra", provider_block() + records(suffix, 300));
  ok(dir, {"init", "-no-color"});

  Result plan = ok(dir, {"plan", "-no-color"});
  CHECK(contains(plan.out, "# dns_a_record_set.www will be created"));
  CHECK(contains(plan.out, "Plan: 6 to add, 0 to change, 0 to destroy."));
  Result apply = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(apply.out, "Apply complete! Resources: 6 added, 0 changed, 0 destroyed."));
  CHECK(dig(www, "A") == "192.0.2.1\n192.0.2.2\n");
  CHECK(dig(www, "AAAA") == "2001:db8::1\n");
  CHECK(dig(www, "TXT") == "\"hello\"\n\"v=spf1 -all\"\n");
  CHECK(dig("alias-" + suffix + "." + s.zone, "CNAME") == www + "\n");
  CHECK(dig("_sip._udp." + suffix + "." + s.zone, "SRV") ==
        "10 5 5060 " + www + "\n20 0 5060 backup.example.\n");
  CHECK(dig("ptr-" + suffix + "." + s.reverse_zone, "PTR") == www + "\n");
  no_changes(dir);

  // A new TTL: an update in place of that one resource.
  dir.write("main.infra", provider_block() + records(suffix, 60));
  Result ttl = ok(dir, {"plan", "-no-color"});
  CHECK(contains(ttl.out, "# dns_a_record_set.www will be updated in-place"));
  CHECK(contains(ttl.out, "Plan: 0 to add, 1 to change, 0 to destroy."));
  ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(dig_ttl(www, "A") == "60\n");
  no_changes(dir);

  // Records made with nsupdate, imported three ways.
  Leftovers leftovers;
  const std::string made = "made-" + suffix;
  const std::string blocked = "blocked-" + suffix;
  const std::string generated = "generated-" + suffix;
  for (const auto& n : {made, blocked, generated}) leftovers.owners.push_back(n + "." + s.zone);
  nsupdate("update add " + made + "." + s.zone + " 300 A 192.0.2.10\n"
           "update add " + blocked + "." + s.zone + " 300 TXT \"imported by a block\"\n"
           "update add " + generated + "." + s.zone + " 900 SRV 1 2 443 web.example.");

  dir.write("made.infra", R"(resource "dns_a_record_set" "made" {
  zone      = ")" + s.zone + R"("
  name      = ")" + made + R"("
  addresses = ["192.0.2.10"]
  ttl       = 300
}
)");
  ok(dir, {"import", "-no-color", "dns_a_record_set.made", s.zone + "/" + made + "/A"});
  no_changes(dir);

  dir.write("blocked.infra", R"(import {
  to = dns_txt_record_set.blocked
  id = ")" + s.zone + "/" + blocked + R"(/TXT"
}

resource "dns_txt_record_set" "blocked" {
  zone = ")" + s.zone + R"("
  name = ")" + blocked + R"("
  txt  = ["imported by a block"]
  ttl  = 300
}
)");
  Result by_block = ok(dir, {"plan", "-no-color"});
  CHECK(contains(by_block.out, "# dns_txt_record_set.blocked will be imported"));
  CHECK(contains(by_block.out, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."));
  ok(dir, {"apply", "-auto-approve", "-no-color"});
  no_changes(dir);

  // Without a resource block: its configuration written by plan, then nothing to change.
  dir.write("generate.infra", R"(import {
  to = dns_srv_record_set.generated
  id = ")" + s.zone.substr(0, s.zone.size() - 1) + "/" + generated + R"(/SRV"
}
)");
  Result gen = ok(dir, {"plan", "-no-color", "-generate-config-out=generated.infra"});
  CHECK(contains(gen.err, "Configuration generated in generated.infra"));
  CHECK(contains(gen.out, "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."));
  const std::string text = dir.read("generated.infra");
  INFO(text);
  CHECK(contains(text, "resource \"dns_srv_record_set\" \"generated\" {\n"));
  CHECK(contains(text, "  name = \"" + generated + "\"\n"));
  CHECK(contains(text, "  ttl  = 900\n"));
  CHECK(contains(text, "    target   = \"web.example.\"\n"));
  CHECK_FALSE(contains(text, "  id "));  // computed: the provider's
  ok(dir, {"apply", "-auto-approve", "-no-color"});
  no_changes(dir);

  // A later change to an imported record set updates it in place.
  std::string made_text = dir.read("made.infra");
  made_text.replace(made_text.find("[\"192.0.2.10\"]"), 14, "[\"192.0.2.10\", \"192.0.2.11\"]");
  dir.write("made.infra", made_text);
  Result grown = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(grown.out, "# dns_a_record_set.made will be updated in-place"));
  CHECK(contains(grown.out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed."));
  CHECK(contains(dig(made + "." + s.zone, "A"), "192.0.2.11"));
  no_changes(dir);

  Result destroy = ok(dir, {"destroy", "-auto-approve", "-no-color"});
  CHECK(contains(destroy.out, "Destroy complete! Resources: 9 destroyed."));
  for (const auto& [name, type] : std::vector<std::pair<std::string, std::string>>{
           {www, "A"}, {www, "AAAA"}, {www, "TXT"}, {"alias-" + suffix + "." + s.zone, "CNAME"},
           {"_sip._udp." + suffix + "." + s.zone, "SRV"},
           {"ptr-" + suffix + "." + s.reverse_zone, "PTR"}, {made + "." + s.zone, "A"},
           {blocked + "." + s.zone, "TXT"}, {generated + "." + s.zone, "SRV"}}) {
    CHECK(dig(name, type) == "");
  }
}

}  // namespace
}  // namespace infra::e2e
