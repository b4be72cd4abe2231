// Parser: text to AST (lang/ast.hpp), syntax errors to Diagnostics. The grammar lives in
// lang/grammar.hpp and grammar.peg; this header keeps PEGTL out of its includers.
#pragma once

#include <cstddef>
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
///
/// A large file (2 MiB and more) is parsed in pieces of about 1 MiB, in parallel, cut
/// between top-level blocks; the result and the messages are those of one piece.
BodyPtr parse_file(const std::string& file_name, std::string_view text, Diagnostics& diags);

namespace detail {

/// parse_file's way with a large text: cuts it into pieces of about `piece_size` bytes
/// where a line that is a lone `}` is followed by one that starts an identifier, parses the
/// pieces in parallel and joins their top-level blocks. Null when the text is shorter than
/// two pieces, or when a piece reports anything (a syntax error, a cut that was not between
/// two top-level blocks, a top-level attribute): then parse_file parses it in one piece.
/// Declared here for the tests, which cut small texts.
BodyPtr parse_in_pieces(const std::string& file_name, std::string_view text,
                        std::size_t piece_size);

}  // namespace detail

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
