// Drives the Python example provider (examples/providers/python) through the host: the
// protocol is language-neutral. Skipped when python3 is not installed.
#include <catch2/catch.hpp>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

TEST_CASE("host: the Python example provider works through the host") {
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) {
    WARN("python3 not available: skipped");
    return;
  }
  TempDir dir;
  auto old = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());  // its store lives in the working directory
  std::unique_ptr<Plugin> plugin;
  try {
    plugin = Plugin::start(std::filesystem::path(INFRA_SOURCE_DIR) /
                               "examples/providers/python/infra-provider-example",
                           "example");
  } catch (...) {
    std::filesystem::current_path(old);
    throw;
  }
  std::filesystem::current_path(old);

  REQUIRE(plugin->schema().find("example_note"));
  CHECK(plugin->schema().find("example_note")->find("title")->force_new);

  json plan = plugin->call("plan", {{"type", "example_note"},
                                    {"prior_state", nullptr},
                                    {"proposed_state", {{"title", "t"}, {"text", "hi"}}},
                                    {"unknown", json::array()}});
  json state = plugin->call("apply", {{"type", "example_note"},
                                      {"prior_state", nullptr},
                                      {"planned_state", plan["planned_state"]},
                                      {"unknown", plan["unknown"]}})["new_state"];
  CHECK(state["id"] == plan["planned_state"]["id"]);
  CHECK(plugin->call("read", {{"type", "example_note"}, {"state", state}})["state"] == state);
  CHECK(std::filesystem::exists(dir.path() / ".infra-example-notes.json"));
  try {
    plugin->call("import", {{"type", "example_note"}, {"id", "nope"}});
    FAIL("import succeeded");
  } catch (const ProviderError& e) {
    CHECK(std::string(e.what()) ==
          "provider \"example\": import of example_note: no such note: nope");
  }
  plugin->shutdown();
}
