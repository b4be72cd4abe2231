// infra-provider-fake: a provider for testing the engine's handling of failures and of
// nested blocks. Its objects are JSON files in the directory named by the provider block's
// `dir`. fake_thing: the attributes `fail` and `crash` make an operation fail or kill the
// plugin, `sleep_ms` makes a create slow; its schema version 1 renamed `title` to `name`
// (upgrade_state). fake_box: a `ports` list block (with a force_new
// and a computed attribute), a `rule` set block and a `settings` single block.
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
using infra::providers::BlockType;
using infra::providers::Nesting;
using namespace infra::providers::sdk;
namespace fs = std::filesystem;

fs::path g_dir;

fs::path object_path(const json& state) { return g_dir / (state.at("name").get<std::string>() + ".json"); }

void save(const json& state) {
  fs::create_directories(g_dir);
  std::ofstream(object_path(state)) << state.dump();
}

// The object's state as saved, or null when it is gone.
json load(const json& state) {
  std::ifstream in(object_path(state));
  if (!in) return nullptr;
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
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

Attribute typed(const char* name, const char* type, bool required, bool force_new = false) {
  Attribute a = attr(name, required, force_new);
  a.type = type;
  return a;
}

Attribute computed(const char* name) {
  Attribute a;
  a.name = name;
  a.computed = true;
  return a;
}

BlockType block(const char* name, Nesting nesting, std::vector<Attribute> attributes) {
  BlockType b;
  b.name = name;
  b.nesting = nesting;
  b.attributes = std::move(attributes);
  return b;
}

// The computed values of a box: its id, and each port's.
json with_ids(json state) {
  state["id"] = "box-" + state.at("name").get<std::string>();
  if (state.value("ports", json()).is_array()) {
    for (auto& port : state["ports"]) port["id"] = "port-" + port.at("internal").dump();
  }
  return state;
}

Resource box() {
  Resource r;
  r.schema.description = "An object kept as a JSON file, with nested blocks.";
  Attribute secret = attr("secret", false);
  secret.sensitive = true;
  BlockType ports = block("ports", Nesting::List,
                          {typed("internal", "number", true, true), typed("external", "number", false),
                           attr("protocol", false), computed("id")});
  ports.max_items = 3;
  r.schema.attributes = {attr("name", true, true), typed("tags", "map(string)", false),
                         typed("labels", "map(string)", false), computed("id")};
  r.schema.blocks = {ports, block("rule", Nesting::Set, {attr("cidr", true), attr("action", false)}),
                     block("settings", Nesting::Single, {attr("mode", false), secret})};
  r.validate = [](const json& config, const json&) {
    std::vector<Diagnostic> out;
    const json ports = config.value("ports", json());
    for (std::size_t i = 0; ports.is_array() && i < ports.size(); ++i) {
      if (ports[i].value("protocol", json()) == "carrier-pigeon") {
        out.push_back({"error", "unsupported protocol", "", json::array({"ports", i, "protocol"})});
      }
    }
    return out;
  };
  r.create = [](const json& planned) {
    json state = with_ids(planned);
    save(state);
    return state;
  };
  r.read = load;
  r.update = [](const json&, const json& planned) {
    json state = with_ids(planned);
    save(state);
    return state;
  };
  r.destroy = [](const json& prior) { fs::remove(object_path(prior)); };
  return r;
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
  // Version 1 renamed `title` (version 0) to `name`.
  thing.schema.version = 1;
  thing.upgrade_state = [](int version, const json& state) {
    json upgraded = state;
    if (version < 1 && upgraded.contains("title")) {
      upgraded["name"] = upgraded["title"];
      upgraded.erase("title");
    }
    return upgraded;
  };
  thing.read = load;
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
  provider.resources.emplace("fake_box", box());
  return serve(provider);
}
