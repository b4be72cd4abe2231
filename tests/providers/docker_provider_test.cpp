// Tests of infra-provider-docker through the host, against the Docker Engine of this machine,
// checked with the real docker client: a busybox image built from a temporary context, an
// httpd container on a network reached by its alias from a second container, updates in
// place, replacements, drift made with the docker CLI, import, and destroy. Each test names
// what it makes with a prefix of its own and removes all of it at the end, even on failure.
// Without a Docker socket or Debian's busybox-static, each test exits 77: skipped.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

namespace {

constexpr const char* kSocket = "/var/run/docker.sock";
constexpr const char* kBusybox = "/bin/busybox";

struct Shell {
  int code = -1;
  std::string out;  // stdout and stderr
};

Shell sh(const std::string& command) {
  Shell r;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return r;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Skips the test (exit 77, which CTest reports as skipped) without what it runs against.
void require_docker() {
  const char* missing = !std::filesystem::exists(kSocket)
                            ? "no Docker socket at /var/run/docker.sock"
                        : !std::filesystem::exists(kBusybox)
                            ? "no /bin/busybox (Debian's busybox-static) for the test image"
                        : sh("docker version --format '{{.Server.Version}}'").code != 0
                            ? "the docker client cannot reach the engine"
                            : nullptr;
  if (missing) {
    std::cerr << "SKIPPED: the docker provider is not tested: " << missing << "\n";
    std::exit(77);
  }
}

// Removes every container, network, volume and image whose name starts with the prefix,
// at scope exit: what a test made is gone even when it failed half way.
class Cleaner {
 public:
  Cleaner()
      : prefix_("infra-test-" + std::to_string(::getpid()) + "-" +
                std::to_string(std::chrono::steady_clock::now().time_since_epoch().count() %
                               100000)) {}
  ~Cleaner() {
    const std::string p = prefix_;
    sh("docker ps -aq --filter name=^/" + p + " | xargs -r docker rm -f");
    sh("docker network ls -q --filter name=^" + p + " | xargs -r docker network rm");
    sh("docker volume ls -q --filter name=^" + p + " | xargs -r docker volume rm -f");
    sh("docker images --format '{{.Repository}}:{{.Tag}}' | grep '^" + p +
       "' | xargs -r docker rmi -f");
  }
  /// A name for something this test makes.
  std::string name(const std::string& what) const { return prefix_ + "-" + what; }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

// The busybox image's build context: busybox itself and a page for httpd to serve.
void write_context(const TempDir& dir, const std::string& page) {
  std::filesystem::copy_file(kBusybox, dir / "busybox");
  std::ofstream(dir / "index.html") << page;
  std::ofstream(dir / "Dockerfile") << "FROM scratch\n"
                                       "COPY busybox /bin/busybox\n"
                                       "COPY index.html /www/index.html\n";
}

// The plugin, configured with the default host (or `host`).
class Docker {
 public:
  explicit Docker(const json& host = nullptr)
      : plugin_(Plugin::start(bin_dir() / "infra-provider-docker", "docker")) {
    plugin_->call("configure", {{"config", {{"host", host}}}});
  }

  json plan(const std::string& type, const json& prior, const json& proposed) {
    return plugin_->call("plan", {{"type", type},
                                  {"prior_state", prior},
                                  {"proposed_state", proposed},
                                  {"unknown", json::array()}});
  }

  json apply(const std::string& type, const json& prior, const json& planned) {
    json applied = plugin_->call("apply", {{"type", type},
                                           {"prior_state", prior},
                                           {"planned_state", planned["planned_state"]},
                                           {"unknown", planned["unknown"]}});
    INFO(applied.dump());
    REQUIRE(applied["diagnostics"] == json::array());
    return applied["new_state"];
  }

  // Plans and applies going from `prior` to `proposed` (null prior: create).
  json change(const std::string& type, const json& prior, const json& proposed) {
    json p = plan(type, prior, proposed);
    INFO(p.dump());
    REQUIRE(p["diagnostics"] == json::array());
    return apply(type, prior, p);
  }

  json create(const std::string& type, const json& config) { return change(type, nullptr, config); }

  void destroy(const std::string& type, const json& prior) {
    plugin_->call("apply", {{"type", type},
                            {"prior_state", prior},
                            {"planned_state", nullptr},
                            {"unknown", json::array()}});
  }

  // The message of the error that applying the plan `planned` of a new object fails with.
  std::string apply_error(const std::string& type, const json& planned) {
    try {
      plugin_->call("apply", {{"type", type},
                              {"prior_state", nullptr},
                              {"planned_state", planned["planned_state"]},
                              {"unknown", planned["unknown"]}});
    } catch (const ProviderError& e) {
      return e.what();
    }
    return "(no error)";
  }

  json read(const std::string& type, const json& state) {
    return plugin_->call("read", {{"type", type}, {"state", state}})["state"];
  }

  json import(const std::string& type, const std::string& id) {
    return plugin_->call("import", {{"type", type}, {"id", id}})["state"];
  }

  json read_data(const std::string& type, const json& config) {
    return plugin_->call("read_data", {{"type", type}, {"config", config}})["state"];
  }

  Plugin& plugin() { return *plugin_; }

 private:
  std::unique_ptr<Plugin> plugin_;
};

// `state` with `changes` applied: what the host proposes when the configuration changes.
json with(json state, const json& changes) {
  for (const auto& [key, value] : changes.items()) state[key] = value;
  return state;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string inspect(const std::string& what, const std::string& format) {
  return trimmed(sh("docker inspect --format '" + format + "' " + what).out);
}

bool exists(const std::string& kind, const std::string& name) {
  return sh("docker " + kind + " inspect " + name).code == 0;
}

// Builds the busybox image called `name` from a fresh context.
json build_image(Docker& docker, const TempDir& context, const std::string& name) {
  write_context(context, "hello from " + name + "\n");
  return docker.create("docker_image",
                       {{"name", name}, {"build", {{"context", context.path().string()}}}});
}

json httpd_config(const std::string& name, const std::string& image, const std::string& network,
                  const std::string& alias) {
  return {{"name", name},
          {"image", image},
          {"command", {"/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"}},
          {"env", {"COLOR=blue"}},
          {"networks_advanced", {{{"name", network}, {"aliases", {alias}}}}}};
}

// Output of a container that fetches http://HOST:8080/ from `network`, made with the
// provider, run to its end, then removed.
std::string fetch_over(Docker& docker, const Cleaner& cleaner, const std::string& image,
                       const std::string& network, const std::string& host) {
  json client = docker.create(
      "docker_container",
      {{"name", cleaner.name("client")},
       {"image", image},
       {"must_run", false},
       {"command", {"/bin/busybox", "wget", "-qO-", "http://" + host + ":8080/"}},
       {"networks_advanced", {{{"name", network}}}}});
  sh("docker wait " + cleaner.name("client"));
  std::string out = sh("docker logs " + cleaner.name("client")).out;
  docker.destroy("docker_container", client);
  return out;
}

}  // namespace

TEST_CASE("docker_image: built from a context, a changed context replaces it, destroy removes it") {
  require_docker();
  Cleaner cleaner;
  Docker docker;
  TempDir context;
  const std::string name = cleaner.name("img") + ":1";
  json image = build_image(docker, context, name);
  CHECK(image["image_id"] == inspect(name, "{{.Id}}"));
  CHECK(image["id"] == image["image_id"]);
  CHECK(image["keep_locally"] == false);
  CHECK(image["context_sha256"].get<std::string>().size() == 64);

  // Unchanged: nothing to replace; read finds it.
  json same = docker.plan("docker_image", image, image);
  CHECK(same["requires_replace"] == json::array());
  CHECK(same["planned_state"] == image);
  CHECK(docker.read("docker_image", image) == image);

  // A file of the context changed: a rebuild, planned as a replacement.
  std::ofstream(context / "index.html") << "changed\n";
  json changed = docker.plan("docker_image", image, image);
  CHECK(changed["requires_replace"] == json::array({json::array({"context_sha256"})}));
  CHECK(changed["planned_state"]["context_sha256"] != image["context_sha256"]);
  CHECK(changed["planned_state"]["image_id"].is_null());

  // Import by name; the data source finds it by name too.
  json imported = docker.import("docker_image", name);
  CHECK(imported["image_id"] == image["image_id"]);
  CHECK(imported["name"] == name);
  CHECK(docker.read_data("docker_image", {{"name", name}})["id"] == image["image_id"]);

  docker.destroy("docker_image", image);
  CHECK_FALSE(exists("image", name));
  CHECK(docker.read("docker_image", image).is_null());
}

TEST_CASE("docker_image: keep_locally keeps the image, a failed build gives the engine's message") {
  require_docker();
  Cleaner cleaner;
  Docker docker;
  TempDir context;
  write_context(context, "kept\n");
  const std::string name = cleaner.name("kept") + ":1";
  json image = docker.create("docker_image", {{"name", name},
                                               {"keep_locally", true},
                                               {"build", {{"context", context.path().string()}}}});
  docker.destroy("docker_image", image);
  CHECK(exists("image", name));

  TempDir broken;
  std::ofstream(broken / "Dockerfile") << "FROM scratch\nCOPY missing.txt /\n";
  json p = docker.plan("docker_image", nullptr,
                       {{"name", cleaner.name("broken")},
                        {"build", {{"context", broken.path().string()}}}});
  std::string message = docker.apply_error("docker_image", p);
  INFO(message);
  CHECK(contains(message, "building image \"" + cleaner.name("broken") + "\""));
  CHECK(contains(message, "missing.txt"));
  CHECK(contains(message, "(at build)"));
}

TEST_CASE("docker_network and docker_volume: create, read, drift, import, data source, destroy") {
  require_docker();
  Cleaner cleaner;
  Docker docker;
  json network = docker.create(
      "docker_network",
      {{"name", cleaner.name("net")},
       {"internal", true},
       {"labels", {{"team", "infra"}}},
       {"ipam_config", {{{"subnet", "10.231.7.0/24"}, {"gateway", "10.231.7.1"}}}}});
  CHECK(network["driver"] == "bridge");
  CHECK(network["id"] == inspect(cleaner.name("net"), "{{.Id}}"));
  CHECK(inspect(cleaner.name("net"), "{{.Internal}}") == "true");
  CHECK(inspect(cleaner.name("net"), "{{range .IPAM.Config}}{{.Subnet}}{{end}}") ==
        "10.231.7.0/24");
  CHECK(inspect(cleaner.name("net"), "{{.Labels.team}}") == "infra");
  CHECK(docker.read("docker_network", network) == network);
  CHECK(docker.plan("docker_network", network, network)["planned_state"] == network);

  json data = docker.read_data("docker_network", {{"name", cleaner.name("net")}});
  CHECK(data["id"] == network["id"]);
  CHECK(data["driver"] == "bridge");
  CHECK(data["scope"] == "local");

  json imported = docker.import("docker_network", cleaner.name("net"));
  CHECK(imported["id"] == network["id"]);
  CHECK(imported["internal"] == true);
  CHECK(imported["labels"] == json({{"team", "infra"}}));

  // Made with the docker client, the Engine choosing its pool: a configuration without
  // ipam_config keeps that pool, and plans no replacement.
  REQUIRE(sh("docker network create " + cleaner.name("plain")).code == 0);
  json plain = docker.import("docker_network", cleaner.name("plain"));
  REQUIRE(plain["ipam_config"].size() == 1);
  CHECK(plain["ipam_config"][0]["subnet"] ==
        inspect(cleaner.name("plain"), "{{range .IPAM.Config}}{{.Subnet}}{{end}}"));
  json unpooled = docker.plan("docker_network", plain,
                              with(plain, {{"ipam_config", json::array()}}));
  CHECK(unpooled["requires_replace"] == json::array());
  CHECK(unpooled["planned_state"] == plain);

  // A changed argument replaces the network.
  json relabeled =
      docker.plan("docker_network", network, with(network, {{"labels", {{"team", "ops"}}}}));
  CHECK(relabeled["requires_replace"] == json::array({json::array({"labels"})}));

  // Removed outside: gone from the state.
  REQUIRE(sh("docker network rm " + cleaner.name("net")).code == 0);
  CHECK(docker.read("docker_network", network).is_null());
  docker.destroy("docker_network", network);  // already gone: no error

  json volume =
      docker.create("docker_volume", {{"name", cleaner.name("vol")}, {"labels", {{"a", "b"}}}});
  CHECK(volume["driver"] == "local");
  CHECK(volume["id"] == cleaner.name("vol"));
  CHECK(volume["mountpoint"] == inspect(cleaner.name("vol"), "{{.Mountpoint}}"));
  CHECK(docker.read("docker_volume", volume) == volume);
  CHECK(docker.import("docker_volume", cleaner.name("vol")) == volume);
  docker.destroy("docker_volume", volume);
  CHECK_FALSE(exists("volume", cleaner.name("vol")));
  CHECK(docker.read("docker_volume", volume).is_null());
}

TEST_CASE("docker_container: httpd reached by alias, updated in place, replaced, drift, destroy") {
  require_docker();
  Cleaner cleaner;
  Docker docker;
  TempDir context;
  json image = build_image(docker, context, cleaner.name("web") + ":1");
  const std::string image_id = image["image_id"];
  json network = docker.create("docker_network", {{"name", cleaner.name("net")}});
  const std::string web = cleaner.name("web");

  json config = httpd_config(web, image_id, cleaner.name("net"), "web");
  config["ports"] = {{{"internal", 8080}}};
  const json probe = {"CMD", "/bin/busybox", "wget", "-qO-", "http://127.0.0.1:8080/"};
  config["healthcheck"] = {{"test", probe},
                           {"interval", "1s"},
                           {"retries", 30}};
  config["wait"] = true;
  json planned = docker.plan("docker_container", nullptr, config);
  CHECK(planned["planned_state"]["restart"] == "no");
  CHECK(planned["planned_state"]["ports"][0]["protocol"] == "tcp");
  CHECK(planned["unknown"].size() > 0);
  json c = docker.apply("docker_container", nullptr, planned);
  CHECK(c["id"] == inspect(web, "{{.Id}}"));
  CHECK(c["running"] == true);
  CHECK(inspect(web, "{{.State.Health.Status}}") == "healthy");
  CHECK(contains(inspect(web, "{{json .Config.Env}}"), R"("COLOR=blue")"));
  CHECK(c["ip_address"] ==
        inspect(web, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}"));
  CHECK(c["network_data"][0]["network_name"] == cleaner.name("net"));
  // No external port configured: the engine picked one, and the state keeps the argument.
  CHECK(c["ports"][0]["external"].is_null());
  CHECK_FALSE(
      inspect(web, "{{(index (index .NetworkSettings.Ports \"8080/tcp\") 0).HostPort}}").empty());
  CHECK(docker.read("docker_container", c) == c);

  // Another container reaches it by its alias over the network.
  CHECK(fetch_over(docker, cleaner, image_id, cleaner.name("net"), "web") ==
        "hello from " + cleaner.name("web") + ":1\n");

  // Restart policy and memory: in place, the same container.
  json updated_config = with(c, {{"restart", "unless-stopped"}, {"memory", 64}});
  json update_plan = docker.plan("docker_container", c, updated_config);
  CHECK(update_plan["requires_replace"] == json::array());
  json updated = docker.apply("docker_container", c, update_plan);
  CHECK(updated["id"] == c["id"]);
  CHECK(inspect(web, "{{.HostConfig.RestartPolicy.Name}}") == "unless-stopped");
  CHECK(inspect(web, "{{.HostConfig.Memory}}") == std::to_string(64 * 1024 * 1024));
  CHECK(docker.read("docker_container", updated) == updated);

  // Changed outside with the docker CLI: the restart policy is read back as drift.
  REQUIRE(sh("docker update --restart always " + web).code == 0);
  CHECK(docker.read("docker_container", updated)["restart"] == "always");

  // A new env: replaced (destroy, then create a new container).
  json env_plan =
      docker.plan("docker_container", updated, with(updated, {{"env", {"COLOR=green"}}}));
  CHECK(env_plan["requires_replace"] == json::array({json::array({"env"})}));
  docker.destroy("docker_container", updated);
  CHECK_FALSE(exists("container", web));
  json replaced = docker.apply("docker_container", nullptr,
                               docker.plan("docker_container", nullptr, env_plan["planned_state"]));
  CHECK(replaced["id"] != c["id"]);
  CHECK(contains(inspect(web, "{{json .Config.Env}}"), R"("COLOR=green")"));
  CHECK_FALSE(contains(inspect(web, "{{json .Config.Env}}"), "COLOR=blue"));

  // Stopped outside: must_run plans a replacement.
  REQUIRE(sh("docker stop -t 1 " + web).code == 0);
  json stopped = docker.read("docker_container", replaced);
  CHECK(stopped["running"] == false);
  CHECK(stopped["exit_code"].is_number());
  // The host proposes the prior computed values: running is false there.
  json restart_plan = docker.plan("docker_container", stopped, stopped);
  CHECK(restart_plan["requires_replace"] == json::array({json::array({"running"})}));

  // Removed outside: gone.
  REQUIRE(sh("docker rm -f " + web).code == 0);
  CHECK(docker.read("docker_container", stopped).is_null());

  docker.destroy("docker_network", network);
  CHECK_FALSE(exists("network", cleaner.name("net")));
  docker.destroy("docker_image", image);
  CHECK_FALSE(exists("image", cleaner.name("web") + ":1"));
}

TEST_CASE("docker_container: import of a container made with docker run") {
  require_docker();
  Cleaner cleaner;
  Docker docker;
  TempDir context;
  const std::string image = cleaner.name("img") + ":1";
  build_image(docker, context, image);
  REQUIRE(sh("docker network create " + cleaner.name("net")).code == 0);
  REQUIRE(sh("docker volume create " + cleaner.name("vol")).code == 0);
  const std::string name = cleaner.name("run");
  Shell run = sh("docker run -d --name " + name + " --network " + cleaner.name("net") +
                 " --network-alias api -e MODE=test --restart on-failure:3 -p 127.0.0.1::8080 " +
                 "--health-cmd 'wget -q http://127.0.0.1:8080/' --health-interval 90s -v " +
                 cleaner.name("vol") + ":/data " + image +
                 " /bin/busybox httpd -f -p 8080 -h /www");
  REQUIRE(run.code == 0);
  const std::string id = trimmed(run.out);

  json by_name = docker.import("docker_container", name);
  CHECK(by_name["id"] == id);
  CHECK(by_name["name"] == name);
  CHECK(by_name["image"] == image);
  CHECK(by_name["command"] == json({"/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"}));
  CHECK(by_name["env"] == json({"MODE=test"}));
  CHECK(by_name["restart"] == "on-failure");
  CHECK(by_name["max_retry_count"] == 3);
  CHECK(by_name["ports"].size() == 1);
  CHECK(by_name["ports"][0]["internal"] == 8080);
  CHECK(by_name["ports"][0]["ip"] == "127.0.0.1");
  CHECK(by_name["ports"][0]["external"].is_null());
  CHECK(by_name["volumes"] == json::array({{{"container_path", "/data"},
                                             {"host_path", nullptr},
                                             {"volume_name", cleaner.name("vol")},
                                             {"read_only", false}}}));
  CHECK(by_name["networks_advanced"] ==
        json::array({{{"name", cleaner.name("net")}, {"aliases", {"api"}}}}));
  CHECK(by_name["healthcheck"] == json({{"test", {"CMD-SHELL", "wget -q http://127.0.0.1:8080/"}},
                                        {"interval", "1m30s"},
                                        {"timeout", nullptr},
                                        {"start_period", nullptr},
                                        {"retries", nullptr}}));
  CHECK(by_name["running"] == true);
  CHECK(by_name["must_run"] == true);

  // By ID, the same; the imported state reads back unchanged and plans no change.
  CHECK(docker.import("docker_container", id.substr(0, 12)) == by_name);
  CHECK(docker.read("docker_container", by_name) == by_name);
  json p = docker.plan("docker_container", by_name, by_name);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == by_name);

  docker.destroy("docker_container", by_name);
  CHECK_FALSE(exists("container", name));

  std::string missing = error_of([&] { docker.import("docker_container", cleaner.name("none")); });
  CHECK(contains(missing, "no container named or with the ID \"" + cleaner.name("none") + "\""));
}

TEST_CASE("docker errors: the engine's message at the attribute, an unreachable host named") {
  require_docker();
  Cleaner cleaner;
  Docker docker;
  json p = docker.plan("docker_container", nullptr,
                       {{"name", cleaner.name("c")}, {"image", cleaner.name("no-such-image")}});
  std::string message = docker.apply_error("docker_container", p);
  INFO(message);
  CHECK(contains(message, "creating container \"" + cleaner.name("c") + "\": No such image: " +
                              cleaner.name("no-such-image")));
  CHECK(contains(message, "(at image)"));

  json invalid = docker.plugin().call(
      "validate", {{"type", "docker_container"},
                   {"config", {{"name", "x"}, {"image", "y"}, {"restart", "sometimes"}}},
                   {"unknown", json::array()}})["diagnostics"];
  REQUIRE(invalid.size() == 1);
  CHECK(invalid[0]["path"] == json::array({"restart"}));

  TempDir dir;
  Docker nowhere("unix://" + (dir / "no.sock"));
  std::string unreachable = error_of([&] { nowhere.import("docker_volume", "x"); });
  INFO(unreachable);
  CHECK(contains(unreachable, "cannot reach the Docker Engine at unix://" + (dir / "no.sock")));
}
