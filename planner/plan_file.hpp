// Saved plans: `plan -out=FILE` writes one, `apply FILE` and `show FILE` read it.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>

#include "planner/plan.hpp"

namespace infra::planner {

/// A plan file that cannot be read: missing, not a plan, or from another format version.
class PlanFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The plan as the JSON text of a plan file (format documented in docs/plan-file.md).
/// Sensitive values are kept (apply needs them), so the file is written with mode 0600.
std::string encode_plan(const Plan& plan);
Plan decode_plan(const std::string& text);

void save_plan(const Plan& plan, const std::filesystem::path& path);
Plan load_plan(const std::filesystem::path& path);

}  // namespace infra::planner
