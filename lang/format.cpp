// The canonical layout of .infra files: tokens (lang/format_lexer.cpp) grouped into lines,
// each line indented by its bracket depth and spaced by the rules below, then the `=` of
// runs of one-line attributes aligned.
#include "lang/format.hpp"

#include <algorithm>

namespace infra::lang {
namespace {

using Kind = FmtTokenKind;

/// What a token does where it stands, where its text alone does not say.
enum class Role { Plain, Unary, Splat, KeyColon };

/// One line of output: the tokens between two newlines (a heredoc or block comment inside
/// may still span several lines of text).
struct Line {
  std::vector<std::size_t> tokens;  // indices into the token list
  bool blank_before = false;        // one blank line above it in the output
  int indent = 0;                   // in levels of two spaces
  bool opens = false;               // leaves a bracket open for the following lines
  bool starts_with_close = false;
  bool multi_line = false;          // its value goes on over the next lines
  std::string text;                 // rendered, without indentation
  std::size_t key_end = std::string::npos;  // for an attribute: where its name ends in text
};

bool is(const FmtToken& t, Kind kind, std::string_view text) {
  return t.kind == kind && t.text == text;
}

bool is_comment(const FmtToken& t) {
  return t.kind == Kind::LineComment || t.kind == Kind::BlockComment;
}

/// Binary and conditional operators, after which an expression goes on.
bool is_operator(const FmtToken& t) {
  static constexpr std::string_view kOps[] = {"=",  "==", "!=", "<",  ">", "<=", ">=", "&&", "||",
                                              "+",  "-",  "*",  "/",  "%", "?",  ":",  "=>"};
  if (t.kind != Kind::Punct) return false;
  return std::find(std::begin(kOps), std::end(kOps), t.text) != std::end(kOps);
}

std::size_t utf8_width(std::string_view s) {
  auto starts_char = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), starts_char));
}

Diagnostic error_at(std::string_view file, const SourcePos& pos, std::string message) {
  SourcePos end = pos;
  ++end.column;
  ++end.offset;
  return Diagnostic{Severity::Error, std::move(message), {},
                    SourceRange{std::string(file), pos, end}};
}

std::string where(const SourcePos& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

char closer_of(char open) { return open == '{' ? '}' : open == '[' ? ']' : ')'; }

/// Unary minus and bang, splat stars and the colon of `key: value` (as opposed to the one
/// of `c ? a : b`), from the tokens before them.
std::vector<Role> roles(const std::vector<FmtToken>& tokens) {
  std::vector<Role> out(tokens.size(), Role::Plain);
  std::vector<int> questions{0};  // open `?` per bracket level
  std::vector<bool> in_for{false};  // the bracket holds a `for` expression before its `:`
  const FmtToken* prev = nullptr;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const FmtToken& t = tokens[i];
    if (t.kind == Kind::Newline || is_comment(t)) continue;
    if (t.kind == Kind::Open) {
      questions.push_back(0);
      in_for.push_back(false);
    }
    if (t.kind == Kind::Close && questions.size() > 1) {
      questions.pop_back();
      in_for.pop_back();
    }
    if (is(t, Kind::Identifier, "for") && prev && (is(*prev, Kind::Open, "[") || is(*prev, Kind::Open, "{"))) {
      in_for.back() = true;
    }
    if (is(t, Kind::Punct, "!")) {
      out[i] = Role::Unary;
    } else if (is(t, Kind::Punct, "-")) {
      if (!prev || prev->kind == Kind::Open || prev->kind == Kind::Punct) out[i] = Role::Unary;
    } else if (is(t, Kind::Punct, "*")) {
      if (prev && (is(*prev, Kind::Punct, ".") || is(*prev, Kind::Open, "["))) out[i] = Role::Splat;
    } else if (is(t, Kind::Punct, "?")) {
      ++questions.back();
    } else if (is(t, Kind::Punct, ":")) {
      if (questions.back() > 0) {
        --questions.back();
      } else if (in_for.back()) {
        in_for.back() = false;  // `[for x in xs : x]`: spaced like an operator
      } else {
        out[i] = Role::KeyColon;
      }
    }
    prev = &t;
  }
  return out;
}

