// Helpers on attribute values shared by the local provider's types: reading them in
// callbacks, checking them in validate, defaulting them in plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "providers/sdk/provider.hpp"

namespace infra::providers::local {

/// The string attribute `name` of `state`; throws sdk::Error at its path otherwise.
std::string string_attr(const sdk::json& state, const char* name);

/// The mode that permission attribute `name` holds, `fallback` when it is null; throws
/// sdk::Error at its path for a value that is no mode.
unsigned mode_attr(const sdk::json& state, const char* name, const char* fallback);

/// Whether `config` sets `name`: to a value, or to one not known yet.
bool is_set(const sdk::json& config, const sdk::json& unknown, const char* name);

/// The value of string attribute `name`, when it is set and known.
std::optional<std::string> known_string(const sdk::json& config, const sdk::json& unknown,
                                        const char* name);

/// validate: "invalid NAME" when `name` is set to a string that is no permission mode.
void check_mode(const sdk::json& config, const sdk::json& unknown, const char* name,
                std::vector<sdk::Diagnostic>& out);

/// validate: "NAME must not be empty" when `name` is the empty string.
void check_not_empty(const sdk::json& config, const sdk::json& unknown, const char* name,
                     std::vector<sdk::Diagnostic>& out);

/// plan: an optional+computed `name` that the configuration leaves null gets `value`.
void default_to(sdk::Plan& plan, const char* name, sdk::json value);

/// plan of a type whose id is its `path`: sets `id` (unknown while the path is). Returns the
/// path when a new object is to be made where no prior object was, so that the plan can
/// check what is there now.
std::optional<std::string> plan_path_id(sdk::Plan& plan);

/// read: how to write `mode` in the state: as the prior state wrote it ("644") when that
/// means the same mode, so that it is no drift; else as "0644".
std::string mode_spelling(const sdk::json& prior, const char* name, unsigned mode);

}  // namespace infra::providers::local
