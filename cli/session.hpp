// A Session is what plan, apply and destroy have in common: the configuration, the state
// (locked), the providers, and making a plan from them.
#pragma once

#include <memory>
#include <optional>

#include "cli/common.hpp"
#include "planner/plan.hpp"

namespace infra::cli {

struct Session {
  Ui ui;
  lang::Module module;
  std::unique_ptr<state::Backend> backend;
  std::unique_ptr<StateLock> lock;
  std::unique_ptr<planner::ProviderSet> providers;
  state::Snapshot snapshot;
};

/// Loads the configuration and the state, taking the lock for `operation`. Prints errors
/// and returns nullptr on failure.
std::unique_ptr<Session> open_session(const Args& args, const std::string& operation);

/// Makes a plan (a destroy plan when `destroy`), printing diagnostics. nullopt on error.
std::optional<planner::Plan> make_session_plan(Session& s, const Args& args, bool destroy);

/// Applies `plan`, printing progress, errors and the closing line. Returns the exit code.
int apply_session_plan(Session& s, const Args& args, const planner::Plan& plan, bool destroy);

}  // namespace infra::cli
