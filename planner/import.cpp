// infra import: see planner/import.hpp.
#include "planner/import.hpp"

#include <filesystem>

#include "planner/address.hpp"
#include "planner/diff.hpp"
#include "planner/module_graph.hpp"
#include "planner/orphans.hpp"
#include "planner/values.hpp"

namespace infra::planner {

std::optional<state::ResourceInstance> import_resource(const lang::Module& module,
                                                       const state::Snapshot& prior,
                                                       state::Backend& backend,
                                                       ProviderSet& providers,
                                                       const std::vector<VariableInput>& variables,
                                                       const std::string& workspace,
                                                       const std::string& address,
                                                       const std::string& id,
                                                       lang::Diagnostics& diags) {
  const auto parsed = parse_instance_address(address);
  if (!parsed || parsed->data) {
    diags.error("Invalid resource address \"" + address + "\"",
                "Name the resource instance to import into, like local_file.a, "
                "local_file.a[\"key\"] or module.app.local_file.a[0].");
    return std::nullopt;
  }
  const ModuleGraph graph = build_module_graph(module, diags);
  if (diags.has_errors()) return std::nullopt;
  const lang::Resource* r = configured_resource(address, graph);
  if (r == nullptr) {
    diags.error("Configuration for import target does not exist",
                "The configuration has no resource block for " + parsed->config_address() +
                    ". Write the resource block first, then import into it.");
    return std::nullopt;
  }
  const InstanceKey::Kind expected = r->count      ? InstanceKey::Kind::Index
                                     : r->for_each ? InstanceKey::Kind::Name
                                                   : InstanceKey::Kind::None;
  if (parsed->key.kind != expected) {
    diags.error(r->range, "Invalid instance key for " + address,
                parsed->config_address() + (r->count      ? " has count: import into an index, like [0]."
                                            : r->for_each ? " has for_each: import into a key, like [\"name\"]."
                                                          : " has neither count nor for_each: import "
                                                            "without a key."));
    return std::nullopt;
  }
  if (prior.find(address) != nullptr) {
    diags.error("Resource already managed by Infra",
                address + " is in the state already. To adopt another object there, remove "
                "this one from the state first (a removed block), or import into another "
                "address.");
    return std::nullopt;
  }
  if (!parsed->modules.empty() && !r->provider_alias.empty()) {
    diags.error(r->provider_range, "Unsupported import into " + address,
                "infra import reaches a called module's aliased provider configuration only "
                "through a plan: write an import block instead.");
    return std::nullopt;
  }

  ModuleValues values;
  for (const auto& [name, v] : resolve_variables(module, variables, diags)) values.set_variable(name, v);
  if (diags.has_errors()) return std::nullopt;
  values.set_paths(module.dir.string(), module.dir.string(), std::filesystem::current_path().string());
  values.set_function_context(module, /*planning=*/false, std::chrono::system_clock::now());
  values.set_workspace(workspace);
  start_providers(module, prior, values, graph.walk_providers, providers, diags);
  if (diags.has_errors()) return std::nullopt;
  const auto key = provider_key(*r, values, diags);
  if (!key) return std::nullopt;
  if (graph.walk_providers.count(key->substr(0, key->find('[')))) {
    diags.error(r->range, "Cannot import " + address,
                "The arguments of provider \"" + key->substr(0, key->find('[')) + "\" use "
                "resources, data sources or module outputs, which only a plan evaluates: "
                "adopt the object with an import block (import { to = " + address +
                    " id = \"" + id + "\" }) and infra apply instead.");
    return std::nullopt;
  }

  try {
    providers::Plugin& plugin = providers.configured(*key);
    const auto* schema = plugin.schema().find(r->type);
    if (schema == nullptr) {
      diags.error(r->range, "Invalid resource type \"" + r->type + "\"",
                  "The provider \"" + r->provider + "\" does not support resource type \"" +
                      r->type + "\".");
      return std::nullopt;
    }
    const auto object = import_object(plugin, *schema, id, address, std::nullopt, diags);
    if (!object) return std::nullopt;
    state::ResourceInstance inst;
    inst.address = address;
    inst.type = r->type;
    inst.name = r->name;
    inst.provider = *key;
    inst.schema_version = schema->version;
    inst.attributes_json = to_json(*object).dump();
    inst.sensitive_paths = sensitive_attributes(*object);
    backend.put_instance(inst, state::Action::Import);
    return inst;
  } catch (const std::exception& e) {
    diags.error("Cannot import " + address, e.what());
    return std::nullopt;
  }
}

}  // namespace infra::planner
