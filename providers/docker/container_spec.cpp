// Translations between docker_container attributes and the engine's JSON documents.
#include "providers/docker/container_spec.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "providers/docker/attributes.hpp"

namespace infra::providers::docker {

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
// The PATH the engine gives a container whose image sets none.
constexpr const char* kDefaultPath =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
// The healthcheck block's durations and the engine's names for them (in nanoseconds).
constexpr std::pair<const char*, const char*> kDurations[] = {
    {"interval", "Interval"}, {"timeout", "Timeout"}, {"start_period", "StartPeriod"}};

std::string port_key(const json& port) {
  return std::to_string(int_of(port, "internal", 0)) + "/" + string_of(port, "protocol", "tcp");
}

json port_bindings(const json& ports, json& exposed) {
  json bindings = json::object();
  for (const json& port : ports) {
    std::string key = port_key(port);
    exposed[key] = json::object();
    std::int64_t external = int_of(port, "external", 0);
    bindings[key].push_back({{"HostIp", string_of(port, "ip", "0.0.0.0")},
                             {"HostPort", external ? std::to_string(external) : ""}});
  }
  return bindings;
}

json mounts_of(const json& planned) {
  json out = json::array();
  for (const json& m : array_of(planned, "mounts")) {
    json mount = {{"Type", string_of(m, "type", "volume")},
                  {"Target", string_of(m, "target")},
                  {"ReadOnly", bool_of(m, "read_only", false)}};
    if (!string_of(m, "source").empty()) mount["Source"] = string_of(m, "source");
    out.push_back(mount);
  }
  return out;
}

json binds_of(const json& planned) {
  json out = json::array();
  for (const json& v : array_of(planned, "volumes")) {
    std::string from = string_of(v, "host_path", string_of(v, "volume_name"));
    std::string bind = from.empty() ? string_of(v, "container_path")
                                    : from + ":" + string_of(v, "container_path");
    if (bool_of(v, "read_only", false)) bind += from.empty() ? "" : ":ro";
    out.push_back(bind);
  }
  return out;
}

json healthcheck_of(const json& check) {
  json out = {{"Test", array_of(check, "test")}};
  for (const auto& [name, key] : kDurations) {
    std::string text = string_of(check, name);
    if (!text.empty()) out[key] = parse_duration(text, json::array({"healthcheck", name}));
  }
  if (int_of(check, "retries", 0)) out["Retries"] = int_of(check, "retries", 0);
  return out;
}

void set_if(json& body, const char* key, const json& planned, const char* name) {
  const json& value = planned.value(name, json());
  if (!value.is_null()) body[key] = value;
}

// What the state holds for a number the engine reports as `value`, where 0 means unset.
json limit(const json& prior, const char* name, std::int64_t value) {
  if (value == 0 && prior.value(name, json()).is_null()) return nullptr;
  return value;
}

std::string short_id(const std::string& id) { return id.substr(0, 12); }

json network_data_of(const json& engine) {
  json out = json::array();
  const json& networks = engine.value("NetworkSettings", json::object()).value("Networks", json());
  if (!networks.is_object()) return out;
  for (const auto& [name, n] : networks.items()) {
    out.push_back({{"network_name", name},
                   {"ip_address", string_of(n, "IPAddress")},
                   {"ip_prefix_length", int_of(n, "IPPrefixLen", 0)},
                   {"gateway", string_of(n, "Gateway")},
                   {"mac_address", string_of(n, "MacAddress")}});
  }
  return out;
}

// `list` without the entries of `image_list`: what the container adds to its image's.
json without(const json& list, const json& image_list) {
  json out = json::array();
  for (const json& item : list) {
    if (std::find(image_list.begin(), image_list.end(), item) == image_list.end()) {
      out.push_back(item);
    }
  }
  return out;
}

json unless_same(const json& value, const json& image_value) {
  if (value.is_null() || value == image_value || (value.is_array() && value.empty()) ||
      (value.is_string() && value.get<std::string>().empty())) {
    return nullptr;
  }
  return value;
}

// The health check the container has beyond its image's, in the healthcheck block's shape.
json imported_healthcheck(const json& config, const json& image_config) {
  const json& check = config.value("Healthcheck", json());
  if (!check.is_object() || check == image_config.value("Healthcheck", json())) return nullptr;
  json out = {{"test", array_of(check, "Test")},
              {"retries", check.value("Retries", json())}};
  for (const auto& [name, key] : kDurations) {
    std::int64_t ns = int_of(check, key, 0);
    out[name] = ns ? json(format_duration(ns)) : json();
  }
  return out;
}

}  // namespace

