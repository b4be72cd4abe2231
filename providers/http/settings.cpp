// The provider block's settings, and the schema pieces the provider block and the data
// source share.
#include "providers/http/settings.hpp"

#include <mutex>

namespace infra::providers::http {

namespace {

std::mutex settings_mutex;
Settings configured;

int int_of(const json& object, const std::string& name, int fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(name);
  return it != object.end() && it->is_number() ? it->get<int>() : fallback;
}

}  // namespace

Attribute required_arg(std::string name, std::string type, std::string description,
                       bool force_new) {
  return {.name = std::move(name),
          .type = std::move(type),
          .required = true,
          .force_new = force_new,
          .description = std::move(description)};
}

Attribute optional_arg(std::string name, std::string type, std::string description,
                       bool force_new) {
  return {.name = std::move(name),
          .type = std::move(type),
          .optional = true,
          .force_new = force_new,
          .description = std::move(description)};
}

std::map<std::string, std::string> string_map_of(const json& object, const std::string& name) {
  std::map<std::string, std::string> out;
  if (!object.is_object()) return out;
  auto it = object.find(name);
  if (it == object.end() || !it->is_object()) return out;
  for (const auto& [key, value] : it->items()) {
    if (value.is_string()) out[key] = value.get<std::string>();
  }
  return out;
}

std::vector<Attribute> tls_attributes(bool with_file) {
  std::vector<Attribute> out = {
      optional_arg("insecure", "bool",
                   "Skips the verification of the server's certificate and name."),
      optional_arg("ca_cert_pem", "string",
                   "PEM certificates of the authorities that sign the server's certificate "
                   "(instead of the system's)."),
      optional_arg("client_cert_pem", "string", "A PEM client certificate to present."),
      optional_arg("client_key_pem", "string", "The PEM private key of client_cert_pem."),
  };
  out.back().sensitive = true;
  if (with_file) {
    out.push_back(optional_arg("ca_cert_file", "string",
                               "A file of PEM certificates of the authorities that sign the "
                               "server's certificate."));
  }
  return out;
}

BlockType retry_block() {
  BlockType block;
  block.name = "retry";
  block.nesting = Nesting::Single;
  block.description =
      "Retries on 429, on 5xx and on connection errors, with exponential backoff; a "
      "Retry-After header is honoured up to max_delay_ms.";
  block.attributes = {
      optional_arg("attempts", "number", "Retries after the first try; default 3."),
      optional_arg("min_delay_ms", "number", "The delay before the first retry; default 500."),
      optional_arg("max_delay_ms", "number", "The longest delay between tries; default 10000."),
  };
  return block;
}

void read_tls_and_retry(const json& config, Tls& tls, Retry& retry) {
  auto it = config.find("insecure");
  if (it != config.end() && it->is_boolean()) tls.insecure = it->get<bool>();
  tls.ca_cert_pem = string_of(config, "ca_cert_pem", tls.ca_cert_pem);
  tls.ca_cert_file = string_of(config, "ca_cert_file", tls.ca_cert_file);
  tls.client_cert_pem = string_of(config, "client_cert_pem", tls.client_cert_pem);
  tls.client_key_pem = string_of(config, "client_key_pem", tls.client_key_pem);
  if (tls.client_cert_pem.empty() != tls.client_key_pem.empty()) {
    throw sdk::Error("client_cert_pem and client_key_pem go together: set both or neither",
                     json::array({tls.client_cert_pem.empty() ? "client_cert_pem"
                                                              : "client_key_pem"}));
  }
  auto block = config.find("retry");
  if (block == config.end() || !block->is_object()) return;
  retry.attempts = int_of(*block, "attempts", 3);
  retry.min_delay_ms = int_of(*block, "min_delay_ms", 500);
  retry.max_delay_ms = int_of(*block, "max_delay_ms", 10000);
  if (retry.attempts < 0 || retry.min_delay_ms < 0 || retry.max_delay_ms < retry.min_delay_ms) {
    throw sdk::Error(
        "retry: attempts and min_delay_ms must not be negative, and max_delay_ms not below "
        "min_delay_ms",
        json::array({"retry"}));
  }
}

Settings settings_from_config(const json& config) {
  Settings s;
  s.base_url = string_of(config, "base_url");
  while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
  s.unix_socket = string_of(config, "unix_socket");
  s.headers = string_map_of(config, "headers");
  auto timeout = config.find("timeout");
  if (timeout != config.end() && timeout->is_number()) {
    if (timeout->get<double>() <= 0) {
      throw sdk::Error("timeout must be a positive number of seconds", json::array({"timeout"}));
    }
    s.timeout_ms = static_cast<long>(timeout->get<double>() * 1000);
  }
  read_tls_and_retry(config, s.tls, s.retry);
  return s;
}

void set_current_settings(Settings settings) {
  std::lock_guard lock(settings_mutex);
  configured = std::move(settings);
}

Settings current_settings() {
  std::lock_guard lock(settings_mutex);
  return configured;
}

}  // namespace infra::providers::http
