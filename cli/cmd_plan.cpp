// infra plan: show what apply would do; optionally save it.
#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "planner/plan_file.hpp"

namespace infra::cli {
namespace {

int plan(const Args& args, View& view) {
  bool destroy = args.flag("destroy");
  auto session = open_session(args, destroy ? "plan -destroy" : "plan", &view);
  if (!session) return 1;
  auto plan = make_session_plan(*session, args, destroy);
  if (!plan) return 1;
  view.plan(*plan);
  if (auto out = args.value("out")) {
    try {
      planner::save_plan(*plan, *out);
    } catch (const std::exception& e) {
      view.error("Failed to save the plan", e.what());
      return 1;
    }
    view.plan_saved(*out);
  }
  if (args.flag("detailed-exitcode") && plan->has_changes()) return 2;
  return 0;
}

}  // namespace

int cmd_plan(const Args& args) {
  auto view = make_view(args);
  return run_in_view(*view, [&] { return plan(args, *view); });
}

}  // namespace infra::cli
