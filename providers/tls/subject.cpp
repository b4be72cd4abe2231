// The subject block and subject alternative names of certificates and requests.
#include "providers/tls/subject.hpp"

#include <array>
#include <cctype>

#include <arpa/inet.h>

#include <openssl/err.h>

#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

// The subject attributes in the order Go's crypto/x509 (and so Terraform) writes them.
struct NamePart {
  const char* attribute;
  int nid;
  const char* description;
};
constexpr std::array<NamePart, 8> kNameParts{{
    {"country", NID_countryName, "Country (C), two letters."},
    {"province", NID_stateOrProvinceName, "State or province (ST)."},
    {"locality", NID_localityName, "Locality or city (L)."},
    {"postal_code", NID_postalCode, "Postal code."},
    {"organization", NID_organizationName, "Organization (O)."},
    {"organizational_unit", NID_organizationalUnitName, "Organizational unit (OU)."},
    {"common_name", NID_commonName, "Common name (CN)."},
    {"serial_number", NID_serialNumber, "Serial number of the subject (not of the certificate)."},
}};

// A scheme per RFC 3986: a letter, then letters, digits, '+', '-' or '.', then ':'.
bool has_scheme(const std::string& uri) {
  const auto colon = uri.find(':');
  if (colon == std::string::npos || colon == 0) return false;
  if (!std::isalpha(static_cast<unsigned char>(uri[0]))) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(uri[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return colon + 1 < uri.size();
}

void check_ip(const std::string& text, const json& path) {
  ASN1_OCTET_STRING* ip = a2i_IPADDRESS(text.c_str());
  ERR_clear_error();
  if (ip == nullptr) {
    throw InvalidValue("invalid IP address",
                       "expected an IPv4 or IPv6 address such as \"10.0.0.1\" or \"::1\", got \"" +
                           text + "\"",
                       path);
  }
  ASN1_OCTET_STRING_free(ip);
}

void check_uri(const std::string& text, const json& path) {
  if (!has_scheme(text)) {
    throw InvalidValue("invalid URI",
                       "expected an absolute URI with a scheme, such as \"spiffe://example.org/"
                       "web\", got \"" +
                           text + "\"",
                       path);
  }
}

// Runs `check` on each known string of list attribute `name`, with its element's path.
void each_known(const json& config, const json& unknown, const char* name,
                std::vector<sdk::Diagnostic>& out,
                void (*check)(const std::string&, const json&)) {
  const json list = member(config, name);
  if (!list.is_array() || has_path(unknown, json::array({name}))) return;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json path = json::array({name, i});
    if (!list[i].is_string() || has_path(unknown, path)) continue;
    collect(out, [&] { check(list[i].get<std::string>(), path); });
  }
}

using Names = std::unique_ptr<GENERAL_NAMES, Freer<GENERAL_NAMES, GENERAL_NAMES_free>>;

void push_name(GENERAL_NAMES* names, int type, ASN1_STRING* value) {
  GENERAL_NAME* name = GENERAL_NAME_new();
  if (name == nullptr) {
    ASN1_STRING_free(value);
    fail("allocate a name");
  }
  GENERAL_NAME_set0_value(name, type, value);
  if (sk_GENERAL_NAME_push(names, name) == 0) {
    GENERAL_NAME_free(name);
    fail("allocate a name");
  }
}

ASN1_IA5STRING* ia5(const std::string& text) {
  ASN1_IA5STRING* s = ASN1_IA5STRING_new();
  if (s == nullptr || ASN1_STRING_set(s, text.data(), static_cast<int>(text.size())) != 1) {
    ASN1_IA5STRING_free(s);
    fail("encode a name");
  }
  return s;
}

// The text of an IP address name, as inet_ntop writes it ("10.0.0.1", "2001:db8::1").
std::string ip_text(const ASN1_OCTET_STRING* ip) {
  const int family = ASN1_STRING_length(ip) == 4 ? AF_INET : AF_INET6;
  if (family == AF_INET6 && ASN1_STRING_length(ip) != 16) return "";
  char text[INET6_ADDRSTRLEN] = {};
  return ::inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text) ? text : "";
}

std::string text_of(const ASN1_STRING* s) {
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, s);
  std::string out = len >= 0 ? std::string(reinterpret_cast<char*>(utf8), len) : "";
  OPENSSL_free(utf8);
  return out;
}

// A list attribute's value: null when empty, as a configuration that does not set it.
json list_or_null(const std::vector<std::string>& items) {
  return items.empty() ? json() : json(items);
}

}  // namespace

BlockType subject_block() {
  BlockType b;
  b.name = "subject";
  b.nesting = Nesting::List;
  b.max_items = 1;
  b.description = "The distinguished name; every part optional.";
  for (const auto& part : kNameParts) {
    b.attributes.push_back(Attribute{.name = part.attribute,
                                     .optional = true,
                                     .force_new = true,
                                     .description = part.description});
  }
  b.attributes.push_back(Attribute{.name = "street_address",
                                   .type = "list(string)",
                                   .optional = true,
                                   .force_new = true,
                                   .description = "Street address lines."});
  return b;
}

