// Tests of infra-provider-exec through the host, running real commands (sh, cat, printf,
// sleep, git when installed) in temporary directories: the exec_command resource's life
// cycle, replacement by triggers and input, drift, import, timeouts that stop a whole process group,
// failures and their messages, redaction of sensitive values, and the data source.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

namespace {

constexpr const char* kType = "exec_command";

// A command block running `script` with sh in `dir`, as the host sends it: every attribute.
json sh(const std::string& script, const TempDir& dir, const json& timeout = nullptr) {
  return {{"command", {"sh", "-c", script}},
          {"environment", nullptr},
          {"working_dir", dir.path().string()},
          {"timeout", timeout}};
}

// A resource configuration with only a create command.
json config_with(const json& create) {
  return {{"input", nullptr},  {"triggers", nullptr}, {"sensitive_environment", nullptr},
          {"create", create},  {"read", nullptr},     {"update", nullptr},
          {"delete", nullptr}, {"id", nullptr},       {"output", nullptr},
          {"stdout", nullptr}};
}

// The plugin and the protocol steps of exec_command, as the planner takes them.
class Exec {
 public:
  Exec() : plugin_(Plugin::start(bin_dir() / "infra-provider-exec", "exec")) {}

  Plugin& plugin() { return *plugin_; }

  json validate(const json& config, const json& unknown = json::array()) {
    return plugin_->call("validate", {{"type", kType}, {"config", config}, {"unknown", unknown}})
        ["diagnostics"];
  }
  json plan(const json& prior, const json& proposed, const json& unknown = json::array()) {
    return plugin_->call("plan", {{"type", kType},
                                  {"prior_state", prior},
                                  {"proposed_state", proposed},
                                  {"unknown", unknown}});
  }
  // Applies `plan` (a plan result) to `prior`; the whole apply result.
  json apply(const json& prior, const json& plan) {
    return plugin_->call("apply", {{"type", kType},
                                   {"prior_state", prior},
                                   {"planned_state", plan["planned_state"]},
                                   {"unknown", plan["unknown"]}});
  }
  // Plans and applies `proposed` over `prior`; the new state.
  json change(const json& prior, const json& proposed) {
    json applied = apply(prior, plan(prior, proposed));
    REQUIRE(applied["diagnostics"] == json::array());
    return applied["new_state"];
  }
  json create(const json& config) { return change(nullptr, config); }
  json read(const json& state) {
    return plugin_->call("read", {{"type", kType}, {"state", state}})["state"];
  }
  void destroy(const json& state) {
    json gone = apply(state, {{"planned_state", nullptr}, {"unknown", json::array()}});
    CHECK(gone["new_state"].is_null());
  }
  json read_data(const json& config) {
    return plugin_->call("read_data", {{"type", kType}, {"config", config}});
  }

