// Plan and apply as the commands run them, with progress output.
#include "cli/session.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "planner/apply.hpp"
#include "planner/planner.hpp"
#include "planner/render.hpp"
#include "planner/values.hpp"

namespace infra::cli {
namespace {

// Prints apply progress lines; called from many threads. While an action runs, a line
// every ten seconds says that it still does ("Still creating... [10s elapsed]").
class ProgressPrinter : public planner::ApplyObserver {
 public:
  explicit ProgressPrinter(const Ui& ui) : ui_(ui), ticker_([this] { tick(); }) {}
  ~ProgressPrinter() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    ticker_.join();
  }

  void started(const planner::Change& c, planner::Action a) override {
    std::lock_guard lock(mutex_);
    std::cout << bold(c.address) << ": " << verb(a) << "...\n" << std::flush;
    running_[{c.address, a}] = Clock::now();
    wake_.notify_all();
  }
  void finished(const planner::Change& c, planner::Action a, double seconds,
                const std::string& id) override {
    std::lock_guard lock(mutex_);
    running_.erase({c.address, a});
    std::cout << bold(c.address) << ": " << noun(a) << " complete after "
              << static_cast<long>(std::floor(seconds)) << "s";
    if (!id.empty() && a != planner::Action::Delete) std::cout << " [id=" << id << "]";
    std::cout << "\n" << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kInterval{10};

  // Sleeps until the next running action is due for a line (or something starts, or the
  // printer stops), then prints the lines that are due.
  void tick() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      auto due = Clock::time_point::max();
      for (const auto& [what, since] : running_) due = std::min(due, since + kInterval);
      if (due == Clock::time_point::max()) {
        wake_.wait(lock);
      } else {
        wake_.wait_until(lock, due);
      }
      const auto now = Clock::now();
      for (auto& [what, since] : running_) {
        if (now < since + kInterval) continue;
        const std::chrono::seconds elapsed = elapsed_before(what) + kInterval;
        reported_[what] = elapsed;
        since += kInterval;
        std::string v = verb(what.second);
        v[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(v[0])));
        std::cout << bold(what.first) << ": Still " << v << "... [" << elapsed.count()
                  << "s elapsed]\n" << std::flush;
      }
    }
  }

  std::chrono::seconds elapsed_before(const std::pair<std::string, planner::Action>& what) const {
    auto it = reported_.find(what);
    return it == reported_.end() ? std::chrono::seconds(0) : it->second;
  }

  std::string bold(const std::string& s) const { return ui_.color ? "\033[1m" + s + "\033[0m" : s; }
  static const char* verb(planner::Action a) {
    switch (a) {
      case planner::Action::Create:
        return "Creating";
      case planner::Action::Update:
        return "Modifying";
      case planner::Action::Delete:
        return "Destroying";
      default:
        return "Working";
    }
  }
  static const char* noun(planner::Action a) {
    switch (a) {
      case planner::Action::Create:
        return "Creation";
      case planner::Action::Update:
        return "Modifications";
      case planner::Action::Delete:
        return "Destruction";
      default:
        return "Work";
    }
  }
  const Ui& ui_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::pair<std::string, planner::Action>, Clock::time_point> running_;
  std::map<std::pair<std::string, planner::Action>, std::chrono::seconds> reported_;
  std::thread ticker_;  // last: starts when everything above exists
};

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

std::unique_ptr<Session> open_session(const Args& args, const std::string& operation) {
  // Bad flag values are reported before any work.
  args.integer("parallelism", 10);
  args.duration("lock-timeout", std::chrono::milliseconds(0));
  auto s = std::make_unique<Session>();
  s->ui = Ui::detect(args);
  auto module = load_config(s->ui);
  if (!module) return nullptr;
  s->module = std::move(*module);
  s->backend = open_state(s->ui, args);
  if (!s->backend) return nullptr;
  auto lock = lock_state(s->ui, args, *s->backend, operation);
  if (!lock) return nullptr;
  s->lock = std::move(*lock);
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
  lang::Diagnostics diags;
  auto plan = planner::make_plan(s.module, s.snapshot, *s.providers, options, diags);
  if (s.ui.report(diags, s.module.files) || !plan) return std::nullopt;
  return plan;
}

int apply_session_plan(Session& s, const Args& args, const planner::Plan& plan, bool destroy) {
  planner::ApplyOptions options;
  options.parallelism = args.integer("parallelism", 10);
  ProgressPrinter progress(s.ui);
  options.interrupted = &g_interrupted;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  lang::Diagnostics diags;
  auto result = planner::apply_plan(plan, s.module, *s.backend, *s.providers, options, &progress, diags);
  bool failed = s.ui.report(diags, s.module.files);
  if (failed) return 1;
  std::string done = s.ui.color ? "\033[1;32m" : "";
  std::string reset = s.ui.color ? "\033[0m" : "";
  if (destroy) {
    std::cout << "\n" << done << "Destroy complete! Resources: " << result.destroyed << " destroyed."
              << reset << "\n";
    return 0;
  }
  std::cout << "\n" << done << "Apply complete! Resources: "
            << (result.imported > 0 ? std::to_string(result.imported) + " imported, " : "")
            << result.added << " added, "
            << result.changed << " changed, " << result.destroyed << " destroyed"
            << (result.forgotten > 0 ? ", " + std::to_string(result.forgotten) + " forgotten" : "")
            << "." << reset << "\n";
  // Outputs, as now recorded in the state.
  auto snapshot = s.backend->read();
  if (!snapshot.outputs.empty()) {
    std::cout << "\nOutputs:\n\n";
    for (const auto& o : snapshot.outputs) {
      lang::Value v = planner::parse_json_value(o.value_json).marked_sensitive(o.sensitive);
      std::cout << o.name << " = " << planner::render_value(v) << "\n";
    }
  }
  return 0;
}

}  // namespace infra::cli
