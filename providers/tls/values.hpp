// Reading attribute values out of configurations and states, and turning InvalidValue
// errors into validate diagnostics.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "providers/sdk/provider.hpp"

namespace infra::providers::tls {

using sdk::json;

/// Top-level attribute `name` of `object`, or null.
json member(const json& object, const std::string& name);

/// Attribute `name` as a known string; throws sdk::Error at its path otherwise.
std::string string_attr(const json& object, const std::string& name);
/// Attribute `name` as a list of strings (null: empty).
std::vector<std::string> strings_attr(const json& object, const std::string& name);
/// Attribute `name` as a bool (null: `fallback`).
bool bool_attr(const json& object, const std::string& name, bool fallback = false);
/// Attribute `name` as a whole number (null: `fallback`); throws InvalidValue for a fraction.
long long whole_attr(const json& object, const std::string& name, long long fallback = 0);

/// The whole number `value` holds, or nullopt (fractions, non-numbers).
std::optional<long long> whole_number(const json& value);

/// The content of the file at `path`; throws sdk::Error naming the file and the reason.
std::string read_text_file(const std::string& path);

/// The PEM an import ID names: the ID itself when it starts with "-----BEGIN", else the
/// content of the file at that path.
std::string import_text(const std::string& id);

/// Whether `path` of `config` is set and known (not null, not in `unknown`).
bool is_known(const json& config, const json& unknown, const json& path);

/// Runs `check`; an InvalidValue it throws becomes an error diagnostic in `out`.
void collect(std::vector<sdk::Diagnostic>& out, const std::function<void()>& check);

/// Checks attribute `name` of `config` when it is a known string: runs `check` on it.
void check_string(std::vector<sdk::Diagnostic>& out, const json& config, const json& unknown,
                  const std::string& name, const std::function<void(const std::string&)>& check);

/// read and destroy of an object that exists only in the state (a key, a certificate):
/// nothing outside it can change or needs deleting.
json state_as_is(const json& state);
void nothing_to_destroy(const json& prior);

/// Sets top-level attribute `name` of the plan to `value` unless the configuration set it
/// (or left it unknown): the defaults that Terraform's schemas declare.
void plan_default(sdk::Plan& plan, const std::string& name, json value);

}  // namespace infra::providers::tls
