// infra-provider-dns: record sets of an authoritative DNS server, changed with dynamic
// updates (RFC 2136) signed with TSIG (RFC 8945) and read by querying the server. Speaks
// protocol v1 on stdio.
#include "providers/dns/resources.hpp"
#include "providers/dns/settings.hpp"
#include "providers/sdk/provider.hpp"
#include "providers/sdk/setting.hpp"

int main() {
  using namespace infra::providers;
  sdk::Provider provider;
  provider.name = "dns";
  provider.version = "0.1.0";
  using sdk::setting;
  BlockType update;
  update.name = "update";
  update.nesting = Nesting::List;
  update.max_items = 1;
  update.description = "The server that takes the updates and answers the queries.";
  update.attributes = {
      setting("server", "string", "Host name or address of the server; DNS_UPDATE_SERVER."),
      setting("port", "number", "Its port; default 53; DNS_UPDATE_PORT."),
      setting("transport", "string",
              "\"udp\" (default; TCP when an answer is truncated) or \"tcp\"."),
      setting("timeout", "string",
              "How long to wait for each answer: \"2s\", \"500ms\" or seconds; default 5s."),
      setting("retries", "number", "How many times to send a request that gets no answer; "
                                   "default 3."),
      setting("key_name", "string", "Name of the TSIG key; DNS_UPDATE_KEYNAME."),
      setting("key_algorithm", "string",
              "hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or hmac-sha512; "
              "DNS_UPDATE_KEYALGORITHM."),
      setting("key_secret", "string", "The key's secret, base64; DNS_UPDATE_KEYSECRET.", true),
  };
  provider.config_blocks = {update};
  provider.configure = [](const sdk::json& config) {
    dns::set_current_settings(dns::settings_from_config(config));
  };
  provider.resources.emplace("dns_a_record_set", dns::a_record_set_resource());
  provider.resources.emplace("dns_aaaa_record_set", dns::aaaa_record_set_resource());
  provider.resources.emplace("dns_cname_record", dns::cname_record_resource());
  provider.resources.emplace("dns_txt_record_set", dns::txt_record_set_resource());
  provider.resources.emplace("dns_srv_record_set", dns::srv_record_set_resource());
  provider.resources.emplace("dns_ptr_record", dns::ptr_record_resource());
  return sdk::serve(provider);
}
