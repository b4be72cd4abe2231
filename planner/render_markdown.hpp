// Markdown rendering of plans, to post as a pull-request comment: a verdict, the
// destructive changes first, counts by action, and each resource's diff folded in a
// <details> section, within the size limit of forge comments.
#pragma once

#include <cstddef>
#include <string>

#include "planner/plan.hpp"

namespace infra::planner {

struct MarkdownOptions {
  /// The most characters the document may have (65,000: below the comment limit of the
  /// common forges). The verdict, the counts and the destructive changes are always
  /// there; resources' details are left out, last first, to stay within it.
  std::size_t limit = 65000;
};

/// The plan as Markdown. Deterministic: resources in address order. Sensitive values are
/// never shown.
std::string render_markdown(const Plan& plan, const MarkdownOptions& options = {});

}  // namespace infra::planner
