// A shorthand for the attributes of a provider block, which are all optional settings.
#pragma once

#include <string>
#include <utility>

#include "providers/protocol/schema.hpp"

namespace infra::providers::sdk {

/// An optional setting of the provider block (or of one of its blocks).
inline Attribute setting(std::string name, std::string type, std::string description,
                         bool sensitive = false) {
  return Attribute{.name = std::move(name),
                   .type = std::move(type),
                   .optional = true,
                   .sensitive = sensitive,
                   .description = std::move(description)};
}

}  // namespace infra::providers::sdk
