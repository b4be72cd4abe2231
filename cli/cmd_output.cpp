// infra output: the root module's outputs as the state records them.
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "planner/render.hpp"
#include "planner/values.hpp"

namespace infra::cli {
namespace {

using json = nlohmann::json;

/// The type of a JSON value as Terraform writes types in `output -json`: "string",
/// "number", "bool", ["tuple", [...]], ["object", {...}], "dynamic" for null.
json type_of(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) {
    json items = json::array();
    for (const auto& e : v) items.push_back(type_of(e));
    return json::array({"tuple", items});
  }
  if (v.is_object()) {
    json members = json::object();
    for (const auto& [k, e] : v.items()) members[k] = type_of(e);
    return json::array({"object", members});
  }
  return "dynamic";
}

}  // namespace

int cmd_output(const Args& args) {
  Ui ui = Ui::detect(args);
  const bool as_json = args.flag("json");
  const bool raw = args.flag("raw");
  if (as_json && raw) throw UsageError("-json and -raw cannot be used together");
  if (raw && args.positional.empty()) throw UsageError("-raw needs the name of an output");
  std::vector<state::OutputValue> outputs;
  auto backend = open_state_if_created(ui, chosen_state(args));
  if (!backend) return 1;
  if (*backend) {
    try {
      outputs = (*backend)->read().outputs;
    } catch (const std::exception& e) {
      ui.error("Failed to read the state", e.what());
      return 1;
    }
  }
  if (!args.positional.empty()) {
    const std::string& name = args.positional[0];
    for (const auto& o : outputs) {
      if (o.name != name) continue;
      // Asked for by name, in a form for programs: sensitive values are shown in full.
      if (as_json) {
        std::cout << o.value_json << "\n";
        return 0;
      }
      const lang::Value v = planner::parse_json_value(o.value_json);
      if (raw) {
        if (v.kind() == lang::Value::Kind::String) {
          std::cout << v.as_string();
        } else if (v.kind() == lang::Value::Kind::Number || v.kind() == lang::Value::Kind::Bool) {
          std::cout << planner::render_value(v);
        } else {
          ui.error("Unsupported value for -raw",
                   "Output \"" + name + "\" is a " + v.type_name() + "; -raw prints strings, "
                   "numbers and bools only. Use -json for the others.");
          return 1;
        }
        return 0;
      }
      std::cout << planner::render_value(v.marked_sensitive(o.sensitive)) << "\n";
      return 0;
    }
    ui.error("Output \"" + name + "\" not found",
             "The state has no output of that name. Apply the configuration that declares it, "
             "or run infra output for the list.");
    return 1;
  }
  if (as_json) {
    std::cout << "{";
    bool first = true;
    for (const auto& o : outputs) {
      json value = json::parse(o.value_json, nullptr, false);
      std::cout << (first ? "\n" : ",\n") << "  " << json(o.name).dump() << ": {\"sensitive\": "
                << (o.sensitive ? "true" : "false") << ", \"type\": " << type_of(value).dump()
                << ", \"value\": " << o.value_json << "}";
      first = false;
    }
    std::cout << (first ? "}\n" : "\n}\n");
    return 0;
  }
  if (outputs.empty()) {
    ui.warning("No outputs found",
               "The state has no outputs: the configuration declares none, or it has not been "
               "applied yet.");
    return 0;
  }
  for (const auto& o : outputs) {
    const lang::Value v = planner::parse_json_value(o.value_json).marked_sensitive(o.sensitive);
    std::cout << o.name << " = " << planner::render_value(v) << "\n";
  }
  return 0;
}

}  // namespace infra::cli
