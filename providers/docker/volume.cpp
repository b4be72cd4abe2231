// docker_volume: a named volume of the Docker Engine (POST /volumes/create); every argument
// forces a new one.
#include "providers/docker/attributes.hpp"
#include "providers/docker/resources.hpp"

namespace infra::providers::docker {

namespace {

json volume_state(const json& prior, const json& engine) {
  json state = prior.is_object() ? prior : json::object();
  state["name"] = string_of(engine, "Name");
  state["id"] = string_of(engine, "Name");
  state["driver"] = string_of(engine, "Driver");
  state["mountpoint"] = string_of(engine, "Mountpoint");
  state["labels"] = engine_map(state.value("labels", json()), engine.value("Labels", json()));
  state["driver_opts"] =
      engine_map(state.value("driver_opts", json()), engine.value("Options", json()));
  return state;
}

std::optional<json> inspect_volume(const std::string& name) {
  return inspect("/volumes/" + url_encode(name), "inspecting volume " + in_quotes(name));
}

const std::vector<Default> kDefaults = {{"", "driver", "local"}};

void plan(sdk::Plan& plan) {
  if (plan.planned.is_null()) return;
  fill_defaults(plan, kDefaults);
  if (plan.creates_new_object()) plan.set_known("id", plan.planned.value("name", json()));
}

json create(const json& planned) {
  const std::string name = string_of(planned, "name");
  json body = {{"Name", name},
               {"Driver", string_of(planned, "driver", "local")},
               {"DriverOpts", map_of(planned, "driver_opts")},
               {"Labels", map_of(planned, "labels")}};
  Response r = request_json("POST", "/volumes/create", body);
  expect_ok(r, "creating volume " + in_quotes(name));
  return volume_state(planned, r.parsed());
}

json read(const json& prior) {
  auto engine = inspect_volume(string_of(prior, "name"));
  return engine ? volume_state(prior, *engine) : json();
}

void destroy(const json& prior) {
  const std::string name = string_of(prior, "name");
  delete_object("/volumes/" + url_encode(name), "removing volume " + in_quotes(name));
}

json import(const std::string& id) {
  auto engine = inspect_volume(id);
  if (!engine) throw sdk::Error("no volume named " + in_quotes(id));
  return volume_state(nullptr, *engine);
}

}  // namespace

sdk::Resource volume_resource() {
  sdk::Resource r;
  r.schema.description = "A named volume of the Docker Engine.";
  r.schema.attributes = {
      required_arg("name", "string", "The volume's name."),
      defaulted_arg("driver", "string", "The volume driver; default \"local\"."),
      optional_arg("driver_opts", "map(string)", "Options of the driver."),
      optional_arg("labels", "map(string)", "Labels of the volume."),
      computed_attr("id", "string", "The volume's name."),
      computed_attr("mountpoint", "string", "Where the volume's data lives on the host."),
  };
  declare_defaults(r.schema, kDefaults);
  r.plan = plan;
  r.create = create;
  r.read = read;
  r.destroy = destroy;
  r.import = import;
  return r;
}

}  // namespace infra::providers::docker
