// What the random resource types share: argument defaults, the plan that replaces the
// value only when an argument really changes, reading whole-number arguments, and turning
// validation findings into apply errors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "providers/sdk/provider.hpp"

namespace infra::providers::random {

using sdk::json;

/// The value an optional argument takes when the configuration leaves it unset; it is
/// stored in the state, as Terraform's random provider does.
struct Default {
  std::string name;
  json value;
};

/// An argument: optional unless `required`. Every argument forces a new value when it
/// changes (finish_plan says when that is).
Attribute argument(std::string name, std::string type, bool required, std::string description);

/// An attribute the provider computes.
Attribute computed(std::string name, std::string description, std::string type = "string",
                   bool sensitive = false);

/// The `keepers` argument every type has.
Attribute keepers_attribute();

/// Sets each argument in `defaults` that the configuration leaves null (and not unknown).
void fill_defaults(sdk::Plan& plan, const std::vector<Default>& defaults);

/// Replaces the SDK's requires_replace: a force_new argument forces a new value when it is
/// unknown or differs from its prior value (a null prior value counting as its default);
/// `keepers` only when an entry with a value is added, removed or changed, so that null
/// entries never do. Then the computed attributes are unknown when a new value will be made,
/// else kept from the prior state (an in-place update then just records the arguments).
void finish_plan(sdk::Plan& plan, const ResourceSchema& schema,
                 const std::vector<Default>& defaults);

/// What each type does its own way; validate and import may be empty. create runs only
/// after validate found no error in the planned values.
struct Callbacks {
  std::function<std::vector<sdk::Diagnostic>(const json& config, const json& unknown)> validate;
  std::function<json(const json& planned)> create;
  std::function<json(const std::string& id)> import;
};

/// A resource type with `schema`: planned with `defaults` and finish_plan, read unchanged
/// (a random value has no remote copy that could drift), updated in place by recording the
/// planned arguments beside the prior computed values, destroyed by forgetting it; the rest
/// from `callbacks`.
sdk::Resource random_resource(ResourceSchema schema, std::vector<Default> defaults,
                              Callbacks callbacks);

/// Validation findings of one configuration.
using Findings = std::vector<sdk::Diagnostic>;

/// Appends an error about argument `name`.
void add_error(Findings& out, const std::string& name, const std::string& detail);

/// Whether argument `name` is known (not unknown, not null) in `config`.
bool is_known(const json& config, const json& unknown, const std::string& name);

/// Argument `name` as a whole number of at least `min` (and at most `max`). Null when it is
/// unset or unknown, or, after adding an error to `out`, when it is not such a number.
std::optional<std::int64_t> whole_number(const json& config, const json& unknown,
                                         const std::string& name, Findings& out,
                                         std::int64_t min = INT64_MIN,
                                         std::int64_t max = INT64_MAX);

/// Throws the first error of `findings` as an sdk::Error at its path.
void throw_first_error(const Findings& findings);

/// Whole-number argument `name` of planned values already validated, or `fallback` when unset.
std::int64_t planned_number(const json& planned, const std::string& name, std::int64_t fallback);

/// Parses a whole decimal number that fits 64 bits; nullopt otherwise.
std::optional<std::int64_t> parse_int64(const std::string& text);

/// The string argument `name`, or nullopt when it is null.
std::optional<std::string> optional_string(const json& state, const std::string& name);

}  // namespace infra::providers::random
