// infra validate: check the configuration without touching state.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "planner/planner.hpp"

namespace infra::cli {

int cmd_validate(const Args& args) {
  Ui ui = Ui::detect(args);
  auto module = load_config(ui);
  if (!module) return 1;
  auto providers = make_providers();
  lang::Diagnostics diags;
  planner::validate(*module, *providers, diags);
  if (ui.report(diags, module->files)) return 1;
  std::cout << (ui.color ? "\033[1;32mSuccess!\033[0m" : "Success!")
            << " The configuration is valid.\n";
  return 0;
}

}  // namespace infra::cli