/// Whether the output puts a space between `prev` and `cur` on one line.
bool space_between(const FmtToken& prev, Role prev_role, const FmtToken& cur, Role cur_role) {
  if (is_comment(cur)) return true;
  if (prev.kind == Kind::Open && prev.text != "{") return false;  // ( [ hug what follows
  if (cur.kind == Kind::Close && cur.text != "}") return false;   // ) ] hug what precedes
  if (is(prev, Kind::Open, "{")) return !is(cur, Kind::Close, "}");  // { a = 1 }, but {}
  if (is(cur, Kind::Close, "}") || is(cur, Kind::Open, "{")) return true;
  if (prev.kind == Kind::BlockComment) return true;
  if (is(cur, Kind::Punct, ",")) return false;
  if (is(prev, Kind::Punct, ",")) return true;
  if (is(prev, Kind::Punct, ".") || is(cur, Kind::Punct, ".")) return false;
  if (is(cur, Kind::Punct, "...")) return false;
  if (prev_role == Role::Unary) return false;
  if (is(cur, Kind::Open, "(") && prev.kind == Kind::Identifier) return false;  // a call
  if (is(cur, Kind::Open, "[") && !is(prev, Kind::Identifier, "in") &&
      (prev.kind == Kind::Identifier || prev.kind == Kind::Number || prev.kind == Kind::String ||
       prev.kind == Kind::Close || prev_role == Role::Splat)) {
    return false;  // an index
  }
  if (cur_role == Role::KeyColon) return false;
  return true;
}

/// Where the name of an attribute (`name =`, `"key" =`, `(expr) =`) ends among the line's
/// tokens: the index of its `=`, or 0 when the line is no attribute.
std::size_t attribute_equals(const std::vector<FmtToken>& tokens, const Line& line) {
  const auto& ix = line.tokens;
  std::size_t k = 0;
  if (tokens[ix[0]].kind == Kind::Identifier || tokens[ix[0]].kind == Kind::String) {
    k = 1;
  } else if (is(tokens[ix[0]], Kind::Open, "(")) {
    int depth = 0;
    for (; k < ix.size(); ++k) {
      const FmtToken& t = tokens[ix[k]];
      if (t.kind == Kind::Open) ++depth;
      if (t.kind == Kind::Close && --depth == 0) break;
    }
    ++k;
  } else {
    return 0;
  }
  return k < ix.size() && is(tokens[ix[k]], Kind::Punct, "=") ? k : 0;
}

/// A bracket still open. All brackets a line leaves open share one level of indentation,
/// so `f([` indents its contents once, and `])` goes back to the line that opened them.
struct Open {
  const FmtToken* token;
  std::size_t line;  // the line that opened it
  int line_indent;   // that line's indentation
};

}  // namespace

