// Internal to lang/: the operators and traversal steps of the evaluator, on Values.
// Each returns nullopt after reporting a diagnostic at the range of the culprit.
#pragma once

#include <optional>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"
#include "lang/value.hpp"

namespace infra::lang::ops {

/// "a string", "an object": a type name with its article, for messages.
std::string article(const std::string& type);

/// `!v` or `-v`.
std::optional<Value> unary(UnaryOp op, const Value& v, const SourceRange& where,
                           Diagnostics& diags);

/// `l op r`. Both sides are always evaluated (no short-circuit), as in HCL.
std::optional<Value> binary(BinaryOp op, const Value& l, const SourceRange& l_range,
                            const Value& r, const SourceRange& r_range, Diagnostics& diags);

/// `v.key` (when `is_attribute`) or `v[key]`.
std::optional<Value> traverse(const Value& v, const Value& key, bool is_attribute,
                              const SourceRange& where, Diagnostics& diags);

}  // namespace infra::lang::ops
