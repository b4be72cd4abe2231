// The human view: the terminal UI of plan, apply and destroy, with or without colour.
#include <cmath>
#include <iostream>

#include "cli/common.hpp"
#include "cli/progress.hpp"
#include "cli/view.hpp"
#include "planner/render.hpp"
#include "planner/values.hpp"

namespace infra::cli {
namespace {

class HumanView : public View {
 public:
  explicit HumanView(const Ui& ui) : ui_(ui) { ui_.view = nullptr; }

  void error(const std::string& summary, const std::string& detail) override {
    ui_.error(summary, detail);
  }
  void warning(const std::string& summary, const std::string& detail) override {
    ui_.warning(summary, detail);
  }
  bool diagnostics(const lang::Diagnostics& diags, const lang::SourceFiles& files) override {
    return ui_.report(diags, files);
  }

  // Refresh is quiet on a terminal: the plan shows what it found.
  planner::RefreshObserver* refresh_observer() override { return nullptr; }

  void plan(const planner::Plan& plan) override {
    std::cout << planner::render_plan(plan, {ui_.color});
  }
  void plan_saved(const std::string& path) override {
    std::cout << "\nSaved the plan to: " << path
              << "\n\nTo perform exactly these actions, run the following command to apply:\n"
                 "    infra apply \"" << path << "\"\n";
  }

  bool can_ask() const override { return true; }
  bool approve(bool auto_approve, const std::string& operation, bool destroy) override {
    if (auto_approve) {
      std::cout << "\n";
      return true;
    }
    if (!ui_.interactive) {
      ui_.error("No terminal to ask for approval",
                operation + " asks for approval before it changes anything, and standard input "
                "is not a terminal. Run it with -auto-approve to " + operation +
                    " without asking, or save a plan with \"infra plan -out=FILE\", review it, "
                    "and apply that file.");
      return false;
    }
    std::cout << "\n";
    bool yes = destroy ? ui_.confirm("Do you really want to destroy all resources?",
                                     "Infra will destroy all your managed infrastructure, "
                                     "as shown above.\n  There is no undo.")
                       : ui_.confirm("Do you want to perform these actions?",
                                     "Infra will perform the actions described above.");
    if (!yes) std::cerr << "\n" << (destroy ? "Destroy" : "Apply") << " cancelled.\n";
    return yes;
  }

  void apply_start(const planner::Change& c, planner::Action a) override {
    std::cout << bold(c.address) << ": " << action_verb(a) << "...\n" << std::flush;
  }
  void apply_progress(const planner::Change& c, planner::Action a, long elapsed) override {
    std::cout << bold(c.address) << ": Still " << lowered(action_verb(a)) << "... [" << elapsed
              << "s elapsed]\n" << std::flush;
  }
  void apply_complete(const planner::Change& c, planner::Action a, double seconds,
                      const std::string& id) override {
    std::cout << bold(c.address) << ": " << action_noun(a) << " complete after "
              << static_cast<long>(std::floor(seconds)) << "s";
    if (!id.empty() && a != planner::Action::Delete) std::cout << " [id=" << id << "]";
    std::cout << "\n" << std::flush;
  }
  // The error itself follows among the diagnostics.
  void apply_errored(const planner::Change&, planner::Action, double) override {}

  void applied(const planner::ApplyResult& result, bool destroy) override {
    const std::string done = ui_.color ? "\033[1;32m" : "";
    const std::string reset = ui_.color ? "\033[0m" : "";
    if (destroy) {
      std::cout << "\n" << done << "Destroy complete! Resources: " << result.destroyed
                << " destroyed." << reset << "\n";
      return;
    }
    std::cout << "\n" << done << "Apply complete! Resources: "
              << (result.imported > 0 ? std::to_string(result.imported) + " imported, " : "")
              << result.added << " added, " << result.changed << " changed, "
              << result.destroyed << " destroyed"
              << (result.forgotten > 0 ? ", " + std::to_string(result.forgotten) + " forgotten"
                                       : "")
              << "." << reset << "\n";
  }

  void outputs(const std::vector<state::OutputValue>& outputs) override {
    if (outputs.empty()) return;
    std::cout << "\nOutputs:\n\n";
    for (const auto& o : outputs) {
      lang::Value v = planner::parse_json_value(o.value_json).marked_sensitive(o.sensitive);
      std::cout << o.name << " = " << planner::render_value(v) << "\n";
    }
  }

  void round_start(int round) override {
    std::cout << "\nRound " << round << ": planning what was deferred...\n\n";
  }
  void deferred_left(std::size_t count) override {
    std::cout << "\n" << count << " deferred block" << (count == 1 ? " was" : "s were")
              << " left for a further round: run \"infra apply\" to plan and apply "
              << (count == 1 ? "it" : "them") << ".\n";
  }

 private:
  std::string bold(const std::string& s) const {
    return ui_.color ? "\033[1m" + s + "\033[0m" : s;
  }

  Ui ui_;  // prints itself: its `view` is null
};

}  // namespace

std::unique_ptr<View> make_human_view(const Ui& ui) { return std::make_unique<HumanView>(ui); }

}  // namespace infra::cli