 private:
  std::unique_ptr<Plugin> plugin_;
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

bool exists(const std::string& path) { return std::filesystem::exists(path); }

json data_config(const json& command, const json& input = nullptr) {
  return {{"command", command},
          {"environment", nullptr},
          {"working_dir", nullptr},
          {"timeout", nullptr},
          {"input", input},
          {"result", nullptr}};
}

}  // namespace

TEST_CASE("exec: the handshake declares exec_command as a resource and a data source") {
  Exec exec;
  const ProviderSchema& schema = exec.plugin().schema();
  CHECK(schema.name == "exec");
  const ResourceSchema* resource = schema.find(kType);
  REQUIRE(resource);
  CHECK(resource->find("triggers")->force_new);
  CHECK(resource->find("sensitive_environment")->sensitive);
  CHECK(resource->find("output")->computed);
  REQUIRE(resource->find_block("create"));
  CHECK(resource->find_block("create")->min_items == 1);
  CHECK(resource->find_block("create")->nesting == Nesting::Single);
  CHECK(resource->find_block("delete")->min_items == 0);
  const ResourceSchema* data = schema.find_data_source(kType);
  REQUIRE(data);
  CHECK(data->find("result")->computed);
  CHECK(data->find("command")->required);
}

TEST_CASE("exec: create, read, update and delete run their commands with input") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh(
      "cat > stdin.json; printf '%s' \"$INPUT_NAME\" > object.txt;"
      "printf '%s' \"$INPUT_REPO_URL $EXEC_OPERATION\" > env.txt;"
      "printf '{\"id\": \"obj-%s\", \"name\": \"%s\"}' \"$INPUT_NAME\" \"$INPUT_NAME\"",
      dir));
  config["input"] = {{"name", "alpha"}, {"repo-url", "file:///r"}};
  config["read"] = sh(
      "test -f object.txt || exit 3;"
      "printf '{\"name\": \"%s\", \"seen\": \"%s %s\"}' \"$(cat object.txt)\" \"$EXEC_ID\" "
      "\"$EXEC_OPERATION\"",
      dir);
  config["update"] = sh(
      "printf '%s' \"$INPUT_NAME\" > object.txt; printf '%s' \"$EXEC_PRIOR_INPUT\" > prior.json;"
      "printf '%s' \"$EXEC_OUTPUT\" > prior_output.json; printf '{\"name\": \"%s\"}' "
      "\"$INPUT_NAME\"",
      dir);
  config["delete"] = sh("rm object.txt; printf '%s' \"$EXEC_ID $EXEC_OPERATION\" > deleted.txt",
                        dir);
  CHECK(exec.validate(config) == json::array());

  json planned = exec.plan(nullptr, config);
  CHECK(planned["unknown"] == json({{"id"}, {"output"}, {"stdout"}}));
  json state = exec.create(config);
  CHECK(state["id"] == "obj-alpha");
  CHECK(state["output"] == json({{"id", "obj-alpha"}, {"name", "alpha"}}));
  CHECK(state["stdout"] == R"({"id": "obj-alpha", "name": "alpha"})");
  CHECK(slurp(dir / "object.txt") == "alpha");
  CHECK(json::parse(slurp(dir / "stdin.json")) == config["input"]);
  CHECK(slurp(dir / "env.txt") == "file:///r create");

  SECTION("read refreshes output from what it prints") {
    json read = exec.read(state);
    CHECK(read["output"] == json({{"name", "alpha"}, {"seen", "obj-alpha read"}}));
    CHECK(read["id"] == "obj-alpha");
  }

  SECTION("a change of input runs update, keeping the id") {
    json changed = state;
    changed["input"]["name"] = "beta";
    json p = exec.plan(state, changed);
    CHECK(p["requires_replace"] == json::array());
    CHECK(p["unknown"] == json({{"output"}}));
    json updated = exec.change(state, changed);
    CHECK(updated["id"] == "obj-alpha");
    CHECK(updated["output"] == json({{"name", "beta"}}));
    CHECK(updated["stdout"] == state["stdout"]);
    CHECK(slurp(dir / "object.txt") == "beta");
    CHECK(json::parse(slurp(dir / "prior.json")) == config["input"]);
    CHECK(json::parse(slurp(dir / "prior_output.json")) == state["output"]);
  }

  SECTION("a change of the commands alone is recorded without running any") {
    json changed = state;
    changed["update"]["timeout"] = "1m";
    json p = exec.plan(state, changed);
    CHECK(p["requires_replace"] == json::array());
    CHECK(p["unknown"] == json::array());
    json updated = exec.change(state, changed);
    CHECK(updated == changed);
    CHECK_FALSE(exists(dir / "prior.json"));
  }

  SECTION("delete runs the delete command") {
    exec.destroy(state);
    CHECK_FALSE(exists(dir / "object.txt"));
    CHECK(slurp(dir / "deleted.txt") == "obj-alpha delete");
    CHECK(exec.read(state).is_null());
  }
}

