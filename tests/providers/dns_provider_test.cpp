// Tests of infra-provider-dns through the host, against the throwaway BIND server of the
// dns_server fixture (tests/providers/dns_test_server.hpp), checked with dig and changed
// behind the provider's back with nsupdate. For each type: create, update in place, drift,
// replace, records removed outside, destroy, import of records made with nsupdate; the
// zone's apex. The errors are in dns_provider_errors_test.cpp. Every record has a name of
// its own, so that the test cases can run in parallel.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/providers/dns_test_server.hpp"
#include "tests/providers/plugin_driver.hpp"

using namespace infra::providers;
using nlohmann::json;
using test::dig;
using test::dig_status;
using test::dns_provider_config;
using test::dns_server;
using test::fresh_name;
using test::nsupdate;

namespace {

struct Dns : test::PluginDriver {
  explicit Dns(const json& config = dns_provider_config()) : PluginDriver("dns", config) {}
};

// One type's records as the lifecycle test uses them.
struct TypeCase {
  std::string type;  // "dns_a_record_set"
  std::string rr;    // "A"
  std::string zone;
  json records;        // the type's arguments
  std::string answer;  // what dig +short answers for them
  json changed;        // other arguments, for the update in place
  std::string changed_answer;
  std::string drift;  // rdata that nsupdate puts in their place
  json drifted;       // the arguments read after that
};

json with(json config, const json& more) {
  config.merge_patch(more);
  return config;
}

// Create, update in place, drift, replace, removal outside, destroy, for one type.
void lifecycle(const TypeCase& c) {
  Dns dns;
  const std::string name = fresh_name("life");
  const std::string owner = name + "." + c.zone;
  json config = with({{"zone", c.zone}, {"name", name}, {"ttl", 300}}, c.records);

  json state = dns.create(c.type, config);
  CHECK(state["id"] == owner);
  CHECK(state["ttl"] == 300);
  CHECK(dig(owner, c.rr) == c.answer);
  CHECK(dns.read(c.type, state) == state);
  CHECK(dns.unchanged(c.type, state, config));

  // Records and TTL change in place.
  config = with(config, with(c.changed, {{"ttl", 600}}));
  state = dns.update(c.type, state, config);
  CHECK(dig(owner, c.rr) == c.changed_answer);
  CHECK(state["ttl"] == 600);
  CHECK(dns.unchanged(c.type, dns.read(c.type, state), config));

  // Drift: replaced with nsupdate, read back, planned back in place.
  nsupdate("update delete " + owner + " " + c.rr + "\nupdate add " + owner + " 120 " + c.rr +
           " " + c.drift);
  json drifted = dns.read(c.type, state);
  CHECK(drifted["ttl"] == 120);
  CHECK(with(drifted, c.drifted) == drifted);
  json p = dns.plan(c.type, drifted, config);
  CHECK(p["requires_replace"] == json::array());
  state = dns.apply(c.type, drifted, p);
  CHECK(dig(owner, c.rr) == c.changed_answer);

  // A new name replaces the records.
  const std::string renamed = fresh_name("renamed");
  const std::string renamed_owner = renamed + "." + c.zone;
  config["name"] = renamed;
  state = dns.replace(c.type, state, config, json::array({"name"}));
  CHECK(dig(owner, c.rr) == "");
  CHECK(dig(renamed_owner, c.rr) == c.changed_answer);
  CHECK(state["id"] == renamed_owner);

  // Removed with nsupdate: gone, to be created again; destroying it is no error.
  nsupdate("update delete " + renamed_owner + " " + c.rr);
  CHECK(dns.read(c.type, state).is_null());
  dns.destroy(c.type, state);

  state = dns.create(c.type, config);
  dns.destroy(c.type, state);
  CHECK(dig(renamed_owner, c.rr) == "");
  CHECK(dig_status(renamed_owner, c.rr) == "NXDOMAIN");
  CHECK(dns.read(c.type, state).is_null());
}

// Records made with nsupdate (`rdata`, one record per element), imported by
// "zone/name/TYPE", read as `records`; then no change to plan, and destroy.
void import_made_outside(const std::string& type, const std::string& rr, const std::string& zone,
                         const std::vector<std::string>& rdata, const json& records) {
  Dns dns;
  const std::string name = fresh_name("made");
  const std::string owner = name + "." + zone;
  std::string commands;
  for (const auto& r : rdata) commands += "update add " + owner + " 300 " + rr + " " + r + "\n";
  nsupdate(commands);

  json state = dns.import(type, zone + "/" + name + "/" + rr);
  CHECK(state == with({{"zone", zone}, {"name", name}, {"ttl", 300}, {"id", owner}}, records));
  json config = with({{"zone", zone}, {"name", name}, {"ttl", 300}}, records);
  CHECK(dns.unchanged(type, state, config));
  // The zone without its dot, the type in lower case: the same records.
  CHECK(dns.import(type, zone.substr(0, zone.size() - 1) + "/" + name + "/" + rr) == state);

  dns.destroy(type, state);
  CHECK(dig(owner, rr) == "");
}

std::string long_text() {
  std::string text;
  for (int i = 0; i < 30; ++i) text += "0123456789";  // 300 bytes: two strings
  return text;
}

}  // namespace

