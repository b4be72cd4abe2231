// What the commands share: loading the configuration, opening the state under its lock,
// finding providers, printing diagnostics, asking for approval.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "cli/args.hpp"
#include "lang/config.hpp"
#include "planner/backend_config.hpp"
#include "planner/module_eval.hpp"
#include "planner/provider_set.hpp"
#include "state/backend.hpp"
#include "state/store.hpp"
#include "state/workspaces.hpp"

namespace infra::cli {

class View;

/// How a command talks to the user.
struct Ui {
  bool color = false;       // stdout is a terminal and -no-color was not given
  bool interactive = false; // stdin is a terminal
  /// When set (plan, apply and destroy), errors, warnings and diagnostics go to this view
  /// instead of stderr: with -json they become events on stdout.
  View* view = nullptr;

  static Ui detect(const Args& args);
  void error(const std::string& summary, const std::string& detail = {}) const;
  void warning(const std::string& summary, const std::string& detail = {}) const;
  /// Prints diagnostics to stderr; returns true when there were errors.
  bool report(const lang::Diagnostics& diags, const lang::SourceFiles& files) const;
  /// Asks a yes/no question; only "yes" approves.
  bool confirm(const std::string& question, const std::string& explanation) const;
};

/// The state a command works on: a workspace of a store.
struct StateChoice {
  std::string workspace;               // the selected workspace: what infra.workspace is
  std::shared_ptr<state::Store> store;  // where every workspace's state is

  /// Where the state is, for messages: a file, or a PostgreSQL schema and server.
  std::string location() const { return store->location(workspace); }
};

/// The selected workspace: INFRA_WORKSPACE, else the one .infra/environment remembers,
/// else "default". nullopt after printing an error when the name is not valid.
std::optional<std::string> current_workspace(const Ui& ui);

/// The store that `settings` (a backend block read by planner::read_backend) names. The
/// postgres backend takes what its block leaves out from PG_CONN_STR and PG_SCHEMA_NAME,
/// and then "infra_state" as the schema. Throws StateError for an invalid schema name.
std::unique_ptr<state::Store> make_store(const planner::BackendSettings& settings);

/// Where the states are: the backend block of `module` (or, when null, of the working
/// directory's root module files, loaded for that), else .infra/state.db, laid out by
/// workspace; a directory without configuration files has the default. nullopt after
/// printing errors.
std::optional<std::shared_ptr<state::Store>> state_store(const Ui& ui, const lang::Module* module);

/// The one place that decides which state a command opens: -state=PATH when given (that
/// file, whatever the workspace), else the selected workspace's state in the store of
/// state_store(), which must exist. nullopt after printing errors.
std::optional<StateChoice> choose_state(const Ui& ui, const Args& args,
                                        const lang::Module* module);

/// choose_state() for a command that does not load the configuration. Throws
/// ReportedError after printing why there is none.
StateChoice chosen_state(const Args& args);

/// Loads the configuration of the working directory; nullopt after printing errors.
std::optional<lang::Module> load_config(const Ui& ui);

/// Whether `-format` asks for Markdown: `-format=markdown`; `-format=human` (the default)
/// does not; anything else is a usage error.
bool markdown_format(const Args& args);

/// Opens (creating it when missing) the chosen state, printing a clear error on failure.
std::unique_ptr<state::Backend> open_state(const Ui& ui, const StateChoice& choice);

/// Opens the chosen state only when it was created: nullptr when there is none yet (a
/// read-only command sees an empty state), nullopt after printing an error.
std::optional<std::unique_ptr<state::Backend>> open_state_if_created(const Ui& ui,
                                                                     const StateChoice& choice);

/// Opens the state that choose_state() picks for a command that does not load the
/// configuration; nullptr after printing errors.
std::unique_ptr<state::Backend> open_state(const Ui& ui, const Args& args);

/// Holds the state lock for the lifetime of the object.
class StateLock {
 public:
  StateLock(state::Backend& backend, const std::string& operation);
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  state::Backend& backend_;
  std::string id_;
};

/// Takes the lock for `operation` unless -lock=false; prints who holds it on failure.
std::optional<std::unique_ptr<StateLock>> lock_state(const Ui& ui, const Args& args,
                                                     state::Backend& backend,
                                                     const std::string& operation);

/// The providers of the working directory. With `locked` and a provider lock file
/// (.infra.lock.json, written by init), only the plugins it records may start. Throws
/// std::runtime_error for a lock file that cannot be read.
std::unique_ptr<planner::ProviderSet> make_providers(bool locked = true);

/// The values given for input variables, lowest priority first: infra.infravars, then
/// infra.infravars.json, then *.auto.infravars and *.auto.infravars.json (sorted), then -var NAME=VALUE and -var-file=FILE in command-line
/// order. Variables files' texts are added to `files`. Throws UsageError on a -var
/// without '='.
std::vector<planner::VariableInput> variable_inputs(const Args& args, lang::SourceFiles& files,
                                                    lang::Diagnostics& diags);

}  // namespace infra::cli
