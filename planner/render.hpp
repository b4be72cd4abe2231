// Human rendering of plans: the terminal diff users know from Terraform, with or without
// colour. Sensitive values are never shown; unknown values read "(known after apply)".
#pragma once

#include <string>

#include "planner/plan.hpp"

namespace infra::planner {

struct RenderOptions {
  bool color = false;
};

/// The whole plan: drift section, actions, summary line, output changes.
std::string render_plan(const Plan& plan, const RenderOptions& options);

/// "Plan: 1 to add, 0 to change, 2 to destroy."
std::string render_summary(const Plan& plan);

/// One change as the plan shows it: its `# ADDRESS will be ...` lines and the resource with
/// its attribute diff.
std::string render_change(const Change& change, const RenderOptions& options);

/// One object changed outside Infra, as the drift section shows it.
std::string render_drift(const Drift& drift, const RenderOptions& options);

/// One value as configuration syntax, for attribute diffs.
std::string render_value(const lang::Value& v);

}  // namespace infra::planner
