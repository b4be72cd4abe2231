// infra init: prepare the working directory: find and check every provider the
// configuration needs, and create the state.
#include <filesystem>
#include <iostream>
#include <set>

#include "cli/commands.hpp"
#include "cli/backend_init.hpp"
#include "cli/common.hpp"
#include "planner/provider_lock.hpp"

namespace infra::cli {

int cmd_init(const Args& args) {
  Ui ui = Ui::detect(args);
  auto module = load_config(ui);
  if (!module) return 1;
  std::cout << "Initializing the working directory...\n\nInitializing provider plugins...\n";
  std::set<std::string> names;
  for (const auto& r : module->required_providers) names.insert(r.name);
  for (const auto& r : module->resources) names.insert(r.provider);
  // The lock is what init writes: it checks the plugins against the old one itself.
  auto providers = make_providers(false);
  const std::filesystem::path lock_file = planner::provider_lock_file();
  const bool upgrade = args.flag("upgrade");
  planner::ProviderLock previous;
  std::error_code ec;
  if (!upgrade && std::filesystem::exists(lock_file, ec)) {
    try {
      previous = planner::read_provider_lock(lock_file);
    } catch (const std::exception& e) {
      ui.error("Failed to read the provider lock file", e.what());
      return 1;
    }
  }
  planner::ProviderLock lock;
  bool ok = true;
  for (const auto& name : names) {
    try {
      auto& plugin = providers->get(name);
      std::cout << "- Using provider \"" << name << "\" v" << plugin.schema().version << " from "
                << providers->origin(name) << "\n";
      auto path = providers->locate(name);
      if (!path) continue;  // built in: part of infra itself
      planner::LockedProvider found{plugin.schema().version, planner::file_sha256(*path),
                                    path->string()};
      auto before = previous.providers.find(name);
      if (before != previous.providers.end() && before->second.sha256 != found.sha256) {
        ui.error("Provider \"" + name + "\" changed since it was recorded",
                 "The plugin at " + found.path + " has SHA-256 " + found.sha256 + ", but " +
                     lock_file.string() + " records " + before->second.sha256 + " (v" +
                     before->second.version + ", " + before->second.path +
                     ").\nIf the change is intended (an upgrade), run \"infra init -upgrade\" "
                     "to record the new plugin.");
        ok = false;
        continue;
      }
      lock.providers.emplace(name, std::move(found));
    } catch (const std::exception& e) {
      ui.error("Failed to install provider \"" + name + "\"", e.what());
      ok = false;
    }
  }
  if (!ok) return 1;
  try {
    planner::write_provider_lock(lock_file, lock);
  } catch (const std::exception& e) {
    ui.error("Failed to write the provider lock file", e.what());
    return 1;
  }
  std::cout << "- Recorded the plugins' checksums in " << lock_file.string() << "\n";
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
