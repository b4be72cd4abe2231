// JSON text to a Value with numbers exact at any size (stdlib/encoding.cpp): jsondecode's
// reader, shared with the planner, which reads state and plan values with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lang/value.hpp"

namespace infra::stdlib {

/// The value of the JSON text: objects become objects (later duplicate keys win), arrays
/// lists, numbers exact decimals read from their text. On malformed JSON, nullopt and
/// `error` says what is wrong and where. Numbers above about 1e4932 are refused as an
/// overflow by the JSON reader before their text is seen.
std::optional<lang::Value> parse_json(std::string_view text, std::string& error);

}  // namespace infra::stdlib