std::vector<Attribute> key_and_name_attributes(const char* key_description) {
  const auto list = [](const char* name, const char* description) {
    return Attribute{.name = name,
                     .type = "list(string)",
                     .optional = true,
                     .force_new = true,
                     .description = description};
  };
  return {{.name = "private_key_pem",
           .required = true,
           .force_new = true,
           .sensitive = true,
           .description = key_description},
          list("dns_names", "DNS names the certificate is for."),
          list("ip_addresses", "IP addresses the certificate is for."),
          list("uris", "URIs the certificate is for.")};
}

void validate_key_and_names(const json& config, const json& unknown,
                            std::vector<sdk::Diagnostic>& out) {
  check_string(out, config, unknown, "private_key_pem",
               [](const std::string& pem) { parse_private_key(pem, "private_key_pem"); });
  each_known(config, unknown, "ip_addresses", out, check_ip);
  each_known(config, unknown, "uris", out, check_uri);
}

Name subject_name(const json& object) {
  Name name(X509_NAME_new());
  if (!name) fail("allocate a name");
  const json blocks = member(object, "subject");
  if (!blocks.is_array() || blocks.empty() || !blocks[0].is_object()) return name;
  const json& subject = blocks[0];
  const auto add = [&](int nid, const std::string& value) {
    if (X509_NAME_add_entry_by_NID(name.get(), nid, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      fail("add \"" + value + "\" to the subject");
    }
  };
  for (const auto& part : kNameParts) {
    const json value = member(subject, part.attribute);
    if (value.is_string() && !value.get<std::string>().empty()) {
      add(part.nid, value.get<std::string>());
    }
    // Go writes the street address lines right after the locality.
    if (part.nid == NID_localityName) {
      for (const auto& line : strings_attr(subject, "street_address")) add(NID_streetAddress, line);
    }
  }
  return name;
}

Extension alternative_names(const json& object) {
  Names names(GENERAL_NAMES_new());
  if (!names) fail("allocate names");
  for (const auto& dns : strings_attr(object, "dns_names")) {
    push_name(names.get(), GEN_DNS, ia5(dns));
  }
  const auto ips = strings_attr(object, "ip_addresses");
  for (std::size_t i = 0; i < ips.size(); ++i) {
    check_ip(ips[i], json::array({"ip_addresses", i}));
    push_name(names.get(), GEN_IPADD, a2i_IPADDRESS(ips[i].c_str()));
  }
  const auto uris = strings_attr(object, "uris");
  for (std::size_t i = 0; i < uris.size(); ++i) {
    check_uri(uris[i], json::array({"uris", i}));
    push_name(names.get(), GEN_URI, ia5(uris[i]));
  }
  if (sk_GENERAL_NAME_num(names.get()) == 0) return nullptr;
  Extension ext(X509V3_EXT_i2d(NID_subject_alt_name, 0, names.get()));
  if (!ext) fail("encode the subject alternative names");
  return ext;
}

Extension requested_names(X509_REQ* request) {
  STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(request);
  Extension out;
  for (int i = 0; i < sk_X509_EXTENSION_num(extensions); ++i) {
    X509_EXTENSION* ext = sk_X509_EXTENSION_value(extensions, i);
    if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) == NID_subject_alt_name) {
      out.reset(X509_EXTENSION_dup(ext));
    }
  }
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  return out;
}

void describe_names(const X509_NAME* subject, const X509_EXTENSION* alternative_names,
                    json& state) {
  json block = json::object();
  std::vector<std::string> street;
  for (const auto& part : kNameParts) block[part.attribute] = nullptr;
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, i);
    const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    const std::string value = text_of(X509_NAME_ENTRY_get_data(entry));
    if (nid == NID_streetAddress) street.push_back(value);
    for (const auto& part : kNameParts) {
      // The first of repeated parts: the block holds one of each.
      if (part.nid == nid && block[part.attribute].is_null()) block[part.attribute] = value;
    }
  }
  block["street_address"] = list_or_null(street);
  state["subject"] = X509_NAME_entry_count(subject) > 0 ? json::array({block}) : json::array();

  std::vector<std::string> dns, ips, uris;
  Names names(alternative_names != nullptr
                  ? static_cast<GENERAL_NAMES*>(
                        X509V3_EXT_d2i(const_cast<X509_EXTENSION*>(alternative_names)))
                  : nullptr);
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type == GEN_DNS) dns.push_back(text_of(name->d.dNSName));
    if (name->type == GEN_IPADD) ips.push_back(ip_text(name->d.iPAddress));
    if (name->type == GEN_URI) uris.push_back(text_of(name->d.uniformResourceIdentifier));
  }
  state["dns_names"] = list_or_null(dns);
  state["ip_addresses"] = list_or_null(ips);
  state["uris"] = list_or_null(uris);
}

}  // namespace infra::providers::tls
