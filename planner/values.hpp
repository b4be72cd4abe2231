// Conversion between configuration Values and the JSON that state and providers speak.
// Unknown and sensitive marks travel beside the JSON as lists of paths.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "lang/value.hpp"

namespace infra::planner {

/// A path into a value: object keys and list indexes, e.g. ["tags", "name"] or ["ports", 0].
/// Encoded as a JSON array on the wire.
using Path = nlohmann::json;

/// The JSON form of `v`: unknown and sensitive values become their plain value (null for
/// unknown); their paths are appended to `unknown` and `sensitive` when given.
nlohmann::json to_json(const lang::Value& v, nlohmann::json* unknown = nullptr,
                       nlohmann::json* sensitive = nullptr);

/// The Value of `j`, with the values at the paths in `unknown` marked unknown and those in
/// `sensitive` marked sensitive (either may be null or an empty array).
lang::Value from_json(const nlohmann::json& j, const nlohmann::json* unknown = nullptr,
                      const nlohmann::json* sensitive = nullptr);

/// Parses JSON text into a Value; throws std::runtime_error on malformed text.
lang::Value parse_json_value(const std::string& text);

/// Serializes a Value (which must be wholly known) as compact JSON text, numbers exact at
/// any size (parse_json_value reads them back exactly).
std::string dump_json_value(const lang::Value& v);

/// Marks the top-level attributes named in `names` sensitive in the object `v`.
lang::Value mark_attributes_sensitive(lang::Value v, const std::vector<std::string>& names);

/// The top-level attribute names of object `v` whose values contain a sensitive mark.
std::vector<std::string> sensitive_attributes(const lang::Value& v);

/// `object` (what a provider answered) with every top-level attribute marked sensitive that
/// holds a sensitive value of `sent` (what it was sent): equal to it, or containing it when
/// it has four characters or more. A provider that echoes a secret into another attribute
/// (infra_data's `output`, a connection string made of a password) does not reveal it.
lang::Value mark_echoed_secrets(lang::Value object, const lang::Value& sent);

/// `text` with every sensitive string (or number) inside `v` replaced by "(sensitive value)",
/// for messages that come from providers, which may quote what they were sent.
std::string redact(std::string text, const lang::Value& v);

}  // namespace infra::planner
