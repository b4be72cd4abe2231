// Runs the PEGTL grammar over a text: chooses which rules become parse-tree nodes, turns
// must<> failures into messages (one per rule, checked at compile time), tracks where
// brackets were opened for "opened at" messages, and caps nesting depth.
#include "lang/parser.hpp"

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "lang/ast_builder.hpp"
#include "lang/grammar.hpp"

namespace infra::lang {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

/// A syntax error raised while matching; converted to a Diagnostic by the caller.
struct SyntaxError {
  std::string message;
  SourcePos begin;
  SourcePos end;
};

/// What the control hooks keep while parsing; the grammar itself keeps the identifiers of
/// the open heredocs (see grammar::HeredocMarkers).
struct ParseState : g::HeredocMarkers {
  std::vector<SourcePos> openers;  // where each enclosing bracket/quote was opened
  int depth = 0;                   // nesting of expressions and blocks
};

template <typename Input>
SourcePos position_of(const Input& in) {
  const auto& it = in.iterator();
  return SourcePos{static_cast<int>(it.line), static_cast<int>(it.column), it.byte};
}

SourcePos advanced(SourcePos p, std::size_t bytes) {
  p.column += static_cast<int>(bytes);
  p.offset += bytes;
  return p;
}

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
                          at, advanced(at, 1)};
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
    static_assert(kMessage<Rule> != nullptr, "every rule under must<> needs a message");
    const SourcePos at = position_of(in);
    std::string message = kMessage<Rule>;
    if constexpr (std::is_same_v<Rule, g::escape_code>) {
      // Point at the backslash, and quote the whole sequence.
      const SourcePos backslash{at.line, at.column - 1, at.offset - 1};
      if (in.empty() || in.peek_char() == '\n') {
        throw SyntaxError{"unterminated string", backslash, at};
      }
      throw SyntaxError{message + " \\" + std::string(in.current(), 1), backslash,
                        advanced(at, 1)};
    } else if constexpr (std::is_same_v<Rule, g::heredoc_open_end>) {
      // The content starts on the next line; the opener's own line holds only the marker.
      throw SyntaxError{message + " " + std::string(st.open.back()) + ", found " + found(in), at,
                        advanced(at, 1)};
    } else if constexpr (std::is_same_v<Rule, g::heredoc_close>) {
      // Only the end of the file stops a heredoc's lines; show where it was opened.
      const SourcePos open = st.openers.back();
      throw SyntaxError{message + " " + std::string(st.open.back()) + " of the heredoc opened at " +
                            line_column(open) + ", found the end of the file",
                        open, advanced(open, 2)};
    } else if constexpr (kAtOpener<Rule>) {
      const SourcePos open = st.openers.empty() ? at : st.openers.back();
      throw SyntaxError{message, open, advanced(open, 1)};
    } else if constexpr (kNamesOpener<Rule>) {
      if (st.openers.empty()) {
        throw SyntaxError{message + ", found " + found(in), at, advanced(at, 1)};
      }
      const SourcePos open = st.openers.back();
      message += " " + line_column(open) + ", found " + found(in);
      // At the end of the file, the opening bracket is the more useful place to show.
      const SourcePos where = in.empty() ? open : at;
      throw SyntaxError{message, where, advanced(where, 1)};
    } else {
      throw SyntaxError{message + ", found " + found(in), at, advanced(at, 1)};
    }
  }

 private:
  static void leave(ParseState& st) {
    if constexpr (kNests<Rule>) --st.depth;
    if constexpr (kOpens<Rule>) st.openers.pop_back();
  }
};

/// Parse-tree transform that drops a node (comments are matched but not kept).
struct discard : pegtl::parse_tree::apply<discard> {
  template <typename Node, typename... States>
  static void transform(std::unique_ptr<Node>& n, States&&...) noexcept {
    n.reset();
  }
};

// clang-format off
template <typename Rule>
using Selector = pegtl::parse_tree::selector<
    Rule,
    pegtl::parse_tree::store_content::on<
        g::file, g::expression_file, g::body_item, g::identifier, g::attribute_value,
        g::block_rest, g::block_body, g::expression, g::conditional, g::conditional_else,
        g::or_op, g::and_op, g::equality_op, g::comparison_op, g::additive_op,
        g::multiplicative_op, g::unary_op, g::postfix, g::number, g::keyword,
        g::variable, g::function_call, g::call_arguments, g::expand_marker, g::tuple,
        g::object, g::object_item, g::object_key, g::parenthesized, g::string_template,
        g::template_text, g::template_escape, g::literal_dollar, g::literal_percent,
        g::interpolation, g::template_directive, g::heredoc_template, g::heredoc_indent_marker,
        g::heredoc_line, g::heredoc_text, g::bare_template, g::bare_template_text, g::attribute_access, g::attribute_name,
        g::index_access, g::full_splat, g::attribute_splat, g::for_tuple, g::for_object,
        g::for_names, g::for_cond, g::strip_marker, g::directive_if, g::directive_else,
        g::directive_endif, g::directive_for, g::directive_endfor>,
    // A precedence level with one operand is just that operand: folding it keeps the
    // tree (and the time and memory it costs) proportional to the operators written.
    pegtl::parse_tree::fold_one::on<g::or_expr, g::and_expr, g::equality, g::comparison,
                                    g::additive, g::multiplicative, g::unary>,
    discard::on<g::block_comment>>;
// clang-format on

template <typename Rule>
std::unique_ptr<pegtl::parse_tree::node> run(const std::string& file_name, std::string_view text,
                                             SourcePos start, Diagnostics& diags) {
  pegtl::memory_input in(text.data(), text.data() + text.size(), file_name, start.offset,
                         static_cast<std::size_t>(start.line), static_cast<std::size_t>(start.column));
  ParseState state;
  try {
    auto root = pegtl::parse_tree::parse<Rule, Selector, pegtl::nothing, Control>(in, state);
    if (!root) diags.error(SourceRange{file_name, {}, {}}, "syntax error");
    return root;
  } catch (const SyntaxError& e) {
    diags.error(SourceRange{file_name, e.begin, e.end}, e.message);
  } catch (const pegtl::parse_error& e) {
    // Not expected (every must<> goes through Control::raise); kept as a safety net.
    SourcePos at;
    if (!e.positions().empty()) {
      const auto& p = e.positions().front();
      at = SourcePos{static_cast<int>(p.line), static_cast<int>(p.column), p.byte};
    }
    diags.error(SourceRange{file_name, at, advanced(at, 1)}, std::string(e.message()));
  }
  return nullptr;
}

}  // namespace

BodyPtr parse_file(const std::string& file_name, std::string_view text, Diagnostics& diags) {
  auto root = run<g::file>(file_name, text, SourcePos{}, diags);
  if (!root) return nullptr;
  return detail::build_file(*root, file_name, diags);
}

ExprPtr parse_expression(const std::string& file_name, std::string_view text,
                         Diagnostics& diags, SourcePos start) {
  auto root = run<g::expression_file>(file_name, text, start, diags);
  if (!root) return nullptr;
  return detail::build_expression_file(*root, file_name, diags);
}

ExprPtr parse_template(const std::string& file_name, std::string_view text, SourcePos start,
                       Diagnostics& diags) {
  auto root = run<g::bare_template>(file_name, text, start, diags);
  if (!root) return nullptr;
  return detail::build_bare_template(*root, file_name, diags);
}

}  // namespace infra::lang
