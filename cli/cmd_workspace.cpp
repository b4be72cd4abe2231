// infra workspace new|select|list|show|delete: several states for one configuration.
#include <cstdlib>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"

namespace infra::cli {
namespace {

// INFRA_WORKSPACE wins over .infra/environment, so selecting there would change nothing.
bool refuse_when_overridden(const Ui& ui) {
  const char* env = std::getenv("INFRA_WORKSPACE");
  if (env == nullptr || *env == '\0') return false;
  ui.error("The workspace is selected by INFRA_WORKSPACE",
           "INFRA_WORKSPACE=" + std::string(env) + " overrides the selected workspace. To "
           "select another, change or unset that variable.");
  return true;
}

bool valid_name(const Ui& ui, const std::string& name) {
  auto problem = state::workspace_name_problem(name);
  if (!problem) return true;
  ui.error("Invalid workspace name", *problem + ".");
  return false;
}

const std::string& name_argument(const Args& args, const char* sub) {
  if (args.positional.size() != 2) {
    throw UsageError(std::string("workspace ") + sub + " needs the workspace NAME");
  }
  return args.positional[1];
}

int workspace_new(const Args& args, const Ui& ui) {
  const std::string& name = name_argument(args, "new");
  if (!valid_name(ui, name) || refuse_when_overridden(ui)) return 1;
  auto store = state_store(ui, nullptr);
  if (!store) return 1;
  const StateChoice chosen{name, *store};
  if (chosen.store->exists(name)) {
    ui.error("Workspace \"" + name + "\" already exists",
             "Select it with \"infra workspace select " + name + "\".");
    return 1;
  }
  // Opening creates the state, with a lineage of its own.
  if (!open_state(ui, chosen)) return 1;
  state::select_workspace(state::environment_file(), name);
  std::cout << "Created and switched to workspace \"" << name << "\"!\n\n"
            << "You're now on a new, empty workspace. Workspaces isolate their state, so\n"
               "\"infra plan\" will not see the resources of the other workspaces.\n";
  return 0;
}

int workspace_select(const Args& args, const Ui& ui) {
  const std::string& name = name_argument(args, "select");
  if (!valid_name(ui, name) || refuse_when_overridden(ui)) return 1;
  auto store = state_store(ui, nullptr);
  if (!store) return 1;
  const StateChoice chosen{name, *store};
  const bool create = !chosen.store->exists(name);
  if (create && !args.flag("or-create")) {
    ui.error("Workspace \"" + name + "\" does not exist",
             "Create it with \"infra workspace new " + name + "\" (or select it with "
             "-or-create); \"infra workspace list\" shows those that exist.");
    return 1;
  }
  if (create && !open_state(ui, chosen)) return 1;
  state::select_workspace(state::environment_file(), name);
  std::cout << (create ? "Created and switched" : "Switched") << " to workspace \"" << name
            << "\".\n";
  return 0;
}

int workspace_list(const Ui& ui) {
  auto current = current_workspace(ui);
  if (!current) return 1;
  auto store = state_store(ui, nullptr);
  if (!store) return 1;
  for (const auto& name : (*store)->list()) {
    std::cout << (name == *current ? "* " : "  ") << name << "\n";
  }
  return 0;
}

int workspace_show(const Ui& ui) {
  auto current = current_workspace(ui);
  if (!current) return 1;
  std::cout << *current << "\n";
  return 0;
}

int workspace_delete(const Args& args, const Ui& ui) {
  const std::string& name = name_argument(args, "delete");
  if (!valid_name(ui, name)) return 1;
  if (name == state::kDefaultWorkspace) {
    ui.error("The default workspace cannot be deleted",
             "Every working directory has it; it keeps the state that workspaces are made "
             "beside.");
    return 1;
  }
  auto current = current_workspace(ui);
  if (!current) return 1;
  if (name == *current) {
    ui.error("Workspace \"" + name + "\" is the selected workspace",
             "Select another workspace (\"infra workspace select default\") before deleting "
             "this one.");
    return 1;
  }
  auto store = state_store(ui, nullptr);
  if (!store) return 1;
  const StateChoice chosen{name, *store};
  if (!chosen.store->exists(name)) {
    ui.error("Workspace \"" + name + "\" does not exist",
             "\"infra workspace list\" shows those that exist.");
    return 1;
  }
  std::size_t left = 0;
  {
    auto backend = open_state(ui, chosen);
    if (!backend) return 1;
    // Nobody may be applying to the state that is about to go.
    auto lock = lock_state(ui, args, *backend, "workspace delete");
    if (!lock) return 1;
    const state::Snapshot snapshot = backend->read();
    left = snapshot.instances.size();
    if (left > 0 && !args.flag("force")) {
      std::string detail = "Its state still records " + std::to_string(left) +
                           " resource instance" + (left == 1 ? "" : "s") + ":\n";
      for (const auto& inst : snapshot.instances) detail += "  " + inst.address + "\n";
      detail += "\nDestroy them first (\"infra workspace select " + name +
                "\" and \"infra destroy\"), or delete with -force to forget them: the "
                "objects then stay, no longer managed by Infra.";
      ui.error("Workspace \"" + name + "\" is not empty", detail);
      return 1;
    }
  }
  chosen.store->remove(name);
  if (left > 0) {
    ui.warning("Deleted a workspace that still had resources",
               std::to_string(left) + " resource instance" + (left == 1 ? "" : "s") +
                   " of workspace \"" + name + "\" still exist" + (left == 1 ? "s" : "") +
                   ", no longer managed by Infra.");
  }
  std::cout << "Deleted workspace \"" << name << "\"!\n";
  return 0;
}

}  // namespace

int cmd_workspace(const Args& args) {
  Ui ui = Ui::detect(args);
  if (args.positional.empty()) {
    throw UsageError("workspace needs a subcommand: new, select, list, show or delete");
  }
  const std::string& sub = args.positional[0];
  const bool takes_name = sub == "new" || sub == "select" || sub == "delete";
  if (!takes_name && sub != "list" && sub != "show") {
    throw UsageError("unknown workspace subcommand \"" + sub +
                     "\": use new, select, list, show or delete");
  }
  if (!takes_name && args.positional.size() > 1) {
    throw UsageError("unexpected argument \"" + args.positional[1] + "\"");
  }
  try {
    if (sub == "new") return workspace_new(args, ui);
    if (sub == "select") return workspace_select(args, ui);
    if (sub == "list") return workspace_list(ui);
    if (sub == "show") return workspace_show(ui);
    return workspace_delete(args, ui);
  } catch (const state::StateError& e) {
    // A store that cannot be reached (a PostgreSQL server down) or a file that cannot be
    // removed.
    ui.error(sub == "list" ? std::string("Failed to list the workspaces")
                           : "Failed to " + std::string(sub == "new" ? "create" : sub) +
                                 " the workspace",
             e.what());
    return 1;
  }
}

}  // namespace infra::cli
