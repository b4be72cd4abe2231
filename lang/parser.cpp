// Runs the PEGTL grammar over a text and builds the AST as it goes, without a parse tree:
// the actions of lang/parse_actions.hpp hand each completed rule to the AstBuilder. Turns
// must<> failures into messages (one per rule, checked at compile time), tracks where
// brackets were opened for "opened at" messages, caps nesting depth, and resumes after a
// syntax error at the next top-level item (lang/parse_recovery.hpp). Large files are parsed
// in pieces, in parallel (parse_in_pieces).
#include "lang/parser.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "lang/ast_builder.hpp"
#include "lang/grammar.hpp"
#include "lang/parse_actions.hpp"
#include "lang/parse_recovery.hpp"

namespace infra::lang {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using detail::advanced;
using detail::AstBuilder;
using detail::Build;
using detail::ParseState;
using detail::position_of;
using detail::Span;

/// A syntax error raised while matching; converted to a Diagnostic by the caller.
struct SyntaxError {
  std::string message;
  SourcePos begin;
  SourcePos end;
  SourcePos stopped;  // where the parser was (the error may be shown elsewhere)
};

std::string line_column(const SourcePos& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

// ---- Error messages, one per rule used under must<>.
template <typename Rule>
inline constexpr const char* kMessage = nullptr;
// clang-format off
template <> inline constexpr const char* kMessage<g::body_item> = "expected an attribute or a block";
template <> inline constexpr const char* kMessage<g::item_rest> = "expected '=' or a block body after the attribute name";
template <> inline constexpr const char* kMessage<g::attribute_end> = "expected a newline after the attribute value";
template <> inline constexpr const char* kMessage<g::block_body> = "expected '{' after the block labels";
template <> inline constexpr const char* kMessage<g::block_close> = "expected '}' to close the block opened at";
template <> inline constexpr const char* kMessage<g::block_end> = "expected a newline after the block's closing '}'";
template <> inline constexpr const char* kMessage<g::expression> = "expected an expression";
template <> inline constexpr const char* kMessage<g::conditional_else> = "expected ':' after the true result of the conditional";
template <> inline constexpr const char* kMessage<g::and_expr> = "expected an expression after the operator";
template <> inline constexpr const char* kMessage<g::equality> = "expected an expression after the operator";
template <> inline constexpr const char* kMessage<g::comparison> = "expected an expression after the operator";
template <> inline constexpr const char* kMessage<g::additive> = "expected an expression after the operator";
template <> inline constexpr const char* kMessage<g::multiplicative> = "expected an expression after the operator";
template <> inline constexpr const char* kMessage<g::unary> = "expected an expression after the operator";
template <> inline constexpr const char* kMessage<g::postfix> = "expected an expression after the unary operator";
template <> inline constexpr const char* kMessage<g::attribute_name> = "expected an attribute name after '.'";
template <> inline constexpr const char* kMessage<g::index_close> = "expected ']' to close the index opened at";
template <> inline constexpr const char* kMessage<g::call_close> = "expected ',' or ')' to close the function call opened at";
template <> inline constexpr const char* kMessage<g::tuple_close> = "expected ',' or ']' to close the list opened at";
template <> inline constexpr const char* kMessage<g::object_assign> = "expected '=' or ':' after the object key";
template <> inline constexpr const char* kMessage<g::object_close> = "expected ',', a newline or '}' to close the object opened at";
template <> inline constexpr const char* kMessage<g::paren_close> = "expected ')' to close the parenthesis opened at";
template <> inline constexpr const char* kMessage<g::interpolation_close> = "expected '}' to close the interpolation opened at";
template <> inline constexpr const char* kMessage<g::string_close> = "unterminated string";
template <> inline constexpr const char* kMessage<g::escape_code> = "invalid escape sequence";
template <> inline constexpr const char* kMessage<g::heredoc_open_marker> = "expected an identifier after '<<' to name the heredoc's closing marker";
template <> inline constexpr const char* kMessage<g::heredoc_open_end> = "expected a newline after the heredoc's opening marker";
template <> inline constexpr const char* kMessage<g::heredoc_close> = "expected the closing marker";
template <> inline constexpr const char* kMessage<g::comment_end> = "unterminated comment";
template <> inline constexpr const char* kMessage<g::expression_end> = "expected the end of the expression";
template <> inline constexpr const char* kMessage<g::identifier> = "expected a second iterator name after ','";
template <> inline constexpr const char* kMessage<g::for_names> = "expected an iterator name after 'for'";
template <> inline constexpr const char* kMessage<g::in_keyword> = "expected 'in' after the iterator names";
template <> inline constexpr const char* kMessage<g::for_colon> = "expected ':' after the collection of the for expression";
template <> inline constexpr const char* kMessage<g::for_arrow> = "expected '=>' after the key of the for expression";
template <> inline constexpr const char* kMessage<g::for_tuple_close> = "expected 'if' or ']' to close the for expression opened at";
template <> inline constexpr const char* kMessage<g::for_object_close> = "expected '...', 'if' or '}' to close the for expression opened at";
template <> inline constexpr const char* kMessage<g::directive_kind> = "expected 'if', 'else', 'endif', 'for' or 'endfor' after '%{'";
template <> inline constexpr const char* kMessage<g::directive_close> = "expected '}' to close the template directive opened at";
// clang-format on

/// Rules whose message names where the construct was opened.
template <typename Rule>
inline constexpr bool kNamesOpener =
    std::is_same_v<Rule, g::block_close> || std::is_same_v<Rule, g::index_close> ||
    std::is_same_v<Rule, g::call_close> || std::is_same_v<Rule, g::tuple_close> ||
    std::is_same_v<Rule, g::object_close> || std::is_same_v<Rule, g::paren_close> ||
    std::is_same_v<Rule, g::interpolation_close> || std::is_same_v<Rule, g::for_tuple_close> ||
    std::is_same_v<Rule, g::for_object_close> || std::is_same_v<Rule, g::directive_close>;

/// Rules reported at the place they were opened (the quote, the `/*`).
template <typename Rule>
inline constexpr bool kAtOpener =
    std::is_same_v<Rule, g::string_close> || std::is_same_v<Rule, g::comment_end>;

/// Rules that open something a later message may point back to.
template <typename Rule>
inline constexpr bool kOpens =
    std::is_same_v<Rule, g::block_body> || std::is_same_v<Rule, g::index_access> ||
    std::is_same_v<Rule, g::call_arguments> || std::is_same_v<Rule, g::tuple> ||
    std::is_same_v<Rule, g::object> || std::is_same_v<Rule, g::parenthesized> ||
    std::is_same_v<Rule, g::interpolation> || std::is_same_v<Rule, g::string_template> ||
    std::is_same_v<Rule, g::heredoc_template> || std::is_same_v<Rule, g::block_comment> ||
    std::is_same_v<Rule, g::for_tuple> || std::is_same_v<Rule, g::for_object> ||
    std::is_same_v<Rule, g::template_directive> || std::is_same_v<Rule, g::full_splat>;

template <typename Rule>
inline constexpr bool kNests =
    std::is_same_v<Rule, g::expression> || std::is_same_v<Rule, g::block_body>;

/// Describes the text at the failure point: "'x'", "a newline", "the end of the file".
template <typename Input>
std::string found(const Input& in) {
  if (in.empty()) return "the end of the file";
  const auto c = static_cast<unsigned char>(in.peek_char());
  if (c == '\n' || c == '\r') return "a newline";
  if (c < 0x20 || c == 0x7f) return "a control character";
  std::size_t n = 1;
  if (c >= 0xf0) n = 4;
  else if (c >= 0xe0) n = 3;
  else if (c >= 0xc0) n = 2;
  n = std::min(n, in.size(n));
  return "'" + std::string(in.current(), n) + "'";
}

template <typename Rule>
struct Control : pegtl::normal<Rule> {
  template <typename Input>
  static void start(const Input& in, ParseState& st) {
    if constexpr (kNests<Rule>) {
      if (++st.depth > g::kMaxNesting) {
        const SourcePos at = position_of(in);
        throw SyntaxError{"expressions and blocks are nested too deeply (the limit is " +
                              std::to_string(g::kMaxNesting) + " levels)",
                          at, advanced(at, 1), at};
      }
    }
    if constexpr (kOpens<Rule>) st.openers.push_back(position_of(in));
  }

  template <typename Input>
  static void success(const Input&, ParseState& st) {
    // heredoc_template fails only before its marker is read (all after `<<` is must<>),
    // so only a success has a marker to forget.
    if constexpr (std::is_same_v<Rule, g::heredoc_template>) st.open.pop_back();
    leave(st);
  }
  template <typename Input>
  static void failure(const Input&, ParseState& st) { leave(st); }

  template <typename Input>
  [[noreturn]] static void raise(const Input& in, ParseState& st) {
    SyntaxError e = error(in, st);  // `stopped` left to fill here
    e.stopped = position_of(in);
    throw e;
  }

 private:
  template <typename Input>
  static SyntaxError error(const Input& in, ParseState& st) {
    static_assert(kMessage<Rule> != nullptr, "every rule under must<> needs a message");
    const SourcePos at = position_of(in);
    std::string message = kMessage<Rule>;
    if constexpr (std::is_same_v<Rule, g::escape_code>) {
      // Point at the backslash, and quote the whole sequence.
      const SourcePos backslash{at.line, at.column - 1, at.offset - 1};
      if (in.empty() || in.peek_char() == '\n') {
        return SyntaxError{"unterminated string", backslash, at, {}};
      }
      return SyntaxError{message + " \\" + std::string(in.current(), 1), backslash,
                        advanced(at, 1), {}};
    } else if constexpr (std::is_same_v<Rule, g::heredoc_open_end>) {
      // The content starts on the next line; the opener's own line holds only the marker.
      return SyntaxError{message + " " + std::string(st.open.back()) + ", found " + found(in), at,
                        advanced(at, 1), {}};
    } else if constexpr (std::is_same_v<Rule, g::heredoc_close>) {
      // Only the end of the file stops a heredoc's lines; show where it was opened.
      const SourcePos open = st.openers.back();
      return SyntaxError{message + " " + std::string(st.open.back()) + " of the heredoc opened at " +
                            line_column(open) + ", found the end of the file",
                        open, advanced(open, 2), {}};
    } else if constexpr (kAtOpener<Rule>) {
      const SourcePos open = st.openers.empty() ? at : st.openers.back();
      return SyntaxError{message, open, advanced(open, 1), {}};
    } else if constexpr (kNamesOpener<Rule>) {
      if (st.openers.empty()) {
        return SyntaxError{message + ", found " + found(in), at, advanced(at, 1), {}};
      }
      const SourcePos open = st.openers.back();
      message += " " + line_column(open) + ", found " + found(in);
      // At the end of the file, the opening bracket is the more useful place to show.
      const SourcePos where = in.empty() ? open : at;
      return SyntaxError{message, where, advanced(where, 1), {}};
    } else {
      return SyntaxError{message + ", found " + found(in), at, advanced(at, 1), {}};
    }
  }

  static void leave(ParseState& st) {
    if constexpr (kNests<Rule>) --st.depth;
    if constexpr (kOpens<Rule>) st.openers.pop_back();
  }
};

/// Runs `Rule` over `text`, which starts at `start` in its file, building with
/// `state.builder`. Returns the syntax error that stopped it, if any; sets `end` to where
/// the text ends when there is none.
template <typename Rule>
std::optional<SyntaxError> run(ParseState& state, const std::string& file_name,
                               std::string_view text, SourcePos start, SourcePos& end) {
  pegtl::memory_input in(text.data(), text.data() + text.size(), file_name, start.offset,
                         static_cast<std::size_t>(start.line),
                         static_cast<std::size_t>(start.column));
  try {
    if (pegtl::parse<Rule, Build, Control>(in, state)) {
      end = position_of(in);
      return std::nullopt;
    }
    return SyntaxError{"syntax error", start, start, start};
  } catch (const SyntaxError& e) {
    return e;
  } catch (const pegtl::parse_error& e) {
    // Not expected (every must<> goes through Control::raise); kept as a safety net.
    SourcePos at = start;
    if (!e.positions().empty()) {
      const auto& p = e.positions().front();
      at = SourcePos{static_cast<int>(p.line), static_cast<int>(p.column), p.byte};
    }
    return SyntaxError{std::string(e.message()), at, advanced(at, 1), at};
  }
}

/// Parses one expression or template with `Rule`. On a syntax error, reports only that.
template <typename Rule>
ExprPtr parse_one(const std::string& file_name, std::string_view text, SourcePos start,
                  Diagnostics& diags) {
  Diagnostics built;
  AstBuilder builder(file_name, built);
  ParseState state(builder);
  SourcePos end;
  if (std::optional<SyntaxError> e = run<Rule>(state, file_name, text, start, end)) {
    diags.error(SourceRange{file_name, e->begin, e->end}, e->message);
    return nullptr;
  }
  diags.append(built);
  return builder.expression();
}

/// Where `text` ends when `from` is a position in it.
SourcePos end_of(std::string_view text, SourcePos from) {
  for (std::size_t i = from.offset; i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++from.line;
      from.column = 1;
    } else {
      ++from.column;
    }
  }
  from.offset = text.size();
  return from;
}

/// Syntax errors reported per file, at most.
constexpr int kMaxSyntaxErrors = 20;

/// The size of the pieces parse_file cuts a large file into.
constexpr std::size_t kPieceSize = std::size_t{1} << 20;

/// Where `text` may be cut into pieces of about `piece_size`: after a line that is a lone
/// `}`, when the next line that is not empty starts an identifier (canonical files leave
/// an empty line between blocks). That is between two top-level blocks when
/// the `}` closes one; it may also be inside a heredoc, a comment or a block whose content
/// is not indented, and then the piece before it does not parse on its own.
std::vector<std::size_t> cut_points(std::string_view text, std::size_t piece_size) {
  std::vector<std::size_t> cuts;
  for (std::size_t from = piece_size; from + piece_size / 2 < text.size();) {
    const std::size_t close = text.find("\n}", from - 1);
    if (close == std::string_view::npos) break;
    std::size_t next = close + 2;  // after the `}`
    if (next < text.size() && text[next] == '\r') ++next;
    std::size_t start = next + 1;  // of the next line that is not empty
    while (start < text.size() && (text[start] == '\n' || text[start] == '\r')) ++start;
    if (start < text.size() && text[next] == '\n' &&
        (std::isalpha(static_cast<unsigned char>(text[start])) || text[start] == '_')) {
      cuts.push_back(next + 1);
      from = next + 1 + piece_size;
    } else {
      from = close + 2;
    }
  }
  return cuts;
}

}  // namespace

