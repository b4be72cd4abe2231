// Helpers of the http provider's tests: the plugin driven through the host as the engine
// drives it, curl for looking at the server from outside, the server's access log, and
// paths that no other test case, process or run uses.
#pragma once

#include <catch2/catch.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "tests/providers/http_test_server.hpp"
#include "tests/providers/test_support.hpp"

namespace infra::providers::test {

using nlohmann::json;

/// A path of its own under /store/ of the test server (and the same under other prefixes).
inline std::string fresh_name(const std::string& prefix) {
  static int counter = 0;
  return prefix + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

inline std::string shell_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// What curl got: the status (0 when there was no answer) and the body.
struct CurlAnswer {
  long status = 0;
  std::string body;
  json parsed() const { return json::parse(body, nullptr, false); }
};

/// Runs `curl -s ARGS URL` (URL after the test server's url when it is a path).
inline CurlAnswer curl(const std::string& args, const std::string& url) {
  const std::string whole = url.rfind("/", 0) == 0 ? http_server("url") + url : url;
  const std::string command =
      "curl -s -w '\\n%{http_code}' " + args + " " + shell_quoted(whole) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  ::pclose(pipe);
  CurlAnswer answer;
  const auto newline = out.rfind('\n');
  REQUIRE(newline != std::string::npos);
  answer.status = std::stol(out.substr(newline + 1));
  answer.body = out.substr(0, newline);
  return answer;
}

/// PUTs `document` at `path` of the test server with curl.
inline void curl_put(const std::string& path, const json& document) {
  CurlAnswer answer = curl("-X PUT --data-binary " + shell_quoted(document.dump()), path);
  INFO(answer.body);
  REQUIRE((answer.status == 201 || answer.status == 204));
}

/// The lines of the server's access log ("METHOD URI STATUS") about `path`.
inline std::vector<std::string> requests_of(const std::string& path) {
  std::ifstream in(http_server("access_log"));
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    const auto space = line.find(' ');
    const auto end = line.rfind(' ');
    if (space != std::string::npos && line.substr(space + 1, end - space - 1) == path) {
      out.push_back(line);
    }
  }
  return out;
}

/// Milliseconds since `start`.
inline long ms_since(std::chrono::steady_clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::steady_clock::now() - start)
                               .count());
}

/// The plugin, configured, and the steps the engine takes with it.
class HttpProvider {
 public:
  /// Configured with `config` (the provider block); default: base_url of the test server.
  explicit HttpProvider(const json& config = nullptr)
      : plugin_(Plugin::start(bin_dir() / "infra-provider-http", "http")) {
    plugin_->call("configure",
                  {{"config", config.is_null() ? json{{"base_url", http_server("url")}} : config}});
  }

  const ProviderSchema& schema() const { return plugin_->schema(); }

  // The proposed state the host sends for `config`: every attribute, null when unset, the
  // prior value of a computed attribute the configuration leaves unset.
  json proposed(const json& config, const json& prior) const {
    json out = json::object();
    for (const auto& attr : schema().find("http_object")->attributes) {
      json value = config.contains(attr.name) ? config[attr.name] : json();
      if (value.is_null() && attr.computed && prior.is_object()) value = prior[attr.name];
      out[attr.name] = value;
    }
    return out;
  }

  json plan(const json& prior, const json& config) {
    json result = plugin_->call("plan", {{"type", "http_object"},
                                         {"prior_state", prior},
                                         {"proposed_state", proposed(config, prior)},
                                         {"unknown", json::array()}});
    REQUIRE(result["diagnostics"] == json::array());
    return result;
  }

  // The apply result: new_state and diagnostics.
  json try_apply(const json& prior, const json& plan) {
    return plugin_->call("apply", {{"type", "http_object"},
                                   {"prior_state", prior},
                                   {"planned_state", plan["planned_state"]},
                                   {"unknown", plan["unknown"]}});
  }

  json apply(const json& prior, const json& plan) {
    json applied = try_apply(prior, plan);
    REQUIRE(applied["diagnostics"] == json::array());
    return applied["new_state"];
  }

  json create(const json& config) { return apply(nullptr, plan(nullptr, config)); }

  // Plans `config` over `prior`, checks that it is an update in place, and applies it.
  json update(const json& prior, const json& config) {
    json p = plan(prior, config);
    REQUIRE(p["requires_replace"] == json::array());
    REQUIRE(p["planned_state"] != prior);
    return apply(prior, p);
  }

  // Whether `config` over `state` plans no change.
  bool unchanged(const json& state, const json& config) {
    json p = plan(state, config);
    INFO("state:   " << state.dump() << "\nplanned: " << p["planned_state"].dump());
    return p["planned_state"] == state && p["requires_replace"] == json::array();
  }

  json read(const json& state) {
    return plugin_->call("read", {{"type", "http_object"}, {"state", state}})["state"];
  }

  json import(const std::string& id) {
    return plugin_->call("import", {{"type", "http_object"}, {"id", id}})["state"];
  }

  void destroy(const json& prior) {
    json p = plugin_->call("plan", {{"type", "http_object"},
                                    {"prior_state", prior},
                                    {"proposed_state", nullptr},
                                    {"unknown", json::array()}});
    apply(prior, p);
  }

  json validate(const json& config) {
    return plugin_->call("validate", {{"type", "http_object"},
                                      {"config", proposed(config, nullptr)},
                                      {"unknown", json::array()}})["diagnostics"];
  }

  json read_data(const json& config) {
    return plugin_->call("read_data", {{"type", "http"}, {"config", config}})["state"];
  }

 private:
  std::unique_ptr<Plugin> plugin_;
};

/// Deletes the object at `path` of the test server at scope exit, so that a failed test
/// leaves nothing behind.
struct Removed {
  std::string path;
  ~Removed() {
    const std::string command = "curl -s -o /dev/null -X DELETE " +
                                shell_quoted(http_server("url") + path);
    if (std::system(command.c_str()) != 0) {
      // Nothing to do: the server is removed with its directory by the fixture anyway.
    }
  }
};

}  // namespace infra::providers::test
