// Issuing certificates (validity, usages, key identifiers, signing) and their renewal.
#include "providers/tls/certificate.hpp"

#include <algorithm>
#include <array>

#include <openssl/err.h>

#include "providers/tls/values.hpp"

namespace infra::providers::tls {

namespace {

using Clock = std::chrono::system_clock;

// One value of allowed_uses: a key usage bit or an extended key usage, by its name in
// OpenSSL's extension configuration syntax.
struct Usage {
  const char* name;
  const char* openssl;
  bool extended;
};
constexpr std::array<Usage, 23> kUsages{{
    {"digital_signature", "digitalSignature", false},
    {"content_commitment", "nonRepudiation", false},
    {"key_encipherment", "keyEncipherment", false},
    {"data_encipherment", "dataEncipherment", false},
    {"key_agreement", "keyAgreement", false},
    {"cert_signing", "keyCertSign", false},
    {"crl_signing", "cRLSign", false},
    {"encipher_only", "encipherOnly", false},
    {"decipher_only", "decipherOnly", false},
    {"any_extended", "anyExtendedKeyUsage", true},
    {"server_auth", "serverAuth", true},
    {"client_auth", "clientAuth", true},
    {"code_signing", "codeSigning", true},
    {"email_protection", "emailProtection", true},
    {"ipsec_end_system", "ipsecEndSystem", true},
    {"ipsec_tunnel", "ipsecTunnel", true},
    {"ipsec_user", "ipsecUser", true},
    {"timestamping", "timeStamping", true},
    {"ocsp_signing", "OCSPSigning", true},
    {"microsoft_server_gated_crypto", "msSGC", true},
    {"netscape_server_gated_crypto", "nsSGC", true},
    {"microsoft_commercial_code_signing", "msCodeCom", true},
    {"microsoft_kernel_code_signing", "1.3.6.1.4.1.311.61.1.1", true},
}};

const Usage* find_usage(const std::string& name) {
  for (const auto& usage : kUsages) {
    if (name == usage.name) return &usage;
  }
  return nullptr;
}

void check_usage(const std::string& name, const json& path) {
  if (find_usage(name)) return;
  std::string names;
  for (const auto& usage : kUsages) names += std::string(names.empty() ? "" : ", ") + usage.name;
  throw InvalidValue("invalid allowed_uses",
                     "unknown usage \"" + name + "\"; expected one of " + names, path);
}

void check_hours(const json& config, const json& unknown, const std::string& name,
                 std::vector<sdk::Diagnostic>& out) {
  if (!is_known(config, unknown, json::array({name}))) return;
  const json value = member(config, name);
  const auto hours = whole_number(value);
  if (!hours || *hours < 0) {
    out.push_back({"error", "invalid " + name,
                   "expected a whole number of hours, 0 or more, got " + value.dump(),
                   json::array({name})});
  }
}

// Whether a certificate ending at `validity_end_time` is due for renewal `early_hours` ahead.
bool renewal_due(const json& validity_end_time, long long early_hours) {
  if (!validity_end_time.is_string()) return false;
  const auto end = parse_rfc3339(validity_end_time.get<std::string>());
  return end && Clock::now() > *end - std::chrono::hours(early_hours);
}

long long early_hours(const json& object) {
  return whole_number(member(object, "early_renewal_hours")).value_or(0);
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  if (ext == nullptr) fail("build the " + std::string(OBJ_nid2sn(nid)) + " extension");
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (ok != 1) fail("add the " + std::string(OBJ_nid2sn(nid)) + " extension");
}

// Refresh: the state with ready_for_renewal as of now.
json read_certificate(const json& state) {
  json out = state;
  out["ready_for_renewal"] = renewal_due(member(state, "validity_end_time"), early_hours(state));
  return out;
}

// The plan of a certificate: defaults, and a replacement when the prior one is due for
// renewal. `computed` names the computed-only attributes, which a new certificate gets anew.
void plan_certificate(sdk::Plan& plan, const std::vector<std::string>& computed) {
  plan_default(plan, "early_renewal_hours", 0);
  plan_default(plan, "is_ca_certificate", false);
  plan_default(plan, "set_subject_key_id", false);
  if (!plan.creates_new_object()) {
    // Due as of now with the planned early_renewal_hours (the refreshed flag when that, or
    // the end of validity, is not known).
    const json end = member(plan.prior, "validity_end_time");
    const bool due = plan.is_unknown("early_renewal_hours") || !end.is_string() ||
                             !parse_rfc3339(end.get<std::string>())
                         ? bool_attr(plan.prior, "ready_for_renewal")
                         : renewal_due(end, early_hours(plan.planned));
    if (due) {
      add_path(plan.requires_replace, json::array({"ready_for_renewal"}));
      // As the SDK does for other replacements: whatever the new object computes is unknown.
      for (const auto& name : computed) plan.set_unknown(name);
    } else {
      plan.set_known("ready_for_renewal", false);
    }
  }
  if (plan.creates_new_object()) plan.set_known("ready_for_renewal", false);
}

}  // namespace

std::vector<Attribute> certificate_attributes() {
  const auto flag = [](const char* name, const char* description) {
    return Attribute{.name = name,
                     .type = "bool",
                     .optional = true,
                     .computed = true,
                     .force_new = true,
                     .description = description};
  };
  const auto output = [](const char* name, const char* type, const char* description) {
    return Attribute{.name = name, .type = type, .computed = true, .description = description};
  };
  return {
      {.name = "validity_period_hours",
       .type = "number",
       .required = true,
       .force_new = true,
       .description = "Hours from issuing until the certificate expires."},
      {.name = "early_renewal_hours",
       .type = "number",
       .optional = true,
       .computed = true,
       .description = "Renew (replace) the certificate this many hours before it expires; "
                      "default 0. Changed in place."},
      {.name = "allowed_uses",
       .type = "list(string)",
       .required = true,
       .force_new = true,
       .description = "Key usages and extended key usages, e.g. \"digital_signature\", "
                      "\"server_auth\"."},
      flag("is_ca_certificate",
           "Whether the certificate is a certificate authority; default false."),
      flag("set_subject_key_id", "Whether to add a subject key identifier; default false."),
      output("cert_pem", "string", "The certificate in PEM."),
      output("validity_start_time", "string", "Start of validity, RFC 3339."),
      output("validity_end_time", "string", "End of validity, RFC 3339."),
      output("ready_for_renewal", "bool",
             "Whether the certificate is within early_renewal_hours of its end (or past it)."),
      output("id", "string", "The certificate's serial number, in decimal."),
  };
}

void validate_certificate(const json& config, const json& unknown,
                          std::vector<sdk::Diagnostic>& out) {
  check_hours(config, unknown, "validity_period_hours", out);
  check_hours(config, unknown, "early_renewal_hours", out);
  const json uses = member(config, "allowed_uses");
  if (uses.is_array() && !has_path(unknown, json::array({"allowed_uses"}))) {
    for (std::size_t i = 0; i < uses.size(); ++i) {
      const json path = json::array({"allowed_uses", i});
      if (!uses[i].is_string() || has_path(unknown, path)) continue;
      collect(out, [&] { check_usage(uses[i].get<std::string>(), path); });
    }
  }
}

sdk::Resource certificate_resource(ResourceSchema schema, Validate validate,
                                   std::function<json(const json&)> create,
                                   std::function<void(sdk::Plan&)> plan) {
  sdk::Resource r;
  std::vector<std::string> computed;
  for (const auto& attr : schema.attributes) {
    if (attr.computed && !attr.optional && !attr.required) computed.push_back(attr.name);
  }
  r.schema = std::move(schema);
  r.validate = std::move(validate);
  r.plan = [own = std::move(plan), computed](sdk::Plan& p) {
    if (own) own(p);
    plan_certificate(p, computed);
  };
  r.create = std::move(create);
  r.read = read_certificate;
  // Only early_renewal_hours changes in place, and it lives in the state alone.
  r.update = [](const json& /*prior*/, const json& planned) { return planned; };
  r.destroy = nothing_to_destroy;
  return r;
}

json issue_certificate(const json& planned, Issue issue) {
  const long long hours = whole_attr(planned, "validity_period_hours");
  if (hours < 0) {
    throw InvalidValue("invalid validity_period_hours",
                       "expected a whole number of hours, 0 or more, got " + std::to_string(hours),
                       json::array({"validity_period_hours"}));
  }
  std::vector<std::string> key_usages, extended_usages;
  const auto uses = strings_attr(planned, "allowed_uses");
  for (std::size_t i = 0; i < uses.size(); ++i) {
    check_usage(uses[i], json::array({"allowed_uses", i}));
    const Usage* usage = find_usage(uses[i]);
    (usage->extended ? extended_usages : key_usages).push_back(usage->openssl);
  }
  const bool is_ca = bool_attr(planned, "is_ca_certificate");

  Cert cert(X509_new());
  if (!cert) fail("allocate a certificate");
  X509* x = cert.get();
  Bignum serial(BN_new());
  if (!serial || BN_rand(serial.get(), 128, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(x)) == nullptr) {
    fail("make a serial number");
  }
  const auto now = std::chrono::time_point_cast<std::chrono::seconds>(Clock::now());
  const auto end = now + std::chrono::hours(hours);
  std::time_t start = Clock::to_time_t(now);
  X509_NAME* issuer_name = issue.issuer ? X509_get_subject_name(issue.issuer) : issue.subject;
  if (X509_set_version(x, X509_VERSION_3) != 1 || X509_set_subject_name(x, issue.subject) != 1 ||
      X509_set_issuer_name(x, issuer_name) != 1 ||
      X509_set_pubkey(x, issue.subject_key) != 1 ||
      X509_time_adj_ex(X509_getm_notBefore(x), 0, 0, &start) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(x), static_cast<int>(hours / 24),
                       static_cast<long>(hours % 24) * 3600, &start) == nullptr) {
    fail("fill in the certificate");
  }

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issue.issuer ? issue.issuer : x, x, nullptr, nullptr, 0);
  if (X509V3_set_issuer_pkey(&ctx, issue.issuer_key) != 1) fail("prepare the extensions");
  add_extension(x, &ctx, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  const auto joined = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += "," + item;
    return out;
  };
  if (!key_usages.empty()) add_extension(x, &ctx, NID_key_usage, "critical" + joined(key_usages));
  if (!extended_usages.empty()) {
    add_extension(x, &ctx, NID_ext_key_usage, joined(extended_usages).substr(1));
  }
  // Go's crypto/x509, which Terraform uses, gives every CA certificate a key identifier.
  if (bool_attr(planned, "set_subject_key_id") || is_ca) {
    add_extension(x, &ctx, NID_subject_key_identifier, "hash");
  }
  const bool issuer_has_key_id =
      issue.issuer != nullptr && X509_get0_subject_key_id(issue.issuer) != nullptr;
  if (issue.set_authority_key_id || issuer_has_key_id) {
    add_extension(x, &ctx, NID_authority_key_identifier, "keyid:always");
  }
  if (issue.alternative_names && X509_add_ext(x, issue.alternative_names.get(), -1) != 1) {
    fail("add the subject alternative names");
  }
  if (X509_sign(x, issue.issuer_key, signing_digest(issue.issuer_key)) <= 0) {
    fail("sign the certificate");
  }

  json state = planned;
  state["cert_pem"] = certificate_pem(x);
  state["validity_start_time"] = rfc3339(now);
  state["validity_end_time"] = rfc3339(end);
  state["ready_for_renewal"] = false;
  state["id"] = serial_decimal(X509_get0_serialNumber(x));
  if (member(state, "early_renewal_hours").is_null()) state["early_renewal_hours"] = 0;
  if (member(state, "is_ca_certificate").is_null()) state["is_ca_certificate"] = false;
  if (member(state, "set_subject_key_id").is_null()) state["set_subject_key_id"] = false;
  return state;
}

