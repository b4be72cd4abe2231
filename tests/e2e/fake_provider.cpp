// infra-provider-fake: a provider for testing the engine's handling of failures. Its
// objects are JSON files in the directory named by the provider block's `dir`; the
// attributes `fail` and `crash` make an operation fail or kill the plugin, `sleep_ms`
// makes a create slow.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "providers/sdk/provider.hpp"

namespace {

using infra::providers::Attribute;
using namespace infra::providers::sdk;
namespace fs = std::filesystem;

fs::path g_dir;

fs::path object_path(const json& state) { return g_dir / (state.at("name").get<std::string>() + ".json"); }

void save(const json& state) {
  fs::create_directories(g_dir);
  std::ofstream(object_path(state)) << state.dump();
}

// Fails or crashes when the object's `fail`/`crash` attribute names `operation`.
void misbehave(const json& state, const std::string& operation) {
  if (state.value("crash", json()).is_string() && state["crash"] == operation) std::abort();
  if (state.value("fail", json()).is_string() && state["fail"] == operation) {
    throw Error("the fake " + operation + " of \"" + state.value("name", std::string()) +
                "\" failed as asked");
  }
}

Attribute attr(const char* name, bool required, bool force_new = false) {
  Attribute a;
  a.name = name;
  a.required = required;
  a.optional = !required;
  a.force_new = force_new;
  return a;
}

}  // namespace

int main() {
  Provider provider;
  provider.name = "fake";
  provider.version = "0.0.1";
  provider.config = {attr("dir", true)};
  provider.configure = [](const json& config) { g_dir = config.at("dir").get<std::string>(); };

  Resource thing;
  thing.schema.description = "An object kept as a JSON file, with switchable failures.";
  Attribute id;
  id.name = "id";
  id.computed = true;
  thing.schema.attributes = {attr("name", true, true), attr("value", false), attr("fail", false),
                             attr("crash", false), attr("sleep_ms", false), id};
  thing.create = [](const json& planned) {
    json state = planned;
    state["id"] = "fake-" + planned.at("name").get<std::string>();
    if (planned.value("fail", json()) == "create-after") {
      save(state);
      throw PartialApplyError("created, then failed to finish as asked", state);
    }
    misbehave(planned, "create");
    if (planned.value("sleep_ms", json()).is_string()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(planned["sleep_ms"].get<std::string>())));
    }
    save(state);
    return state;
  };
  thing.read = [](const json& state) -> json {
    std::ifstream in(object_path(state));
    if (!in) return nullptr;
    std::stringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
  };
  thing.update = [](const json& prior, const json& planned) {
    misbehave(planned, "update");
    json state = planned;
    state["id"] = prior.at("id");
    save(state);
    return state;
  };
  thing.destroy = [](const json& prior) {
    misbehave(prior, "delete");
    fs::remove(object_path(prior));
  };
  provider.resources.emplace("fake_thing", std::move(thing));
  return serve(provider);
}
