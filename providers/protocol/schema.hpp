// The schema a provider declares in its handshake: its resource types, data source types,
// their attributes and their nested block types.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
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
  /// The value the provider plans when the configuration leaves an optional argument out,
  /// as JSON text ("-1", "false", "\"bridge\""); empty when there is none or it depends on
  /// other arguments. Generated configuration leaves out arguments at their default.
  std::string default_json = {};
  std::string description;
};

struct BlockType;

/// What a resource type or a block type holds: attributes, and nested block types.
struct SchemaBody {
  std::vector<Attribute> attributes;
  std::vector<BlockType> blocks;  // nested block types, sorted by name once read

  const Attribute* find(std::string_view name) const;
  const BlockType* find_block(std::string_view name) const;
};

/// How the blocks of one type nest: `list` (ordered, compared by index), `set` (unordered,
/// compared by equality), `single` (at most one block: an object, or null without one).
enum class Nesting { List, Set, Single };

/// "list", "set", "single".
std::string_view nesting_name(Nesting nesting);
/// The Nesting named `name`; nullopt for another word.
std::optional<Nesting> nesting_from_name(std::string_view name);

/// One nested block type, e.g. `ports { internal = 80 }` inside a resource: its own
/// attributes and nested block types, and how many blocks it takes.
struct BlockType : SchemaBody {
  std::string name;
  Nesting nesting = Nesting::List;
  int min_items = 0;
  int max_items = 0;  // 0: no limit
  std::string description;
};

/// One resource type.
struct ResourceSchema : SchemaBody {
  std::string type;
  int version = 0;
  std::string description;
  /// False when the provider checks nothing beyond this schema (which the host checks
  /// itself): the host then sends no `validate` request for the type.
  bool validates = true;
};

/// Everything a provider declares.
struct ProviderSchema {
  std::string name;     // "local"
  std::string version;  // the plugin's own version
  int protocol_version = kProtocolVersion;
  std::vector<Attribute> config;  // attributes of the `provider` block
  std::vector<BlockType> config_blocks;  // block types of the `provider` block
  std::map<std::string, ResourceSchema> resources;
  std::map<std::string, ResourceSchema> data_sources;  // types read with `read_data`

  const ResourceSchema* find(std::string_view type) const;
  const ResourceSchema* find_data_source(std::string_view type) const;
};

}  // namespace infra::providers