TEST_CASE("exec: without an update command, a change of input replaces") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("echo made", dir));
  config["input"] = {{"v", "1"}};
  json state = exec.create(config);
  CHECK(state["output"] == json::object());
  CHECK(state["stdout"] == "made\n");
  CHECK(state["id"].get<std::string>().size() == 16);

  json changed = state;
  changed["input"]["v"] = "2";
  json p = exec.plan(state, changed);
  CHECK(p["requires_replace"] == json({{"input"}}));
  CHECK(p["unknown"] == json({{"id"}, {"output"}, {"stdout"}}));

  // An input known only after apply may change it too.
  changed["input"]["v"] = nullptr;
  p = exec.plan(state, changed, {{"input", "v"}});
  CHECK(p["requires_replace"] == json({{"input"}}));

  p = exec.plan(state, state);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == state);
}

TEST_CASE("exec: a change of triggers replaces the object") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("echo run >> runs.txt", dir));
  config["triggers"] = {{"version", "1"}};
  json state = exec.create(config);

  json same = state;
  CHECK(exec.plan(state, same)["requires_replace"] == json::array());

  json changed = state;
  changed["triggers"]["version"] = "2";
  json p = exec.plan(state, changed);
  CHECK(p["requires_replace"] == json({{"triggers"}}));
  CHECK(p["unknown"] == json({{"id"}, {"output"}, {"stdout"}}));

  // The planner replaces by creating anew: create runs again.
  exec.destroy(state);
  json next = exec.create(changed);
  CHECK(next["id"] != state["id"]);
  CHECK(slurp(dir / "runs.txt") == "run\nrun\n");
}

TEST_CASE("exec: read says the object is gone by exit code 3 or by printing nothing") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("touch object; echo '{\"v\": \"1\"}'", dir));
  config["read"] = sh("test -f object || exit 3; cat object", dir);
  json state = exec.create(config);
  CHECK(state["output"] == json({{"v", "1"}}));

  // Text that is not a JSON object: it exists, output is kept.
  std::ofstream(dir / "object") << "still here\n";
  CHECK(exec.read(state) == state);

  // Nothing printed: gone.
  std::ofstream(dir / "object", std::ios::trunc).flush();
  CHECK(exec.read(state).is_null());

  // Exit code 3: gone.
  std::filesystem::remove(dir / "object");
  CHECK(exec.read(state).is_null());

  // Any other failure is an error, not drift.
  state["read"] = sh("exit 5", dir);
  CHECK(contains(error_of([&] { exec.read(state); }), "exited with code 5"));
}

