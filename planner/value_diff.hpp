// The diff of one attribute whose value is worth more than `before -> after`: a multi-line
// string as a line diff, a JSON-encoded string as the diff of what it encodes, a map or a
// list element by element — with little context and the rest folded, as Terraform shows them.
#pragma once

#include <optional>
#include <string>

#include "lang/value.hpp"

namespace infra::planner {

/// The text that follows `NAME = ` on the attribute's line, over several lines, for an
/// update of an attribute from `before` to `after` (both wholly known, neither sensitive)
/// when one of the forms above applies; nullopt when the plain `before -> after` says it
/// best (scalars, values that differ in kind, unknown or sensitive ones, very long
/// sequences). `indent` is the column of the attribute's action symbol; nested lines are
/// indented from it, and the last line closes the value. `color` colours the symbols.
std::optional<std::string> structured_diff(const lang::Value& before, const lang::Value& after,
                                           int indent, bool color);

}  // namespace infra::planner
