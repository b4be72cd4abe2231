// Standard base64 (RFC 4648, with padding), which providers use for bytes in JSON states.
#pragma once

#include <optional>
#include <string>

namespace infra::providers::sdk {

/// Standard base64 with padding.
std::string base64_encode(const std::string& bytes);
/// The bytes of standard, padded base64 text; nullopt when `text` is not that.
std::optional<std::string> base64_decode(const std::string& text);

}  // namespace infra::providers::sdk
