// infra show: a saved plan, or the current state, for people or (with -json) for tools.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/state_common.hpp"
#include "planner/plan_file.hpp"
#include "planner/plan_json.hpp"
#include "planner/planner.hpp"
#include "planner/render.hpp"
#include "planner/render_markdown.hpp"
#include "planner/values.hpp"

#ifndef INFRA_VERSION
#define INFRA_VERSION "0.0.0"
#endif

namespace infra::cli {

int cmd_show(const Args& args) {
  Ui ui = Ui::detect(args);
  const bool as_json = args.flag("json");
  const bool markdown = markdown_format(args);
  if (markdown && as_json) throw UsageError("-json and -format=markdown exclude each other");
  if (markdown && args.positional.empty()) {
    throw UsageError("-format=markdown shows a saved plan: infra show -format=markdown PLANFILE");
  }
  if (!args.positional.empty()) {
    try {
      auto plan = planner::load_plan(args.positional[0]);
      std::cout << (as_json    ? planner::plan_to_json(plan, INFRA_VERSION)
                    : markdown ? planner::render_markdown(plan)
                               : planner::render_plan(plan, {ui.color}));
      return 0;
    } catch (const std::exception& e) {
      ui.error("Failed to read the plan", e.what());
      return 1;
    }
  }
  auto backend = open_state_if_created(ui, chosen_state(args));
  if (!backend) return 1;
  state::Snapshot snapshot;
  if (!*backend) {
    if (as_json) std::cout << planner::state_to_json(snapshot, INFRA_VERSION);
    else std::cout << "No state.\n";
    return 0;
  }
  try {
    snapshot = (*backend)->read();
  } catch (const std::exception& e) {
    ui.error("Failed to read the state", e.what());
    return 1;
  }
  if (as_json) {
    std::cout << planner::state_to_json(snapshot, INFRA_VERSION);
    return 0;
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
