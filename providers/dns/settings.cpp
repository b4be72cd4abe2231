// The provider block's `update` settings, their environment fallbacks and their checks.
#include "providers/dns/settings.hpp"

#include <cmath>
#include <cstdlib>
#include <mutex>

#include "providers/sdk/base64.hpp"

namespace infra::providers::dns {

namespace {

std::mutex settings_mutex;
Settings settings_value;

// The `update` block: Terraform declares it as a list of at most one block.
json update_block(const json& config) {
  if (!config.is_object()) return json::object();
  const json block = config.value("update", json());
  if (block.is_array()) return block.empty() ? json::object() : block[0];
  return block.is_object() ? block : json::object();
}

json path_of(const std::string& name) { return json::array({"update", 0, name}); }

}  // namespace

std::string Settings::where() const {
  const std::string host = server.find(':') != std::string::npos ? "[" + server + "]" : server;
  return host + ":" + std::to_string(port);
}

std::optional<std::chrono::milliseconds> parse_duration(const json& value) {
  using std::chrono::milliseconds;
  if (value.is_number()) {
    const double seconds = value.get<double>();
    if (seconds < 0) return std::nullopt;
    return milliseconds(std::llround(seconds * 1000));
  }
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  if (text.empty()) return std::nullopt;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    return milliseconds(std::stoll(text) * 1000);
  }
  // Go's time.ParseDuration, for the units that make sense here.
  double total = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t used = 0;
    double amount = 0;
    try {
      amount = std::stod(text.substr(at), &used);
    } catch (const std::exception&) {
      return std::nullopt;
    }
    if (amount < 0 || used == 0) return std::nullopt;
    at += used;
    const std::size_t unit_end = text.find_first_of("0123456789.", at);
    const std::string unit = text.substr(at, unit_end - at);
    at = unit_end == std::string::npos ? text.size() : unit_end;
    if (unit == "ms") total += amount;
    else if (unit == "s") total += amount * 1000;
    else if (unit == "m") total += amount * 60000;
    else if (unit == "h") total += amount * 3600000;
    else return std::nullopt;
  }
  return milliseconds(std::llround(total));
}

Settings settings_from_config(const json& config, const Environment& environment) {
  const Environment env = environment ? environment : Environment(std::getenv);
  const json block = update_block(config);
  // The block's value, else the environment variable's (Terraform's order), else null.
  auto setting = [&](const char* name, const char* variable) -> json {
    const json v = block.value(name, json());
    if (!v.is_null()) return v;
    const char* from_env = variable ? env(variable) : nullptr;
    return from_env && *from_env ? json(from_env) : json();
  };
  Settings s;
  if (json server = setting("server", "DNS_UPDATE_SERVER"); server.is_string()) {
    s.server = server.get<std::string>();
  }
  if (json port = setting("port", "DNS_UPDATE_PORT"); !port.is_null()) {
    long value = -1;
    if (port.is_number()) {
      value = std::lround(port.get<double>());
    } else if (port.is_string()) {
      const std::string text = port.get<std::string>();
      if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos &&
          text.size() < 6) {
        value = std::stol(text);
      }
    }
    if (value < 1 || value > 65535) {
      throw sdk::Error("update: port must be a number from 1 to 65535, not " + port.dump(),
                       path_of("port"));
    }
    s.port = static_cast<int>(value);
  }
  if (json transport = setting("transport", nullptr); transport.is_string()) {
    const std::string t = transport.get<std::string>();
    if (t == "tcp" || t == "tcp4" || t == "tcp6") {
      s.tcp = true;
    } else if (t != "udp" && t != "udp4" && t != "udp6") {
      throw sdk::Error("update: transport must be \"udp\" or \"tcp\", not \"" + t + "\"",
                       path_of("transport"));
    }
  }
  if (json timeout = setting("timeout", nullptr); !timeout.is_null()) {
    auto d = parse_duration(timeout);
    if (!d) {
      throw sdk::Error("update: timeout must be a duration such as \"2s\" or \"500ms\", or a "
                       "number of seconds, not " + timeout.dump(),
                       path_of("timeout"));
    }
    if (d->count() > 0) s.timeout = *d;  // 0, Terraform's default, means the default
  }
  if (json retries = setting("retries", nullptr); retries.is_number()) {
    const long value = std::lround(retries.get<double>());
    if (value < 1 || value > 100) {
      throw sdk::Error("update: retries must be a number from 1 to 100", path_of("retries"));
    }
    s.attempts = static_cast<int>(value);
  }

  const json name = setting("key_name", "DNS_UPDATE_KEYNAME");
  const json algorithm = setting("key_algorithm", "DNS_UPDATE_KEYALGORITHM");
  const json secret = setting("key_secret", "DNS_UPDATE_KEYSECRET");
  if (name.is_null() && algorithm.is_null() && secret.is_null()) return s;
  for (const auto& [value, attribute] : {std::pair{&name, "key_name"},
                                         std::pair{&algorithm, "key_algorithm"},
                                         std::pair{&secret, "key_secret"}}) {
    if (!value->is_string()) {
      throw sdk::Error(std::string("update: key_name, key_algorithm and key_secret go together; ") +
                           attribute + " is not set",
                       path_of(attribute));
    }
  }
  Key key;
  key.name = name.get<std::string>();
  if (key.name.empty() || key.name.back() != '.') key.name += '.';
  auto normalized = normalize_algorithm(algorithm.get<std::string>());
  if (!normalized) {
    throw sdk::Error("update: key_algorithm \"" + algorithm.get<std::string>() +
                         "\" is not one of " + kAlgorithms,
                     path_of("key_algorithm"));
  }
  key.algorithm = *normalized;
  auto bytes = sdk::base64_decode(secret.get<std::string>());
  if (!bytes || bytes->empty()) {
    throw sdk::Error("update: key_secret is not base64 text (it is the secret of the key, as "
                     "tsig-keygen prints it)",
                     path_of("key_secret"));
  }
  key.secret = *bytes;
  s.key = key;
  return s;
}

Settings current_settings() {
  std::lock_guard lock(settings_mutex);
  return settings_value;
}

void set_current_settings(Settings settings) {
  std::lock_guard lock(settings_mutex);
  settings_value = std::move(settings);
}

}  // namespace infra::providers::dns
