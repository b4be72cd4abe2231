// The schema model <-> its JSON form in the handshake (docs/provider-protocol.md).
// Used by the host to read a plugin's schema and by the SDK to send it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "providers/protocol/schema.hpp"

namespace infra::providers {

/// The JSON form of a schema was malformed; the message says where ("resources.local_file...").
class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// {"attributes": {...}} form of a list of attributes, keyed by name.
nlohmann::json attributes_to_json(const std::vector<Attribute>& attributes);
/// {"version", "description", "attributes", "blocks"} form of one resource type ("blocks"
/// only when it has nested block types).
nlohmann::json resource_schema_to_json(const ResourceSchema& resource);
/// The handshake's "schema" member: {"provider": {"attributes"}, "resources": {...}}.
/// name/version/protocol_version travel beside it in the handshake, not inside it.
nlohmann::json schema_to_json(const ProviderSchema& schema);

/// Reads the handshake's "schema" member. Attributes and block types come out sorted by name
/// (JSON objects are unordered). Throws SchemaError naming the offending member.
ProviderSchema schema_from_json(const nlohmann::json& schema);

}  // namespace infra::providers
