// Internal to lang/: where the parser resumes after a syntax error, so that one file can
// report all its errors. It resumes at the next top-level item: a line that starts, at
// column 1, with what looks like an attribute or a block (`name =`, `name {`,
// `name "label"`, `name label`), found by scanning the broken item's text for strings,
// heredocs, comments and brackets, so that a line inside one of them is never taken for an
// item (which would report errors that are not there). A small scanner of the language's
// lexical structure; it need not be exact, only careful: when in doubt (an unclosed block, a
// heredoc without its end) it finds no place to resume, and the file reports only the errors
// found so far. Include only from lang/parser.cpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "lang/diagnostics.hpp"

namespace infra::lang::detail {

namespace recovery {

inline bool identifier_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80) != 0;
}

inline bool identifier_char(char c) {
  return identifier_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/// Whether the line at `p` starts like an attribute or a block: an identifier, then `=`
/// (not `==`), `{`, a quoted label or a label.
inline bool looks_like_item(std::string_view text, std::size_t p) {
  if (p >= text.size() || !identifier_start(text[p])) return false;
  while (p < text.size() && identifier_char(text[p])) ++p;
  while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
  if (p >= text.size()) return false;
  const char c = text[p];
  if (c == '=') return p + 1 >= text.size() || text[p + 1] != '=';
  return c == '{' || c == '"' || identifier_start(c);
}

class Scanner {
 public:
  Scanner(std::string_view text, SourcePos item, SourcePos failed)
      : text_(text), pos_(item), failed_(failed) {}

  std::optional<SourcePos> run() {
    const std::size_t item = pos_.offset;
    while (pos_.offset < text_.size()) {
      if (pos_.column == 1 && pos_.offset > item && mode_ == Mode::kCode && qualifies()) {
        return pos_;
      }
      step();
    }
    return std::nullopt;
  }

 private:
  enum class Mode { kCode, kString, kLineComment, kBlockComment, kHeredoc };

  /// A line that looks like an item, outside any block, object or interpolation: an open
  /// `[` or `(` is taken as one the broken expression did not close.
  bool qualifies() const {
    if (pos_.offset < failed_.offset || !looks_like_item(text_, pos_.offset)) return false;
    for (const Open& o : open_) {
      if (o.c != '[' && o.c != '(') return false;
    }
    return true;
  }

  char at(std::size_t ahead = 0) const {
    const std::size_t i = pos_.offset + ahead;
    return i < text_.size() ? text_[i] : '\0';
  }

  void advance(std::size_t n = 1) {
    for (; n > 0 && pos_.offset < text_.size(); --n) {
      if (text_[pos_.offset] == '\n') {
        ++pos_.line;
        pos_.column = 1;
      } else {
        ++pos_.column;
      }
      ++pos_.offset;
    }
  }

  void step() {
    const char c = at();
    switch (mode_) {
      case Mode::kCode: code(c); return;
      case Mode::kString: string(c); return;
      case Mode::kLineComment:
        if (c == '\n') mode_ = Mode::kCode;
        advance();
        return;
      case Mode::kBlockComment:
        if (c == '*' && at(1) == '/') {
          mode_ = Mode::kCode;
          advance(2);
        } else {
          advance();
        }
        return;
      case Mode::kHeredoc: heredoc_line(); return;
    }
  }

  void code(char c) {
    if (c == '#' || (c == '/' && at(1) == '/')) {
      mode_ = Mode::kLineComment;
    } else if (c == '/' && at(1) == '*') {
      mode_ = Mode::kBlockComment;
      advance(2);
      return;
    } else if (c == '"') {
      mode_ = Mode::kString;
    } else if (c == '<' && at(1) == '<' && heredoc_start()) {
      return;
    } else if (c == '{' || c == '[' || c == '(') {
      open_.push_back(Open{c, pos_.line});
    } else if (c == '}' || c == ']' || c == ')') {
      close(c);
    }
    advance();
  }

  /// Closes the innermost bracket `c` closes, and those left open inside it; a closer
  /// with no opener is ignored. `}` also ends an interpolation, back in its string.
  void close(char c) {
    const char opener = c == '}' ? '{' : c == ']' ? '[' : '(';
    for (std::size_t i = open_.size(); i-- > 0;) {
      if (open_[i].c == opener || (c == '}' && open_[i].c == kInterpolation)) {
        if (open_[i].c == kInterpolation) mode_ = Mode::kString;
        open_.resize(i);
        return;
      }
    }
  }

  void string(char c) {
    if (c == '\\' && at(1) != '\n') {
      advance(2);
      return;
    }
    if ((c == '$' || c == '%') && at(1) == c && at(2) == '{') {  // `$${`, `%%{`
      advance(3);
      return;
    }
    if ((c == '$' || c == '%') && at(1) == '{') {
      open_.push_back(Open{kInterpolation, pos_.line});
      mode_ = Mode::kCode;
      advance(2);
      return;
    }
    if (c == '"' || c == '\n') mode_ = Mode::kCode;
    if (c == '\n') {
      // A string ends at its line's end, unterminated: so do the interpolations opened on
      // that line (`"${x"`), and what they hold.
      for (std::size_t i = 0; i < open_.size(); ++i) {
        if (open_[i].c == kInterpolation && open_[i].line == pos_.line) {
          open_.resize(i);
          break;
        }
      }
    }
    advance();
  }

  /// At `<<`: a heredoc when an identifier and a newline follow; its lines are skipped.
  bool heredoc_start() {
    std::size_t n = 2;
    if (at(n) == '-') ++n;
    const std::size_t name = n;
    while (identifier_char(at(n)) && (n > name || identifier_start(at(n)))) ++n;
    if (n == name) return false;
    marker_ = text_.substr(pos_.offset + name, n - name);
    if (at(n) == '\r') ++n;
    if (at(n) != '\n') return false;
    mode_ = Mode::kHeredoc;
    advance(n + 1);
    return true;
  }

  /// A line of a heredoc: its end when it holds only the marker (and spaces).
  void heredoc_line() {
    std::size_t n = 0;
    while (at(n) == ' ' || at(n) == '\t') ++n;
    if (text_.substr(pos_.offset + n).starts_with(marker_)) {
      n += marker_.size();
      while (at(n) == ' ' || at(n) == '\t' || at(n) == '\r') ++n;
      if (at(n) == '\n' || pos_.offset + n >= text_.size()) mode_ = Mode::kCode;
    }
    while (pos_.offset < text_.size() && at() != '\n') advance();
    advance();
  }

  static constexpr char kInterpolation = '$';

  std::string_view text_;
  SourcePos pos_;
  SourcePos failed_;
  Mode mode_ = Mode::kCode;
  struct Open {
    char c;    // a bracket, or kInterpolation
    int line;  // where it was opened
  };
  std::vector<Open> open_;  // innermost last
  std::string_view marker_;
};

}  // namespace recovery

/// The start of the next top-level item after a syntax error, or nullopt when there is
/// none. `item` is where the broken top-level item starts, `failed` where the parser stopped
/// (both in `text`, `item` not after `failed`). A line qualifies when it starts at or after
/// `failed`, outside strings, heredocs and comments, and every `{` (of a block, an object or
/// an interpolation) opened since `item` has been closed; an unclosed `[` or `(` is taken as
/// the broken expression's. The result is after `item`.
inline std::optional<SourcePos> recovery_point(std::string_view text, SourcePos item,
                                               SourcePos failed) {
  return recovery::Scanner(text, item, failed).run();
}

}  // namespace infra::lang::detail
