// A small JSON Schema validator for the keywords docs/plan-json.schema.json uses: type,
// properties, required, additionalProperties, items, enum, $ref (to #/$defs/NAME), oneOf
// and anyOf. Other keywords ($schema, $id, title, description) are annotations and ignored.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace infra::testing {

/// What is wrong with `doc` under `schema`, one line per violation ("/a/0/b: ..."); empty
/// when `doc` is valid. A keyword outside the subset is reported as an error of the schema.
std::vector<std::string> schema_errors(const nlohmann::json& schema, const nlohmann::json& doc);

/// The errors of the JSON text `doc` under the schema in the file `schema_path`, joined by
/// newlines ("" when valid); malformed text is an error too.
std::string check_against_schema_file(const std::string& schema_path, const std::string& doc);

}  // namespace infra::testing
