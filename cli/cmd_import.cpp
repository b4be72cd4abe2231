// infra import ADDR ID: adopt one existing object into the state.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "planner/import.hpp"

namespace infra::cli {

int cmd_import(const Args& args) {
  if (args.positional.size() != 2) throw UsageError("import needs ADDRESS and ID");
  const std::string& address = args.positional[0];
  const std::string& id = args.positional[1];
  auto session = open_session(args, "import");
  if (!session) return 1;
  lang::Diagnostics var_diags;
  auto variables = variable_inputs(args, session->module.files, var_diags);
  if (session->ui.report(var_diags, session->module.files)) return 1;
  std::cout << address << ": Importing from ID \"" << id << "\"...\n";
  lang::Diagnostics diags;
  auto imported = planner::import_resource(session->module, session->snapshot, *session->backend,
                                           *session->providers, variables,
                                           session->state.workspace, address, id, diags);
  if (session->ui.report(diags, session->module.files) || !imported) return 1;
  std::cout << address << ": Import prepared!\n\n"
            << (session->ui.color ? "\033[1;32m" : "") << "Import successful!"
            << (session->ui.color ? "\033[0m" : "")
            << "\n\nThe resource is now in the state and managed by Infra. Run \"infra plan\" "
               "to see how its configuration compares with it.\n";
  return 0;
}

}  // namespace infra::cli
