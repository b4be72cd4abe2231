// The `configuration` section of Terraform's JSON plan format, made when the plan is made
// (the configuration is not in the plan file): per module, its resources and data sources
// with their expressions, its outputs, variables and module calls (docs/plan-json.md).
#pragma once

#include <map>
#include <set>
#include <string>

#include "lang/config.hpp"

namespace infra::planner {

/// What the plan knows of the resources of the configuration, by their address without
/// instance keys ("module.app.local_file.a").
struct ConfigFacts {
  std::map<std::string, int> schema_versions;  // by resource type
  /// Top-level attributes whose planned value is sensitive: their constant values are left
  /// out of the expressions (a literal password stays out of the JSON as everywhere).
  std::map<std::string, std::set<std::string>> sensitive_attributes;
};

/// The `root_module` object of `configuration` for the module `root` and the modules it
/// calls, as JSON text.
std::string configuration_root_json(const lang::Module& root, const ConfigFacts& facts);

}  // namespace infra::planner
