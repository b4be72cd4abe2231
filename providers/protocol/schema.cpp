// Lookups on the schema model declared in schema.hpp, and the names of nesting modes.
#include "providers/protocol/schema.hpp"

#include <algorithm>

namespace infra::providers {

const Attribute* SchemaBody::find(std::string_view name) const {
  auto it = std::find_if(attributes.begin(), attributes.end(),
                         [&](const Attribute& a) { return a.name == name; });
  return it == attributes.end() ? nullptr : &*it;
}

const BlockType* SchemaBody::find_block(std::string_view name) const {
  auto it = std::find_if(blocks.begin(), blocks.end(),
                         [&](const BlockType& b) { return b.name == name; });
  return it == blocks.end() ? nullptr : &*it;
}

std::string_view nesting_name(Nesting nesting) {
  switch (nesting) {
    case Nesting::Set:
      return "set";
    case Nesting::Single:
      return "single";
    case Nesting::List:
      break;
  }
  return "list";
}

std::optional<Nesting> nesting_from_name(std::string_view name) {
  if (name == "list") return Nesting::List;
  if (name == "set") return Nesting::Set;
  if (name == "single") return Nesting::Single;
  return std::nullopt;
}

const ResourceSchema* ProviderSchema::find(std::string_view type) const {
  auto it = resources.find(std::string(type));
  return it == resources.end() ? nullptr : &it->second;
}

const ResourceSchema* ProviderSchema::find_data_source(std::string_view type) const {
  auto it = data_sources.find(std::string(type));
  return it == data_sources.end() ? nullptr : &it->second;
}

}  // namespace infra::providers
