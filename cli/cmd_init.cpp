// infra init: prepare the working directory: find and check every provider the
// configuration needs, and create the state.
#include <iostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/backend_init.hpp"
#include "cli/common.hpp"

namespace infra::cli {

int cmd_init(const Args& args) {
  Ui ui = Ui::detect(args);
  auto module = load_config(ui);
  if (!module) return 1;
  std::cout << "Initializing the working directory...\n\nInitializing provider plugins...\n";
  std::set<std::string> names;
  for (const auto& r : module->required_providers) names.insert(r.name);
  for (const auto& r : module->resources) names.insert(r.provider);
  auto providers = make_providers();
  bool ok = true;
  for (const auto& name : names) {
    try {
      auto& plugin = providers->get(name);
      std::cout << "- Using provider \"" << name << "\" v" << plugin.schema().version << " from "
                << providers->origin(name) << "\n";
    } catch (const std::exception& e) {
      ui.error("Failed to install provider \"" + name + "\"", e.what());
      ok = false;
    }
  }
  if (!ok) return 1;
  std::cout << "\nInitializing the state...\n";
  if (!args.value("state")) {
    lang::Diagnostics diags;
    auto settings = planner::read_backend(*module, diags);
    if (ui.report(diags, module->files) || !settings) return 1;
    if (!init_backend(ui, args, *settings)) return 1;
  }
  auto choice = choose_state(ui, args, &*module);
  if (!choice) return 1;
  auto backend = open_state(ui, *choice);
  if (!backend) return 1;
  auto snapshot = backend->read();
  std::cout << "- State"
            << (choice->workspace == state::kDefaultWorkspace
                    ? std::string()
                    : " of workspace \"" + choice->workspace + "\"")
            << " at " << choice->location() << " (lineage " << snapshot.lineage
            << ", serial " << snapshot.serial << ")\n\n"
            << (ui.color ? "\033[1;32m" : "") << "Infra has been successfully initialized!"
            << (ui.color ? "\033[0m" : "") << "\n\n"
            << "You may now begin working with Infra. Try running \"infra plan\" to see\n"
               "any changes that are required for your infrastructure.\n";
  return 0;
}

}  // namespace infra::cli
