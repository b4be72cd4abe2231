// Parser: text to AST (lang/ast.hpp), syntax errors to Diagnostics. The grammar lives in
// lang/grammar.hpp and grammar.peg; this header keeps PEGTL out of its includers.
#pragma once

#include <string>
#include <string_view>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"

namespace infra::lang {

/// Parses one file into its top-level body. Every syntax error is reported, up to 20 per
/// file (then a warning says the rest was not checked): after one, parsing resumes at the
/// next top-level item (see lang/parse_recovery.hpp). The result is never null: on syntax
/// errors it holds the top-level items that parsed, in order, without the broken ones, so
/// that their own problems can be reported in the same run without errors that follow only
/// from a broken item (callers check diags.has_errors()). Semantic problems the parser sees
/// (a duplicate attribute, a label with an interpolation, an invalid escape value, a number
/// out of range, an expression nested too deeply) are reported too, broken items' included.
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
