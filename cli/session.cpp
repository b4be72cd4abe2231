// Plan and apply as the commands run them, with progress output.
#include "cli/session.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <iostream>

#include "cli/progress.hpp"
#include "planner/apply.hpp"
#include "planner/planner.hpp"

namespace infra::cli {
namespace {

std::atomic<bool> g_interrupted{false};

// The first interrupt stops apply from starting more actions; those running finish and are
// recorded, and the lock is released. A second one ends the process at once.
void on_interrupt(int) {
  if (g_interrupted.exchange(true)) {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    ::raise(SIGINT);
    return;
  }
  static const char kMessage[] =
      "\nInterrupt received. Waiting for running actions to finish and be recorded; "
      "interrupt again to stop at once (the state may then miss objects).\n";
  ssize_t ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  (void)ignored;
}

}  // namespace

std::unique_ptr<Session> open_session(const Args& args, const std::string& operation,
                                      View* view) {
  // Bad flag values are reported before any work.
  args.integer("parallelism", 10);
  args.duration("lock-timeout", std::chrono::milliseconds(0));
  auto s = std::make_unique<Session>();
  s->ui = Ui::detect(args);
  if (view == nullptr) {
    s->own_view = make_human_view(s->ui);
    view = s->own_view.get();
  }
  s->view = view;
  s->ui.view = view;
  auto module = load_config(s->ui);
  if (!module) return nullptr;
  s->module = std::move(*module);
  auto choice = choose_state(s->ui, args, &s->module);
  if (!choice) return nullptr;
  s->state = std::move(*choice);
  s->backend = open_state(s->ui, s->state);
  if (!s->backend) return nullptr;
  auto lock = lock_state(s->ui, args, *s->backend, operation);
  if (!lock) return nullptr;
  s->lock = std::move(*lock);
  s->version = std::make_unique<state::VersionScope>(*s->backend, operation);
  try {
    s->snapshot = s->backend->read();
  } catch (const std::exception& e) {
    s->ui.error("Failed to read the state", e.what());
    return nullptr;
  }
  s->providers = make_providers();
  return s;
}

std::optional<planner::Plan> make_session_plan(Session& s, const Args& args, bool destroy) {
  planner::PlanOptions options;
  lang::Diagnostics var_diags;
  options.variables = variable_inputs(args, s.module.files, var_diags);
  if (s.ui.report(var_diags, s.module.files)) return std::nullopt;
  options.refresh = args.flag("refresh", true);
  options.refresh_only = args.flag("refresh-only");
  if (options.refresh_only && (destroy || !options.refresh)) {
    throw UsageError("-refresh-only cannot be combined with -destroy or -refresh=false");
  }
  options.destroy = destroy;
  options.parallelism = args.integer("parallelism", 10);
  const auto list = [&](const char* name) {
    auto it = args.repeated.find(name);
    return it == args.repeated.end() ? std::vector<std::string>{} : it->second;
  };
  options.targets = list("target");
  options.excludes = list("exclude");
  options.replace = list("replace");
  options.refresh_observer = s.view->refresh_observer();
  options.workspace = s.state.workspace;
  lang::Diagnostics diags;
  auto plan = planner::make_plan(s.module, s.snapshot, *s.providers, options, diags);
  if (s.ui.report(diags, s.module.files) || !plan) return std::nullopt;
  return plan;
}

int apply_session_plan(Session& s, const Args& args, const planner::Plan& plan, bool destroy) {
  planner::ApplyOptions options;
  options.parallelism = args.integer("parallelism", 10);
  ApplyProgress progress(*s.view);
  options.interrupted = &g_interrupted;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  lang::Diagnostics diags;
  auto result = planner::apply_plan(plan, s.module, *s.backend, *s.providers, options, &progress, diags);
  if (s.ui.report(diags, s.module.files)) return 1;
  s.view->applied(result, destroy);
  // Outputs, as now recorded in the state.
  if (!destroy) s.view->outputs(s.backend->read().outputs);
  return 0;
}

int run_in_view(View& view, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError&) {
    throw;
  } catch (const ReportedError&) {
    return 1;
  } catch (const std::exception& e) {
    view.error(e.what(), "");
    return 1;
  }
}

}  // namespace infra::cli
