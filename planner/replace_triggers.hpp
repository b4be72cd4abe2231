// lifecycle.replace_triggered_by: a resource is replaced when a resource it names is
// updated or replaced, or when an attribute it names changes.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "lang/config.hpp"
#include "planner/plan.hpp"

namespace infra::planner {

/// The first of `resource`'s replace_triggered_by references that the plan changes, as
/// written ("local_file.config.content"); "" when none does. `planned` gives the planned
/// change of a resource address (null when it has none); for a resource with count or
/// for_each, one change whose before and after hold every instance (a list or an object).
/// `index_value` evaluates an index that is not a constant (`[count.index]`).
std::string replace_trigger(
    const lang::Resource& resource, const std::function<const Change*(const std::string&)>& planned,
    const std::function<std::optional<lang::Value>(const lang::Expr&)>& index_value);

}  // namespace infra::planner
