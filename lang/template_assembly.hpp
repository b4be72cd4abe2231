// Internal to lang/: turns the flat pieces of a quoted or heredoc template (text,
// interpolations, and the directive markers `%{ if }`, `%{ else }`, `%{ endif }`,
// `%{ for }`, `%{ endfor }`) into template parts: applies the `~` strip markers, normalises
// the text to NFC, and pairs each directive opener with its closer.
#pragma once

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
  std::string key_name, value_name;  // Kind::For; key_name empty with one name
  bool strip_before = false;         // `${~` / `%{~`
  bool strip_after = false;          // `~}`
  SourceRange range;
};

/// For `<<-` heredocs, given each line's pieces: removes from each line the smallest number
/// of leading spaces and tabs (one character each) found on the non-blank lines. Like HCL,
/// only the literal text that starts a line is looked at and trimmed, never an
/// interpolated value: a line that starts with an interpolation or directive has no
/// indentation, and lines holding only whitespace are neither counted nor changed.
void strip_shared_indentation(const std::vector<std::vector<TemplatePiece>*>& lines);

/// Assembles `pieces` into template parts (text parts merged). Unclosed or mismatched
/// directives are reported at their opener; the result then omits them.
std::vector<TemplatePart> assemble_template(std::vector<TemplatePiece> pieces,
                                            Diagnostics& diags);

}  // namespace infra::lang::detail
