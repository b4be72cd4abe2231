// How requests of the http provider are made: the provider block's settings (base URL,
// headers, TLS, timeout, retries), the schema pieces that the provider block and the `http`
// data source share, and readers of attributes of JSON states.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "providers/sdk/provider.hpp"
#include "providers/sdk/values.hpp"

namespace infra::providers::http {

using sdk::json;

/// Retries of a failed request: on 429, on 5xx and on connection errors.
struct Retry {
  int attempts = 0;  // retries after the first try; 0: none
  int min_delay_ms = 500;
  int max_delay_ms = 10000;
};

/// TLS options; empty strings mean "not set".
struct Tls {
  bool insecure = false;
  std::string ca_cert_pem;
  std::string ca_cert_file;
  std::string client_cert_pem;
  std::string client_key_pem;
};

/// Everything a request needs besides itself.
struct Settings {
  std::string base_url;     // put in front of paths that are not whole URLs
  std::string unix_socket;  // when set, every request goes over this socket
  std::map<std::string, std::string> headers;
  Tls tls;
  long timeout_ms = 30000;
  Retry retry;
};

/// The provider block's settings.
Settings settings_from_config(const json& config);
/// The settings the provider block configured; set once by configure, read by every request.
void set_current_settings(Settings settings);
Settings current_settings();

/// The TLS attributes (insecure, ca_cert_pem, client_cert_pem, client_key_pem; ca_cert_file
/// when `with_file`), all optional.
std::vector<Attribute> tls_attributes(bool with_file);
/// The optional `retry` block type.
BlockType retry_block();
/// Reads the TLS attributes and the `retry` block of `config` over `tls` and `retry`.
void read_tls_and_retry(const json& config, Tls& tls, Retry& retry);

/// A required argument; changing it replaces the object when `force_new`.
Attribute required_arg(std::string name, std::string type, std::string description,
                       bool force_new = false);
/// An optional argument; changing it replaces the object when `force_new`.
Attribute optional_arg(std::string name, std::string type, std::string description,
                       bool force_new = false);
using sdk::computed_attr;

using sdk::string_of;
/// Map-of-strings attribute `name` of `object` (empty when null or missing).
std::map<std::string, std::string> string_map_of(const json& object, const std::string& name);

}  // namespace infra::providers::http
