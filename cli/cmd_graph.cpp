// infra graph: the configuration's graph, or what a plan will do, as Graphviz DOT.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/session.hpp"
#include "planner/graph_dot.hpp"
#include "planner/module_graph.hpp"
#include "planner/plan_file.hpp"

namespace infra::cli {

int cmd_graph(const Args& args) {
  Ui ui = Ui::detect(args);
  const std::string type = args.value("type").value_or("plan");
  if (type != "plan" && type != "apply") {
    throw UsageError("-type must be plan or apply, not \"" + type + "\"");
  }
  if (auto file = args.value("plan")) {
    try {
      std::cout << planner::apply_graph_dot(planner::load_plan(*file));
      return 0;
    } catch (const std::exception& e) {
      ui.error("Failed to read the plan file \"" + *file + "\"", e.what());
      return 1;
    }
  }
  if (type == "plan") {
    auto module = load_config(ui);
    if (!module) return 1;
    lang::Diagnostics diags;
    const planner::ModuleGraph graph = planner::build_module_graph(*module, diags);
    if (ui.report(diags, module->files)) return 1;
    std::cout << planner::plan_graph_dot(graph);
    return 0;
  }
  auto session = open_session(args, "graph");
  if (!session) return 1;
  auto plan = make_session_plan(*session, args, false);
  if (!plan) return 1;
  std::cout << planner::apply_graph_dot(*plan);
  return 0;
}

}  // namespace infra::cli