TEST_CASE("dns: the handshake declares every type, the key secret sensitive") {
  auto plugin = Plugin::start(test::bin_dir() / "infra-provider-dns", "dns");
  const ProviderSchema& schema = plugin->schema();
  for (const char* type : {"dns_a_record_set", "dns_aaaa_record_set", "dns_cname_record",
                           "dns_txt_record_set", "dns_srv_record_set", "dns_ptr_record"}) {
    REQUIRE(schema.find(type) != nullptr);
    CHECK(schema.find(type)->find("zone")->force_new);
    CHECK(schema.find(type)->find("name")->force_new);
    CHECK_FALSE(schema.find(type)->find("ttl")->force_new);
  }
  REQUIRE(schema.config_blocks.size() == 1);
  CHECK(schema.config_blocks[0].find("key_secret")->sensitive);
}

TEST_CASE("dns_a_record_set: create, update in place, drift, replace, destroy") {
  lifecycle({.type = "dns_a_record_set", .rr = "A", .zone = dns_server().zone,
             .records = {{"addresses", {"192.0.2.1", "192.0.2.2"}}},
             .answer = "192.0.2.1\n192.0.2.2\n",
             .changed = {{"addresses", {"192.0.2.3"}}},
             .changed_answer = "192.0.2.3\n",
             .drift = "192.0.2.99",
             .drifted = {{"addresses", {"192.0.2.99"}}}});
}

TEST_CASE("dns_aaaa_record_set: create, update in place, drift, replace, destroy") {
  lifecycle({.type = "dns_aaaa_record_set", .rr = "AAAA", .zone = dns_server().zone,
             .records = {{"addresses", {"2001:db8::1", "2001:DB8:0::2"}}},
             .answer = "2001:db8::1\n2001:db8::2\n",
             .changed = {{"addresses", {"2001:db8::3"}}},
             .changed_answer = "2001:db8::3\n",
             .drift = "2001:db8::99",
             .drifted = {{"addresses", {"2001:db8::99"}}}});
}

TEST_CASE("dns_cname_record: create, update in place, drift, replace, destroy") {
  const std::string zone = dns_server().zone;
  lifecycle({.type = "dns_cname_record", .rr = "CNAME", .zone = zone,
             .records = {{"cname", "target." + zone}},
             .answer = "target." + zone + "\n",
             .changed = {{"cname", "other.example."}},
             .changed_answer = "other.example.\n",
             .drift = "drift.example.",
             .drifted = {{"cname", "drift.example."}}});
}

