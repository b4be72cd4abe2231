// Evaluation of a module's expressions during plan and apply: input variables, the scope
// that answers `var.*`, `local.*`, `path.*` and `TYPE.NAME`, and the function table.
#pragma once

#include <chrono>
#include <functional>
#include <filesystem>
#include <memory>
#include <map>
#include <vector>
#include <mutex>
#include <shared_mutex>
#include <optional>
#include <string>

#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "lang/function_table.hpp"
#include "lang/value.hpp"

namespace infra::state {
struct Snapshot;
}
namespace infra::providers {
struct ProviderSchema;
}

namespace infra::planner {

class ProviderSet;

/// The values expressions may refer to, filled in as a walk goes. Thread-safe: walks read
/// and write it from many threads.
class ModuleValues {
 public:
  /// Sets the functions expressions of `module` call: its own `function` blocks over the
  /// built-ins, which see the module's directory, whether this is a plan (impure functions
  /// such as timestamp() are then unknown) and the plan's time. `module` must outlive this.
  void set_function_context(const lang::Module& module, bool planning,
                            std::chrono::system_clock::time_point plan_time);
  /// The same for a called module: file functions see `root_dir` as path.root.
  void set_function_context(const lang::Module& module, const std::filesystem::path& root_dir,
                            bool planning, std::chrono::system_clock::time_point plan_time);
  /// The functions expressions of this module call.
  const lang::FunctionTable& functions() const;

  void set_variable(const std::string& name, lang::Value v);
  void set_local(const std::string& name, lang::Value v);
  void set_resource(const std::string& address, lang::Value v);
  void set_paths(std::string module, std::string root, std::string cwd);
  /// The selected workspace: what `infra.workspace` (and `terraform.workspace`) is.
  void set_workspace(std::string name);
  /// An output value of this module instance, for the module that calls it.
  void set_output(const std::string& name, lang::Value v);
  /// What `module.NAME` is: set by whoever knows the called modules' instances.
  void set_module_calls(std::function<lang::Value(const std::string& name)> resolver);

  std::optional<lang::Value> variable(const std::string& name) const;
  std::optional<lang::Value> local(const std::string& name) const;
  std::optional<lang::Value> resource(const std::string& address) const;
  /// The data sources of `type` read so far (or set unknown), by name: what `data.TYPE`
  /// is in expressions.
  lang::Value data_sources(const std::string& type) const;
  std::optional<lang::Value> path(const std::string& name) const;
  /// The selected workspace; "default" unless set.
  std::string workspace() const;
  std::optional<lang::Value> output(const std::string& name) const;
  /// The outputs of the instances of module call `name`; unknown when there is no resolver.
  lang::Value module_call(const std::string& name) const;

 private:
  mutable std::shared_mutex mutex_;  // readers share it: evaluations read far more than write
  std::unique_ptr<lang::FunctionTable> builtins_;
  std::unique_ptr<lang::FunctionTable> functions_;  // the module's, over builtins_
  std::map<std::string, lang::Value> variables_;
  std::map<std::string, lang::Value> locals_;
  std::map<std::string, lang::Value> resources_;
  std::map<std::string, lang::Value> paths_;
  std::string workspace_ = "default";
  std::map<std::string, lang::Value> outputs_;
  std::function<lang::Value(const std::string&)> module_calls_;
};

/// lang::Scope over ModuleValues. A declared resource with no value yet is unknown.
class ModuleScope : public lang::Scope {
 public:
  explicit ModuleScope(const ModuleValues& values) : values_(values) {}
  std::optional<lang::Value> resolve(std::string_view root, std::string_view name,
                                     const lang::SourceRange& where,
                                     lang::Diagnostics& diags) const override;

