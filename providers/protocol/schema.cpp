// Lookups on the schema model declared in schema.hpp.
#include "providers/protocol/schema.hpp"

#include <algorithm>

namespace infra::providers {

const Attribute* ResourceSchema::find(std::string_view name) const {
  auto it = std::find_if(attributes.begin(), attributes.end(),
                         [&](const Attribute& a) { return a.name == name; });
  return it == attributes.end() ? nullptr : &*it;
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
