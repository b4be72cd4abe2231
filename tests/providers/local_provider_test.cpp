// Tests of infra-provider-local through the host: the whole local_file life cycle on real
// files in a temporary directory, drift, replace, permissions, import and errors.
#include <catch2/catch.hpp>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

namespace {

constexpr const char* kHelloSha1 = "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d";  // "hello"
constexpr const char* kHelloSha256 =
    "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

std::unique_ptr<Plugin> start_local() { return Plugin::start(local_plugin(), "local"); }

// plan, then apply the plan, as the planner would; returns the new state.
json plan_and_apply(Plugin& plugin, const json& prior, const json& proposed,
                    json* plan_out = nullptr) {
  json plan = plugin.call("plan", {{"type", "local_file"},
                                   {"prior_state", prior},
                                   {"proposed_state", proposed},
                                   {"unknown", json::array()}});
  if (plan_out) *plan_out = plan;
  json applied = plugin.call("apply", {{"type", "local_file"},
                                       {"prior_state", prior},
                                       {"planned_state", plan["planned_state"]},
                                       {"unknown", plan["unknown"]}});
  REQUIRE(applied["diagnostics"] == json::array());
  return applied["new_state"];
}

json read_state(Plugin& plugin, const json& state) {
  return plugin.call("read", {{"type", "local_file"}, {"state", state}})["state"];
}

}  // namespace

TEST_CASE("local: the handshake carries the local_file schema") {
  auto plugin = start_local();
  const ProviderSchema& schema = plugin->schema();
  CHECK(schema.name == "local");
  CHECK(schema.version == "0.1.0");
  CHECK(schema.protocol_version == 1);
  const ResourceSchema* file = schema.find("local_file");
  REQUIRE(file);
  CHECK(file->version == 0);
  REQUIRE(file->find("filename"));
  CHECK(file->find("filename")->required);
  CHECK(file->find("filename")->force_new);
  CHECK(file->find("content")->optional);  // or content_base64, or source
  CHECK(file->find("file_permission")->optional);
  CHECK(file->find("file_permission")->computed);
  CHECK(file->find("directory_permission")->optional);
  CHECK(file->find("id")->computed);
  CHECK(file->find("content_sha256")->computed);
  plugin->shutdown();
  plugin->shutdown();  // idempotent
}

TEST_CASE("local: create, read, update and delete a real file") {
  TempDir dir;
  auto plugin = start_local();
  const std::string path = dir / "sub/dir/hello.txt";

  json plan;
  json state = plan_and_apply(*plugin, nullptr, {{"filename", path}, {"content", "hello"}}, &plan);
  // Known at plan time: the hashes of known content and the default permission.
  CHECK(plan["unknown"] == json::array());
  CHECK(plan["planned_state"]["id"] == kHelloSha1);
  CHECK(plan["planned_state"]["file_permission"] == "0777");
  CHECK(state == json({{"filename", path},
                       {"content", "hello"},
                       {"content_base64", nullptr},
                       {"source", nullptr},
                       {"file_permission", "0777"},
                       {"directory_permission", nullptr},
                       {"id", kHelloSha1},
                       {"content_sha256", kHelloSha256}}));
  CHECK(slurp(path) == "hello");
  CHECK(mode_of(path) == 0777);
  CHECK(mode_of(dir / "sub") == 0777);
  CHECK(read_state(*plugin, state) == state);

  // New content: an in-place update, with the new id known at plan time.
  json proposed = state;
  proposed["content"] = "bye";
  state = plan_and_apply(*plugin, state, proposed, &plan);
  CHECK(plan["requires_replace"] == json::array());
  CHECK(plan["planned_state"]["id"] == state["id"]);
  CHECK(state["id"] != kHelloSha1);
  CHECK(slurp(path) == "bye");
  // No temporary files left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(dir / "sub/dir"),
                      std::filesystem::directory_iterator()) == 1);

  // Permission: chmod in place.
  proposed = state;
  proposed["file_permission"] = "0640";
  state = plan_and_apply(*plugin, state, proposed, &plan);
  CHECK(plan["requires_replace"] == json::array());
  CHECK(mode_of(path) == 0640);
  CHECK(state["file_permission"] == "0640");
  CHECK(read_state(*plugin, state) == state);

  // Delete.
  json deleted = plugin->call("apply", {{"type", "local_file"},
                                        {"prior_state", state},
                                        {"planned_state", nullptr},
                                        {"unknown", json::array()}});
  CHECK(deleted["new_state"].is_null());
  CHECK_FALSE(std::filesystem::exists(path));
  CHECK(read_state(*plugin, state).is_null());
  // Deleting what is already gone is fine.
  CHECK_NOTHROW(plugin->call("apply", {{"type", "local_file"},
                                       {"prior_state", state},
                                       {"planned_state", nullptr}}));
}