TEST_CASE("exec: an object imported by its id adopts the configuration's arguments") {
  Exec exec;
  TempDir dir;
  json imported = exec.plugin().call("import", {{"type", kType}, {"id", "app-7"}})["state"];
  json expected = config_with(nullptr);
  expected["id"] = "app-7";
  expected["output"] = json::object();
  expected["stdout"] = "";
  CHECK(imported == expected);
  // Without commands, a refresh keeps it as it is.
  CHECK(exec.read(imported) == imported);

  json config = config_with(sh("echo created > made", dir));
  config["input"] = {{"name", "app"}};
  config["triggers"] = {{"version", "1"}};
  config["sensitive_environment"] = {{"TOKEN", "secret"}};
  config["read"] = sh("printf '{\"seen\": \"%s\"}' \"$EXEC_ID\"", dir);
  config["update"] = sh("echo updated > updated; exit 9", dir);
  config["delete"] = sh("echo \"$EXEC_ID\" > deleted", dir);
  // What the host proposes: the configuration, with the imported computed values.
  json proposed = config;
  for (const char* name : {"id", "output", "stdout"}) proposed[name] = imported[name];
  json plan = exec.plan(imported, proposed);
  CHECK(plan["requires_replace"] == json::array());
  CHECK(plan["unknown"] == json::array());
  CHECK(plan["diagnostics"] == json::array());
  CHECK(plan["planned_state"] == proposed);
  CHECK(plan["adopted"] == json({{"input"}, {"triggers"}, {"sensitive_environment"}, {"create"},
                                 {"read"}, {"update"}, {"delete"}}));

  // An import recorded before any plan (infra import) gets them by an update that runs
  // nothing; an import block records them with the import (the host's business).
  json updated = exec.apply(imported, plan);
  CHECK(updated["diagnostics"] == json::array());
  CHECK(updated["new_state"] == proposed);
  CHECK_FALSE(exists(dir / "made"));
  CHECK_FALSE(exists(dir / "updated"));

  // From then on it is like any other: refresh runs read, destroy runs delete, and a state
  // made by create adopts nothing (a new input runs update).
  json recorded = updated["new_state"];
  CHECK(exec.read(recorded)["output"] == json({{"seen", "app-7"}}));
  json changed = recorded;
  changed["input"] = {{"name", "other"}};
  json change = exec.plan(recorded, changed);
  CHECK_FALSE(change.contains("adopted"));
  CHECK(has_path(change["unknown"], json::array({"output"})));
  exec.destroy(recorded);
  CHECK(slurp(dir / "deleted") == "app-7\n");

  CHECK(error_of([&] { exec.plugin().call("import", {{"type", kType}, {"id", " "}}); }) ==
        "provider \"exec\": import of exec_command: cannot import exec_command: the id is "
        "empty; give the id the object's commands know it by (EXEC_ID)");
}

TEST_CASE("exec: a timeout kills the command's whole process group") {
  Exec exec;
  TempDir dir;
  json config = config_with(
      sh("echo started >&2; (sleep 2; touch late.txt) & sleep 30", dir, "500ms"));
  const auto start = std::chrono::steady_clock::now();
  std::string message = error_of([&] { exec.create(config); });
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(contains(message,
                 "provider \"exec\": apply of exec_command: the create command "
                 "`sh -c 'echo started >&2; (sleep 2; touch late.txt) & sleep 30'` did not "
                 "finish within its timeout (500ms); its process group was killed. The last "
                 "lines of its stderr:\n  started"));
  CHECK(took < std::chrono::seconds(5));
  // The background child would have written the file after 2 s: it was stopped too.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK_FALSE(exists(dir / "late.txt"));
}

TEST_CASE("exec: a command that ignores SIGTERM is killed after the grace period") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("trap '' TERM; sleep 30", dir, "300ms"));
  const auto start = std::chrono::steady_clock::now();
  CHECK(contains(error_of([&] { exec.create(config); }),
                 "did not finish within its timeout (300ms); its process group was killed"));
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took >= std::chrono::seconds(2));  // SIGTERM first, SIGKILL 2 s later
  CHECK(took < std::chrono::seconds(6));
}

TEST_CASE("exec: a background process that keeps stdout open holds the command to its timeout") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("sleep 30 &", dir, "300ms"));
  std::string message = error_of([&] { exec.create(config); });
  CHECK(contains(message, "exited with code 0, but processes it started kept its stdout or "
                          "stderr open past the timeout (300ms); its process group was killed"));
}

TEST_CASE("exec: a failing command shows its exit code and the last lines of its stderr") {
  Exec exec;
  TempDir dir;
  json config = config_with(
      sh("for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo \"line $i\" >&2; done; exit 4", dir));
  std::string message = error_of([&] { exec.create(config); });
  CHECK(contains(message, "exited with code 4. The last lines of its stderr:\n  line 3\n"));
  CHECK(contains(message, "\n  line 12"));
  CHECK_FALSE(contains(message, "line 2\n"));

  config["create"] = sh("exit 1", dir);
  CHECK(contains(error_of([&] { exec.create(config); }),
                 "the create command `sh -c 'exit 1'` exited with code 1; its stderr is empty"));

  config["create"] = sh("kill -9 $$", dir);
  CHECK(contains(error_of([&] { exec.create(config); }), "was killed by SIGKILL"));
}

