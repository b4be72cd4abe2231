// Parser: text to AST (lang/ast.hpp), syntax errors to Diagnostics. The grammar lives in
// lang/grammar.hpp and grammar.peg; this header keeps PEGTL out of its includers.
#pragma once

#include <string>
#include <string_view>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"

namespace infra::lang {

/// Parses one file into its top-level body. On a syntax error, adds one diagnostic and
/// returns null. Semantic problems of the body itself (a duplicate attribute, a label with
/// an interpolation) are reported too, but the body is still returned.
BodyPtr parse_file(const std::string& file_name, std::string_view text, Diagnostics& diags);

/// Parses a single expression (the whole text). Returns null on a syntax error.
ExprPtr parse_expression(const std::string& file_name, std::string_view text,
                         Diagnostics& diags);

}  // namespace infra::lang
