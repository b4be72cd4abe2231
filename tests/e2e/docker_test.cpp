// End to end: the docker provider through the real binary against this machine's Docker
// Engine: an image built from a context, a network, a volume and a blue/green pair of one
// service applied; a second plan with nothing to do; a new env for one of the pair replaces
// only that one; destroy removes everything. Skipped (77) without a Docker socket or
// busybox-static; whatever the test made is removed at the end, even on failure.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

// What `command` printed (stdout and stderr), trailing newlines dropped; `ok` its success.
std::string docker_cli(const std::string& command, bool* ok = nullptr) {
  std::string out;
  FILE* pipe = ::popen(("docker " + command + " 2>&1").c_str(), "r");
  if (pipe) {
    char buf[1024];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    int status = ::pclose(pipe);
    if (ok) *ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool present(const std::string& name) {
  bool ok = false;
  docker_cli("inspect " + name, &ok);
  return ok;
}

// Everything named with the test's prefix goes at scope exit: containers first, as the
// networks, volumes and images they use cannot go before them.
struct Leftovers {
  std::string prefix = "infra-e2e-" + std::to_string(::getpid());
  ~Leftovers() {
    const char* listings[][2] = {
        {"ps -a --format '{{.Names}}'", "rm -f"},
        {"network ls --format '{{.Name}}'", "network rm"},
        {"volume ls --format '{{.Name}}'", "volume rm -f"},
        {"images --format '{{.Repository}}:{{.Tag}}'", "rmi -f"},
    };
    for (const auto& [list, remove] : listings) {
      std::string names =
          docker_cli(std::string(list) + " | grep '^" + prefix + "' | tr '\\n' ' '");
      if (!names.empty()) docker_cli(std::string(remove) + " " + names);
    }
  }
};

// One of the blue/green pair: the same service under its own name, env and alias.
std::string service(const std::string& color, const std::string& env) {
  return R"(resource "docker_container" ")" + color + R"(" {
  name    = "PREFIX-)" + color + R"("
  image   = docker_image.app.image_id
  command = ["/bin/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
  env     = [")" + env + R"("]
  restart = "unless-stopped"
  networks_advanced {
    name    = docker_network.app.name
    aliases = ["app", "app-)" + color + R"("]
  }
  mounts {
    target = "/data"
    source = docker_volume.data.name
  }
}
)";
}

std::string config(const std::string& prefix) {
  std::string text = R"(
variable "green_color" {
  type    = string
  default = "green"
}

resource "docker_image" "app" {
  name = "PREFIX-app:1"
  build {
    context = "app"
  }
}

resource "docker_network" "app" {
  name = "PREFIX-net"
}

resource "docker_volume" "data" {
  name = "PREFIX-data"
}

BLUE
GREEN
output "blue_ip" {
  value = docker_container.blue.ip_address
}
)";
  text.replace(text.find("BLUE"), 4, service("blue", "COLOR=blue"));
  text.replace(text.find("GREEN"), 5, service("green", "COLOR=${var.green_color}"));
  for (size_t at; (at = text.find("PREFIX")) != std::string::npos;) text.replace(at, 6, prefix);
  return text;
}

// Skips the test (77) on a machine without a Docker Engine or the static busybox.
void require_docker() {
  if (!std::filesystem::exists("/var/run/docker.sock") ||
      !std::filesystem::exists("/bin/busybox")) {
    std::cerr << "SKIPPED: the docker provider is not tested end to end: no Docker socket or no "
                 "/bin/busybox (busybox-static)\n";
    std::exit(77);
  }
}

}  // namespace

