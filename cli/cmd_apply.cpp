// infra apply and infra destroy: plan (or load a saved plan), approve, apply.
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "planner/module_eval.hpp"
#include "planner/plan_file.hpp"
#include "planner/render.hpp"

namespace infra::cli {
namespace {

/// The most rounds one apply makes for what plans defer.
constexpr int kMaxRounds = 20;

/// Asks for approval on a terminal, unless -auto-approve. False when refused or when there
/// is no terminal to ask (with the reason printed).
bool approve(Session& session, const Args& args, const std::string& operation, bool destroy) {
  if (args.flag("auto-approve")) {
    std::cout << "\n";
    return true;
  }
  if (!session.ui.interactive) {
    session.ui.error(
        "No terminal to ask for approval",
        operation + " asks for approval before it changes anything, and standard input is "
        "not a terminal. Run it with -auto-approve to " + operation +
            " without asking, or save a plan with \"infra plan -out=FILE\", review it, and "
            "apply that file.");
    return false;
  }
  std::cout << "\n";
  bool yes = destroy ? session.ui.confirm("Do you really want to destroy all resources?",
                                          "Infra will destroy all your managed infrastructure, "
                                          "as shown above.\n  There is no undo.")
                     : session.ui.confirm("Do you want to perform these actions?",
                                          "Infra will perform the actions described above.");
  if (!yes) std::cerr << "\n" << (destroy ? "Destroy" : "Apply") << " cancelled.\n";
  return yes;
}

// A saved plan applies only to the configuration and state it was made from.
bool check_saved_plan(const Session& s, const planner::Plan& plan, const std::string& file) {
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

int plan_and_apply(const Args& args, bool destroy) {
  const std::string operation = destroy ? "destroy" : "apply";
  if (!args.positional.empty()) {
    if (args.repeated.count("var") || args.repeated.count("var-file")) {
      throw UsageError("-var and -var-file cannot be used with a saved plan: the plan has its variables");
    }
    planner::Plan plan;
    try {
      plan = planner::load_plan(args.positional[0]);
    } catch (const std::exception& e) {
      Ui::detect(args).error("Failed to load the plan", e.what());
      return 1;
    }
    auto session = open_session(args, operation);
    if (!session || !check_saved_plan(*session, plan, args.positional[0])) return 1;
    const int code = apply_session_plan(*session, args, plan, plan.destroy);
    if (code == 0 && !plan.deferred.empty()) {
      std::cout << "\n" << plan.deferred.size() << " deferred block" << (plan.deferred.size() == 1 ? " was" : "s were")
                << " left for a further round: run \"infra apply\" to plan and apply "
                << (plan.deferred.size() == 1 ? "it" : "them") << ".\n";
    }
    return code;
  }

  auto session = open_session(args, operation);
  if (!session) return 1;
  auto plan = make_session_plan(*session, args, destroy);
  if (!plan) return 1;
  std::cout << planner::render_plan(*plan, {session->ui.color});
  if (!plan->has_changes()) {
    if (destroy) {
      std::cout << "\nDestroy complete! Resources: 0 destroyed.\n";
    } else {
      std::cout << "\nApply complete! Resources: 0 added, 0 changed, 0 destroyed.\n";
    }
    return 0;
  }
  if (!approve(*session, args, operation, destroy)) return 1;
  int code = apply_session_plan(*session, args, *plan, destroy);
  // What the plan deferred (a count or for_each known only after apply) is planned and
  // applied now that it is known, round after round.
  for (int round = 2; code == 0 && !plan->deferred.empty(); ++round) {
    const std::vector<planner::Deferral> before = plan->deferred;
    std::cout << "\nRound " << round << ": planning what was deferred...\n\n";
    session->snapshot = session->backend->read();
    plan = make_session_plan(*session, args, destroy);
    if (!plan) return 1;
    std::cout << planner::render_plan(*plan, {session->ui.color});
    if (!plan->has_changes()) break;
    const bool same = plan->deferred.size() == before.size() &&
                      std::equal(before.begin(), before.end(), plan->deferred.begin(),
                                 [](const auto& a, const auto& b) { return a.address == b.address; });
    if (round > kMaxRounds || (same && plan->changes.empty())) {
      session->ui.error("Deferred blocks cannot be planned",
                        "After " + std::to_string(round - 1) + " rounds, the count or for_each of "
                        "what is listed above is still known only after apply. Make it depend "
                        "on values that an apply makes known.");
      return 1;
    }
    if (!approve(*session, args, operation, destroy)) return 1;
    code = apply_session_plan(*session, args, *plan, destroy);
  }
  return code;
}

}  // namespace

int cmd_apply(const Args& args) { return plan_and_apply(args, false); }
int cmd_destroy(const Args& args) { return plan_and_apply(args, true); }

}  // namespace infra::cli