namespace {

// allowed_uses of `cert`: its key usage bits in the order of kUsages (which is the order of
// the bits), then its extended key usages in its own order. Usages without a name in
// kUsages are left out.
json usages_of(X509* cert) {
  json out = json::array();
  auto* bits = static_cast<ASN1_BIT_STRING*>(X509_get_ext_d2i(cert, NID_key_usage, nullptr, nullptr));
  for (int bit = 0; bits != nullptr && bit < 9; ++bit) {
    if (ASN1_BIT_STRING_get_bit(bits, bit) == 1) out.push_back(kUsages[bit].name);
  }
  ASN1_BIT_STRING_free(bits);
  auto* extended = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr));
  for (int i = 0; i < sk_ASN1_OBJECT_num(extended); ++i) {
    const ASN1_OBJECT* object = sk_ASN1_OBJECT_value(extended, i);
    char oid[80];
    OBJ_obj2txt(oid, sizeof oid, object, 1);
    const int nid = OBJ_obj2nid(object);
    const std::string short_name = nid != NID_undef ? OBJ_nid2sn(nid) : "";
    for (const auto& usage : kUsages) {
      if (usage.extended && (short_name == usage.openssl || std::string(oid) == usage.openssl)) {
        out.push_back(usage.name);
      }
    }
  }
  EXTENDED_KEY_USAGE_free(extended);
  return out;
}

}  // namespace

