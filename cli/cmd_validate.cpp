// infra validate: check the configuration without touching state.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/diagnostics_json.hpp"
#include "planner/planner.hpp"

namespace infra::cli {

int cmd_validate(const Args& args) {
  Ui ui = Ui::detect(args);
  if (args.flag("json")) {
    // Every finding, syntax errors included, as one JSON document on stdout.
    lang::Diagnostics diags;
    lang::Module module = lang::load_module(".", diags);
    if (!diags.has_errors()) {
      auto providers = make_providers();
      planner::validate(module, *providers, diags);
    }
    std::cout << diagnostics_json(diags, module.files);
    return diags.has_errors() ? 1 : 0;
  }
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
