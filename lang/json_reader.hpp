// Internal to lang/: a JSON reader (RFC 8259) that keeps the place of every value and
// property name, for the JSON form of the language (lang/json_syntax.cpp). It keeps the
// order of properties and repeated names, and numbers as written. A syntax error is one
// diagnostic at its place, as for the native syntax.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lang/diagnostics.hpp"

namespace infra::lang::detail {

/// Arrays and objects nested deeper than this are a syntax error, not a stack overflow; the
/// same limit as the native syntax's (grammar::kMaxNesting).
inline constexpr int kMaxJsonNesting = 64;

struct JsonMember;

/// One JSON value and where it was written.
struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  SourceRange range;  // the whole value: a string with its quotes, an array with its brackets
  bool boolean = false;
  /// A string's text with its escapes decoded; a number's text as written.
  std::string text;
  /// For a string: pairs (offset in `text`, offset in the file) from which the two advance
  /// together, sorted; the first is (0, just after the opening quote), and each escape adds
  /// one where its output starts and one where the text after it starts.
  std::vector<std::pair<std::size_t, std::size_t>> offsets;
  std::vector<JsonValue> items;     // an array's elements
  std::vector<JsonMember> members;  // an object's properties, in source order

  /// Where byte `offset` of a string's decoded `text` was written in the file (a byte that
  /// an escape produced is placed inside that escape). A string is on one line.
  SourcePos position_in_string(std::size_t offset) const;

  /// "a string", "a number", "an object", ... for messages.
  const char* kind_name() const;
};

/// `"name": value`
struct JsonMember {
  JsonValue name;  // a string
  JsonValue value;
};

/// Reads `text` as one JSON value; nullopt after reporting a syntax error to `diags`.
std::optional<JsonValue> read_json(const std::string& file_name, std::string_view text,
                                   Diagnostics& diags);

}  // namespace infra::lang::detail
