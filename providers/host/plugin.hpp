// Plugin: one running provider executable, spoken to over its stdin/stdout.
// Thread-safe: many requests may be in flight at once from many threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "providers/protocol/paths.hpp"
#include "providers/protocol/schema.hpp"

namespace infra::providers {

/// A provider failed: it crashed, hung past its timeout, broke the protocol, or answered
/// a request with an error. The message names the provider.
class ProviderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  /// An error response that points at an attribute ("path" in the protocol).
  ProviderError(const std::string& message, AttributePath path)
      : std::runtime_error(message), path_(std::move(path)) {}

  /// Where in the value sent the provider located the error; empty if nowhere in particular.
  const AttributePath& path() const { return path_; }

 private:
  AttributePath path_;
};

struct PluginOptions {
  std::chrono::milliseconds request_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
};

class Plugin {
 public:
  /// Starts `executable`, performs the handshake and reads the schema. `name` is how
  /// messages call the provider ("local"). Throws ProviderError.
  static std::unique_ptr<Plugin> start(const std::filesystem::path& executable, std::string name,
                                       PluginOptions options = {});
  virtual ~Plugin() = default;

  virtual const ProviderSchema& schema() const = 0;

  /// Sends one request and waits for its response's `result`. Throws ProviderError on an
  /// error response (message prefixed with the provider name and method), a crash or a
  /// timeout. Safe to call from many threads at once.
  virtual nlohmann::json call(std::string_view method, const nlohmann::json& params) = 0;

  /// Asks the plugin to exit and reaps it; idempotent. The destructor calls it.
  virtual void shutdown() = 0;
};

}  // namespace infra::providers