TEST_CASE("local: read shows changes made outside as drift") {
  TempDir dir;
  auto plugin = start_local();
  const std::string path = dir / "drift.txt";
  json config = {{"filename", path}, {"content", "hello"}, {"file_permission", "644"}};
  json state = plan_and_apply(*plugin, nullptr, config);
  CHECK(state["file_permission"] == "644");
  CHECK(read_state(*plugin, state) == state);  // "644" means 0644: no drift

  std::ofstream(path) << "edited";
  ::chmod(path.c_str(), 0600);
  json now = read_state(*plugin, state);
  CHECK(now["content"] == "edited");
  CHECK(now["file_permission"] == "0600");
  CHECK(now["id"] != state["id"]);
  CHECK(now["filename"] == path);

  std::filesystem::remove(path);
  CHECK(read_state(*plugin, state).is_null());
}

TEST_CASE("local: a new filename replaces the file") {
  TempDir dir;
  auto plugin = start_local();
  json state = plan_and_apply(*plugin, nullptr, {{"filename", dir / "a.txt"}, {"content", "x"}});
  json proposed = state;
  proposed["filename"] = dir / "b.txt";
  json plan = plugin->call("plan", {{"type", "local_file"},
                                    {"prior_state", state},
                                    {"proposed_state", proposed},
                                    {"unknown", json::array()}});
  CHECK(plan["requires_replace"] == json({{"filename"}}));
  // The hashes are still known: they come from the content.
  CHECK(plan["unknown"] == json::array());
  CHECK(plan["planned_state"]["id"] == state["id"]);

  // The planner carries out a replace as delete + create.
  plugin->call("apply",
               {{"type", "local_file"}, {"prior_state", state}, {"planned_state", nullptr}});
  json created = plugin->call("apply", {{"type", "local_file"},
                                        {"prior_state", nullptr},
                                        {"planned_state", plan["planned_state"]}});
  CHECK_FALSE(std::filesystem::exists(dir / "a.txt"));
  CHECK(slurp(dir / "b.txt") == "x");
  CHECK(created["new_state"]["filename"] == dir / "b.txt");
}

TEST_CASE("local: unknown content makes the hashes unknown at plan time") {
  auto plugin = start_local();
  json plan = plugin->call("plan", {{"type", "local_file"},
                                    {"prior_state", nullptr},
                                    {"proposed_state", {{"filename", "x"}, {"content", nullptr}}},
                                    {"unknown", {{"content"}}}});
  CHECK(plan["unknown"] == json({{"content"}, {"id"}, {"content_sha256"}}));
  CHECK(plan["planned_state"]["file_permission"] == "0777");
}

