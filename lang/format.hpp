// The canonical layout of .infra files (`infra fmt`). The formatter works on tokens of its
// own small lexer, not on the AST, so that comments and blank lines survive; it does not
// check the grammar beyond what the lexer needs (strings, heredocs, comments, brackets).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/diagnostics.hpp"

namespace infra::lang {

/// What the formatter's lexer tells apart.
enum class FmtTokenKind {
  Identifier,    // name, keyword or label: [a-zA-Z_][-a-zA-Z0-9_]*
  Number,        // 42, 3.25, 1e3
  String,        // a whole quoted string, interpolations included
  Heredoc,       // from `<<EOT` to the closing marker, body included
  LineComment,   // `#` or `//` up to the end of the line
  BlockComment,  // `/* ... */`, possibly over several lines
  Newline,
  Open,          // { [ (
  Close,         // } ] )
  Punct,         // operators, `=`, `,`, `.`, `:`, `?`, `...`, `=>`
};

/// One token. `text` is the source text, except that line comments start with `#` and
/// comments lose trailing whitespace.
struct FmtToken {
  FmtTokenKind kind;
  std::string text;
  SourcePos pos;
};

/// The tokens of a file, or the first lexical error.
struct FmtLexResult {
  std::vector<FmtToken> tokens;
  std::optional<Diagnostic> error;
};

/// Splits `text` into tokens for the formatter; `file` only names the file in errors.
FmtLexResult lex_for_format(std::string_view text, std::string_view file = {});

/// A formatted file, or why it could not be formatted (then `text` is empty).
struct FormatResult {
  std::string text;
  std::optional<Diagnostic> error;
  bool ok() const { return !error.has_value(); }
};

/// Rewrites `text` into the canonical layout: two-space indentation per line-spanning
/// bracket, one space around `=` and binary operators, aligned `=` in runs of one-line
/// attributes, at most one blank line, `#` comments, one newline at the end. Strings,
/// interpolations and heredocs are copied unchanged. Idempotent. A file that does not lex
/// or whose brackets do not balance is an error at its line:column.
FormatResult format_source(std::string_view text, std::string_view file = {});

}  // namespace infra::lang
