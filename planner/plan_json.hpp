// Plans and states in the JSON format of `terraform show -json` (format version 1.2), so
// that tools written for it (policy checks, cost estimates, summaries) read Infra's plans.
// The fields, and how Infra's actions and reasons map onto Terraform's, are in
// docs/plan-json.md; docs/plan-json.schema.json is the schema both documents follow.
#pragma once

#include <string>
#include <string_view>

#include "planner/plan.hpp"
#include "state/backend.hpp"

namespace infra::planner {

/// The "format_version" of a plan document, as Terraform writes it.
inline constexpr std::string_view kPlanJsonFormatVersion = "1.2";
/// The "format_version" of a state document.
inline constexpr std::string_view kStateJsonFormatVersion = "1.0";

/// The plan as one JSON document and a newline. Sensitive and unknown values are left out
/// of every value and marked `true` in the matching *_sensitive and after_unknown shapes.
/// The same plan gives the same bytes; resources come in the order of their addresses.
/// `version` is Infra's, written as "terraform_version".
std::string plan_to_json(const Plan& plan, std::string_view version);

/// The state as a JSON document in Terraform's values representation, with a newline.
std::string state_to_json(const state::Snapshot& snapshot, std::string_view version);

}  // namespace infra::planner
