// infra state import-terraform FILE: move a Terraform or OpenTofu state into Infra's.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "providers/protocol/schema.hpp"
#include "state/terraform_import.hpp"

namespace infra::cli {
namespace {

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

int import_terraform(const Args& args) {
  Ui ui = Ui::detect(args);
  if (args.positional.size() != 2) {
    throw UsageError("state import-terraform needs the FILE to read");
  }
  const std::string& file = args.positional[1];
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    ui.error("Failed to read the Terraform state", file + ": cannot open the file");
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();

  auto providers = make_providers();
  state::TerraformImportOptions options;
  options.provider_known = [&](const std::string& name) { return providers->available(name); };
  options.resource_attributes = [&](const std::string& name, const std::string& type)
      -> std::optional<std::vector<std::string>> {
    const providers::ResourceSchema* schema = providers->get(name).schema().find(type);
    if (schema == nullptr) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& a : schema->attributes) names.push_back(a.name);
    for (const auto& b : schema->blocks) names.push_back(b.name);
    return names;
  };
  options.keep_unknown = false;
  state::TerraformState tf;
  try {
    tf = state::convert_terraform_state(text.str(), file, options);
  } catch (const state::TerraformStateError& e) {
    ui.error("Failed to read the Terraform state", e.what());
    return 1;
  }
  // Never drop a resource unasked: its object would exist without anyone managing it.
  if (!tf.unsupported.empty() && !args.flag("skip-unknown")) {
    std::string detail = "Infra has no provider for these resource instances:\n";
    for (const auto& s : tf.unsupported) {
      detail += "  " + s.type + "  " + s.address + "  (" + s.reason + ")\n";
    }
    detail += "\nInstall the providers (see docs/provider-protocol.md) and run this again, or "
              "run it with -skip-unknown to leave them out of Infra's state.";
    ui.error("Resources that Infra has no provider for", detail);
    return 1;
  }

  auto choice = choose_state(ui, args, nullptr);
  if (!choice) return 1;
  auto backend = open_state(ui, *choice);
  if (!backend) return 1;
  auto lock = lock_state(ui, args, *backend, "state import-terraform");
  if (!lock) return 1;
  const state::Snapshot current = backend->read();
  if (!current.instances.empty() && !args.flag("force")) {
    ui.error("The state is not empty",
             choice->location() + " already records " +
                 plural(current.instances.size(), "resource instance") +
                 ". Import into an empty state (a new workspace: \"infra workspace new NAME\"), "
                 "or use -force to add the imported instances, replacing those at the same "
                 "addresses.");
    return 1;
  }
  for (const auto& inst : tf.instances) backend->put_instance(inst);
  if (!tf.outputs.empty()) {
    std::map<std::string, state::OutputValue> outputs;
    for (const auto& o : current.outputs) outputs[o.name] = o;
    for (const auto& o : tf.outputs) outputs[o.name] = o;
    std::vector<state::OutputValue> merged;
    for (auto& [name, o] : outputs) merged.push_back(std::move(o));
    backend->put_outputs(merged);
  }

  std::cout << "Imported " << plural(tf.instances.size(), "resource instance") << " and "
            << plural(tf.outputs.size(), "output") << " from " << file << " (Terraform "
            << (tf.terraform_version.empty() ? "?" : tf.terraform_version) << ", serial "
            << tf.serial << ") into " << choice->location();
  if (choice->workspace != state::kDefaultWorkspace) {
    std::cout << " (workspace \"" << choice->workspace << "\")";
  }
  std::cout << ".\n";
  for (const auto& inst : tf.instances) {
    std::cout << "  + " << inst.address << (inst.status == "tainted" ? " (tainted)" : "") << "\n";
  }
  for (const auto& [type, names] : tf.dropped_attributes) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    std::cout << "  ~ " << type << ": left out attributes that Infra's provider does not have: "
              << list << "\n";
  }
  for (const auto& s : tf.unsupported) {
    std::cout << "  - " << s.address << ": left out, " << s.reason << "\n";
  }
  for (const auto& s : tf.deposed) {
    std::cout << "  - " << s.address << ": left out, " << s.reason << "\n";
  }
  for (const auto& address : tf.data_sources) {
    std::cout << "  - " << address << ": not imported, a plan reads data sources again\n";
  }
  std::cout << "\nRun \"infra plan\" to compare the configuration with the imported state.\n";
  return 0;
}

}  // namespace

int cmd_state_import_terraform(const Args& args) { return import_terraform(args); }

}  // namespace infra::cli
