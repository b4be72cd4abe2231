// A Session is what plan, apply and destroy have in common: the configuration, the state
// (locked), the providers, and making a plan from them.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include "cli/common.hpp"
#include "cli/view.hpp"
#include "planner/plan.hpp"

namespace infra::cli {

struct Session {
  std::unique_ptr<View> own_view;  // when the caller gave none
  View* view = nullptr;            // where everything is reported; never null
  Ui ui;                           // its `view` is `view`
  lang::Module module;
  StateChoice state;  // the workspace and its state file
  std::unique_ptr<state::Backend> backend;
  std::unique_ptr<StateLock> lock;
  // The writes of the operation are recorded in the state's history as one version.
  std::unique_ptr<state::VersionScope> version;
  std::unique_ptr<planner::ProviderSet> providers;
  state::Snapshot snapshot;
};

/// Loads the configuration and the state, taking the lock for `operation`. Reports
/// through `view` (which must outlive the session), or a human view of its own when null.
/// Reports errors and returns nullptr on failure.
std::unique_ptr<Session> open_session(const Args& args, const std::string& operation,
                                      View* view = nullptr);

/// Makes a plan (a destroy plan when `destroy`), printing diagnostics. nullopt on error.
std::optional<planner::Plan> make_session_plan(Session& s, const Args& args, bool destroy);

/// Applies `plan`, reporting progress, errors, what it did and the outputs. Returns the
/// exit code.
int apply_session_plan(Session& s, const Args& args, const planner::Plan& plan, bool destroy);

/// Runs a command's `body`, which reports through `view`: an exception it throws, other
/// than a UsageError, is reported there as an error, with exit code 1.
int run_in_view(View& view, const std::function<int()>& body);

}  // namespace infra::cli
