// Configuration generated for import blocks: see planner/generate_config.hpp.
#include "planner/generate_config.hpp"

#include <chrono>
#include <filesystem>

#include "lang/eval.hpp"
#include "lang/format.hpp"
#include "planner/address.hpp"
#include "planner/diff.hpp"
#include "planner/module_graph.hpp"
#include "planner/values.hpp"

namespace infra::planner {
namespace {

std::string indent(int depth) { return std::string(static_cast<std::size_t>(depth) * 2, ' '); }

const lang::Value* member(const lang::Value& object, const std::string& name) {
  if (object.kind() != lang::Value::Kind::Object) return nullptr;
  auto it = object.as_object().find(name);
  return it == object.as_object().end() ? nullptr : &it->second;
}

// The arguments and blocks of `def` that a configuration sets, from `object`.
void write_body(const providers::SchemaBody& def, const lang::Value& object, int depth,
                std::string& out) {
  for (const auto& attr : def.attributes) {
    if (attr.computed && !attr.optional && !attr.required) continue;  // the provider's
    const lang::Value* v = member(object, attr.name);
    const bool missing = v == nullptr || v->is_null() || v->is_unknown();
    if (missing && !attr.required) continue;
    if (!missing && !attr.default_json.empty() && !v->contains_sensitive() &&
        *v == parse_json_value(attr.default_json)) {
      continue;  // what the provider plans anyway
    }
    out += indent(depth) + attr.name + " = ";
    if (attr.sensitive || (v != nullptr && v->contains_sensitive())) {
      // Never written out: whoever adopts the object sets it, from a variable or a secret store.
      out += "null # sensitive: set it\n";
    } else if (missing) {
      out += "null # required: the provider did not say\n";
    } else {
      out += lang::to_display(*v) + "\n";
    }
  }
  for (const auto& block : def.blocks) {
    const lang::Value* v = member(object, block.name);
    if (v == nullptr || v->is_null() || v->is_unknown()) continue;
    std::vector<const lang::Value*> items;
    if (v->kind() == lang::Value::Kind::List) {
      for (const auto& item : v->as_list()) items.push_back(&item);
    } else if (v->kind() == lang::Value::Kind::Object) {
      items.push_back(v);
    }
    for (const lang::Value* item : items) {
      out += indent(depth) + block.name + " {\n";
      write_body(block, *item, depth + 1, out);
      out += indent(depth) + "}\n";
    }
  }
}

/// The provider a resource type belongs to: the prefix of its name (`local` for `local_file`).
std::string provider_of_type(const std::string& type) { return type.substr(0, type.find('_')); }

}  // namespace

std::string resource_block_text(const providers::ResourceSchema& schema, const std::string& name,
                                const lang::Value& object) {
  std::string out = "resource \"" + schema.type + "\" \"" + name + "\" {\n";
  write_body(schema, object, 1, out);
  return out + "}\n";
}

std::optional<GeneratedConfig> generate_import_config(const lang::Module& module,
                                                      const state::Snapshot& prior,
                                                      ProviderSet& providers,
                                                      const std::vector<VariableInput>& variables,
                                                      const std::string& workspace,
                                                      lang::Diagnostics& diags) {
  // The targets that have no resource block are what the plan's graph reports; here they
  // are what is wanted.
  lang::Diagnostics ignored;
  const ModuleGraph graph = build_module_graph(module, ignored);

  ModuleValues values;
  for (const auto& [name, v] : resolve_variables(module, variables, diags)) values.set_variable(name, v);
  if (diags.has_errors()) return std::nullopt;
  values.set_paths(module.dir.string(), module.dir.string(), std::filesystem::current_path().string());
  values.set_function_context(module, /*planning=*/true, std::chrono::system_clock::now());
  values.set_workspace(workspace);
  start_providers(module, prior, values, graph.walk_providers, providers, diags);
  if (diags.has_errors()) return std::nullopt;

  GeneratedConfig out;
  std::string text =
      "# __generated__ by Infra from the objects of import blocks. Review these resources\n"
      "# and move them into your configuration files.\n";
  for (const lang::Import& im : module.imports) {
    const auto target = parse_object_address(im.to);
    if (!target || !target->resource || target->data) continue;  // the plan reports it
    if (!target->modules.empty()) {
      std::size_t m = 0;
      bool found = true;
      for (const auto& step : target->modules) {
        auto it = graph.modules[m].children.find(step.first);
        if (it == graph.modules[m].children.end()) {
          found = false;
          break;
        }
        m = it->second;
      }
      if (found && graph.modules[m].config->find_resource(target->type, target->name)) continue;
      diags.error(im.to_range, "Cannot generate configuration for " + im.to,
                  "Configuration is generated into the root module only: add the resource "
                  "block to the called module yourself.");
      continue;
    }
    if (module.find_resource(target->type, target->name) != nullptr) continue;
    const std::string address = target->type + "." + target->name;
    if (im.for_each || im.to_index || target->indexed) {
      diags.error(im.to_range, "Cannot generate configuration for " + im.to,
                  "Configuration is generated for an import block that adopts one object "
                  "into a resource without count or for_each (to = TYPE.NAME); write the "
                  "resource block with its for_each yourself.");
      continue;
    }
    ModuleScope scope(values);
    lang::Diagnostics d;
    const lang::Value id = lang::evaluate(*im.id, scope, &values.functions(), d);
    diags.append(d);
    if (d.has_errors()) continue;
    if (!id.is_wholly_known() || id.kind() != lang::Value::Kind::String) {
      diags.error(lang::range_of(*im.id), "Invalid import id",
                  "The id of an import block must be a string known before planning; it "
                  "is " + (id.is_unknown() ? std::string("known only after apply") : id.type_name()) + ".");
      continue;
    }
    const std::string key = im.provider.name.empty() ? provider_of_type(target->type) : im.provider.key();
    if (graph.walk_providers.count(key)) {
      diags.error(im.range, "Cannot generate configuration for " + address,
                  "The arguments of provider \"" + key + "\" use resources, data sources or "
                  "module outputs, so it cannot read the object before the plan: write the "
                  "resource block yourself.");
      continue;
    }
    providers::Plugin* plugin = nullptr;
    try {
      plugin = &providers.configured(key);
    } catch (const std::exception& e) {
      diags.error(im.range, "Failed to start provider \"" + key + "\"", e.what());
      continue;
    }
    const providers::ResourceSchema* schema = plugin->schema().find(target->type);
    if (schema == nullptr) {
      diags.error(im.to_range, "Invalid resource type \"" + target->type + "\"",
                  "The provider \"" + key + "\" does not support resource type \"" +
                      target->type + "\".");
      continue;
    }
    auto object = import_object(*plugin, *schema, id.as_string(), address, im.range, diags);
    if (!object) continue;
    text += "\n" + resource_block_text(*schema, target->name, *object);
    out.addresses.push_back(address);
  }
  if (diags.has_errors()) return std::nullopt;
  if (out.addresses.empty()) return out;
  lang::FormatResult formatted = lang::format_source(text);
  out.text = formatted.ok() ? formatted.text : text;
  return out;
}

}  // namespace infra::planner
