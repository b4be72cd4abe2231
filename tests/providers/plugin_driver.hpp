// The steps the engine takes with a provider plugin, for the tests that drive a real
// plugin through the host: plan and apply a create, an update in place, a replacement, a
// destroy; read, import, validate. Checks with Catch2 that each step reports no diagnostics.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "providers/host/plugin.hpp"
#include "tests/providers/test_support.hpp"

namespace infra::providers::test {

class PluginDriver {
 public:
  using json = nlohmann::json;

  /// Starts infra-provider-NAME and configures it with `config` (the provider block).
  PluginDriver(const std::string& name, const json& config)
      : plugin_(Plugin::start(bin_dir() / ("infra-provider-" + name), name)) {
    plugin_->call("configure", {{"config", config}});
  }

  Plugin& plugin() { return *plugin_; }

  /// The proposed state the host sends for `config`: every attribute and block type, null
  /// when unset, the prior value of a computed attribute the configuration leaves unset;
  /// blocks of a set in the order of their JSON text, as the host sorts them (a set(...)
  /// attribute keeps the configuration's order).
  json proposed(const std::string& type, const json& config, const json& prior) const {
    json out = json::object();
    const ResourceSchema& schema = *plugin_->schema().find(type);
    for (const auto& attr : schema.attributes) {
      json value = config.contains(attr.name) ? config[attr.name] : json();
      if (value.is_null() && attr.computed && prior.is_object()) value = prior[attr.name];
      out[attr.name] = value;
    }
    for (const auto& block : schema.blocks) {
      json value = config.contains(block.name) ? config[block.name] : json::array();
      if (block.nesting == Nesting::Set) {
        std::sort(value.begin(), value.end(),
                  [](const json& a, const json& b) { return a.dump() < b.dump(); });
      }
      out[block.name] = value;
    }
    return out;
  }

  json plan(const std::string& type, const json& prior, const json& config) {
    json result = plugin_->call("plan", {{"type", type},
                                         {"prior_state", prior},
                                         {"proposed_state", proposed(type, config, prior)},
                                         {"unknown", json::array()}});
    REQUIRE(result["diagnostics"] == json::array());
    return result;
  }

  json apply(const std::string& type, const json& prior, const json& plan) {
    json applied = plugin_->call("apply", {{"type", type},
                                           {"prior_state", prior},
                                           {"planned_state", plan["planned_state"]},
                                           {"unknown", plan["unknown"]}});
    REQUIRE(applied["diagnostics"] == json::array());
    return applied["new_state"];
  }

  json create(const std::string& type, const json& config) {
    return apply(type, nullptr, plan(type, nullptr, config));
  }

  /// Plans `config` over `prior`, checks that it is an update in place, and applies it.
  json update(const std::string& type, const json& prior, const json& config) {
    json p = plan(type, prior, config);
    REQUIRE(p["requires_replace"] == json::array());
    REQUIRE(p["planned_state"] != prior);
    return apply(type, prior, p);
  }

  /// Plans `config` over `prior`, checks that it replaces on `path`, and does: destroy,
  /// then create.
  json replace(const std::string& type, const json& prior, const json& config,
               const json& path) {
    json p = plan(type, prior, config);
    REQUIRE(p["requires_replace"] == json::array({path}));
    destroy(type, prior);
    return create(type, config);
  }

  /// Whether `config` over `state` plans no change.
  bool unchanged(const std::string& type, const json& state, const json& config) {
    json p = plan(type, state, config);
    const bool same = p["planned_state"] == state && p["requires_replace"] == json::array();
    if (!same) {
      UNSCOPED_INFO("state:   " << state.dump() << "\nplanned: " << p["planned_state"].dump());
    }
    return same;
  }

  json read(const std::string& type, const json& state) {
    return plugin_->call("read", {{"type", type}, {"state", state}})["state"];
  }

  json import(const std::string& type, const std::string& id) {
    return plugin_->call("import", {{"type", type}, {"id", id}})["state"];
  }

  void destroy(const std::string& type, const json& prior) {
    json p = plugin_->call("plan", {{"type", type},
                                    {"prior_state", prior},
                                    {"proposed_state", nullptr},
                                    {"unknown", json::array()}});
    apply(type, prior, p);
  }

  json validate(const std::string& type, const json& config) {
    return plugin_->call("validate",
                         {{"type", type}, {"config", config}, {"unknown", json::array()}})
        ["diagnostics"];
  }

 private:
  std::unique_ptr<Plugin> plugin_;
};

}  // namespace infra::providers::test
