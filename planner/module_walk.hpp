// The module instances of one plan or apply, and the nodes that both evaluate alike:
// variables, locals, module blocks (the instances of the called module and their input
// variables) and outputs. Resources and data sources are the plan's and the apply's own.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "planner/expansion.hpp"
#include "planner/module_eval.hpp"
#include "planner/module_graph.hpp"

namespace infra::planner {

/// One instance of a module: the root, or one instance of a module block.
struct ModuleInstance {
  std::size_t module = 0;  // index into ModuleGraph::modules
  std::string address;     // "" for the root, `module.app["eu"]`
  Instance instance;       // its key in the calling module block
  const ModuleInstance* parent = nullptr;
  ModuleValues values;
  /// The configurations passed by the module block's `providers`: the module's own name
  /// for one ("NAME" or "NAME.ALIAS") -> the root module's key.
  std::map<std::string, std::string> passed_providers;

  /// The root module's key of the configuration this module calls `local` ("NAME" or
  /// "NAME.ALIAS"): passed by the module block, or a default configuration inherited from
  /// the caller. nullopt for an aliased one that was not passed.
  std::optional<std::string> provider(const std::string& local) const;
};

class ModuleWalk {
 public:
  /// The root instance gets `variables`; every instance evaluates functions as for a plan
  /// (`planning`) or an apply, at `time`, in `workspace` (what infra.workspace is).
  ModuleWalk(const ModuleGraph& graph, const std::map<std::string, lang::Value>& variables,
             bool planning, std::chrono::system_clock::time_point time, std::string workspace);
  ~ModuleWalk();

  const ModuleGraph& graph() const { return graph_; }
  ModuleInstance& root() { return *instances_[0][0]; }
  /// The instances of module `m`, sorted by address; complete once the module block of
  /// `m` has been visited (the root's from the start).
  const std::vector<ModuleInstance*>& instances(std::size_t m) const { return instances_[m]; }

  /// Evaluates node `id` for every instance of its module when it is a variable, local,
  /// module block or output, and returns whether that succeeded; nullopt for resources and
  /// data sources, which the caller handles.
  std::optional<bool> visit(std::size_t id, lang::Diagnostics& diags);

  /// The provider configuration (a key of the root module) that `r` uses in instance
  /// `mi`, with `scope` answering each.key for `provider = NAME.ALIAS[each.key]`.
  std::optional<std::string> provider_of(const lang::Resource& r, const ModuleInstance& mi,
                                         const lang::Scope& scope, lang::Diagnostics& diags) const;

  /// While planning, a block whose count or for_each is known only after apply is left for
  /// a further round instead of being an error: its node fails without a diagnostic, and
  /// it is recorded here. Thread-safe.
  void defer(std::size_t id, std::string reason);
  /// The nodes deferred so far, with why.
  std::map<std::size_t, std::string> deferred() const;

 private:
  bool visit_call(std::size_t id, std::size_t m, const lang::ModuleCall& call, std::size_t child,
                  lang::Diagnostics& diags);
  std::unique_ptr<ModuleInstance> make_instance(std::size_t m, std::string address,
                                                Instance instance, const ModuleInstance* parent);
  lang::Value outputs_of(const ModuleInstance& mi) const;

  const ModuleGraph& graph_;
  bool planning_;
  std::chrono::system_clock::time_point time_;
  std::string workspace_;
  std::vector<std::vector<std::unique_ptr<ModuleInstance>>> owned_;  // by module
  std::vector<std::vector<ModuleInstance*>> instances_;              // by module
  /// The instances of a module block, per calling instance: what `module.NAME` is there.
  struct CallInstances {
    Repetition repetition = Repetition::None;
    std::vector<ModuleInstance*> instances;
  };
  std::map<std::pair<const ModuleInstance*, std::string>, CallInstances> calls_;
  mutable std::mutex calls_mutex_;
  std::map<std::size_t, std::string> deferred_;
  mutable std::mutex deferred_mutex_;
};

}  // namespace infra::planner
