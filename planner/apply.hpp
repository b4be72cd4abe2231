// apply_plan: executes a Plan through the providers, in dependency order and in parallel
// where the graph allows, committing every finished action to the state at once.
#pragma once

#include <atomic>
#include <string>

#include "lang/config.hpp"
#include "planner/plan.hpp"
#include "planner/provider_set.hpp"
#include "state/backend.hpp"

namespace infra::planner {

/// Progress of an apply, for the user interface. Called from many threads at once.
class ApplyObserver {
 public:
  virtual ~ApplyObserver() = default;
  /// An action starts ("Creating...", "Destroying...").
  virtual void started(const Change& change, Action action) = 0;
  /// An action finished; `id` is the object's id attribute when it has one.
  virtual void finished(const Change& change, Action action, double seconds,
                        const std::string& id) = 0;
  /// An action that started failed; its error is in the apply's diagnostics.
  virtual void errored(const Change& /*change*/, Action /*action*/, double /*seconds*/) {}
};

struct ApplyOptions {
  int parallelism = 10;
  /// When set to true (by a signal handler), no further action starts; actions already
  /// running finish and are recorded. May be null.
  const std::atomic<bool>* interrupted = nullptr;
};

struct ApplyResult {
  int added = 0;
  int changed = 0;
  int destroyed = 0;
  int forgotten = 0;  // removed from the state, left alone (removed blocks)
  int imported = 0;   // adopted into the state (import blocks)
};

/// Applies `plan` to the objects of `module`. The caller holds the state lock. Errors name
/// the resource address; resources that depend on a failed one are not touched. Whatever
/// finished is in the state, whether or not the apply as a whole succeeded.
ApplyResult apply_plan(const Plan& plan, const lang::Module& module, state::Backend& backend,
                       ProviderSet& providers, const ApplyOptions& options,
                       ApplyObserver* observer, lang::Diagnostics& diags);

}  // namespace infra::planner