TEST_CASE("exec: a command that cannot start says why") {
  Exec exec;
  TempDir dir;
  json config = config_with({{"command", {"no-such-program-here", "x"}},
                             {"environment", {{"PATH", "/usr/bin:/bin"}}},
                             {"working_dir", nullptr},
                             {"timeout", nullptr}});
  CHECK(contains(error_of([&] { exec.create(config); }),
                 "the create command `no-such-program-here x` cannot start: "
                 "\"no-such-program-here\" is not found in PATH (/usr/bin:/bin)"));

  config["create"]["command"] = {"./missing.sh"};
  CHECK(contains(error_of([&] { exec.create(config); }), "\"./missing.sh\" is not found"));

  std::ofstream(dir / "plain.txt") << "text";
  config["create"]["command"] = {dir / "plain.txt"};
  CHECK(contains(error_of([&] { exec.create(config); }),
                 "is not executable (permission denied)"));

  config["create"] = sh("true", dir);
  config["create"]["working_dir"] = dir / "nowhere";
  CHECK(contains(error_of([&] { exec.create(config); }),
                 "cannot start: working_dir \"" + (dir / "nowhere") + "\" is not a directory"));
}

TEST_CASE("exec: sensitive_environment reaches the commands but never a message") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("echo \"token=$TOKEN\"; echo \"using $TOKEN\" >&2", dir));
  config["sensitive_environment"] = {{"TOKEN", "hunter2-secret"}};
  json state = exec.create(config);
  CHECK(state["stdout"] == "token=(sensitive)\n");

  config["create"] = sh("echo \"using $TOKEN\" >&2; exit 2", dir);
  std::string message = error_of([&] { exec.create(config); });
  CHECK(contains(message, "using (sensitive)"));
  CHECK_FALSE(contains(message, "hunter2"));

  // Even written into the command itself.
  config["create"] = sh("false hunter2-secret", dir);
  message = error_of([&] { exec.create(config); });
  CHECK(contains(message, "`sh -c 'false (sensitive)'`"));
  CHECK_FALSE(contains(message, "hunter2"));
}

TEST_CASE("exec: validation of timeouts, commands and input keys") {
  Exec exec;
  TempDir dir;
  json config = config_with(sh("true", dir, "soon"));
  config["delete"] = {{"command", json::array()},
                      {"environment", nullptr},
                      {"working_dir", nullptr},
                      {"timeout", "10m"}};
  config["input"] = {{"a-b", "1"}, {"a_b", "2"}};
  json d = exec.validate(config);
  REQUIRE(d.size() == 4);
  CHECK(d[0]["summary"] == "invalid timeout \"soon\"");
  CHECK(d[0]["path"] == json({"create", "timeout"}));
  CHECK(d[1]["summary"] == "command is empty");
  CHECK(d[1]["path"] == json({"delete", "command"}));
  CHECK(d[2]["severity"] == "warning");
  CHECK(d[2]["summary"] == "timeout 10m is longer than infra waits for a provider");
  CHECK(d[3]["summary"] == "input keys \"a-b\" and \"a_b\" give the same variable INPUT_A_B");

  // Unknown values are checked at apply.
  config = config_with(sh("true", dir, nullptr));
  CHECK(exec.validate(config, {{"create", "timeout"}}) == json::array());
  config["create"]["timeout"] = "1x";
  CHECK(contains(error_of([&] { exec.create(config); }),
                 "invalid timeout \"1x\": expected a duration such as \"30s\""));
}

TEST_CASE("exec: commands run concurrently, each with its own pipes") {
  Exec exec;
  TempDir dir;
  std::vector<std::future<json>> runs;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 8; ++i) {
    json config = config_with(sh("sleep 1; cat", dir));
    config["input"] = {{"n", std::to_string(i)}};
    runs.push_back(std::async(std::launch::async, [&exec, config] { return exec.create(config); }));
  }
  for (int i = 0; i < 8; ++i) {
    CHECK(runs[i].get()["output"] == json({{"n", std::to_string(i)}}));
  }
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(6));
}

