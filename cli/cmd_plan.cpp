// infra plan: show what apply would do; optionally save it.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/session.hpp"
#include "planner/generate_config.hpp"
#include "planner/plan_file.hpp"
#include "planner/render_markdown.hpp"

namespace infra::cli {
namespace {

/// -generate-config-out=FILE: writes resource blocks for the import blocks whose target has
/// none into FILE (which must not exist), then loads the configuration again with it.
bool generate_config(Session& s, const Args& args, const std::string& file) {
  if (std::filesystem::exists(file)) {
    s.ui.error("Target generated file already exists",
               file + " exists, and Infra does not overwrite files with generated "
               "configuration: name a new file, or remove this one.");
    return false;
  }
  lang::Diagnostics diags;
  const auto variables = variable_inputs(args, s.module.files, diags);
  if (s.ui.report(diags, s.module.files)) return false;
  auto generated = planner::generate_import_config(s.module, s.snapshot, *s.providers, variables,
                                                   s.state.workspace, diags);
  if (s.ui.report(diags, s.module.files) || !generated) return false;
  if (generated->addresses.empty()) return true;  // every import block has its resource
  {
    std::ofstream out(file, std::ios::binary);
    out << generated->text;
    if (!out.flush()) {
      s.ui.error("Failed to write generated configuration", "Cannot write " + file + ".");
      return false;
    }
  }
  std::string names;
  for (const auto& a : generated->addresses) names += "\n  " + a;
  s.view->warning("Configuration generated in " + file,
                  "Resource blocks were written for the objects that import blocks adopt:" +
                      names + "\nReview them (sensitive arguments are left null for you to set) "
                      "and keep them with the rest of the configuration.");
  auto module = load_config(s.ui);
  if (!module) return false;
  s.module = std::move(*module);
  return true;
}

int plan(const Args& args, View& view) {
  bool destroy = args.flag("destroy");
  const bool markdown = markdown_format(args);
  if (markdown && args.flag("json")) throw UsageError("-json and -format=markdown exclude each other");
  auto session = open_session(args, destroy ? "plan -destroy" : "plan", &view);
  if (!session) return 1;
  if (auto file = args.value("generate-config-out")) {
    if (destroy) throw UsageError("-generate-config-out cannot be combined with -destroy");
    if (!generate_config(*session, args, *file)) return 1;
  }
  auto plan = make_session_plan(*session, args, destroy);
  if (!plan) return 1;
  if (markdown) std::cout << planner::render_markdown(*plan);
  else view.plan(*plan);
  if (auto out = args.value("out")) {
    try {
      planner::save_plan(*plan, *out);
    } catch (const std::exception& e) {
      view.error("Failed to save the plan", e.what());
      return 1;
    }
    view.plan_saved(*out);
  }
  if (args.flag("detailed-exitcode") && plan->has_changes()) return 2;
  return 0;
}

}  // namespace

int cmd_plan(const Args& args) {
  auto view = make_view(args);
  return run_in_view(*view, [&] { return plan(args, *view); });
}

}  // namespace infra::cli
