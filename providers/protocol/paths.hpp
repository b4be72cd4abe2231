// Attribute paths: where inside a resource's value object something sits. On the wire a
// path is a JSON array of object keys (strings) and list indexes (numbers): ["tags", "env"],
// ["rule", 0, "port"]. Unknown values travel as a list of such paths beside the values.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace infra::providers {

/// One step of an attribute path: an object key or a list index.
using PathStep = std::variant<std::string, std::int64_t>;
/// A path from a value object's root, e.g. {"rule", 0, "port"}.
using AttributePath = std::vector<PathStep>;

/// ["rule", 0, "port"] -> AttributePath. Throws std::invalid_argument if not such an array.
AttributePath path_from_json(const nlohmann::json& path);
nlohmann::json path_to_json(const AttributePath& path);
/// How messages show a path: rule[0].port, tags["a b"].
std::string to_string(const AttributePath& path);

/// The value at `path` inside `value`, or nullptr if the path does not lead anywhere.
const nlohmann::json* find_at_path(const nlohmann::json& value, const nlohmann::json& path);

/// Whether the list of paths `paths` holds `path` (exact match).
bool has_path(const nlohmann::json& paths, const nlohmann::json& path);
/// Adds `path` to the list `paths` (made an array if null) unless already there.
void add_path(nlohmann::json& paths, const nlohmann::json& path);
/// Removes every occurrence of `path` from the list `paths`.
void remove_path(nlohmann::json& paths, const nlohmann::json& path);

}  // namespace infra::providers