FormatResult format_source(std::string_view text, std::string_view file) {
  FmtLexResult lexed = lex_for_format(text, file);
  if (lexed.error) return {{}, lexed.error};
  const std::vector<FmtToken>& tokens = lexed.tokens;
  std::vector<Role> role = roles(tokens);

  // Lines, with blank lines folded into a flag on the line after them.
  std::vector<Line> lines;
  Line current;
  bool blank = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].kind != Kind::Newline) {
      current.tokens.push_back(i);
    } else if (current.tokens.empty()) {
      blank = true;
    } else {
      current.blank_before = blank;
      lines.push_back(std::move(current));
      current = Line{};
      blank = false;  // the newline that ends a line is no blank line; a second one is
    }
  }
  if (!current.tokens.empty()) {
    current.blank_before = blank;
    lines.push_back(std::move(current));
  }
  // Indentation, from the brackets that stay open across lines.
  std::vector<Open> stack;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    Line& line = lines[n];
    bool leading = true;
    line.indent = stack.empty() ? 0 : stack.back().line_indent + 1;
    for (std::size_t i : line.tokens) {
      const FmtToken& t = tokens[i];
      if (t.kind == Kind::Close) {
        if (stack.empty()) {
          return {{}, error_at(file, t.pos, "unexpected '" + t.text + "': nothing is open here")};
        }
        const FmtToken& open = *stack.back().token;
        if (closer_of(open.text[0]) != t.text[0]) {
          return {{}, error_at(file, t.pos,
                               std::string("expected '") + closer_of(open.text[0]) +
                                   "' to close the '" + open.text + "' opened at " +
                                   where(open.pos) + ", found '" + t.text + "'")};
        }
        if (leading) {
          line.starts_with_close = true;
          line.indent = stack.back().line_indent;
        }
        stack.pop_back();
      } else {
        leading = false;
        if (t.kind == Kind::Open) stack.push_back({&t, n, line.indent});
      }
    }
    line.opens = !stack.empty() && stack.back().line == n;
    const FmtToken* last = nullptr;
    for (std::size_t i : line.tokens) {
      if (!is_comment(tokens[i])) last = &tokens[i];
      if (tokens[i].text.find('\n') != std::string::npos) line.multi_line = true;
    }
    if (line.opens || (last && is_operator(*last))) line.multi_line = true;
  }
  if (!stack.empty()) {
    const FmtToken& open = *stack.back().token;
    return {{}, error_at(file, open.pos,
                         std::string("expected '") + closer_of(open.text[0]) + "' to close the '" +
                             open.text + "' opened at " + where(open.pos) +
                             ", found the end of the file")};
  }

  // Spacing within each line.
  for (Line& line : lines) {
    std::size_t equals = attribute_equals(tokens, line);
    for (std::size_t k = 0; k < line.tokens.size(); ++k) {
      std::size_t i = line.tokens[k];
      if (k > 0) {
        std::size_t p = line.tokens[k - 1];
        if (k == equals) line.key_end = line.text.size();
        if (space_between(tokens[p], role[p], tokens[i], role[i])) line.text += ' ';
      }
      line.text += tokens[i].text;
    }
  }

  // Blank lines: none at the start of the file or of a bracket's body, none before a
  // closing bracket.
  for (std::size_t n = 0; n < lines.size(); ++n) {
    if (n == 0 || lines[n - 1].opens || lines[n].starts_with_close) lines[n].blank_before = false;
  }

  // Alignment of `=` over runs of consecutive one-line attributes at one indentation.
  auto aligned = [&](const Line& l) { return l.key_end != std::string::npos && !l.multi_line; };
  for (std::size_t n = 0; n < lines.size();) {
    if (!aligned(lines[n])) {
      ++n;
      continue;
    }
    std::size_t end = n + 1;
    while (end < lines.size() && aligned(lines[end]) && !lines[end].blank_before &&
           lines[end].indent == lines[n].indent) {
      ++end;
    }
    auto key_width = [](const Line& l) {
      return utf8_width(std::string_view(l.text).substr(0, l.key_end));
    };
    std::size_t width = 0;
    for (std::size_t k = n; k < end; ++k) width = std::max(width, key_width(lines[k]));
    for (std::size_t k = n; k < end; ++k) {
      std::size_t pad = width - key_width(lines[k]);
      lines[k].text.insert(lines[k].key_end, pad, ' ');
    }
    n = end;
  }

  FormatResult result;
  for (const Line& line : lines) {
    if (line.blank_before) result.text += '\n';
    result.text.append(2 * static_cast<std::size_t>(line.indent), ' ');
    result.text += line.text;
    result.text += '\n';
  }
  return result;
}

}  // namespace infra::lang
