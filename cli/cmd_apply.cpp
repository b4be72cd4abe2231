// infra apply and infra destroy: plan (or load a saved plan), approve, apply.
#include <algorithm>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "planner/module_eval.hpp"
#include "planner/plan_file.hpp"

namespace infra::cli {
namespace {

/// The most rounds one apply makes for what plans defer.
constexpr int kMaxRounds = 20;

// A saved plan applies only to the configuration and state it was made from.
bool check_saved_plan(const Session& s, const planner::Plan& plan, const std::string& file) {
  if (plan.workspace != s.state.workspace) {
    s.ui.error("Saved plan is for a different workspace",
               "The plan " + file + " was made in workspace \"" + plan.workspace +
                   "\", but workspace \"" + s.state.workspace +
                   "\" is selected. Select that workspace, or make a new plan.");
    return false;
  }
  if (plan.lineage != s.snapshot.lineage) {
    s.ui.error("Saved plan is for a different state",
               "The plan " + file + " was made for the state with lineage " + plan.lineage +
                   ", but the current state has lineage " + s.snapshot.lineage +
                   ". Make a new plan.");
    return false;
  }
  if (plan.serial != s.snapshot.serial) {
    s.ui.error("Saved plan is stale",
               "The state changed since the plan " + file + " was made (serial " +
                   std::to_string(plan.serial) + ", now " + std::to_string(s.snapshot.serial) +
                   "). Make a new plan.");
    return false;
  }
  if (planner::config_hash(s.module, plan.variables) != plan.config_hash) {
    s.ui.error("Saved plan does not match the configuration",
               "The configuration changed since the plan " + file +
                   " was made. Make a new plan.");
    return false;
  }
  return true;
}

int plan_and_apply(const Args& args, bool destroy, View& view) {
  const std::string operation = destroy ? "destroy" : "apply";
  const bool auto_approve = args.flag("auto-approve");
  // A view that cannot ask (-json) needs -auto-approve or a saved plan, before any work.
  if (args.positional.empty() && !view.can_ask() &&
      !view.approve(auto_approve, operation, destroy)) {
    return 1;
  }
  if (!args.positional.empty()) {
    if (args.repeated.count("var") || args.repeated.count("var-file")) {
      throw UsageError("-var and -var-file cannot be used with a saved plan: the plan has its variables");
    }
    planner::Plan plan;
    try {
      plan = planner::load_plan(args.positional[0]);
    } catch (const std::exception& e) {
      view.error("Failed to load the plan", e.what());
      return 1;
    }
    auto session = open_session(args, operation, &view);
    if (!session || !check_saved_plan(*session, plan, args.positional[0])) return 1;
    const int code = apply_session_plan(*session, args, plan, plan.destroy);
    if (code == 0 && !plan.deferred.empty()) view.deferred_left(plan.deferred.size());
    return code;
  }

  auto session = open_session(args, operation, &view);
  if (!session) return 1;
  auto plan = make_session_plan(*session, args, destroy);
  if (!plan) return 1;
  view.plan(*plan);
  if (!plan->has_changes()) {
    view.applied({}, destroy);
    return 0;
  }
  if (!view.approve(auto_approve, operation, destroy)) return 1;
  int code = apply_session_plan(*session, args, *plan, destroy);
  // What the plan deferred (a count or for_each known only after apply) is planned and
  // applied now that it is known, round after round.
  for (int round = 2; code == 0 && !plan->deferred.empty(); ++round) {
    const std::vector<planner::Deferral> before = plan->deferred;
    view.round_start(round);
    session->snapshot = session->backend->read();
    plan = make_session_plan(*session, args, destroy);
    if (!plan) return 1;
    view.plan(*plan);
    if (!plan->has_changes()) break;
    const bool same = plan->deferred.size() == before.size() &&
                      std::equal(before.begin(), before.end(), plan->deferred.begin(),
                                 [](const auto& a, const auto& b) { return a.address == b.address; });
    if (round > kMaxRounds || (same && plan->changes.empty())) {
      view.error("Deferred blocks cannot be planned",
                 "After " + std::to_string(round - 1) + " rounds, the count or for_each of "
                 "what is listed above is still known only after apply. Make it depend "
                 "on values that an apply makes known.");
      return 1;
    }
    if (!view.approve(auto_approve, operation, destroy)) return 1;
    code = apply_session_plan(*session, args, *plan, destroy);
  }
  return code;
}

}  // namespace

int cmd_apply(const Args& args) {
  auto view = make_view(args);
  return run_in_view(*view, [&] { return plan_and_apply(args, false, *view); });
}

int cmd_destroy(const Args& args) {
  auto view = make_view(args);
  return run_in_view(*view, [&] { return plan_and_apply(args, true, *view); });
}

}  // namespace infra::cli