TEST_CASE("docker: image, network, volume and a blue/green pair applied, one replaced, destroyed") {
  require_docker();
  Leftovers leftovers;
  const std::string p = leftovers.prefix;
  Scratch dir;
  dir.write("main.infra", config(p));
  dir.write("app/Dockerfile", "FROM scratch\nCOPY busybox /bin/busybox\nCOPY www /www\n");
  dir.write("app/www/index.html", "blue or green\n");
  std::filesystem::copy_file("/bin/busybox", dir.path() / "app/busybox");
  REQUIRE(run_infra(dir.path(), {"init", "-no-color"}).code == 0);

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Apply complete! Resources: 5 added, 0 changed, 0 destroyed."));
  const std::string blue_id = docker_cli("inspect --format '{{.Id}}' " + p + "-blue");
  const std::string green_id = docker_cli("inspect --format '{{.Id}}' " + p + "-green");
  CHECK(docker_cli("inspect --format '{{.State.Running}}' " + p + "-blue") == "true");
  CHECK(docker_cli("inspect --format '{{.State.Running}}' " + p + "-green") == "true");
  CHECK(docker_cli("inspect --format '{{.HostConfig.RestartPolicy.Name}}' " + p + "-green") ==
        "unless-stopped");
  CHECK(docker_cli("inspect --format '{{range .Mounts}}{{.Name}}{{end}}' " + p + "-blue") ==
        p + "-data");
  const std::string green_networks =
      docker_cli("inspect --format '{{json .NetworkSettings.Networks}}' " + p + "-green");
  CHECK(contains(green_networks, "\"app-green\""));
  Result ip = run_infra(dir.path(), {"output", "-raw", "blue_ip"});
  CHECK(ip.out == docker_cli("inspect --format "
                             "'{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' " +
                             p + "-blue"));
  // The pair serves the page under the shared alias.
  CHECK(docker_cli("exec " + p + "-blue /bin/busybox wget -qO- http://app-green:8080/") ==
        "blue or green");

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  Result teal = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color", "-var",
                                       "green_color=teal"});
  INFO(teal.all());
  REQUIRE(teal.code == 0);
  CHECK(contains(teal.out, "# docker_container.green must be replaced"));
  CHECK_FALSE(contains(teal.out, "# docker_container.blue"));
  CHECK(contains(teal.out, "Apply complete! Resources: 1 added, 0 changed, 1 destroyed."));
  CHECK(docker_cli("inspect --format '{{.Id}}' " + p + "-blue") == blue_id);
  CHECK(docker_cli("inspect --format '{{.Id}}' " + p + "-green") != green_id);
  CHECK(contains(docker_cli("inspect --format '{{json .Config.Env}}' " + p + "-green"),
                 "\"COLOR=teal\""));

  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color", "-var",
                                          "green_color=teal"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  CHECK(contains(destroy.out, "5 destroyed"));
  for (const char* name : {"-blue", "-green", "-net", "-data", "-app:1"}) {
    INFO(name);
    CHECK_FALSE(present(p + name));
  }
}

// Adoption (issue: import): a network, volumes and a container made with the docker client
// are imported by `infra import`, by import blocks with for_each, and by import blocks whose
// configuration infra writes; each plan after is empty, and a later change to the generated
// configuration updates the adopted container in place.
TEST_CASE("docker: objects made with the docker client imported both ways, config generated") {
  require_docker();
  Leftovers leftovers;
  const std::string p = leftovers.prefix + "-adopt";
  Scratch dir;
  dir.write("app/Dockerfile", "FROM scratch\nCOPY busybox /bin/busybox\n");
  std::filesystem::copy_file("/bin/busybox", dir.path() / "app/busybox");
  bool ok = false;
  INFO(docker_cli("build -q -t " + p + "-app:1 " + (dir.path() / "app").string(), &ok));
  REQUIRE(ok);
  docker_cli("network create " + p + "-net", &ok);
  REQUIRE(ok);
  for (const char* volume : {"-data", "-a", "-b"}) {
    docker_cli("volume create --label team=web " + p + volume, &ok);
    REQUIRE(ok);
  }
  const std::string run = "run -d --name " + p + "-web --network " + p +
                          "-net --network-alias web -v " + p +
                          "-data:/data --restart on-failure:3 -e MODE=adopted " + p +
                          "-app:1 /bin/busybox httpd -f -p 8080";
  INFO(docker_cli(run, &ok));
  REQUIRE(ok);
  const std::string web_id = docker_cli("inspect --format '{{.Id}}' " + p + "-web");

  // `infra import` into a resource block written by hand.
  std::string by_hand = R"(resource "docker_network" "net" {
  name = "PREFIX-net"
}

