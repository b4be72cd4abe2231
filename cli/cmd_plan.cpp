// infra plan: show what apply would do; optionally save it.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "planner/plan_file.hpp"
#include "planner/render.hpp"

namespace infra::cli {

int cmd_plan(const Args& args) {
  bool destroy = args.flag("destroy");
  auto session = open_session(args, destroy ? "plan -destroy" : "plan");
  if (!session) return 1;
  auto plan = make_session_plan(*session, args, destroy);
  if (!plan) return 1;
  std::cout << planner::render_plan(*plan, {session->ui.color});
  if (auto out = args.value("out")) {
    try {
      planner::save_plan(*plan, *out);
    } catch (const std::exception& e) {
      session->ui.error("Failed to save the plan", e.what());
      return 1;
    }
    std::cout << "\nSaved the plan to: " << *out
              << "\n\nTo perform exactly these actions, run the following command to apply:\n"
                 "    infra apply \"" << *out << "\"\n";
  }
  if (args.flag("detailed-exitcode") && plan->has_changes()) return 2;
  return 0;
}

}  // namespace infra::cli