// A piece that parses on its own ends after complete top-level items, so the cut before
// it was between two of them: the pieces' items are the file's. A cut inside a construct
// leaves that construct unclosed at the end of its piece, a syntax error. Top-level
// attributes (an error for the loader anyway) give up too, for their duplicates would be
// found only within a piece.
BodyPtr detail::parse_in_pieces(const std::string& file_name, std::string_view text,
                                std::size_t piece_size) {
  if (piece_size == 0 || text.size() < 2 * piece_size) return nullptr;
  const std::vector<std::size_t> cuts = cut_points(text, piece_size);
  if (cuts.empty()) return nullptr;
  struct Piece {
    SourcePos begin, end;
    std::size_t size = 0;
    Body items;
    bool ok = false;
  };
  std::vector<Piece> pieces(cuts.size() + 1);
  SourcePos at;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    pieces[i].begin = at;
    pieces[i].size = (i < cuts.size() ? cuts[i] : text.size()) - at.offset;
    if (i == cuts.size()) break;
    at.line += static_cast<int>(std::count(text.begin() + static_cast<std::ptrdiff_t>(at.offset),
                                           text.begin() + static_cast<std::ptrdiff_t>(cuts[i]),
                                           '\n'));
    at.column = 1;
    at.offset = cuts[i];
  }
  tbb::parallel_for(std::size_t{0}, pieces.size(), [&](std::size_t i) {
    Piece& p = pieces[i];
    Diagnostics diags;
    AstBuilder builder(file_name, diags);
    ParseState state(builder);
    state.item = p.begin;
    if (run<g::file>(state, file_name, text.substr(p.begin.offset, p.size), p.begin, p.end)) {
      return;
    }
    p.items = builder.file_items(Span{p.begin, p.end, text});
    p.ok = diags.empty() && p.items.attributes.empty();
  });
  Body body;
  std::size_t blocks = 0;
  for (const Piece& p : pieces) {
    if (!p.ok) return nullptr;
    blocks += p.items.blocks.size();
  }
  body.blocks.reserve(blocks);
  for (Piece& p : pieces) {
    std::move(p.items.blocks.begin(), p.items.blocks.end(), std::back_inserter(body.blocks));
  }
  body.range = SourceRange{file_name, SourcePos{}, pieces.back().end};
  return std::make_shared<const Body>(std::move(body));
}

