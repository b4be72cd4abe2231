// End-to-end tests of the provider lock file (.infra.lock.json): init records each plugin's
// SHA-256, a plugin that differs from the record is refused by every command (and by init)
// until `infra init -upgrade`, and the state is left as it was.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <regex>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/e2e/harness.hpp"

namespace infra::e2e {
namespace {

using json = nlohmann::json;

/// What `sha256sum FILE` prints for the file, the hex digest alone.
std::string sha256sum(const std::filesystem::path& file) {
  const std::string command = "sha256sum '" + file.string() + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[65] = {};
  const std::size_t n = std::fread(buffer, 1, 64, pipe);
  ::pclose(pipe);
  return std::string(buffer, n);
}

std::string slurp(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_CASE("init records each plugin's SHA-256 in .infra.lock.json") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result init = run_infra(dir.path(), {"init", "-no-color"});
  INFO(init.all());
  REQUIRE(init.code == 0);
  CHECK(contains(init.out, "- Recorded the plugins' checksums in .infra.lock.json"));
  const json lock = json::parse(dir.read(".infra.lock.json"));
  CHECK(lock["version"] == 1);
  const auto plugin = infra_binary().parent_path() / "infra-provider-local";
  CHECK(lock["providers"]["local"]["sha256"] == sha256sum(plugin));
  CHECK(lock["providers"]["local"]["version"] == "0.1.0");
  CHECK(lock["providers"]["local"]["path"] == plugin.string());
  CHECK(lock["providers"].size() == 1);
  // Written again the same: it diffs cleanly in version control.
  REQUIRE(run_infra(dir.path(), {"init"}).code == 0);
  CHECK(json::parse(dir.read(".infra.lock.json")) == lock);
}

TEST_CASE("a plugin that differs from the lock file is refused until init -upgrade") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  REQUIRE(run_infra(dir.path(), {"init"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  // The plugin on disk is what it was; the record says otherwise, as it would after the
  // binary was replaced.
  json lock = json::parse(dir.read(".infra.lock.json"));
  const std::string real = lock["providers"]["local"]["sha256"];
  lock["providers"]["local"]["sha256"] = std::string(64, '0');
  dir.write(".infra.lock.json", lock.dump(2));
  dir.write("main.infra", std::string(kOneFile) + R"(resource "local_file" "b" {
  filename = "b.txt"
  content  = "b"
}
)");
  const std::string state_before = slurp(dir.path() / ".infra/state.db");

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  CHECK(apply.code == 1);
  CHECK(contains(apply.err, "provider \"local\": the plugin at "));
  CHECK(contains(apply.err, "is not the one .infra.lock.json records:"));
  CHECK(contains(apply.err, "recorded SHA-256: " + std::string(64, '0')));
  CHECK(contains(apply.err, "found SHA-256:    " + real));
  CHECK(contains(apply.err, "run \"infra init -upgrade\""));
  CHECK_FALSE(dir.exists("b.txt"));
  CHECK(slurp(dir.path() / ".infra/state.db") == state_before);

  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "is not the one .infra.lock.json records"));

  Result init = run_infra(dir.path(), {"init", "-no-color"});
  INFO(init.all());
  CHECK(init.code == 1);
  CHECK(contains(init.err, "Error: Provider \"local\" changed since it was recorded"));
  CHECK(json::parse(dir.read(".infra.lock.json"))["providers"]["local"]["sha256"] ==
        std::string(64, '0'));

  Result upgrade = run_infra(dir.path(), {"init", "-upgrade"});
  INFO(upgrade.all());
  REQUIRE(upgrade.code == 0);
  CHECK(json::parse(dir.read(".infra.lock.json"))["providers"]["local"]["sha256"] == real);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(dir.read("b.txt") == "b");
}

TEST_CASE("a provider missing from the lock file, or a lock file that cannot be read, stops the plan") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  REQUIRE(run_infra(dir.path(), {"init"}).code == 0);
  dir.write("main.infra", std::string(kOneFile) + "resource \"random_id\" \"x\" {\n  byte_length = 4\n}\n");
  Result missing = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(missing.all());
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "provider \"random\" is not in .infra.lock.json"));
  CHECK(contains(missing.err, "Run \"infra init\" to check and record it."));
  REQUIRE(run_infra(dir.path(), {"init"}).code == 0);
  CHECK(run_infra(dir.path(), {"plan"}).code == 0);

  dir.write(".infra.lock.json", "{\"version\": 1, \"providers\": {\"local\": {}}}");
  Result corrupt = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(corrupt.code == 1);
  CHECK(std::regex_search(corrupt.err,
                          std::regex("\\.infra\\.lock\\.json is not a provider lock file infra "
                                     "can read \\(.*\\); run \"infra init -upgrade\"")));
  CHECK(run_infra(dir.path(), {"init", "-upgrade"}).code == 0);
  CHECK(run_infra(dir.path(), {"plan"}).code == 0);
}

}  // namespace
}  // namespace infra::e2e
