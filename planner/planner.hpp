// make_plan: configuration + prior state + providers -> Plan. The stages, in order:
// build the graph, resolve variables, refresh the prior state through the providers,
// then plan every resource (level by level, each level in parallel), deletions and outputs.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "lang/config.hpp"
#include "planner/module_eval.hpp"
#include "planner/plan.hpp"
#include "planner/provider_set.hpp"
#include "state/backend.hpp"

namespace infra::planner {

class ModuleValues;
class ModuleWalk;
class ProviderSet;
struct Instance;
struct ModuleInstance;

/// Progress of refresh, for the user interface. Called from many threads at once.
class RefreshObserver {
 public:
  virtual ~RefreshObserver() = default;
  /// The provider is asked to read `instance`.
  virtual void refresh_started(const state::ResourceInstance& instance) = 0;
  /// It answered: `now` is the object as it is (null when it is gone), marked as the state is.
  virtual void refresh_finished(const state::ResourceInstance& instance, const lang::Value& now) = 0;
};

struct PlanOptions {
  std::vector<VariableInput> variables;  // variables files and -var, a later one wins
  bool refresh = true;
  bool destroy = false;
  /// Plan only the update of the state to what refresh found; no action on objects.
  bool refresh_only = false;
  int parallelism = 10;  // provider calls at once
  /// -target=ADDR: plan only these and what they depend on.
  std::vector<std::string> targets;
  /// -exclude=ADDR: plan everything but these and what depends on them.
  std::vector<std::string> excludes;
  /// -replace=ADDR: replace these instances even when nothing forces it.
  std::vector<std::string> replace;
  /// Told of every instance refresh reads; may be null.
  RefreshObserver* refresh_observer = nullptr;
  /// The selected workspace: what infra.workspace is.
  std::string workspace = "default";
};

/// Makes the plan, or returns nullopt with the reasons in `diags`.
std::optional<Plan> make_plan(const lang::Module& module, const state::Snapshot& prior,
                              ProviderSet& providers, const PlanOptions& options,
                              lang::Diagnostics& diags);

/// Validates the configuration without state: graph, variables (missing ones are not an
/// error), schemas of the providers used.
void validate(const lang::Module& module, ProviderSet& providers, lang::Diagnostics& diags);

/// Reads `instances` through their providers (at most `parallelism` at once) into
/// `current` (address -> the object now, null when it is gone); where reading fails, the
/// error goes to `diags` and `current` keeps what it had. `observer` (may be null) is told
/// of each read.
void refresh(const std::vector<const state::ResourceInstance*>& instances, ProviderSet& providers,
             int parallelism, std::map<std::string, lang::Value>& current,
             lang::Diagnostics& diags, RefreshObserver* observer = nullptr);

/// Reads one instance through its provider configuration: the object now (null when it is
/// gone), or nullopt after an error ("ADDRESS: refreshing failed").
std::optional<lang::Value> read_instance(const state::ResourceInstance& instance,
                                         ProviderSet& providers, lang::Diagnostics& diags,
                                         RefreshObserver* observer = nullptr);

/// The Value of a state instance's attributes, with its sensitive attributes marked.
lang::Value instance_value(const state::ResourceInstance& instance);

/// Reads data source `r` through the provider configuration `key`: its value, or unknown
/// when its configuration is not known yet or `defer` (what it depends on changes in this
/// plan), so that apply reads it; nullopt after an error.
std::optional<lang::Value> plan_data_source(const lang::Resource& r, const std::string& key,
                                            const lang::Scope& scope, const ModuleValues& values,
                                            ProviderSet& providers, bool defer,
                                            lang::Diagnostics& diags);

/// Reads every instance of data source `r` in module instance `mi` with plan_data_source
/// (deferred to apply when `defer`) and sets what `data.TYPE.NAME` is there: one object, a
/// list or a map of them. False after an error.
bool read_data_instances(const lang::Resource& r, ModuleInstance& mi, const ModuleWalk& modules,
                         const std::vector<Instance>& instances, ProviderSet& providers, bool defer,
                         lang::Diagnostics& diags);

/// Reports every resource whose `provider = NAME.ALIAS` names no provider block.
void check_provider_references(const lang::Module& module, lang::Diagnostics& diags);

/// Reads the scoped data source of every check and evaluates its assert blocks: a false
/// assertion, or a data source that cannot be read, is a warning in `diags`.
void check_assertions(const lang::Module& module, ModuleValues& values, ProviderSet& providers,
                      lang::Diagnostics& diags);

}  // namespace infra::planner
