// The six resource types: for each, its own arguments, their checks, and how they become
// the rdata of records (RFC 1035 3.3 and 3.4, RFC 3596 for AAAA, RFC 2782 for SRV).
#include <arpa/inet.h>

#include <algorithm>

#include "providers/dns/records.hpp"
#include "providers/dns/resources.hpp"

namespace infra::providers::dns {

namespace {

constexpr std::size_t kMaxCharacterString = 255;

json member(const json& object, const std::string& name) {
  return object.is_object() ? object.value(name, json()) : json();
}

std::vector<std::string> strings_at(const json& state, const std::string& name) {
  std::vector<std::string> out;
  const json v = member(state, name);
  if (!v.is_array()) return out;
  for (const auto& s : v) {
    if (s.is_string()) out.push_back(s.get<std::string>());
  }
  return out;
}

// `values` (read from the server) in the order `prior` has them, then those it lacks in
// the order of their JSON text. The engine keeps a set(string) argument in the order the
// configuration writes it and sorts set blocks by their JSON text: records read back in
// the prior state's order show no change where nothing changed.
json in_prior_order(std::vector<json> values, const json& prior) {
  json out = json::array();
  for (const auto& p : prior.is_array() ? prior : json::array()) {
    auto it = std::find(values.begin(), values.end(), p);
    if (it == values.end()) continue;
    out.push_back(*it);
    values.erase(it);
  }
  std::sort(values.begin(), values.end(),
            [](const json& a, const json& b) { return a.dump() < b.dump(); });
  for (auto& v : values) out.push_back(std::move(v));
  return out;
}

// A and AAAA: `addresses`, a set of address texts, each a record of `length` bytes.
RecordType address_type(std::string resource, std::uint16_t rr_type, int family,
                        std::string family_name) {
  const std::size_t length = family == AF_INET ? 4 : 16;
  RecordType t;
  t.resource = std::move(resource);
  t.rr_type = rr_type;
  t.description = "The " + type_name(rr_type) + " records of one name: its " + family_name +
                  " addresses.";
  t.arguments = {argument("addresses", "set(string)", "The " + family_name + " addresses.")};
  t.encode = [family, length](const json& state) {
    std::vector<std::string> out;
    for (const auto& text : strings_at(state, "addresses")) {
      std::string bytes(length, '\0');
      if (::inet_pton(family, text.c_str(), bytes.data()) != 1) {
        throw sdk::Error("\"" + text + "\" is not an address", json::array({"addresses"}));
      }
      out.push_back(bytes);
    }
    return out;
  };
  t.decode = [family, length](json& state, const std::vector<std::string>& rdata,
                              const json& prior) {
    std::vector<json> out;
    for (const auto& bytes : rdata) {
      if (bytes.size() != length) continue;
      char text[INET6_ADDRSTRLEN] = {};
      ::inet_ntop(family, bytes.data(), text, sizeof text);
      std::string spelled = text;
      // "2001:DB8::1" in the configuration is the same address as the "2001:db8::1" read.
      for (const auto& p : strings_at(prior, "addresses")) {
        std::string parsed(length, '\0');
        if (::inet_pton(family, p.c_str(), parsed.data()) == 1 && parsed == bytes) spelled = p;
      }
      out.emplace_back(spelled);
    }
    state["addresses"] = in_prior_order(std::move(out), member(prior, "addresses"));
  };
  t.validate = [family, family_name](const json& config, std::vector<sdk::Diagnostic>& out) {
    for (const auto& text : strings_at(config, "addresses")) {
      unsigned char bytes[16];
      if (::inet_pton(family, text.c_str(), bytes) != 1) {
        out.push_back(error_at(json::array({"addresses"}),
                               "\"" + text + "\" is not an " + family_name + " address"));
      }
    }
  };
  return t;
}

// CNAME and PTR: one record holding one absolute name, the argument `attribute`.
RecordType name_type(std::string resource, std::uint16_t rr_type, std::string attribute,
                     std::string description, std::string argument_description) {
  RecordType t;
  t.resource = std::move(resource);
  t.rr_type = rr_type;
  t.description = std::move(description);
  t.arguments = {argument(attribute, "string", std::move(argument_description))};
  t.encode = [attribute](const json& state) {
    const json v = state.value(attribute, json());
    return std::vector<std::string>{encode_name(v.is_string() ? v.get<std::string>() : ".")};
  };
  t.decode = [attribute](json& state, const std::vector<std::string>& rdata, const json& prior) {
    std::size_t at = 0;
    const std::string name = decode_name(rdata.front(), at);
    state[attribute] = keep_spelling(name, prior.value(attribute, json()));
  };
  t.validate = [attribute](const json& config, std::vector<sdk::Diagnostic>& out) {
    check_absolute_name(config.value(attribute, json()), json::array({attribute}), out);
  };
  return t;
}

// TXT: each string of `txt` is one record, split into character-strings of 255 bytes.
RecordType txt_type() {
  RecordType t;
  t.resource = "dns_txt_record_set";
  t.rr_type = rr::kTxt;
  t.description = "The TXT records of one name.";
  t.arguments = {argument("txt", "set(string)",
                          "The texts, one record each; longer than 255 bytes, a text is sent "
                          "as several strings of one record.")};
  t.encode = [](const json& state) {
    std::vector<std::string> out;
    for (const auto& text : strings_at(state, "txt")) {
      std::string rdata;
      std::size_t at = 0;
      do {
        const std::string chunk = text.substr(at, kMaxCharacterString);
        rdata += static_cast<char>(chunk.size());
        rdata += chunk;
        at += kMaxCharacterString;
      } while (at < text.size());
      out.push_back(rdata);
    }
    return out;
  };
  t.decode = [](json& state, const std::vector<std::string>& rdata, const json& prior) {
    std::vector<json> out;
    for (const auto& bytes : rdata) {
      std::string text;
      for (std::size_t at = 0; at < bytes.size();) {
        const auto size = static_cast<unsigned char>(bytes[at]);
        text += bytes.substr(at + 1, size);
        at += 1 + size;
      }
      out.emplace_back(text);
    }
    state["txt"] = in_prior_order(std::move(out), member(prior, "txt"));
  };
  return t;
}

// SRV: a set of `srv` blocks, each one record.
RecordType srv_type() {
  RecordType t;
  t.resource = "dns_srv_record_set";
  t.rr_type = rr::kSrv;
  t.description = "The SRV records of one name, such as _sip._tcp.";
  BlockType srv;
  srv.name = "srv";
  srv.nesting = Nesting::Set;
  srv.min_items = 1;
  srv.description = "One record: where the service is, and how to choose among them.";
  srv.attributes = {
      argument("priority", "number", "Lower is tried first (0 to 65535)."),
      argument("weight", "number", "Share among records of the same priority (0 to 65535)."),
      argument("target", "string", "The host, fully qualified: \"sip.example.test.\"."),
      argument("port", "number", "The port of the service (0 to 65535)."),
  };
  t.blocks = {srv};
  t.encode = [](const json& state) {
    std::vector<std::string> out;
    const json blocks = state.value("srv", json());
    for (const auto& b : blocks.is_array() ? blocks : json::array()) {
      std::string rdata;
      for (const char* field : {"priority", "weight", "port"}) {
        put16(rdata, static_cast<std::uint16_t>(integer(b, field)));
      }
      rdata += encode_name(b.value("target", json("")).get<std::string>());
      out.push_back(rdata);
    }
    return out;
  };
  t.decode = [](json& state, const std::vector<std::string>& rdata, const json& prior) {
    std::vector<json> out;
    for (const auto& bytes : rdata) {
      std::size_t at = 6;
      const std::string target = decode_name(bytes, at);
      json block = {{"priority", get16(bytes, 0)},
                    {"weight", get16(bytes, 2)},
                    {"port", get16(bytes, 4)},
                    {"target", target}};
      const json blocks = member(prior, "srv");
      for (const auto& p : blocks.is_array() ? blocks : json::array()) {
        if (integer(p, "priority") == block["priority"] &&
            integer(p, "weight") == block["weight"] && integer(p, "port") == block["port"]) {
          block["target"] = keep_spelling(target, p.value("target", json()));
        }
      }
      out.push_back(block);
    }
    state["srv"] = in_prior_order(std::move(out), member(prior, "srv"));
  };
  t.validate = [](const json& config, std::vector<sdk::Diagnostic>& out) {
    const json blocks = config.value("srv", json());
    if (!blocks.is_array()) return;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
      for (const char* field : {"priority", "weight", "port"}) {
        const json v = blocks[i].value(field, json());
        if (v.is_number() && (v.get<double>() < 0 || v.get<double>() > 65535)) {
          out.push_back(error_at(json::array({"srv", i, field}),
                                 std::string(field) + " must be from 0 to 65535"));
        }
      }
      check_absolute_name(blocks[i].value("target", json()), json::array({"srv", i, "target"}),
                          out);
    }
  };
  return t;
}

}  // namespace

sdk::Resource a_record_set_resource() {
  return record_resource(address_type("dns_a_record_set", rr::kA, AF_INET, "IPv4"));
}

sdk::Resource aaaa_record_set_resource() {
  return record_resource(address_type("dns_aaaa_record_set", rr::kAaaa, AF_INET6, "IPv6"));
}

sdk::Resource cname_record_resource() {
  return record_resource(name_type("dns_cname_record", rr::kCname, "cname",
                                   "A CNAME record: this name is an alias of another.",
                                   "The canonical name, fully qualified: \"www.example.test.\"."));
}

sdk::Resource ptr_record_resource() {
  return record_resource(name_type("dns_ptr_record", rr::kPtr, "ptr",
                                   "A PTR record, as reverse zones hold: the name of an address.",
                                   "The name it points to, fully qualified: "
                                   "\"www.example.test.\"."));
}

sdk::Resource txt_record_set_resource() { return record_resource(txt_type()); }

sdk::Resource srv_record_set_resource() { return record_resource(srv_type()); }

}  // namespace infra::providers::dns