TEST_CASE("dns_txt_record_set: create, update in place, drift, replace, destroy") {
  const std::string text = long_text();
  lifecycle({.type = "dns_txt_record_set", .rr = "TXT", .zone = dns_server().zone,
             .records = {{"txt", {"hello world", text}}},
             // Over 255 bytes: one record of two strings.
             .answer = "\"" + text.substr(0, 255) + "\" \"" + text.substr(255) +
                       "\"\n\"hello world\"\n",
             .changed = {{"txt", {"v=spf1 -all"}}},
             .changed_answer = "\"v=spf1 -all\"\n",
             .drift = "\"drifted\"",
             .drifted = {{"txt", {"drifted"}}}});
}

TEST_CASE("dns_srv_record_set: create, update in place, drift, replace, destroy") {
  const std::string zone = dns_server().zone;
  lifecycle({.type = "dns_srv_record_set", .rr = "SRV", .zone = zone,
             .records = {{"srv",
                          {{{"priority", 10}, {"weight", 5}, {"port", 5060},
                            {"target", "sip1." + zone}},
                           {{"priority", 20}, {"weight", 0}, {"port", 5061},
                            {"target", "sip2." + zone}}}}},
             .answer = "10 5 5060 sip1." + zone + "\n20 0 5061 sip2." + zone + "\n",
             .changed = {{"srv",
                          {{{"priority", 1}, {"weight", 1}, {"port", 443},
                            {"target", "sip3." + zone}}}}},
             .changed_answer = "1 1 443 sip3." + zone + "\n",
             .drift = "5 5 5 drift.example.",
             .drifted = {{"srv",
                          {{{"priority", 5}, {"weight", 5}, {"port", 5},
                            {"target", "drift.example."}}}}}});
}

TEST_CASE("dns_ptr_record: create, update in place, drift, replace, destroy") {
  lifecycle({.type = "dns_ptr_record", .rr = "PTR", .zone = dns_server().reverse_zone,
             .records = {{"ptr", "host1.infra.test."}},
             .answer = "host1.infra.test.\n",
             .changed = {{"ptr", "host2.infra.test."}},
             .changed_answer = "host2.infra.test.\n",
             .drift = "drift.infra.test.",
             .drifted = {{"ptr", "drift.infra.test."}}});
}

TEST_CASE("dns: import of records made with nsupdate, for every type") {
  const std::string zone = dns_server().zone;
  import_made_outside("dns_a_record_set", "A", zone, {"192.0.2.7", "192.0.2.8"},
                      {{"addresses", {"192.0.2.7", "192.0.2.8"}}});
  import_made_outside("dns_aaaa_record_set", "AAAA", zone, {"2001:db8::7"},
                      {{"addresses", {"2001:db8::7"}}});
  import_made_outside("dns_cname_record", "CNAME", zone, {"target.example."},
                      {{"cname", "target.example."}});
  import_made_outside("dns_txt_record_set", "TXT", zone, {"\"one\"", "\"two\" \"parts\""},
                      {{"txt", {"one", "twoparts"}}});
  import_made_outside("dns_srv_record_set", "SRV", zone, {"0 0 80 web.example."},
                      {{"srv", {{{"priority", 0}, {"weight", 0}, {"port", 80},
                                 {"target", "web.example."}}}}});
  import_made_outside("dns_ptr_record", "PTR", dns_server().reverse_zone, {"host.infra.test."},
                      {{"ptr", "host.infra.test."}});
}

TEST_CASE("dns: the zone's apex, named by @ or an empty name on import") {
  Dns dns;
  const std::string zone = dns_server().zone;
  const std::string text = fresh_name("apex");
  json config = {{"zone", zone}, {"txt", {text}}};
  json state = dns.create("dns_txt_record_set", config);
  CHECK(state["id"] == zone);
  CHECK(state["name"].is_null());
  CHECK(dig(zone, "TXT") == "\"" + text + "\"\n");
  CHECK(dns.unchanged("dns_txt_record_set", state, config));
  CHECK(dns.import("dns_txt_record_set", zone + "/@/TXT") == state);
  CHECK(dns.import("dns_txt_record_set", zone + "//txt") == state);
  dns.destroy("dns_txt_record_set", state);
  CHECK(dig(zone, "TXT") == "");
  CHECK(dig(zone, "SOA") != "");  // only the TXT records went
}
