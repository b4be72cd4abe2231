// lifecycle.replace_triggered_by: a resource is replaced when a resource it names is
// updated or replaced, or when an attribute it names changes.
#pragma once

#include <functional>
#include <string>

#include "lang/config.hpp"
#include "planner/plan.hpp"

namespace infra::planner {

/// The first of `resource`'s replace_triggered_by references that the plan changes, as
/// written ("local_file.config.content"); "" when none does. `planned` gives the planned
/// change of a resource address (null when it has none).
std::string replace_trigger(const lang::Resource& resource,
                            const std::function<const Change*(const std::string&)>& planned);

}  // namespace infra::planner
