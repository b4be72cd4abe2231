// View: everything plan, apply and destroy tell the user, behind one interface with two
// implementations: the human view (the terminal UI) and the JSON view (-json: one event
// per line on stdout, see docs/json-events.md). The commands call the view; they never
// print themselves.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lang/diagnostics.hpp"
#include "planner/apply.hpp"
#include "planner/plan.hpp"
#include "planner/planner.hpp"
#include "state/backend.hpp"

namespace infra::cli {

struct Args;
struct Ui;

class View {
 public:
  virtual ~View() = default;

  /// One error or warning that has no place in the configuration.
  virtual void error(const std::string& summary, const std::string& detail) = 0;
  virtual void warning(const std::string& summary, const std::string& detail) = 0;
  /// The diagnostics of a stage; returns true when there were errors.
  virtual bool diagnostics(const lang::Diagnostics& diags, const lang::SourceFiles& files) = 0;

  /// Told of each instance refresh reads (from many threads at once), or null when the
  /// view does not show refresh.
  virtual planner::RefreshObserver* refresh_observer() = 0;

  /// A plan: drift, the changes, what is deferred, the summary, the outputs' changes.
  virtual void plan(const planner::Plan& plan) = 0;
  /// The plan was saved to `path` by plan -out.
  virtual void plan_saved(const std::string& path) = 0;

  /// Whether the view can ask for approval. The JSON view cannot: with -json, apply and
  /// destroy need -auto-approve (or a saved plan), and refuse before any work without it.
  virtual bool can_ask() const = 0;
  /// Approval to `operation` ("apply", "destroy") the plan just shown: given by
  /// -auto-approve, or asked on a terminal. False when refused or impossible (told why).
  virtual bool approve(bool auto_approve, const std::string& operation, bool destroy) = 0;

  /// Apply progress of one action. The caller serialises these calls (see ApplyProgress).
  virtual void apply_start(const planner::Change& change, planner::Action action) = 0;
  virtual void apply_progress(const planner::Change& change, planner::Action action,
                              long elapsed_seconds) = 0;
  virtual void apply_complete(const planner::Change& change, planner::Action action,
                              double seconds, const std::string& id) = 0;
  virtual void apply_errored(const planner::Change& change, planner::Action action,
                             double seconds) = 0;

  /// What an apply (or destroy) did; shown after it, also when it had nothing to do.
  virtual void applied(const planner::ApplyResult& result, bool destroy) = 0;
  /// The root outputs as the state records them after an apply.
  virtual void outputs(const std::vector<state::OutputValue>& outputs) = 0;

  /// Round `round` (2, 3, ...) of an apply starts: it plans what earlier rounds deferred.
  virtual void round_start(int round) = 0;
  /// An applied saved plan left `count` deferred blocks for a further `infra apply`.
  virtual void deferred_left(std::size_t count) = 0;
};

/// The view that `args` ask for: the JSON view with -json (it writes its `version` event
/// at once), the human view otherwise.
std::unique_ptr<View> make_view(const Args& args);

/// The terminal UI of `ui`.
std::unique_ptr<View> make_human_view(const Ui& ui);

}  // namespace infra::cli
