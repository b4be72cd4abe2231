// The JSON work of http_object: JSON pointers given as strings, and which fields of a
// body the server holds as they were sent (drift is looked for only in the fields the
// configuration's body gives, as Mastercard/restapi does).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "providers/sdk/provider.hpp"

namespace infra::providers::http {

using sdk::json;

/// The JSON pointer `text` ("/id", "/data/0/name"); throws sdk::Error at `path` when it is
/// not one.
json::json_pointer pointer_of(const std::string& text, const json& path);

/// Why `text` is not a JSON pointer, or nullopt when it is one.
std::optional<std::string> pointer_problem(const std::string& text);

/// The value at `pointer` in `document`, or nullopt when there is none.
std::optional<json> value_at(const json& document, const json::json_pointer& pointer);

/// Whether every field of `part` has the same value in `whole`: objects field by field,
/// anything else (arrays too) as a whole.
bool covers(const json& whole, const json& part);

/// `recorded` with each of its fields (objects field by field) as `server` holds it now; a
/// field the server does not return is dropped, and one at a pointer in `ignored` keeps
/// its recorded value.
json refreshed(const json& recorded, const json& server,
               const std::vector<json::json_pointer>& ignored);

/// The value at `pointer` as an output: a string as it is, anything else as JSON text.
std::string output_text(const json& value);

}  // namespace infra::providers::http
