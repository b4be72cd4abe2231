// Pieces that provider executables share.
#include "providers/sdk/values.hpp"

#include <cctype>

namespace infra::providers::sdk {

Attribute computed_attr(std::string name, std::string type, std::string description) {
  return {.name = std::move(name),
          .type = std::move(type),
          .computed = true,
          .description = std::move(description)};
}

std::string string_of(const json& object, const std::string& name, const std::string& fallback) {
  if (!object.is_object()) return fallback;
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string url_encode(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace infra::providers::sdk