json create_body(const json& planned) {
  json body = {{"Image", string_of(planned, "image")}};
  set_if(body, "Cmd", planned, "command");
  set_if(body, "Entrypoint", planned, "entrypoint");
  set_if(body, "Env", planned, "env");
  set_if(body, "Labels", planned, "labels");
  set_if(body, "Hostname", planned, "hostname");
  set_if(body, "WorkingDir", planned, "working_dir");
  set_if(body, "User", planned, "user");
  json exposed = json::object();
  json host_config = {{"PortBindings", port_bindings(array_of(planned, "ports"), exposed)},
                      {"Mounts", mounts_of(planned)},
                      {"Binds", binds_of(planned)}};
  body["ExposedPorts"] = exposed;
  json limits = update_body(planned);
  for (const auto& [key, value] : limits.items()) host_config[key] = value;
  const json& check = planned.value("healthcheck", json());
  if (check.is_object()) body["Healthcheck"] = healthcheck_of(check);
  json networks = array_of(planned, "networks_advanced");
  if (!networks.empty()) {
    std::string first = string_of(networks[0], "name");
    host_config["NetworkMode"] = first;
    body["NetworkingConfig"] = {
        {"EndpointsConfig", {{first, {{"Aliases", array_of(networks[0], "aliases")}}}}}};
  }
  body["HostConfig"] = host_config;
  return body;
}

json update_body(const json& planned) {
  std::string restart = string_of(planned, "restart", "no");
  json policy = {{"Name", restart}};
  if (restart == "on-failure") policy["MaximumRetryCount"] = int_of(planned, "max_retry_count", 0);
  json body = {{"RestartPolicy", policy}};
  std::int64_t memory = int_of(planned, "memory", 0);
  if (memory) body["Memory"] = memory * kMiB;
  if (std::int64_t swap = int_of(planned, "memory_swap", 0)) {
    body["MemorySwap"] = swap < 0 ? swap : swap * kMiB;
  } else if (memory) {
    // What the engine sets at create when only memory is given; an update must name it, as
    // the engine refuses a memory limit above the swap limit already set.
    body["MemorySwap"] = 2 * memory * kMiB;
  }
  if (std::int64_t shares = int_of(planned, "cpu_shares", 0)) body["CpuShares"] = shares;
  return body;
}

json container_state(const json& prior, const json& engine) {
  json state = prior;
  const json& host_config = engine.value("HostConfig", json::object());
  const json& status = engine.value("State", json::object());
  const json& restart = host_config.value("RestartPolicy", json::object());
  std::string name = string_of(engine, "Name");
  state["id"] = string_of(engine, "Id");
  state["name"] = name.rfind('/', 0) == 0 ? name.substr(1) : name;
  std::string policy = string_of(restart, "Name");
  state["restart"] = policy.empty() ? "no" : policy;
  if (policy == "on-failure" || !state.value("max_retry_count", json()).is_null()) {
    state["max_retry_count"] = int_of(restart, "MaximumRetryCount", 0);
  }
  state["memory"] = limit(prior, "memory", int_of(host_config, "Memory", 0) / kMiB);
  if (!prior.value("memory_swap", json()).is_null()) {
    std::int64_t swap = int_of(host_config, "MemorySwap", 0);
    state["memory_swap"] = swap < 0 ? swap : swap / kMiB;
  }
  state["cpu_shares"] = limit(prior, "cpu_shares", int_of(host_config, "CpuShares", 0));
  bool running = bool_of(status, "Running", false);
  state["running"] = running;
  state["exit_code"] = running ? json() : json(int_of(status, "ExitCode", 0));
  json networks = network_data_of(engine);
  state["network_data"] = networks;
  std::string ip = string_of(engine.value("NetworkSettings", json::object()), "IPAddress");
  if (ip.empty() && !networks.empty()) ip = networks[0]["ip_address"].get<std::string>();
  state["ip_address"] = ip;
  return state;
}

