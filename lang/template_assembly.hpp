// Internal to lang/: turns the flat pieces of a quoted or heredoc template (text,
// interpolations, and the directive markers `%{ if }`, `%{ else }`, `%{ endif }`,
// `%{ for }`, `%{ endfor }`) into template parts: applies the `~` strip markers, normalises
// the text to NFC, and pairs each directive opener with its closer.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"

namespace infra::lang::detail {

/// One piece of a template as written, before directives are paired.
struct TemplatePiece {
  enum class Kind { Text, Interpolation, If, Else, EndIf, For, EndFor };
  Kind kind = Kind::Text;
  std::string text;  // Kind::Text
  ExprPtr expr;      // the interpolated expression, the if condition, the for collection
  int height = 0;    // Kind::Interpolation: the height of expr's tree
  std::string key_name, value_name;  // Kind::For; key_name empty with one name
  bool strip_before = false;         // `${~` / `%{~`
  bool strip_after = false;          // `~}`
  SourceRange range;
};

/// For `<<-` heredocs, given the pieces of the lines pieces[first, line_ends[0]),
/// [line_ends[0], line_ends[1]), ...: removes from each line the smallest number of leading
/// spaces and tabs (one character each) found on the non-blank lines. Like HCL, only the
/// literal text that starts a line is looked at and trimmed, never an interpolated value:
/// a line that starts with an interpolation or directive has no indentation, and lines
/// holding only whitespace are neither counted nor changed. Every line has a piece.
void strip_shared_indentation(std::vector<TemplatePiece>& pieces, std::size_t first,
                              std::span<const std::size_t> line_ends);

/// Normalises the literal text of a template to NFC (see unicode.hpp).
void normalise_text(std::string& text);

/// Assembles `pieces` into template parts (text parts merged), taking what it needs from
/// them. Unclosed or mismatched directives are reported at their opener; the result then
/// omits them.
std::vector<TemplatePart> assemble_template(std::span<TemplatePiece> pieces, Diagnostics& diags);

}  // namespace infra::lang::detail