json describe_certificate(X509* cert) {
  const auto start = to_time_point(X509_get0_notBefore(cert));
  const auto end = to_time_point(X509_get0_notAfter(cert));
  json state = json::object();
  // A period that is not a whole number of hours is rounded down: no configuration can ask
  // for it, and a plan against the configuration's value then replaces the certificate.
  state["validity_period_hours"] =
      std::chrono::duration_cast<std::chrono::hours>(end - start).count();
  state["early_renewal_hours"] = 0;
  state["allowed_uses"] = usages_of(cert);
  const bool is_ca = (X509_get_extension_flags(cert) & EXFLAG_CA) != 0;
  state["is_ca_certificate"] = is_ca;
  // A CA gets a key identifier either way (issue_certificate): false is the default.
  state["set_subject_key_id"] = !is_ca && X509_get0_subject_key_id(cert) != nullptr;
  state["cert_pem"] = certificate_pem(cert);
  state["validity_start_time"] = rfc3339(start);
  state["validity_end_time"] = rfc3339(end);
  state["id"] = serial_decimal(X509_get0_serialNumber(cert));
  return read_certificate(state);
}

std::vector<std::string> equivalent_certificate_arguments(const json& prior, const json& proposed) {
  std::vector<std::string> out;
  auto before = strings_attr(prior, "allowed_uses");
  auto after = strings_attr(proposed, "allowed_uses");
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  if (member(proposed, "allowed_uses").is_array() && before == after) {
    out.push_back("allowed_uses");
  }
  if (bool_attr(prior, "is_ca_certificate") && member(proposed, "set_subject_key_id").is_boolean()) {
    out.push_back("set_subject_key_id");
  }
  return out;
}

}  // namespace infra::providers::tls
