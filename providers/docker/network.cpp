// docker_network: a network of the Docker Engine (POST /networks/create), every argument
// forcing a new one; and the data source that looks a network up by name.
#include "providers/docker/attributes.hpp"
#include "providers/docker/resources.hpp"

namespace infra::providers::docker {

namespace {

json ipam_of(const json& engine) {
  json out = json::array();
  const json& ipam = engine.value("IPAM", json::object());
  for (const json& c : array_of(ipam, "Config")) {
    out.push_back({{"subnet", string_of(c, "Subnet")},
                   {"ip_range", string_of(c, "IPRange")},
                   {"gateway", string_of(c, "Gateway")}});
  }
  return out;
}

// The state of the network `engine` describes, taking from `prior` what the engine has no
// word for, or fills in itself (the subnet of a network configured without one).
json network_state(const json& prior, const json& engine) {
  json state = prior.is_object() ? prior : json::object();
  state["id"] = string_of(engine, "Id");
  state["name"] = string_of(engine, "Name");
  state["driver"] = string_of(engine, "Driver");
  state["scope"] = string_of(engine, "Scope");
  state["internal"] = bool_of(engine, "Internal", false);
  state["attachable"] = bool_of(engine, "Attachable", false);
  state["labels"] = engine_map(state.value("labels", json()), engine.value("Labels", json()));
  state["options"] = engine_map(state.value("options", json()), engine.value("Options", json()));
  if (!state.contains("ipam_config")) state["ipam_config"] = ipam_of(engine);
  return state;
}

std::optional<json> inspect_network(const std::string& name_or_id) {
  return inspect("/networks/" + url_encode(name_or_id),
                 "inspecting network " + in_quotes(name_or_id));
}

const std::vector<Default> kDefaults = {
    {"", "driver", "bridge"}, {"", "internal", false}, {"", "attachable", false}};

void plan(sdk::Plan& plan) {
  if (plan.planned.is_null()) return;
  fill_defaults(plan, kDefaults);
  // Without ipam_config blocks the Engine chooses the address pool; an existing network
  // (an imported one above all) keeps the pool it has rather than being replaced for it.
  if (!plan.creating() && array_of(plan.planned, "ipam_config").empty() &&
      !has_path(plan.proposed_unknown, json::array({"ipam_config"}))) {
    plan.planned["ipam_config"] = plan.prior.value("ipam_config", json::array());
    json kept = json::array();
    for (const json& path : plan.requires_replace) {
      if (!(path.is_array() && !path.empty() && path[0] == "ipam_config")) kept.push_back(path);
    }
    plan.requires_replace = std::move(kept);
    if (plan.requires_replace.empty()) {
      // No longer a new network: what the Engine computed stays as it is.
      for (const char* name : {"id", "scope"}) plan.set_known(name, plan.prior.value(name, json()));
    }
  }
}

json create(const json& planned) {
  const std::string name = string_of(planned, "name");
  json ipam_configs = json::array();
  for (const json& c : array_of(planned, "ipam_config")) {
    json entry = json::object();
    if (!string_of(c, "subnet").empty()) entry["Subnet"] = string_of(c, "subnet");
    if (!string_of(c, "ip_range").empty()) entry["IPRange"] = string_of(c, "ip_range");
    if (!string_of(c, "gateway").empty()) entry["Gateway"] = string_of(c, "gateway");
    ipam_configs.push_back(entry);
  }
  json body = {{"Name", name},
               {"CheckDuplicate", true},
               {"Driver", string_of(planned, "driver", "bridge")},
               {"Internal", bool_of(planned, "internal", false)},
               {"Attachable", bool_of(planned, "attachable", false)},
               {"Labels", map_of(planned, "labels")},
               {"Options", map_of(planned, "options")},
               {"IPAM", {{"Driver", "default"}, {"Config", ipam_configs}}}};
  Response r = request_json("POST", "/networks/create", body);
  expect_ok(r, "creating network " + in_quotes(name));
  std::string id = string_of(r.parsed(), "Id");
  auto engine = inspect_network(id);
  if (!engine) {
    throw sdk::Error("network " + in_quotes(name) + " vanished right after it was created");
  }
  return network_state(planned, *engine);
}

json read(const json& prior) {
  auto engine = inspect_network(string_of(prior, "id", string_of(prior, "name")));
  return engine ? network_state(prior, *engine) : json();
}

void destroy(const json& prior) {
  const std::string id = string_of(prior, "id", string_of(prior, "name"));
  delete_object("/networks/" + url_encode(id),
                "removing network " + in_quotes(string_of(prior, "name")));
}

json import(const std::string& id) {
  auto engine = inspect_network(id);
  if (!engine) throw sdk::Error("no network named " + in_quotes(id));
  return network_state(nullptr, *engine);
}

ResourceSchema network_schema() {
  ResourceSchema s;
  s.description = "A network of the Docker Engine.";
  s.attributes = {
      required_arg("name", "string", "The network's name."),
      defaulted_arg("driver", "string", "The network driver; default \"bridge\"."),
      defaulted_arg("internal", "bool", "Whether the network has no route outside; default false."),
      defaulted_arg("attachable", "bool", "Whether standalone containers may attach (swarm)."),
      optional_arg("labels", "map(string)", "Labels of the network."),
      optional_arg("options", "map(string)", "Options of the driver."),
      computed_attr("id", "string", "The network ID."),
      computed_attr("scope", "string", "\"local\", \"global\" or \"swarm\"."),
  };
  BlockType ipam;
  ipam.name = "ipam_config";
  ipam.description = "An address pool of the network.";
  ipam.attributes = {optional_arg("subnet", "string", "Subnet in CIDR form, such as 10.5.0.0/16."),
                     optional_arg("ip_range", "string", "Range of addresses handed out."),
                     optional_arg("gateway", "string", "The gateway's address.")};
  s.blocks = {ipam};
  return s;
}

}  // namespace

sdk::Resource network_resource() {
  sdk::Resource r;
  r.schema = network_schema();
  declare_defaults(r.schema, kDefaults);
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.destroy = destroy;
  r.import = import;
  return r;
}

sdk::DataSource network_data_source() {
  sdk::DataSource d;
  d.schema.description = "A network of the Docker Engine, by name or ID.";
  d.schema.attributes = {
      required_arg("name", "string", "The network's name or ID."),
      computed_attr("id", "string", "The network ID."),
      computed_attr("driver", "string", "The network driver."),
      computed_attr("scope", "string", "\"local\", \"global\" or \"swarm\"."),
      computed_attr("internal", "bool", "Whether the network has no route outside."),
  };
  d.read = [](const json& config) {
    const std::string name = string_of(config, "name");
    auto engine = inspect_network(name);
    if (!engine) throw sdk::Error("no network named " + in_quotes(name), json::array({"name"}));
    json state = config;
    state["id"] = string_of(*engine, "Id");
    state["driver"] = string_of(*engine, "Driver");
    state["scope"] = string_of(*engine, "Scope");
    state["internal"] = bool_of(*engine, "Internal", false);
    return state;
  };
  return d;
}

}  // namespace infra::providers::docker
