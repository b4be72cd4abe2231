// The formatter's lexer: just enough of the language to find where tokens, strings,
// heredocs and comments begin and end. The parser (lang/grammar.hpp) stays the judge of
// the grammar; this lexer only refuses what it cannot cut into tokens.
#include <cctype>
#include <string>

#include "lang/format.hpp"

namespace infra::lang {
namespace {

/// A lexical error; caught in lex_for_format, never leaves this file.
struct LexError {
  SourcePos pos;
  std::string message;
};

bool ident_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 letters: let the parser judge
}

bool ident_char(char c) {
  return ident_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-';
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

std::string rtrim(std::string_view s) {
  std::size_t end = s.size();
  while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r')) --end;
  return std::string(s.substr(0, end));
}

/// Trailing whitespace removed from every line of a block comment.
std::string rtrim_lines(std::string_view s) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t nl = s.find('\n', start);
    out += rtrim(s.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    out += '\n';
    start = nl + 1;
  }
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  std::vector<FmtToken> run() {
    std::vector<FmtToken> out;
    while (i_ < src_.size()) {
      char c = src_[i_];
      SourcePos start = pos();
      if (c == ' ' || c == '\t' || c == '\r') {
        advance(1);
      } else if (c == '\n') {
        advance(1);
        out.push_back({FmtTokenKind::Newline, "\n", start});
      } else if (c == '#' || starts("//")) {
        std::size_t end = src_.find('\n', i_);
        if (end == std::string_view::npos) end = src_.size();
        std::string text = rtrim(src_.substr(i_, end - i_));
        if (c == '/') text = "#" + text.substr(2);
        advance(end - i_);
        out.push_back({FmtTokenKind::LineComment, std::move(text), start});
      } else if (starts("/*")) {
        std::size_t from = i_;
        skip_block_comment();
        out.push_back(
            {FmtTokenKind::BlockComment, rtrim_lines(src_.substr(from, i_ - from)), start});
      } else if (c == '"') {
        std::size_t from = i_;
        skip_string();
        out.push_back({FmtTokenKind::String, std::string(src_.substr(from, i_ - from)), start});
      } else if (heredoc_ahead()) {
        std::size_t from = i_;
        skip_heredoc();
        out.push_back({FmtTokenKind::Heredoc, std::string(src_.substr(from, i_ - from)), start});
      } else if (is_digit(c)) {
        out.push_back({FmtTokenKind::Number, number(), start});
      } else if (ident_start(c)) {
        std::size_t from = i_;
        while (i_ < src_.size() && ident_char(src_[i_])) advance(1);
        out.push_back({FmtTokenKind::Identifier, std::string(src_.substr(from, i_ - from)), start});
      } else if (c == '{' || c == '[' || c == '(') {
        advance(1);
        out.push_back({FmtTokenKind::Open, std::string(1, c), start});
      } else if (c == '}' || c == ']' || c == ')') {
        advance(1);
        out.push_back({FmtTokenKind::Close, std::string(1, c), start});
      } else {
        out.push_back({FmtTokenKind::Punct, punct(), start});
      }
    }
    return out;
  }

 private:
  SourcePos pos() const {
    return {line_, static_cast<int>(i_ - line_start_) + 1, i_};
  }

  bool starts(std::string_view s) const { return src_.substr(i_, s.size()) == s; }

  void advance(std::size_t n) {
    for (std::size_t k = 0; k < n && i_ < src_.size(); ++k, ++i_) {
      if (src_[i_] == '\n') {
        ++line_;
        line_start_ = i_ + 1;
      }
    }
  }

  void skip_block_comment() {
    SourcePos start = pos();
    std::size_t end = src_.find("*/", i_ + 2);
    if (end == std::string_view::npos) {
      throw LexError{start, "unterminated comment: no '*/' closes it"};
    }
    advance(end + 2 - i_);
  }

  /// A quoted string, with `${...}` and `%{...}` inside it skipped as code.
  void skip_string() {
    SourcePos start = pos();
    advance(1);
    while (true) {
      if (i_ >= src_.size() || src_[i_] == '\n') throw LexError{start, "unterminated string"};
      if (src_[i_] == '"') {
        advance(1);
        return;
      }
      if (src_[i_] == '\\') {
        if (i_ + 1 >= src_.size() || src_[i_ + 1] == '\n') {
          throw LexError{start, "unterminated string"};
        }
        advance(2);
      } else if (starts("$${") || starts("%%{")) {
        advance(3);
      } else if (starts("${") || starts("%{")) {
        skip_template_code();
      } else {
        advance(1);
      }
    }
  }

  /// From `${` or `%{` to its matching `}`: braces nest, strings and comments inside may
  /// hold braces of their own.
  void skip_template_code() {
    SourcePos start = pos();
    advance(2);
    int depth = 0;
    while (true) {
      if (i_ >= src_.size()) throw LexError{start, "unterminated interpolation: no '}' closes it"};
      char c = src_[i_];
      if (c == '"') {
        skip_string();
      } else if (c == '#' || starts("//")) {
        while (i_ < src_.size() && src_[i_] != '\n') advance(1);
      } else if (starts("/*")) {
        skip_block_comment();
      } else if (c == '{') {
        ++depth;
        advance(1);
      } else if (c == '}') {
        advance(1);
        if (depth-- == 0) return;
      } else {
        advance(1);
      }
    }
  }

  /// `<<EOT` or `<<-EOT` right before a line break.
  bool heredoc_ahead() const {
    if (!starts("<<")) return false;
    std::size_t k = i_ + 2;
    if (k < src_.size() && src_[k] == '-') ++k;
    if (k >= src_.size() || !ident_start(src_[k])) return false;
    while (k < src_.size() && ident_char(src_[k])) ++k;
    if (k < src_.size() && src_[k] == '\r') ++k;
    return k < src_.size() && src_[k] == '\n';
  }

  /// The opening marker, the body, and the closing marker (without what follows it).
  void skip_heredoc() {
    SourcePos start = pos();
    std::size_t k = i_ + 2;
    if (src_[k] == '-') ++k;
    std::size_t name_start = k;
    while (ident_char(src_[k])) ++k;
    std::string_view marker = src_.substr(name_start, k - name_start);
    std::size_t line = src_.find('\n', k) + 1;
    while (line < src_.size()) {
      std::size_t end = src_.find('\n', line);
      if (end == std::string_view::npos) end = src_.size();
      std::size_t first = line;
      while (first < end && (src_[first] == ' ' || src_[first] == '\t')) ++first;
      if (rtrim(src_.substr(first, end - first)) == marker) {
        advance(first + marker.size() - i_);
        return;
      }
      line = end + 1;
    }
    throw LexError{start, "unterminated heredoc: no line holding only " + std::string(marker) +
                              " closes it"};
  }

  std::string number() {
    std::size_t from = i_;
    while (i_ < src_.size() && is_digit(src_[i_])) advance(1);
    if (i_ + 1 < src_.size() && src_[i_] == '.' && is_digit(src_[i_ + 1])) {
      advance(1);
      while (i_ < src_.size() && is_digit(src_[i_])) advance(1);
    }
    if (i_ < src_.size() && (src_[i_] == 'e' || src_[i_] == 'E')) {
      std::size_t k = i_ + 1;
      if (k < src_.size() && (src_[k] == '+' || src_[k] == '-')) ++k;
      if (k < src_.size() && is_digit(src_[k])) {
        advance(k - i_);
        while (i_ < src_.size() && is_digit(src_[i_])) advance(1);
      }
    }
    return std::string(src_.substr(from, i_ - from));
  }

  std::string punct() {
    static constexpr std::string_view kLong[] = {"...", "==", "!=", "<=", ">=", "&&", "||", "=>"};
    for (std::string_view op : kLong) {
      if (starts(op)) {
        advance(op.size());
        return std::string(op);
      }
    }
    char c = src_[i_];
    if (std::string_view("=<>+-*/%!?:,.").find(c) == std::string_view::npos) {
      std::string shown = std::isprint(static_cast<unsigned char>(c))
                              ? std::string(1, c)
                              : "\\x" + std::string(1, "0123456789abcdef"[(c >> 4) & 15]) +
                                    "0123456789abcdef"[c & 15];
      throw LexError{pos(), "unexpected character '" + shown + "'"};
    }
    advance(1);
    return std::string(1, c);
  }

  std::string_view src_;
  std::size_t i_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
};

}  // namespace

FmtLexResult lex_for_format(std::string_view text, std::string_view file) {
  FmtLexResult result;
  try {
    result.tokens = Lexer(text).run();
  } catch (const LexError& e) {
    SourcePos end = e.pos;
    ++end.column;
    ++end.offset;
    result.error =
        Diagnostic{Severity::Error, e.message, {}, SourceRange{std::string(file), e.pos, end}};
  }
  return result;
}

}  // namespace infra::lang
