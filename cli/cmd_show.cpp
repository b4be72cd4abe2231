// infra show: a saved plan, or the current state, for people.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/state_common.hpp"
#include "planner/plan_file.hpp"
#include "planner/planner.hpp"
#include "planner/render.hpp"
#include "planner/values.hpp"

namespace infra::cli {

int cmd_show(const Args& args) {
  Ui ui = Ui::detect(args);
  if (!args.positional.empty()) {
    try {
      auto plan = planner::load_plan(args.positional[0]);
      std::cout << planner::render_plan(plan, {ui.color});
      return 0;
    } catch (const std::exception& e) {
      ui.error("Failed to read the plan", e.what());
      return 1;
    }
  }
  const auto path = state_path(args);
  if (!std::filesystem::exists(path)) {
    std::cout << "No state.\n";
    return 0;
  }
  auto backend = open_state(ui, path);
  if (!backend) return 1;
  state::Snapshot snapshot;
  try {
    snapshot = backend->read();
  } catch (const std::exception& e) {
    ui.error("Failed to read the state", e.what());
    return 1;
  }
  if (snapshot.instances.empty() && snapshot.outputs.empty()) {
    std::cout << "The state is empty.\n";
    return 0;
  }
  for (const auto& inst : snapshot.instances) std::cout << render_state_instance(inst) << "\n";
  if (!snapshot.outputs.empty()) {
    std::cout << "Outputs:\n\n";
    for (const auto& o : snapshot.outputs) {
      lang::Value v = planner::parse_json_value(o.value_json).marked_sensitive(o.sensitive);
      std::cout << o.name << " = " << planner::render_value(v) << "\n";
    }
  }
  return 0;
}

}  // namespace infra::cli
