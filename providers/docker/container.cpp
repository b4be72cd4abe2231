// docker_container: created, connected to its networks and started; restart policy and
// resource limits change in place (POST /containers/{id}/update), every other argument
// replaces the container. A container stopped or removed outside shows as drift.
#include <chrono>
#include <thread>

#include "providers/docker/attributes.hpp"
#include "providers/docker/container_spec.hpp"
#include "providers/docker/resources.hpp"

namespace infra::providers::docker {

namespace {

// The attributes computed from the engine, unknown until a new container exists.
constexpr const char* kComputed[] = {"id", "ip_address", "network_data", "exit_code", "running"};

std::optional<json> inspect_container(const std::string& name_or_id) {
  return inspect("/containers/" + url_encode(name_or_id) + "/json",
                 "inspecting container " + in_quotes(name_or_id));
}

// The current state of the container `id`, or the PartialApplyError that says it vanished.
json current_state(const json& planned, const std::string& id) {
  auto engine = inspect_container(id);
  if (!engine) {
    throw sdk::Error("container " + in_quotes(string_of(planned, "name")) +
                     " vanished right after it was made");
  }
  return container_state(planned, *engine);
}

// Waits until the container is healthy (or, without a health check, running).
void wait_until_healthy(json& state, const std::string& id, std::int64_t timeout_seconds) {
  const std::string name = in_quotes(string_of(state, "name"));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  std::string last = "starting";
  while (true) {
    auto engine = inspect_container(id);
    if (!engine) throw sdk::Error("container " + name + " vanished while starting");
    state = container_state(state, *engine);
    const json& status = engine->value("State", json::object());
    if (!bool_of(status, "Running", false)) {
      throw sdk::PartialApplyError("container " + name + " exited (code " +
                                       std::to_string(int_of(status, "ExitCode", 0)) +
                                       ") before it became healthy",
                                   state, json::array({"wait"}));
    }
    const json& health = status.value("Health", json());
    if (!health.is_object()) return;
    last = string_of(health, "Status");
    if (last == "healthy") return;
    if (last == "unhealthy") {
      throw sdk::PartialApplyError("container " + name + " is unhealthy", state,
                                   json::array({"healthcheck"}));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      throw sdk::PartialApplyError("container " + name + " was not healthy within " +
                                       std::to_string(timeout_seconds) + "s (health: " + last + ")",
                                   state, json::array({"wait_timeout"}));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

void start(const std::string& id, const std::string& name, const json& state) {
  Response r = request("POST", "/containers/" + id + "/start");
  if (!r.ok() && r.status != 304) {
    throw sdk::PartialApplyError("starting container " + in_quotes(name) + ": " + r.message(),
                                 state);
  }
}

// Starts the container and, as the arguments ask, checks that it runs or waits for it.
json run(json state, const std::string& id) {
  const std::string name = string_of(state, "name");
  start(id, name, state);
  state = current_state(state, id);
  if (bool_of(state, "wait", false)) {
    wait_until_healthy(state, id, int_of(state, "wait_timeout", 60));
  } else if (bool_of(state, "must_run", true) && !bool_of(state, "running", false)) {
    throw sdk::PartialApplyError("container " + in_quotes(name) +
                                     " stopped right after it started (exit code " +
                                     state.value("exit_code", json()).dump() + ")",
                                 state, json::array({"must_run"}));
  }
  return state;
}

std::vector<sdk::Diagnostic> validate(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  const json& check = config.value("healthcheck", json());
  if (check.is_object()) {
    for (const char* name : {"interval", "timeout", "start_period"}) {
      json path = json::array({"healthcheck", name});
      std::string text = string_of(check, name);
      if (text.empty() || has_path(unknown, path)) continue;
      try {
        parse_duration(text, path);
      } catch (const sdk::Error& e) {
        out.push_back({"error", "invalid healthcheck " + std::string(name), e.what(), path});
      }
    }
  }
  std::string restart = string_of(config, "restart", "no");
  if (restart != "no" && restart != "always" && restart != "unless-stopped" &&
      restart != "on-failure") {
    out.push_back({"error", "invalid restart",
                   "expected \"no\", \"on-failure\", \"always\" or \"unless-stopped\", got " +
                       in_quotes(restart),
                   json::array({"restart"})});
  }
  return out;
}

const std::vector<Default> kDefaults = {
    {"", "restart", "no"},          {"", "must_run", true},
    {"", "wait", false},            {"", "wait_timeout", 60},
    {"ports", "ip", "0.0.0.0"},     {"ports", "protocol", "tcp"},
    {"mounts", "type", "volume"}};

void plan(sdk::Plan& plan) {
  if (plan.planned.is_null()) return;
  fill_defaults(plan, kDefaults);
  // A container that must run but stopped outside is started afresh: replaced.
  bool must_run = plan.planned.value("must_run", json(true)) == json(true);
  if (!plan.creating() && must_run && plan.prior.value("running", json(true)) == json(false)) {
    plan.set_known("running", true);
    add_path(plan.requires_replace, json::array({"running"}));
  }
  if (plan.creates_new_object()) {
    for (const char* name : kComputed) plan.set_unknown(name);
    if (must_run) plan.set_known("running", true);
  }
}

json create(const json& planned) {
  const std::string name = string_of(planned, "name");
  Response r = request_json("POST", "/containers/create?name=" + url_encode(name),
                            create_body(planned));
  if (!r.ok()) {
    std::string message = r.message();
    json path = r.status == 404 && message.find("image") != std::string::npos
                    ? json::array({"image"})
                : r.status == 409 ? json::array({"name"})
                : message.find("network") != std::string::npos ? json::array({"networks_advanced"})
                                                               : json::array();
    throw sdk::Error("creating container " + in_quotes(name) + ": " + message, path);
  }
  const std::string id = string_of(r.parsed(), "Id");
  json state = planned;
  state["id"] = id;
  json networks = array_of(planned, "networks_advanced");
  for (size_t i = 1; i < networks.size(); ++i) {
    std::string network = string_of(networks[i], "name");
    json body = {{"Container", id},
                 {"EndpointConfig", {{"Aliases", array_of(networks[i], "aliases")}}}};
    Response c = request_json("POST", "/networks/" + url_encode(network) + "/connect", body);
    if (!c.ok()) {
      throw sdk::PartialApplyError("connecting container " + in_quotes(name) + " to network " +
                                       in_quotes(network) + ": " + c.message(),
                                   current_state(planned, id),
                                   json::array({"networks_advanced", i, "name"}));
    }
  }
  return run(current_state(planned, id), id);
}

json read(const json& prior) {
  auto engine = inspect_container(string_of(prior, "id", string_of(prior, "name")));
  return engine ? container_state(prior, *engine) : json();
}

json update(const json& prior, const json& planned) {
  const std::string id = string_of(prior, "id");
  const std::string name = string_of(planned, "name");
  Response r = request_json("POST", "/containers/" + id + "/update", update_body(planned));
  expect_ok(r, "updating container " + in_quotes(name));
  json state = current_state(planned, id);
  if (bool_of(planned, "must_run", true) && !bool_of(state, "running", false)) {
    state = run(state, id);
  }
  return state;
}

void destroy(const json& prior) {
  const std::string id = string_of(prior, "id", string_of(prior, "name"));
  delete_object("/containers/" + url_encode(id) + "?force=1&v=1",
         "removing container " + in_quotes(string_of(prior, "name")));
}

json import(const std::string& id) {
  auto engine = inspect_container(id);
  if (!engine) throw sdk::Error("no container named or with the ID " + in_quotes(id));
  std::string image_id = string_of(*engine, "Image");
  auto image = inspect("/images/" + image_id + "/json", "inspecting image " + in_quotes(image_id));
  return imported_state(*engine, image ? *image : json::object());
}

BlockType block(std::string name, std::string description, std::vector<Attribute> attributes,
                Nesting nesting = Nesting::List) {
  BlockType b;
  b.name = std::move(name);
  b.description = std::move(description);
  b.attributes = std::move(attributes);
  b.nesting = nesting;
  if (nesting == Nesting::Single) b.max_items = 1;
  return b;
}

ResourceSchema container_schema() {
  ResourceSchema s;
  s.description = "A container of the Docker Engine, started when it is created.";
  s.attributes = {
      required_arg("name", "string", "The container's name."),
      required_arg("image", "string", "The image to run: a name, or an image ID."),
      optional_arg("command", "list(string)", "The command, instead of the image's CMD."),
      optional_arg("entrypoint", "list(string)", "The entrypoint, instead of the image's."),
      optional_arg("env", "set(string)", "Environment variables as \"NAME=value\"."),
      optional_arg("labels", "map(string)", "Labels of the container."),
      optional_arg("hostname", "string", "The container's host name."),
      optional_arg("working_dir", "string", "The working directory of the command."),
      optional_arg("user", "string", "The user the command runs as (name or uid[:gid])."),
      defaulted_arg("restart", "string",
                    "Restart policy: \"no\" (default), \"on-failure\", \"always\" or "
                    "\"unless-stopped\". Changed in place.",
                    true),
      optional_arg("max_retry_count", "number", "Restarts at most, with \"on-failure\".", true),
      optional_arg("memory", "number", "Memory limit in MiB. Changed in place.", true),
      optional_arg("memory_swap", "number",
                   "Memory plus swap limit in MiB (-1: unlimited). Changed in place.", true),
      optional_arg("cpu_shares", "number", "Relative CPU weight. Changed in place.", true),
      defaulted_arg("must_run", "bool",
                    "Whether the container must be running; a stopped one is then replaced. "
                    "Default true.",
                    true),
      defaulted_arg("wait", "bool", "Whether apply waits until the container is healthy.", true),
      defaulted_arg("wait_timeout", "number", "Seconds `wait` waits at most; default 60.", true),
      computed_attr("id", "string", "The container ID."),
      computed_attr("ip_address", "string", "The container's address on its first network."),
      computed_attr("network_data", "any",
                    "One object per network: network_name, ip_address, ip_prefix_length, "
                    "gateway, mac_address."),
      computed_attr("exit_code", "number", "The exit code once stopped; null while running."),
      computed_attr("running", "bool", "Whether the container runs."),
  };
  s.blocks = {
      block("ports", "A published port.",
            {required_arg("internal", "number", "The port inside the container."),
             optional_arg("external", "number", "The host port; the engine picks one if unset."),
             defaulted_arg("ip", "string", "The host address to bind; default \"0.0.0.0\"."),
             defaulted_arg("protocol", "string", "\"tcp\" (default) or \"udp\".")}),
      block("mounts", "A mount: a volume, a host directory (bind) or a tmpfs.",
            {required_arg("target", "string", "The path inside the container."),
             optional_arg("source", "string", "The volume name or host path."),
             defaulted_arg("type", "string", "\"volume\" (default), \"bind\" or \"tmpfs\"."),
             optional_arg("read_only", "bool", "Whether the mount is read-only.")}),
      block("volumes", "A volume or host path, as `docker run -v` takes it.",
            {required_arg("container_path", "string", "The path inside the container."),
             optional_arg("host_path", "string", "A host directory to mount."),
             optional_arg("volume_name", "string", "A named volume to mount."),
             optional_arg("read_only", "bool", "Whether the mount is read-only.")}),
      block("networks_advanced", "A network to attach the container to.",
            {required_arg("name", "string", "The network's name or ID."),
             optional_arg("aliases", "set(string)", "Names of the container on that network.")}),
      block("healthcheck", "How the engine checks that the container is healthy.",
            {required_arg("test", "list(string)",
                          "The check, such as [\"CMD\", \"wget\", \"-q\", \"http://localhost/\"]."),
             optional_arg("interval", "string", "Time between checks, such as \"10s\"."),
             optional_arg("timeout", "string", "Time a check may take."),
             optional_arg("start_period", "string", "Grace time after start."),
             optional_arg("retries", "number", "Failures before unhealthy.")},
            Nesting::Single),
  };
  return s;
}

}  // namespace

sdk::Resource container_resource() {
  sdk::Resource r;
  r.schema = container_schema();
  declare_defaults(r.schema, kDefaults);
  r.validate = validate;
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.update = update;
  r.destroy = destroy;
  r.import = import;
  return r;
}

}  // namespace infra::providers::docker