json imported_state(const json& engine, const json& image) {
  const json& config = engine.value("Config", json::object());
  const json& image_config = image.value("Config", json::object());
  const json& host_config = engine.value("HostConfig", json::object());
  std::string id = string_of(engine, "Id");
  json state = {{"image", string_of(config, "Image")},
                {"command",
                 unless_same(config.value("Cmd", json()), image_config.value("Cmd", json()))},
                {"entrypoint", unless_same(config.value("Entrypoint", json()),
                                           image_config.value("Entrypoint", json()))},
                {"env", nullptr},
                {"labels", nullptr},
                {"hostname", unless_same(config.value("Hostname", json()), short_id(id))},
                {"working_dir", unless_same(config.value("WorkingDir", json()),
                                            image_config.value("WorkingDir", json()))},
                {"user",
                 unless_same(config.value("User", json()), image_config.value("User", json()))},
                {"must_run", true},
                {"wait", false},
                {"wait_timeout", 60},
                {"max_retry_count", nullptr},
                {"memory_swap", nullptr},
                {"healthcheck", imported_healthcheck(config, image_config)}};
  json image_env = array_of(image_config, "Env");
  image_env.push_back(kDefaultPath);
  json env = without(array_of(config, "Env"), image_env);
  std::sort(env.begin(), env.end());
  if (!env.empty()) state["env"] = env;
  json labels = json::object();
  json image_labels = map_of(image_config, "Labels");
  json container_labels = map_of(config, "Labels");
  for (const auto& [key, value] : container_labels.items()) {
    if (!image_labels.contains(key) || image_labels[key] != value) labels[key] = value;
  }
  if (!labels.empty()) state["labels"] = labels;
  json ports = json::array();
  json bindings_by_port = map_of(host_config, "PortBindings");
  for (const auto& [key, bindings] : bindings_by_port.items()) {
    size_t slash = key.find('/');
    for (const json& b : bindings) {
      std::string host_port = string_of(b, "HostPort");
      std::string host_ip = string_of(b, "HostIp");
      ports.push_back({{"internal", std::stoll(key.substr(0, slash))},
                       {"external", host_port.empty() ? json() : json(std::stoll(host_port))},
                       {"ip", host_ip.empty() ? "0.0.0.0" : host_ip},
                       {"protocol", slash == std::string::npos ? "tcp" : key.substr(slash + 1)}});
    }
  }
  state["ports"] = ports;
  json mounts = json::array();
  for (const json& m : array_of(host_config, "Mounts")) {
    mounts.push_back({{"type", string_of(m, "Type", "volume")},
                      {"source", m.value("Source", json())},
                      {"target", string_of(m, "Target")},
                      {"read_only", bool_of(m, "ReadOnly", false)}});
  }
  state["mounts"] = mounts;
  json volumes = json::array();
  for (const json& bind : array_of(host_config, "Binds")) {
    std::string text = bind.get<std::string>();
    size_t first = text.find(':');
    size_t second = first == std::string::npos ? first : text.find(':', first + 1);
    std::string from = text.substr(0, first);
    json volume = {{"container_path", text.substr(first + 1, second - first - 1)},
                   {"host_path", from.rfind('/', 0) == 0 ? json(from) : json()},
                   {"volume_name", from.rfind('/', 0) == 0 ? json() : json(from)},
                   {"read_only", second != std::string::npos && text.substr(second + 1) == "ro"}};
    volumes.push_back(volume);
  }
  state["volumes"] = volumes;
  json networks = json::array();
  const json& attached = engine.value("NetworkSettings", json::object()).value("Networks", json());
  if (attached.is_object()) {
    for (const auto& [name, n] : attached.items()) {
      if (name == "bridge" || name == "host" || name == "none") continue;
      json aliases = json::array();
      for (const json& alias : array_of(n, "Aliases")) {
        if (alias != short_id(id)) aliases.push_back(alias);
      }
      std::sort(aliases.begin(), aliases.end());
      networks.push_back({{"name", name}, {"aliases", aliases.empty() ? json() : aliases}});
    }
  }
  state["networks_advanced"] = networks;
  return container_state(state, engine);
}

std::int64_t parse_duration(const std::string& text, const json& path) {
  std::int64_t total = 0;
  size_t i = 0;
  auto fail = [&]() {
    return sdk::Error(
        "invalid duration " + in_quotes(text) + ": expected such as \"30s\", \"1m30s\"", path);
  };
  if (text.empty()) throw fail();
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (start == i) throw fail();
    std::int64_t number = std::stoll(text.substr(start, i - start));
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(unit_start, i - unit_start);
    std::int64_t scale = unit == "h"    ? 3600'000'000'000LL
                         : unit == "m"  ? 60'000'000'000LL
                         : unit == "s"  ? 1'000'000'000LL
                         : unit == "ms" ? 1'000'000LL
                         : unit == "us" ? 1'000LL
                         : unit == "ns" ? 1LL
                                        : 0;
    if (!scale) throw fail();
    total += number * scale;
  }
  return total;
}

std::string format_duration(std::int64_t nanoseconds) {
  if (nanoseconds % 1'000'000'000 != 0) return std::to_string(nanoseconds / 1'000'000) + "ms";
  std::int64_t seconds = nanoseconds / 1'000'000'000;
  std::string out;
  if (seconds >= 3600) out += std::to_string(seconds / 3600) + "h";
  if (seconds % 3600 >= 60) out += std::to_string(seconds % 3600 / 60) + "m";
  if (seconds % 60 || out.empty()) out += std::to_string(seconds % 60) + "s";
  return out;
}

}  // namespace infra::providers::docker
