// Helpers of the tls provider tests (tls_provider_test.cpp, tls_import_test.cpp): the
// protocol steps as the planner takes them, the openssl command line, configurations.
#pragma once

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

namespace infra::providers::test {

using nlohmann::json;

inline std::unique_ptr<Plugin> start_tls() {
  return Plugin::start(bin_dir() / "infra-provider-tls", "tls");
}

inline json plan(Plugin& plugin, const std::string& type, const json& prior, const json& proposed,
          const json& unknown = json::array()) {
  return plugin.call("plan", {{"type", type},
                              {"prior_state", prior},
                              {"proposed_state", proposed},
                              {"unknown", unknown}});
}

// plan and apply a new object, as the planner would; returns the new state.
inline json create(Plugin& plugin, const std::string& type, const json& config, json* plan_out = nullptr) {
  json planned = plan(plugin, type, nullptr, config);
  if (plan_out) *plan_out = planned;
  REQUIRE(planned["diagnostics"] == json::array());
  json applied = plugin.call("apply", {{"type", type},
                                       {"prior_state", nullptr},
                                       {"planned_state", planned["planned_state"]},
                                       {"unknown", planned["unknown"]}});
  REQUIRE(applied["diagnostics"] == json::array());
  return applied["new_state"];
}

// A replacement is carried out as the planner does it: the configuration planned again as a
// new object, which must agree with every value the replacement's plan knew.
inline void check_final_plan(Plugin& plugin, const std::string& type, const json& replacement,
                      const json& config) {
  const json final_plan = plan(plugin, type, nullptr, config);
  for (const auto& [name, value] : replacement["planned_state"].items()) {
    INFO(type << "." << name);
    if (has_path(replacement["unknown"], json::array({name}))) continue;
    CHECK_FALSE(has_path(final_plan["unknown"], json::array({name})));
    CHECK(final_plan["planned_state"][name] == value);
  }
}

inline json read_state(Plugin& plugin, const std::string& type, const json& state) {
  return plugin.call("read", {{"type", type}, {"state", state}})["state"];
}

inline json destroy(Plugin& plugin, const std::string& type, const json& state) {
  return plugin.call("apply", {{"type", type},
                               {"prior_state", state},
                               {"planned_state", nullptr},
                               {"unknown", json::array()}})["new_state"];
}

inline json validate(Plugin& plugin, const std::string& type, const json& config,
              const json& unknown = json::array()) {
  return plugin.call("validate", {{"type", type}, {"config", config}, {"unknown", unknown}})
      ["diagnostics"];
}

// The message of the error response to `method`; "no error" when it succeeds.
inline std::string error_of(Plugin& plugin, const std::string& method, const json& params) {
  try {
    plugin.call(method, params);
  } catch (const ProviderError& e) {
    return e.what();
  }
  return "no error";
}

inline json diagnostic(const std::string& summary, const std::string& detail, const json& path) {
  return {{"severity", "error"}, {"summary", summary}, {"detail", detail}, {"path", path}};
}

// The state a configuration without changes proposes: the config merged with the prior
// computed values (what the host sends).
inline json unchanged(const json& state) { return state; }

struct Run {
  int code = -1;
  std::string out;  // stdout and stderr
};

inline Run run(const std::string& command) {
  Run r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir / name;
  std::ofstream(path) << text;
  ::chmod(path.c_str(), 0600);
  return path;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline bool have_ssh_keygen() { return run("command -v ssh-keygen").code == 0; }

inline json subject(const std::string& common_name) {
  json s = {{"common_name", common_name}, {"organization", "Example, Inc"}, {"country", "NL"}};
  return json::array({s});
}

// Configurations of keys, a CA certificate, requests and the certificates a CA signs.
inline json key_config(const std::string& algorithm) { return {{"algorithm", algorithm}}; }

inline json ca_config(const json& key) {
  return {{"private_key_pem", key["private_key_pem"]},
          {"subject", subject("Example CA")},
          {"validity_period_hours", 24},
          {"allowed_uses", {"cert_signing", "crl_signing", "digital_signature"}},
          {"is_ca_certificate", true}};
}

// ca_config with every kind of alternative name and an authority key identifier.
inline json ca_config_with_names(const json& key) {
  json config = ca_config(key);
  config["dns_names"] = {"ca.example.com"};
  config["ip_addresses"] = {"10.0.0.1", "2001:db8::1"};
  config["uris"] = {"spiffe://example.org/ca"};
  config["set_authority_key_id"] = true;
  return config;
}

// The configuration of a request for `key`, named `common_name` (also its DNS name).
inline json request_config(const json& key, const std::string& common_name) {
  return {{"private_key_pem", key["private_key_pem"]},
          {"subject", subject(common_name)},
          {"dns_names", {common_name}}};
}

inline json signed_config(const json& request, const json& ca_key, const json& ca) {
  return {{"cert_request_pem", request["cert_request_pem"]},
          {"ca_private_key_pem", ca_key["private_key_pem"]},
          {"ca_cert_pem", ca["cert_pem"]},
          {"validity_period_hours", 12},
          {"allowed_uses", {"digital_signature", "key_encipherment", "server_auth"}}};
}

inline constexpr const char* kSelf = "tls_self_signed_cert";
inline constexpr const char* kRequest = "tls_cert_request";
inline constexpr const char* kSigned = "tls_locally_signed_cert";
inline constexpr const char* kKey = "tls_private_key";


}  // namespace infra::providers::test
