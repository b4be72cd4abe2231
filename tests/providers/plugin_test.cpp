// Tests of providers/host against plugins that misbehave: every failure is a clear
// ProviderError naming the plugin, and none is a hang.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;
using Catch::Matchers::StartsWith;

namespace {

const json kPlanParams = {{"type", "bad_thing"},
                          {"prior_state", nullptr},
                          {"proposed_state", json::object()},
                          {"unknown", json::array()}};

std::string start_error(const std::filesystem::path& exe, PluginOptions options = {}) {
  try {
    Plugin::start(exe, "bad", options);
  } catch (const ProviderError& e) {
    return e.what();
  }
  return "no error";
}

std::string call_error(Plugin& plugin, const std::string& method, const json& params) {
  try {
    plugin.call(method, params);
  } catch (const ProviderError& e) {
    return e.what();
  }
  return "no error";
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("host: a well-behaved test plugin answers and shuts down") {
  TempDir dir;
  auto plugin = Plugin::start(misbehaving_plugin(dir, "echo"), "bad");
  CHECK(plugin->schema().find("bad_thing"));
  CHECK(plugin->call("read", {{"x", 1}}) == json({{"echo", {{"x", 1}}}}));
  plugin->shutdown();
  CHECK(call_error(*plugin, "read", json::object()) ==
        "provider \"bad\" was shut down; cannot handle read");
}

TEST_CASE("host: a plugin that crashes mid-request fails every waiting request at once") {
  TempDir dir;
  auto plugin = Plugin::start(misbehaving_plugin(dir, "crash-on-plan"), "bad");
  auto start = std::chrono::steady_clock::now();
  std::string error = call_error(*plugin, "plan", kPlanParams);
  CHECK(error ==
        "provider \"bad\" exited unexpectedly (signal 11) while handling plan of bad_thing; "
        "last stderr lines:\n    starting plan\n    oh no: null pointer");
  CHECK(seconds_since(start) < 5);
  // Later requests fail at once with the same reason.
  CHECK_THAT(call_error(*plugin, "read", json::object()),
             StartsWith("provider \"bad\" exited unexpectedly (signal 11); cannot handle read"));
}

TEST_CASE("host: concurrent requests to a plugin that crashes all fail") {
  TempDir dir;
  auto plugin = Plugin::start(misbehaving_plugin(dir, "crash-on-plan"), "bad");
  std::vector<std::string> errors(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      // The reads are answered or fail with the crash; one plan causes it.
      errors[i] = call_error(*plugin, i == 10 ? "plan" : "read", kPlanParams);
    });
  }
  for (auto& t : threads) t.join();
  CHECK_THAT(errors[10], StartsWith("provider \"bad\" exited unexpectedly (signal 11)"));
}

TEST_CASE("host: a request the plugin never answers times out, and the plugin stays usable") {
  TempDir dir;
  PluginOptions options;
  options.request_timeout = std::chrono::milliseconds(300);
  auto plugin = Plugin::start(misbehaving_plugin(dir, "hang-on-plan"), "bad", options);
  auto start = std::chrono::steady_clock::now();
  CHECK(call_error(*plugin, "plan", kPlanParams) ==
        "provider \"bad\" did not answer plan of bad_thing within 300ms");
  CHECK(seconds_since(start) < 3);
  CHECK(plugin->call("read", json::object()) == json({{"echo", json::object()}}));
}

TEST_CASE("host: a late answer after a timeout is dropped, not a protocol error") {
  TempDir dir;
  PluginOptions options;
  options.request_timeout = std::chrono::milliseconds(500);
  auto plugin = Plugin::start(misbehaving_plugin(dir, "slow-plan"), "bad", options);
  CHECK(call_error(*plugin, "plan", kPlanParams) ==
        "provider \"bad\" did not answer plan of bad_thing within 500ms");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(plugin->call("read", json::object()) == json({{"echo", json::object()}}));
}

TEST_CASE("host: a plugin that prints garbage broke the protocol") {
  TempDir dir;
  auto exe = misbehaving_plugin(dir, "garbage");
  auto plugin = Plugin::start(exe, "bad");
  CHECK(call_error(*plugin, "read", json::object()) ==
        "provider \"bad\" (" + exe.string() +
            ") broke the protocol (stdout line is not JSON: \"Hello! I am not JSON.\") while "
            "handling read");
}

TEST_CASE("host: an answer to an unknown request id broke the protocol") {
  TempDir dir;
  auto exe = misbehaving_plugin(dir, "unknown-id");
  auto plugin = Plugin::start(exe, "bad");
  CHECK_THAT(call_error(*plugin, "plan", kPlanParams),
             StartsWith("provider \"bad\" (" + exe.string() +
                        ") broke the protocol (answered unknown request id "));
}

TEST_CASE("host: handshake failures name the plugin and its executable") {
  TempDir dir;
  SECTION("protocol 99") {
    auto exe = misbehaving_plugin(dir, "protocol99");
    CHECK(start_error(exe) == "provider \"bad\" (" + exe.string() +
                                  ") answered protocol version 99; this host speaks protocol 1");
  }
  SECTION("no common version") {
    auto exe = misbehaving_plugin(dir, "no-common-version");
    CHECK(start_error(exe) == "provider \"bad\" (" + exe.string() +
                                  ") does not speak protocol 1: no common protocol version");
  }
  SECTION("a silent plugin times out") {
    auto exe = misbehaving_plugin(dir, "silent");
    PluginOptions options;
    options.handshake_timeout = std::chrono::milliseconds(300);
    auto start = std::chrono::steady_clock::now();
    CHECK(start_error(exe, options) ==
          "provider \"bad\" (" + exe.string() + ") did not complete the handshake within 300ms");
    CHECK(seconds_since(start) < 5);
  }
  SECTION("a plugin that exits at once") {
    auto exe = misbehaving_plugin(dir, "exit-at-start");
    CHECK(start_error(exe) == "provider \"bad\" (" + exe.string() +
                                  ") exited unexpectedly (exit code 3) while handling handshake; "
                                  "last stderr lines:\n    cannot start: no configuration found");
  }
  SECTION("a plugin with another name") {
    auto exe = misbehaving_plugin(dir, "echo");
    try {
      Plugin::start(exe, "other");
      FAIL("started");
    } catch (const ProviderError& e) {
      CHECK(std::string(e.what()) ==
            "provider \"other\" (" + exe.string() + ") calls itself \"bad\" in its handshake");
    }
  }
}

TEST_CASE("host: a missing or non-executable plugin is a clear error") {
  TempDir dir;
  CHECK(start_error(dir.path() / "infra-provider-nope") ==
        "provider \"bad\": executable " + (dir / "infra-provider-nope") + " not found");
  auto text = dir.path() / "infra-provider-text";
  std::ofstream(text) << "just text";
  CHECK(start_error(text) == "provider \"bad\": " + text.string() + " is not an executable file");
}

TEST_CASE("host: writing to a plugin that exited does not kill the host") {
  TempDir dir;
  auto plugin = Plugin::start(misbehaving_plugin(dir, "exit-after-handshake"), "bad");
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  json big = {{"blob", std::string(1 << 20, 'x')}};
  CHECK_THAT(call_error(*plugin, "read", big),
             StartsWith("provider \"bad\" exited unexpectedly (exit code 0)"));
}
