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

/// Parses a single expression (the whole text). Returns null on a syntax error. `start` is
/// where `text` begins in `file_name`, so that an expression embedded in another file (a
/// string of a JSON configuration, say) gets positions in that file.
ExprPtr parse_expression(const std::string& file_name, std::string_view text,
                         Diagnostics& diags, SourcePos start = {});

/// Parses a bare template, as `templatefile` reads a file: literal text, newlines
/// included, with `${...}` interpolations and `%{...}` directives (and their `~` strip
/// markers); `$${` and `%%{` write `${` and `%{`. There are no quotes and no backslash
/// escapes. The result is a string literal when there is nothing to interpolate, else a
/// template; null on a syntax error. `start` is as for parse_expression.
ExprPtr parse_template(const std::string& file_name, std::string_view text, SourcePos start,
                       Diagnostics& diags);

}  // namespace infra::lang
