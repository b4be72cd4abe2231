// infra version and infra force-unlock.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "providers/protocol/schema.hpp"

#ifndef INFRA_VERSION
#define INFRA_VERSION "0.0.0"
#endif

namespace infra::cli {

int cmd_version(const Args&) {
  std::cout << "Infra v" << INFRA_VERSION << "\nprovider protocol " << providers::kProtocolVersion
            << "\n";
  return 0;
}

int cmd_force_unlock(const Args& args) {
  Ui ui = Ui::detect(args);
  if (args.positional.size() != 1) throw UsageError("force-unlock needs the lock ID");
  const std::string& id = args.positional[0];
  auto backend = open_state(ui, args);
  if (!backend) return 1;
  auto held = backend->current_lock();
  if (!held) {
    ui.error("The state is not locked", "There is no lock to release.");
    return 1;
  }
  if (held->id != id) {
    ui.error("Lock ID does not match",
             "The state is locked with ID " + held->id + " (held by " + held->holder + " for " +
                 held->operation + "), not " + id + ".");
    return 1;
  }
  if (!args.flag("force") && ui.interactive) {
    if (!ui.confirm("Do you really want to force-unlock?",
                    "Infra will remove the lock held by " + held->holder + " for " +
                        held->operation + ".\n  Only do this when that operation is no longer running.")) {
      std::cerr << "force-unlock cancelled.\n";
      return 1;
    }
  } else if (!args.flag("force")) {
    ui.error("No terminal to ask for approval", "Run force-unlock with -force to release the lock without asking.");
    return 1;
  }
  backend->unlock(id);
  std::cout << "Infra state has been successfully unlocked!\n";
  return 0;
}

}  // namespace infra::cli
