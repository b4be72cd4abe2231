// Shared command plumbing.
#include "cli/common.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <algorithm>
#include <iostream>
#include <string_view>
#include <thread>

#include "cli/backend_init.hpp"
#include "cli/view.hpp"
#include "planner/backend_config.hpp"

namespace infra::cli {

namespace fs = std::filesystem;

Ui Ui::detect(const Args& args) {
  Ui ui;
  const char* no_color = std::getenv("NO_COLOR");
  ui.color = ::isatty(STDOUT_FILENO) && !args.flag("no-color") &&
             (no_color == nullptr || *no_color == '\0');
  ui.interactive = ::isatty(STDIN_FILENO);
  return ui;
}

void Ui::error(const std::string& summary, const std::string& detail) const {
  if (view != nullptr) return view->error(summary, detail);
  std::cerr << (color ? "\033[1;31mError:\033[0m " : "Error: ") << summary << "\n";
  if (!detail.empty()) std::cerr << "\n" << detail << "\n";
}

void Ui::warning(const std::string& summary, const std::string& detail) const {
  if (view != nullptr) return view->warning(summary, detail);
  std::cerr << (color ? "\033[1;33mWarning:\033[0m " : "Warning: ") << summary << "\n";
  if (!detail.empty()) std::cerr << "\n" << detail << "\n";
}

bool Ui::report(const lang::Diagnostics& diags, const lang::SourceFiles& files) const {
  if (view != nullptr) return view->diagnostics(diags, files);
  if (diags.empty()) return false;
  std::cerr << lang::render(diags, files) << "\n";
  return diags.has_errors();
}

bool Ui::confirm(const std::string& question, const std::string& explanation) const {
  std::cout << question << "\n  " << explanation << "\n  Only 'yes' will be accepted to approve.\n\n"
            << "  Enter a value: " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  std::cout << "\n";
  return answer == "yes";
}

std::optional<std::string> current_workspace(const Ui& ui) {
  const char* env = std::getenv("INFRA_WORKSPACE");
  std::string name = state::selected_workspace(state::environment_file(), env);
  if (auto problem = state::workspace_name_problem(name)) {
    const bool from_env = env != nullptr && *env != '\0';
    ui.error("Invalid workspace selected",
             *problem + (from_env ? " (from INFRA_WORKSPACE). Set it to another name, or unset it."
                                  : " (in .infra/environment). Select another with \"infra "
                                    "workspace select NAME\"."));
    return std::nullopt;
  }
  return name;
}

std::unique_ptr<state::Store> make_store(const planner::BackendSettings& settings) {
  if (settings.type == "postgres") {
    auto from_env = [](const char* name) {
      const char* v = std::getenv(name);
      return v == nullptr ? std::string() : std::string(v);
    };
    std::string conn_str = settings.conn_str.empty() ? from_env("PG_CONN_STR") : settings.conn_str;
    std::string schema = settings.schema_name.empty() ? from_env("PG_SCHEMA_NAME") : settings.schema_name;
    return state::postgres_store(conn_str, schema.empty() ? "infra_state" : schema);
  }
  return state::sqlite_store(settings.path);
}

std::optional<std::shared_ptr<state::Store>> state_store(const Ui& ui, const lang::Module* module) {
  lang::Module loaded;
  std::optional<planner::BackendSettings> settings;
  if (module == nullptr) {
    // The backend block is the root module's: the modules it calls do not matter here.
    lang::Diagnostics load_diags;
    loaded = lang::load_module_files(".", {}, load_diags);
    // Without any configuration (output or show in an empty directory), the default.
    if (loaded.files.empty()) settings = planner::BackendSettings{};
    else if (ui.report(load_diags, loaded.files)) return std::nullopt;
    module = &loaded;
  }
  if (!settings) {
    lang::Diagnostics diags;
    settings = planner::read_backend(*module, diags);
    if (ui.report(diags, module->files) || !settings) return std::nullopt;
  }
  try {
    if (auto previous = backend_change(*settings)) {
      ui.error("Backend initialization required",
               "The states of this working directory are in the backend " +
                   describe_backend(*previous) + ", but the configuration names " +
                   describe_backend(*settings) +
                   ".\n\nRun \"infra init -migrate-state\" to copy the states to the new "
                   "backend, or \"infra init -reconfigure\" to use it without them.");
      return std::nullopt;
    }
    return std::shared_ptr<state::Store>(make_store(*settings));
  } catch (const std::exception& e) {
    ui.error("Invalid backend settings", e.what());
    return std::nullopt;
  }
}

std::optional<StateChoice> choose_state(const Ui& ui, const Args& args,
                                        const lang::Module* module) {
  auto workspace = current_workspace(ui);
  if (!workspace) return std::nullopt;
  if (auto p = args.value("state")) {
    // The file named on the command line is the state, in whichever workspace.
    return StateChoice{*workspace, state::single_file_store(*p)};
  }
  auto store = state_store(ui, module);
  if (!store) return std::nullopt;
  StateChoice choice{*workspace, std::move(*store)};
  try {
    if (!choice.store->exists(*workspace)) {
      ui.error("Workspace \"" + *workspace + "\" does not exist",
               "The selected workspace has no state at " + choice.location() +
                   ". Create it with \"infra workspace new " + *workspace +
                   "\", or select another with \"infra workspace select NAME\" (see \"infra "
                   "workspace list\").");
      return std::nullopt;
    }
  } catch (const std::exception& e) {
    ui.error("Failed to open the state", e.what());
    return std::nullopt;
  }
  return choice;
}

StateChoice chosen_state(const Args& args) {
  auto choice = choose_state(Ui::detect(args), args, nullptr);
  if (!choice) throw ReportedError();
  return std::move(*choice);
}

std::unique_ptr<state::Backend> open_state(const Ui& ui, const Args& args) {
  auto choice = choose_state(ui, args, nullptr);
  return choice ? open_state(ui, *choice) : nullptr;
}

std::optional<lang::Module> load_config(const Ui& ui) {
  lang::Diagnostics diags;
  lang::Module module = lang::load_module(".", diags);
  if (ui.report(diags, module.files)) return std::nullopt;
  return module;
}

std::unique_ptr<state::Backend> open_state(const Ui& ui, const StateChoice& choice) {
  try {
    return choice.store->open(choice.workspace);
  } catch (const std::exception& e) {
    ui.error("Failed to open the state", e.what());
    return nullptr;
  }
}

std::optional<std::unique_ptr<state::Backend>> open_state_if_created(const Ui& ui,
                                                                     const StateChoice& choice) {
  try {
    if (!choice.store->has_state(choice.workspace)) return std::unique_ptr<state::Backend>();
  } catch (const std::exception& e) {
    ui.error("Failed to open the state", e.what());
    return std::nullopt;
  }
  auto backend = open_state(ui, choice);
  if (!backend) return std::nullopt;
  return backend;
}

StateLock::StateLock(state::Backend& backend, const std::string& operation)
    : backend_(backend), id_(backend.lock(operation).id) {}

StateLock::~StateLock() {
  try {
    backend_.unlock(id_);
  } catch (const std::exception& e) {
    std::cerr << "Error: failed to release the state lock " << id_ << ": " << e.what()
              << "\nRelease it with: infra force-unlock " << id_ << "\n";
  }
}

std::optional<std::unique_ptr<StateLock>> lock_state(const Ui& ui, const Args& args,
                                                     state::Backend& backend,
                                                     const std::string& operation) {
  if (!args.flag("lock", true)) return std::unique_ptr<StateLock>();
  const auto timeout = args.duration("lock-timeout", std::chrono::milliseconds(0));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool told = false;
  try {
    // With -lock-timeout, a held lock is tried again until the deadline.
    for (;;) {
      try {
        return std::make_unique<StateLock>(backend, operation);
      } catch (const state::LockedError&) {
        if (std::chrono::steady_clock::now() >= deadline) throw;
        if (!told) {
          std::cerr << "Acquiring the state lock. This may take a few moments...\n";
          told = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    }
  } catch (const state::LockedError& e) {
    const auto& h = e.held();
    ui.error("Error acquiring the state lock",
             "The state is in use by another operation:\n"
             "  ID:        " + h.id + "\n"
             "  Holder:    " + h.holder + "\n"
             "  Operation: " + h.operation + "\n"
             "  Since:     " + h.created + "\n\n" +
             (timeout.count() > 0
                  ? "It was still held after -lock-timeout=" + *args.value("lock-timeout") + ". "
                  : std::string()) +
             "Infra takes the lock so that two operations never change one state at once. "
             "Wait for the other operation to finish; if it died, release the lock with "
             "\"infra force-unlock " + h.id + "\".");
    return std::nullopt;
  } catch (const std::exception& e) {
    ui.error("Error acquiring the state lock", e.what());
    return std::nullopt;
  }
}

std::unique_ptr<planner::ProviderSet> make_providers(bool locked) {
  auto providers = std::make_unique<planner::ProviderSet>(
      planner::ProviderSet::default_search_dirs(fs::current_path()));
  const fs::path lock_file = planner::provider_lock_file();
  std::error_code ec;
  if (locked && fs::exists(lock_file, ec)) {
    providers->require_locked(planner::read_provider_lock(lock_file), lock_file);
  }
  return providers;
}

std::vector<planner::VariableInput> variable_inputs(const Args& args, lang::SourceFiles& files,
                                                    lang::Diagnostics& diags) {
  std::vector<planner::VariableInput> out;
  auto load = [&](const fs::path& path) {
    auto inputs = planner::load_variable_file(path, path.string(), files, diags);
    out.insert(out.end(), inputs.begin(), inputs.end());
  };
  // Files loaded without being named, as Terraform does with its .tfvars and .tfvars.json:
  // the JSON form after the native one, the automatic ones of both forms in name order.
  if (fs::exists("infra.infravars")) load("infra.infravars");
  if (fs::exists("infra.infravars.json")) load("infra.infravars.json");
  std::vector<fs::path> automatic;
  for (const auto& entry : fs::directory_iterator(".")) {
    std::string name = entry.path().filename().string();
    for (std::string_view suffix : {".auto.infravars", ".auto.infravars.json"}) {
      if (name.size() > suffix.size() && name.ends_with(suffix)) automatic.push_back(name);
    }
  }
  std::sort(automatic.begin(), automatic.end());
  for (const auto& path : automatic) load(path);
  for (const auto& [flag, value] : args.sequence) {
    if (flag == "var-file") {
      load(value);
    } else if (flag == "var") {
      auto eq = value.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError("-var needs NAME=VALUE, got \"" + value + "\"");
      }
      out.push_back({value.substr(0, eq), value.substr(eq + 1), std::nullopt, std::nullopt});
    }
  }
  return out;
}

bool markdown_format(const Args& args) {
  const auto format = args.value("format");
  if (!format || *format == "human") return false;
  if (*format == "markdown") return true;
  throw UsageError("-format must be human or markdown, not \"" + *format + "\"");
}

}  // namespace infra::cli