TEST_CASE("exec: a git repository cloned, read and removed") {
  if (std::system("git --version > /dev/null 2>&1") != 0) {
    WARN("git is not installed: skipped");
    return;
  }
  TempDir dir;
  const std::string git = "git -c user.name=t -c user.email=t@example.com -c init.defaultBranch=main";
  REQUIRE(std::system((git + " init -q " + (dir / "work") + " && " + git + " -C " +
                       (dir / "work") + " commit -q --allow-empty -m first && " + git +
                       " clone -q --bare " + (dir / "work") + " " + (dir / "origin.git"))
                          .c_str()) == 0);
  Exec exec;
  json config = config_with(
      {{"command", {"git", "clone", "-q", dir / "origin.git", "checkout"}},
       {"environment", nullptr},
       {"working_dir", dir.path().string()},
       {"timeout", "1m"}});
  config["read"] = sh(
      "test -d checkout/.git || exit 3; printf '{\"commit\": \"%s\"}' "
      "\"$(git -C checkout rev-parse HEAD)\"",
      dir);
  config["delete"] = {{"command", {"rm", "-rf", "checkout"}},
                      {"environment", nullptr},
                      {"working_dir", dir.path().string()},
                      {"timeout", nullptr}};
  json state = exec.create(config);
  CHECK(exists(dir / "checkout/.git"));
  json read = exec.read(state);
  CHECK(read["output"]["commit"].get<std::string>().size() == 40);

  exec.destroy(read);
  CHECK_FALSE(exists(dir / "checkout"));
  CHECK(exec.read(read).is_null());
}

TEST_CASE("exec: the data source reads the JSON object a command prints") {
  Exec exec;
  json result = exec.read_data(
      data_config({"printf", R"({"a": "x", "n": 2, "ok": true})"}));
  CHECK(result["diagnostics"] == json::array());
  CHECK(result["state"]["result"] == json({{"a", "x"}, {"n", "2"}, {"ok", "true"}}));

  // Input on stdin, and as variables.
  json input = {{"name", "web"}, {"zone", "b"}};
  result = exec.read_data(data_config({"cat"}, input));
  CHECK(result["state"]["result"] == input);
  CHECK(result["state"]["input"] == input);
  result = exec.read_data(
      data_config({"sh", "-c", "printf '{\"z\": \"%s\"}' \"$INPUT_ZONE\""}, input));
  CHECK(result["state"]["result"] == json({{"z", "b"}}));
}

TEST_CASE("exec: the data source fails clearly on output that is no JSON object") {
  Exec exec;
  CHECK(contains(error_of([&] { exec.read_data(data_config({"echo", "hello"})); }),
                 "provider \"exec\": read_data of exec_command: the data source command "
                 "`echo hello` must print a JSON object on stdout, such as {\"key\": "
                 "\"value\"}; it printed \"hello\\n\""));
  CHECK(contains(error_of([&] { exec.read_data(data_config({"printf", "[1, 2]"})); }),
                 "must print a JSON object"));
  CHECK(contains(error_of([&] { exec.read_data(data_config({"true"})); }),
                 "must print a JSON object on stdout, such as {\"key\": \"value\"}; it printed "
                 "nothing"));
  CHECK(contains(error_of([&] {
                   exec.read_data(data_config({"printf", R"({"list": [1]})"}));
                 }),
                 "printed an array for \"list\": result is a map of strings"));
  CHECK(contains(error_of([&] {
                   exec.read_data(data_config({"sh", "-c", "echo broken >&2; exit 1"}));
                 }),
                 "the data source command `sh -c 'echo broken >&2; exit 1'` exited with code 1. "
                 "The last lines of its stderr:\n  broken"));
}