resource "docker_volume" "extra" {
  for_each = toset(["a", "b"])
  name     = "PREFIX-${each.key}"
  labels   = { team = "web" }
}

import {
  for_each = toset(["a", "b"])
  to       = docker_volume.extra[each.key]
  id       = "PREFIX-${each.key}"
}

)";
  // Adopted by import blocks whose resource blocks infra is to write.
  std::string to_generate = R"(
import {
  to = docker_volume.data
  id = "PREFIX-data"
}

import {
  to = docker_container.web
  id = "PREFIX-web"
}
)";
  for (std::string* text : {&by_hand, &to_generate}) {
    for (size_t at; (at = text->find("PREFIX")) != std::string::npos;) text->replace(at, 6, p);
  }
  dir.write("main.infra", by_hand);
  REQUIRE(run_infra(dir.path(), {"init", "-no-color"}).code == 0);
  Result imported = run_infra(dir.path(), {"import", "-no-color", "docker_network.net", p + "-net"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  CHECK(contains(imported.out, "Import successful!"));

  // The container and the data volume have no resource block yet: infra writes them.
  dir.write("main.infra", by_hand + to_generate);
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-generate-config-out=adopted.infra"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "# docker_container.web will be imported"));
  CHECK(contains(plan.out, "# docker_volume.extra[\"a\"] will be imported"));
  CHECK(contains(plan.out, "Plan: 4 to import, 0 to add, 0 to change, 0 to destroy."));
  const std::string generated = dir.read("adopted.infra");
  INFO(generated);
  CHECK(contains(generated, "resource \"docker_container\" \"web\" {"));
  CHECK(contains(generated, "resource \"docker_volume\" \"data\" {"));
  CHECK(contains(generated, "\"" + p + "-net\""));
  CHECK(contains(generated, "MODE=adopted"));

  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);
  CHECK(contains(apply.out, "Apply complete! Resources: 4 imported, 0 added, 0 changed, 0 destroyed."));
  CHECK(docker_cli("inspect --format '{{.Id}}' " + p + "-web") == web_id);
  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // The generated container names its network and volume literally; written as references
  // (so that destroy removes the container first), they plan no change either.
  std::string changed = std::regex_replace(
      generated, std::regex("(name +)= \"" + p + "-net\""), "$1= docker_network.net.name");
  changed = std::regex_replace(changed, std::regex("(volume_name +)= \"" + p + "-data\""),
                               "$1= docker_volume.data.name");
  REQUIRE(changed != generated);
  dir.write("adopted.infra", changed);
  Result linked = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(linked.all());
  CHECK(linked.code == 0);

  // A later change to the adopted container's restart policy: updated in place, not replaced.
  const auto restart = changed.find("\"on-failure\"");
  REQUIRE(restart != std::string::npos);
  changed.replace(restart, 12, "\"always\"");
  dir.write("adopted.infra", changed);
  Result update = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(update.all());
  REQUIRE(update.code == 0);
  CHECK(contains(update.out, "# docker_container.web will be updated in-place"));
  CHECK(contains(update.out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed."));
  CHECK(docker_cli("inspect --format '{{.Id}}' " + p + "-web") == web_id);
  CHECK(docker_cli("inspect --format '{{.HostConfig.RestartPolicy.Name}}' " + p + "-web") ==
        "always");

  Result destroy = run_infra(dir.path(), {"destroy", "-auto-approve", "-no-color"});
  INFO(destroy.all());
  REQUIRE(destroy.code == 0);
  CHECK(contains(destroy.out, "5 destroyed"));
  for (const char* name : {"-web", "-net", "-data", "-a", "-b"}) {
    INFO(name);
    CHECK_FALSE(present(p + name));
  }
}
