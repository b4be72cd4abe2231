// Migration from Terraform and OpenTofu: a state file of format version 4 converted to
// Infra's resource instances and outputs. Pure: reading the file and writing the state are
// the caller's.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// A managed resource instance that was not converted, and why.
struct SkippedInstance {
  std::string address;   // "module.app.aws_s3_bucket.logs[0]"
  std::string type;      // "aws_s3_bucket"
  std::string provider;  // "aws" (the provider's type name)
  std::string reason;    // "provider \"aws\" is not available", "deposed object"
};

/// What a Terraform state holds, in Infra's terms.
struct TerraformState {
  std::string terraform_version;  // "1.9.5"
  std::int64_t serial = 0;
  std::string lineage;
  /// The managed resource instances, sorted by address: those whose provider is known,
  /// or all of them when the caller keeps unknown ones.
  std::vector<ResourceInstance> instances;
  std::vector<OutputValue> outputs;  // sorted by name
  /// Managed instances that Infra has no provider for: the provider is not known, or it
  /// has no such resource type (kept or not, see TerraformImportOptions), sorted.
  std::vector<SkippedInstance> unsupported;
  /// Per resource type, the attributes that Infra's provider does not have and that were
  /// left out (Terraform's provider of the same name may record more).
  std::map<std::string, std::vector<std::string>> dropped_attributes;
  /// Deposed objects (left by an interrupted create_before_destroy): never converted.
  std::vector<SkippedInstance> deposed;
  /// Data sources, by address: not converted, since a plan reads them again.
  std::vector<std::string> data_sources;
};

/// A Terraform state that cannot be converted: not JSON, not format version 4, or not
/// shaped as one. The message starts with `source_name` and, for a JSON syntax error,
/// the line and column.
class TerraformStateError : public StateError {
 public:
  using StateError::StateError;
};

/// Options of convert_terraform_state.
struct TerraformImportOptions {
  /// Whether Infra has the provider of this type name ("local", "aws").
  std::function<bool(const std::string& provider)> provider_known;
  /// For a known provider: the names of the attributes and blocks its resource `type`
  /// has, or nullopt when it has no such type. When not set, every type is taken as
  /// supported with the attributes Terraform recorded.
  std::function<std::optional<std::vector<std::string>>(const std::string& provider,
                                                        const std::string& type)>
      resource_attributes;
  /// Also convert the unsupported instances (they are reported either way).
  bool keep_unknown = false;
};

/// Converts the text of a Terraform state file. Addresses keep the module path and the
/// index key (`module.app["a"].local_file.f[0]`); `provider["registry.terraform.io/
/// hashicorp/local"].alias` becomes "local.alias"; sensitive attribute paths become the
/// names of the top-level attributes they are in; Terraform's built-in terraform_data
/// becomes infra_data (provider "infra"). Throws TerraformStateError.
TerraformState convert_terraform_state(std::string_view text, const std::string& source_name,
                                       const TerraformImportOptions& options);

}  // namespace infra::state
