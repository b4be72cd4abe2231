// infra console: evaluate expressions against the configuration and the current state.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "planner/console.hpp"

namespace infra::cli {

int cmd_console(const Args& args) {
  Ui ui = Ui::detect(args);
  auto module = load_config(ui);
  if (!module) return 1;
  auto choice = choose_state(ui, args, &*module);
  if (!choice) return 1;
  state::Snapshot snapshot;
  auto backend = open_state_if_created(ui, *choice);
  if (!backend) return 1;
  if (*backend) snapshot = (*backend)->read();
  lang::Diagnostics diags;
  auto inputs = variable_inputs(args, module->files, diags);
  planner::Console console(*module, snapshot, inputs, choice->workspace, diags);
  if (ui.report(diags, module->files)) return 1;

  // One expression per line; `exit` or the end of input stops.
  const bool prompt = ::isatty(STDIN_FILENO);
  std::string line;
  int n = 0;
  bool failed = false;
  for (;;) {
    if (prompt) std::cout << "> " << std::flush;
    if (!std::getline(std::cin, line)) break;
    if (line == "exit") break;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    lang::Diagnostics expr_diags;
    std::string name = "<console:" + std::to_string(++n) + ">";
    lang::Value v = console.evaluate(name, line, module->files, expr_diags);
    if (ui.report(expr_diags, module->files)) {
      failed = true;
      continue;
    }
    std::cout << lang::to_display(v) << "\n";
  }
  if (prompt) std::cout << "\n";
  // Without a terminal (a script), an expression that failed fails the command.
  return failed && !prompt ? 1 : 0;
}

}  // namespace infra::cli