 private:
  const ModuleValues& values_;
};

/// The built-in functions (stdlib/) without a module: pure functions, paths relative to
/// the working directory.
const lang::FunctionTable& functions();

/// The functions of `module` over functions(): what variables' defaults and validations,
/// and validate, evaluate with.
lang::DeclaredFunctions functions(const lang::Module& module);

/// The checks of the module's functions and of every call in it that need the built-ins'
/// names (lang::check_calls): a function named like a built-in, a call of a function that
/// does not exist, a wrong number of arguments to a user-defined function. False when
/// it reported an error.
bool check_functions(const lang::Module& module, lang::Diagnostics& diags);

/// One value given for an input variable.
struct VariableInput {
  std::string name;
  std::optional<std::string> text;  // -var NAME=TEXT: converted to the declared type
  std::optional<lang::Value> value;  // from a variables file: already a value
  std::optional<lang::SourceRange> range;  // where a file gave it
};

/// Reads a variables file (`NAME = EXPRESSION` lines, HCL syntax, constant expressions
/// only; or, when its name ends in `.json`, a JSON object of `"NAME": VALUE`). `shown_name` is what messages call it; its text is added to `files`.
std::vector<VariableInput> load_variable_file(const std::filesystem::path& path,
                                              const std::string& shown_name,
                                              lang::SourceFiles& files, lang::Diagnostics& diags);

/// Resolves every input variable: the environment (INFRA_VAR_NAME) first, then `inputs`
/// in order (a later one wins), then the default. Text is converted to the declared type;
/// `nullable = false` and `validation` blocks are checked. Missing required variables,
/// values for undeclared names and invalid values are errors.
std::map<std::string, lang::Value> resolve_variables(const lang::Module& module,
                                                     const std::vector<VariableInput>& inputs,
                                                     lang::Diagnostics& diags);

/// Converts `value` to the declared type of `var`, marks it sensitive as declared, and
/// checks `nullable` and the validation blocks (unknown values pass them until apply).
/// nullopt after an error, reported at `where` (where the value was given).
std::optional<lang::Value> accept_variable(const lang::Variable& var, const lang::Value& value,
                                           const lang::SourceRange& where,
                                           const lang::FunctionTable& functions,
                                           lang::Diagnostics& diags);

/// A digest of the configuration's files (names and contents) and the variable values,
/// so that a saved plan can tell that either changed.
std::string config_hash(const lang::Module& module,
                        const std::map<std::string, lang::Value>& variables);

/// The provider configuration a resource uses: "NAME", "NAME.ALIAS", or for an instance of
/// a provider block with for_each `NAME.ALIAS["KEY"]`, the key evaluated with `values`
/// (it must be known before planning). nullopt after an error.
std::optional<std::string> provider_key(const lang::Resource& r, const ModuleValues& values,
                                        lang::Diagnostics& diags);
/// The same, with the key evaluated in `scope` (which may answer each.key).
std::optional<std::string> provider_key(const lang::Resource& r, const lang::Scope& scope,
                                        const lang::FunctionTable& functions,
                                        lang::Diagnostics& diags);

/// Starts and configures every provider that the configuration or `prior` uses, with the
/// evaluated `provider` blocks (the locals they use are evaluated into `values` first),
/// but for the blocks in `later` (ModuleGraph::walk_providers), which the walk configures.
/// Failures are reported at the first resource that needs the provider.
void start_providers(const lang::Module& module, const state::Snapshot& prior,
                     ModuleValues& values, const std::map<std::string, std::size_t>& later,
                     ProviderSet& providers, lang::Diagnostics& diags);

/// The configurations of one provider block evaluated in `scope`, by key: `NAME.ALIAS`, or
/// `NAME.ALIAS["KEY"]` per element of its for_each, checked against and converted to
/// `schema` when it is given. With `unknown`, a for_each known only after apply sets it
/// and gives no configuration; without, it is an error. nullopt after an error.
std::optional<std::map<std::string, lang::Value>> evaluate_provider_block(
    const lang::ProviderConfig& block, const lang::Scope& scope,
    const lang::FunctionTable& functions, const providers::ProviderSchema* schema,
    bool* unknown, lang::Diagnostics& diags);

/// The schema of provider `name`, starting its plugin; null when it is not installed or
/// does not start (what uses it reports that).
const providers::ProviderSchema* provider_schema(ProviderSet& providers, const std::string& name);

}  // namespace infra::planner