BodyPtr parse_file(const std::string& file_name, std::string_view text, Diagnostics& diags) {
  if (BodyPtr body = detail::parse_in_pieces(file_name, text, kPieceSize)) return body;
  AstBuilder builder(file_name, diags);
  SourcePos at;  // where parsing starts: the file's start, then where it resumes
  SourcePos end;
  for (int errors = 0;; ++errors) {
    ParseState state(builder);
    state.item = at;
    std::optional<SyntaxError> e = run<g::file>(state, file_name, text.substr(at.offset), at, end);
    if (!e) return builder.file(Span{SourcePos{}, end, text});
    const SourceRange where{file_name, e->begin, e->end};
    if (errors == kMaxSyntaxErrors) {
      diags.warning(where, "too many syntax errors; the rest of this file was not checked");
      break;
    }
    diags.error(where, e->message);
    // The broken top-level item is left out; parsing resumes at the next one.
    builder.abandon_item();
    const std::optional<SourcePos> next = detail::recovery_point(text, state.item, e->stopped);
    if (!next) break;
    at = *next;
  }
  return builder.file(Span{SourcePos{}, end_of(text, at), text});
}

ExprPtr parse_expression(const std::string& file_name, std::string_view text,
                         Diagnostics& diags, SourcePos start) {
  return parse_one<g::expression_file>(file_name, text, start, diags);
}

ExprPtr parse_template(const std::string& file_name, std::string_view text, SourcePos start,
                       Diagnostics& diags) {
  return parse_one<g::bare_template>(file_name, text, start, diags);
}

}  // namespace infra::lang
