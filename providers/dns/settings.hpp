// Where the provider sends its queries and updates: the provider block's `update` block,
// with Terraform's DNS_UPDATE_* environment variables for what it leaves unset.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "providers/dns/tsig.hpp"
#include "providers/sdk/provider.hpp"

namespace infra::providers::dns {

using sdk::json;

/// The server and how to talk to it. Copied into each request.
struct Settings {
  std::string server;  // host name or address; "" when nothing names one
  int port = 53;
  std::optional<Key> key;  // unsigned requests without one
  bool tcp = false;        // TCP for every request, not only for large or truncated ones
  std::chrono::milliseconds timeout{5000};  // for each attempt
  int attempts = 3;  // how often a request is sent to a server that does not answer

  /// "127.0.0.1:53", "[::1]:53": how messages name the server.
  std::string where() const;
};

/// The value of an environment variable, or null; std::getenv by default (tests pass another).
using Environment = std::function<const char*(const char*)>;

/// Reads the provider block (main.cpp declares its `update` block); throws sdk::Error (at
/// the attribute's path) for a setting that cannot work. Never puts the secret in a message.
Settings settings_from_config(const json& config, const Environment& env = {});

/// The settings given to the last `configure` request; safe from any request thread.
Settings current_settings();
void set_current_settings(Settings settings);

/// A duration as Terraform's provider takes it: "500ms", "2s", "1m30s", or a number of
/// seconds (a JSON number or digits); nullopt for anything else.
std::optional<std::chrono::milliseconds> parse_duration(const json& value);

}  // namespace infra::providers::dns
