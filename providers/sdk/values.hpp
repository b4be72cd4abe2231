// Small pieces that provider executables share: a schema shorthand for computed
// attributes, reading a string attribute of a JSON state, and percent-encoding for URLs.
#pragma once

#include <string>

#include "providers/sdk/provider.hpp"

namespace infra::providers::sdk {

/// An attribute the provider computes.
Attribute computed_attr(std::string name, std::string type, std::string description);

/// String attribute `name` of `object`, or `fallback` when it is null or missing.
std::string string_of(const json& object, const std::string& name,
                      const std::string& fallback = {});

/// Percent-encodes `text` for a URL query or path segment (all but RFC 3986's unreserved
/// characters).
std::string url_encode(const std::string& text);

}  // namespace infra::providers::sdk