TEST_CASE("local: import reads an existing file by path") {
  TempDir dir;
  const std::string path = dir / "existing.txt";
  std::ofstream(path) << "hello";
  ::chmod(path.c_str(), 0604);
  auto plugin = start_local();
  json state = plugin->call("import", {{"type", "local_file"}, {"id", path}})["state"];
  CHECK(state["filename"] == path);
  CHECK(state["content"] == "hello");
  CHECK(state["file_permission"] == "0604");
  CHECK(state["id"] == kHelloSha1);
  CHECK(state["content_sha256"] == kHelloSha256);

  try {
    plugin->call("import", {{"type", "local_file"}, {"id", dir / "nope"}});
    FAIL("import of a missing file succeeded");
  } catch (const ProviderError& e) {
    CHECK(std::string(e.what()) ==
          "provider \"local\": import of local_file: no such file: " + (dir / "nope"));
  }
}

TEST_CASE("local: relative filenames resolve against the plugin's working directory") {
  TempDir dir;
  auto old = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  std::unique_ptr<Plugin> plugin;
  try {
    plugin = start_local();
  } catch (...) {
    std::filesystem::current_path(old);
    throw;
  }
  std::filesystem::current_path(old);
  plan_and_apply(*plugin, nullptr, {{"filename", "rel/out.txt"}, {"content", "here"}});
  CHECK(slurp(dir / "rel/out.txt") == "here");
}

TEST_CASE("local: invalid values are reported with their attribute path") {
  auto plugin = start_local();
  json result = plugin->call("validate", {{"type", "local_file"},
                                          {"config",
                                           {{"filename", "f"},
                                            {"content", "c"},
                                            {"file_permission", "rwx"},
                                            {"directory_permission", "0755"}}},
                                          {"unknown", json::array()}});
  REQUIRE(result["diagnostics"].size() == 1);
  CHECK(result["diagnostics"][0] ==
        json({{"severity", "error"},
              {"summary", "invalid file_permission"},
              {"detail", "expected 3 or 4 octal digits such as \"0644\", got \"rwx\""},
              {"path", {"file_permission"}}}));

  json missing = plugin->call("validate", {{"type", "local_file"},
                                           {"config", {{"content", "c"}}},
                                           {"unknown", json::array()}});
  REQUIRE(missing["diagnostics"].size() == 1);
  CHECK(missing["diagnostics"][0]["summary"] == "missing required attribute \"filename\"");

  // apply with a bad value is an error response carrying the path.
  try {
    plugin->call("apply", {{"type", "local_file"},
                           {"prior_state", nullptr},
                           {"planned_state",
                            {{"filename", "/tmp/x"}, {"content", "c"}, {"file_permission", "9"}}}});
    FAIL("apply with a bad permission succeeded");
  } catch (const ProviderError& e) {
    CHECK(std::string(e.what()) ==
          "provider \"local\": apply of local_file: invalid file_permission \"9\" "
          "(at file_permission)");
    REQUIRE(e.path().size() == 1);
    CHECK(std::get<std::string>(e.path()[0]) == "file_permission");
  }

  try {
    plugin->call("read", {{"type", "remote_file"}, {"state", json::object()}});
    FAIL("read of an unknown type succeeded");
  } catch (const ProviderError& e) {
    CHECK(std::string(e.what()) ==
          "provider \"local\": read of remote_file: unknown resource type \"remote_file\"");
  }
}

TEST_CASE("local: 200 concurrent reads from many threads are all answered correctly") {
  TempDir dir;
  auto plugin = start_local();
  constexpr int kFiles = 200;
  std::vector<json> states;
  for (int i = 0; i < kFiles; ++i) {
    const std::string path = dir / ("f" + std::to_string(i));
    std::ofstream(path) << "content " << i;
    states.push_back({{"filename", path}, {"content", ""}, {"file_permission", "0644"}});
  }
  std::vector<json> results(kFiles);
  std::vector<std::string> errors(kFiles);
  std::vector<std::thread> threads;
  constexpr int kThreads = 50;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t; i < kFiles; i += kThreads) {
        try {
          results[i] = read_state(*plugin, states[i]);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kFiles; ++i) {
    INFO("file " << i);
    CHECK(errors[i] == "");
    CHECK(results[i]["content"] == "content " + std::to_string(i));
    CHECK(results[i]["filename"] == states[i]["filename"]);
  }
}
