// The schema a provider declares in its handshake: its resource types, data source types
// and their attributes.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace infra::providers {

/// The protocol version this build speaks (docs/provider-protocol.md).
inline constexpr int kProtocolVersion = 1;

/// One attribute of a resource type or of the provider's own configuration.
struct Attribute {
  std::string name;
  std::string type = "string";  // "string", "number", "bool", "list(string)", "map(string)", ...
  bool required = false;
  bool optional = false;
  bool computed = false;   // set by the provider; may also be optional
  bool force_new = false;  // changing it replaces the resource
  bool sensitive = false;  // never shown
  std::string description;
};

/// One resource type.
struct ResourceSchema {
  std::string type;
  int version = 0;
  std::string description;
  std::vector<Attribute> attributes;

  const Attribute* find(std::string_view name) const;
};

/// Everything a provider declares.
struct ProviderSchema {
  std::string name;     // "local"
  std::string version;  // the plugin's own version
  int protocol_version = kProtocolVersion;
  std::vector<Attribute> config;  // attributes of the `provider` block
  std::map<std::string, ResourceSchema> resources;
  std::map<std::string, ResourceSchema> data_sources;  // types read with `read_data`

  const ResourceSchema* find(std::string_view type) const;
  const ResourceSchema* find_data_source(std::string_view type) const;
};

}  // namespace infra::providers
