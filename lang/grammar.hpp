// PEGTL grammar of the configuration language (HCL native syntax). Mirrors grammar.peg at
// the repository root rule for rule; `must<>` marks the points after which a failure is a
// syntax error (messages in lang/parser.cpp). Include only from parser sources: this
// header pulls in PEGTL.
#pragma once

#include <string_view>
#include <type_traits>
#include <vector>

#include <tao/pegtl.hpp>

namespace infra::lang::grammar {

namespace pegtl = tao::pegtl;
using pegtl::any;
using pegtl::at;
using pegtl::eof;
using pegtl::must;
using pegtl::not_at;
using pegtl::not_one;
using pegtl::one;
using pegtl::opt;
using pegtl::plus;
using pegtl::ranges;
using pegtl::seq;
using pegtl::sor;
using pegtl::star;
using pegtl::string;

// ---- Fast matching. The rules that run over most of the input (spacing, identifiers,
// template text) are defined as in grammar.peg, which is what analyze() and the error
// messages see, and match with a loop that does the same faster than PEGTL's
// one-character-at-a-time alternatives. Columns count bytes, as PEGTL's do.
namespace fast {

inline bool ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool ascii_identifier_rest(char c) {
  return ascii_letter(c) || (c >= '0' && c <= '9') || c == '-';
}

/// The first character after the spaces, tabs and newlines from `p` (0 at the end).
inline char after_space(const char* p, const char* end) {
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p;
  return p < end ? *p : '\0';
}

/// Template text stops at `${`, `%{`, `$${` and `%%{`, and at any of `stops`.
template <char... Stops>
std::size_t template_text_length(const char* p, const char* end) {
  const char* q = p;
  for (; q < end; ++q) {
    const char c = *q;
    if (((c == Stops) || ...)) break;
    if ((c == '$' || c == '%') && q + 1 < end &&
        (q[1] == '{' || (q[1] == c && q + 2 < end && q[2] == '{'))) {
      break;
    }
  }
  return static_cast<std::size_t>(q - p);
}

}  // namespace fast

// clang-format off

// ---- Spacing and comments. `sp` stays on the line; `ws` crosses newlines.
struct comment_end : string<'*', '/'> {};
struct block_comment : seq<string<'/', '*'>, star<not_at<string<'*', '/'>>, any>, must<comment_end>> {};
struct line_comment : seq<sor<one<'#'>, string<'/', '/'>>, star<not_one<'\n'>>> {};
struct comment : sor<line_comment, block_comment> {};

// clang-format on

namespace fast {
/// `sp` (kNewlines false) and `ws`: white space in a loop; `comment` only where one can
/// start.
template <bool kNewlines, pegtl::apply_mode A, template <typename...> class Action,
          template <typename...> class Control, typename Input, typename... States>
bool space(Input& in, States&&... st) {
  for (;;) {
    const char* p = in.current();
    const char* end = in.end();
    const char* q = p;
    while (q < end && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
    if (q != p) in.bump_in_this_line(static_cast<std::size_t>(q - p));
    if (q == end) return true;
    if (kNewlines && *q == '\n') {
      in.bump_to_next_line(1);
    } else if ((*q != '#' && *q != '/') ||
               !Control<comment>::template match<A, pegtl::rewind_mode::required, Action, Control>(in, st...)) {
      return true;
    }
  }
}
}  // namespace fast

#define INFRA_FAST_MATCH(...)                                                          \
  template <pegtl::apply_mode A, pegtl::rewind_mode M,                                 \
            template <typename...> class Action, template <typename...> class Control, \
            typename Input, typename... States>                                        \
  static bool match(Input& in, [[maybe_unused]] States&&... st) {                      \
    __VA_ARGS__                                                                        \
  }

struct sp : star<sor<one<' ', '\t', '\r'>, comment>> {
  INFRA_FAST_MATCH(return fast::space<false, A, Action, Control>(in, st...);)
};
struct ws : star<sor<one<' ', '\t', '\r', '\n'>, comment>> {
  INFRA_FAST_MATCH(return fast::space<true, A, Action, Control>(in, st...);)
};

// clang-format off

// Identifiers beyond ASCII, approximating Unicode's ID_Start / ID_Continue by blocks:
// letters of Latin-1 and Latin Extended, IPA, Greek, Cyrillic, Armenian, Hebrew, Arabic,
// Devanagari, Thai, Georgian, Hangul, Latin/Greek Extended Additional, Hiragana, Katakana,
// CJK ideographs and Hangul syllables (grammar.peg over-approximates: any non-ASCII code
// point). unicode_continue adds combining marks, those scripts' digits and connectors.
struct unicode_letter : pegtl::utf8::ranges<
    0xAA, 0xAA, 0xB5, 0xB5, 0xBA, 0xBA, 0xC0, 0xD6, 0xD8, 0xF6, 0xF8, 0x2C1, 0x2C6, 0x2D1,
    0x2E0, 0x2E4, 0x370, 0x374, 0x376, 0x377, 0x37B, 0x37D, 0x386, 0x386, 0x388, 0x3F5,
    0x3F7, 0x481, 0x48A, 0x52F, 0x531, 0x556, 0x561, 0x587, 0x5D0, 0x5EA, 0x620, 0x64A,
    0x671, 0x6D3, 0x904, 0x939, 0xE01, 0xE30, 0x10A0, 0x10FF, 0x1100, 0x11FF, 0x1E00, 0x1FFC,
    0x3041, 0x3096, 0x30A1, 0x30FA, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xAC00, 0xD7A3,
    0xF900, 0xFAFF, 0xFF21, 0xFF3A, 0xFF41, 0xFF5A, 0x20000, 0x2FA1F> {};
struct unicode_continue : sor<unicode_letter, pegtl::utf8::ranges<
    0x300, 0x36F, 0x483, 0x487, 0x591, 0x5BD, 0x64B, 0x669, 0x6F0, 0x6F9, 0x93A, 0x94F,
    0x966, 0x96F, 0xE31, 0xE3A, 0xE47, 0xE59, 0x203F, 0x2040, 0xFF10, 0xFF19>> {};
struct identifier_rest : sor<ranges<'a', 'z', 'A', 'Z', '0', '9', '-', '-', '_'>, unicode_continue> {};
// clang-format on
struct identifier : seq<sor<ranges<'a', 'z', 'A', 'Z', '_'>, unicode_letter>, star<identifier_rest>> {
  using definition = seq<sor<ranges<'a', 'z', 'A', 'Z', '_'>, unicode_letter>, star<identifier_rest>>;
  // ASCII in a loop; past the first non-ASCII byte, the definition's rules.
  INFRA_FAST_MATCH(
    const char* p = in.current();
    const char* end = in.end();
    if (p == end || !fast::ascii_letter(*p)) {
      return definition::template match<A, M, Action, Control>(in, st...);
    }
    const char* q = p + 1;
    while (q < end && fast::ascii_identifier_rest(*q)) ++q;
    in.bump_in_this_line(static_cast<std::size_t>(q - p));
    if (q == end || (static_cast<unsigned char>(*q) & 0x80) == 0) return true;
    return Control<star<identifier_rest>>::template match<A, M, Action, Control>(in, st...);
  )
};
// clang-format off

// ---- Expressions, loosest binding first.
struct expression;
struct or_expr;
struct and_expr;
struct equality;
struct comparison;
struct additive;
struct multiplicative;
struct unary;
struct postfix;
struct string_template;

// After an operand, every precedence level and the conditional look past the white space
// for their operator. They do so once with fast::after_space, and go on to match
// `ws operator ...` only where it can succeed: where the next character may start their
// operator or a comment.
template <char... First>
bool may_follow(const char* p, const char* end) {
  const char c = fast::after_space(p, end);
  return ((c == First) || ...) || c == '#' || c == '/';
}

struct conditional_else : seq<one<':'>, ws, must<expression>> {};
struct conditional : seq<ws, one<'?'>, ws, must<expression>, ws, must<conditional_else>> {};
// clang-format on
struct expression : seq<or_expr, opt<conditional>> {
  INFRA_FAST_MATCH(
    if (!Control<or_expr>::template match<A, M, Action, Control>(in, st...)) return false;
    return !may_follow<'?'>(in.current(), in.end()) ||
           Control<opt<conditional>>::template match<A, M, Action, Control>(in, st...);
  )
};

/// `Operand (ws Op ws Operand)*`, with Op starting with one of `First`.
template <typename Operand, typename Op, char... First>
struct binary_level : seq<Operand, star<ws, Op, ws, must<Operand>>> {
  /// One `ws Op ws Operand` after the first operand.
  using step = seq<ws, Op, ws, must<Operand>>;
  INFRA_FAST_MATCH(
    if (!Control<Operand>::template match<A, M, Action, Control>(in, st...)) return false;
    while (may_follow<First...>(in.current(), in.end()) &&
           Control<step>::template match<A, pegtl::rewind_mode::required, Action, Control>(in, st...)) {
    }
    return true;
  )
};
// clang-format off

struct or_op : string<'|', '|'> {};
struct or_expr : binary_level<and_expr, or_op, '|'> {};
struct and_op : string<'&', '&'> {};
struct and_expr : binary_level<equality, and_op, '&'> {};
struct equality_op : sor<string<'=', '='>, string<'!', '='>> {};
struct equality : binary_level<comparison, equality_op, '=', '!'> {};
struct comparison_op : sor<string<'>', '='>, string<'<', '='>, one<'>'>, one<'<'>> {};
struct comparison : binary_level<additive, comparison_op, '>', '<'> {};
struct additive_op : one<'+', '-'> {};
struct additive : binary_level<multiplicative, additive_op, '+', '-'> {};
struct multiplicative_op : one<'*', '/', '%'> {};
struct multiplicative : binary_level<unary, multiplicative_op, '*', '/', '%'> {};
struct unary_op : one<'!', '-'> {};
// clang-format on
struct unary : sor<seq<plus<unary_op, sp>, must<postfix>>, postfix> {
  /// Operators and their operand.
  using operation = seq<plus<unary_op, sp>, must<postfix>>;
  using definition = sor<operation, postfix>;
  INFRA_FAST_MATCH(
    if (!in.empty() && (in.peek_char() == '!' || in.peek_char() == '-')) {
      return definition::template match<A, M, Action, Control>(in, st...);
    }
    return Control<postfix>::template match<A, M, Action, Control>(in, st...);
  )
};
// clang-format off

struct digits : plus<ranges<'0', '9'>> {};
struct number : seq<digits, opt<one<'.'>, digits>, opt<one<'e', 'E'>, opt<one<'+', '-'>>, digits>> {};
struct keyword : seq<sor<string<'t', 'r', 'u', 'e'>, string<'f', 'a', 'l', 's', 'e'>, string<'n', 'u', 'l', 'l'>>,
                     not_at<identifier_rest>> {};
struct variable : identifier {};

struct expand_marker : string<'.', '.', '.'> {};
struct call_close : one<')'> {};
struct call_arguments : seq<one<'('>, ws,
                            opt<expression, star<ws, one<','>, ws, expression>, opt<ws, expand_marker>, opt<ws, one<','>>>,
                            ws, must<call_close>> {};
struct function_call : seq<identifier, call_arguments> {};

struct tuple_close : one<']'> {};
struct tuple : seq<one<'['>, ws, opt<expression, star<ws, one<','>, ws, expression>, opt<ws, one<','>>>,
                   ws, must<tuple_close>> {};

struct parenthesized;
struct object_key : sor<identifier, string_template, parenthesized> {};
struct object_assign : sor<seq<one<'='>, not_at<one<'='>>>, one<':'>> {};
struct object_item : seq<object_key, sp, must<object_assign>, ws, must<expression>> {};
struct object_separator : one<',', '\n'> {};
struct object_close : one<'}'> {};
struct object : seq<one<'{'>, ws,
                    opt<object_item, star<sp, object_separator, ws, object_item>, opt<sp, object_separator>>,
                    ws, must<object_close>> {};

struct paren_close : one<')'> {};
struct parenthesized : seq<one<'('>, ws, must<expression>, ws, must<paren_close>> {};

// ---- For expressions. After `[` or `{`, the word `for` always starts one (as in HCL).
struct for_keyword : seq<string<'f', 'o', 'r'>, not_at<identifier_rest>> {};
struct for_names : seq<identifier, opt<ws, one<','>, ws, must<identifier>>> {};
struct in_keyword : seq<string<'i', 'n'>, not_at<identifier_rest>> {};
struct for_colon : one<':'> {};
struct for_intro : seq<for_keyword, ws, must<for_names>, ws, must<in_keyword>, ws, must<expression>,
                       ws, must<for_colon>, ws> {};
struct for_cond : seq<string<'i', 'f'>, not_at<identifier_rest>, ws, must<expression>> {};
struct for_arrow : string<'=', '>'> {};
struct for_tuple_close : one<']'> {};
struct for_tuple : seq<one<'['>, ws, for_intro, must<expression>, opt<ws, for_cond>, ws,
                       must<for_tuple_close>> {};
struct for_object_close : one<'}'> {};
struct for_object : seq<one<'{'>, ws, for_intro, must<expression>, ws, must<for_arrow>, ws,
                        must<expression>, opt<ws, expand_marker>, opt<ws, for_cond>, ws,
                        must<for_object_close>> {};

// ---- Quoted strings and templates.
struct hex_digit : ranges<'0', '9', 'a', 'f', 'A', 'F'> {};
struct escape_code : sor<one<'n', 'r', 't', '"', '\\'>,
                         seq<one<'u'>, hex_digit, hex_digit, hex_digit, hex_digit>,
                         seq<one<'U'>, hex_digit, hex_digit, hex_digit, hex_digit,
                                       hex_digit, hex_digit, hex_digit, hex_digit>> {};
struct template_escape : seq<one<'\\'>, must<escape_code>> {};
struct literal_dollar : string<'$', '$', '{'> {};
struct literal_percent : string<'%', '%', '{'> {};
struct interpolation_close : one<'}'> {};
struct strip_marker : one<'~'> {};
struct interpolation : seq<string<'$', '{'>, opt<strip_marker>, ws, must<expression>, ws,
                           opt<strip_marker>, must<interpolation_close>> {};
struct directive_if : seq<string<'i', 'f'>, not_at<identifier_rest>, ws, must<expression>> {};
struct directive_else : seq<string<'e', 'l', 's', 'e'>, not_at<identifier_rest>> {};
struct directive_endif : seq<string<'e', 'n', 'd', 'i', 'f'>, not_at<identifier_rest>> {};
struct directive_for : seq<string<'f', 'o', 'r'>, not_at<identifier_rest>, ws, must<for_names>, ws,
                           must<in_keyword>, ws, must<expression>> {};
struct directive_endfor : seq<string<'e', 'n', 'd', 'f', 'o', 'r'>, not_at<identifier_rest>> {};
struct directive_kind : sor<directive_if, directive_else, directive_endif, directive_for,
                            directive_endfor> {};
struct directive_close : seq<opt<strip_marker>, one<'}'>> {};
struct template_directive : seq<string<'%', '{'>, opt<strip_marker>, ws, must<directive_kind>, ws,
                                must<directive_close>> {};
// clang-format on
struct template_text : plus<not_at<sor<one<'"', '\\', '\n'>, string<'$', '{'>, string<'%', '{'>,
                                       literal_dollar, literal_percent>>, any> {
  INFRA_FAST_MATCH(
    const std::size_t n = fast::template_text_length<'"', '\\', '\n'>(in.current(), in.end());
    in.bump_in_this_line(n);
    return n > 0;
  )
};
// clang-format off
struct template_part : sor<template_escape, literal_dollar, literal_percent, interpolation,
                           template_directive, template_text> {};
struct string_close : one<'"'> {};
struct string_template : seq<one<'"'>, star<template_part>, must<string_close>> {};

// ---- Heredoc templates: `<<EOT` or `<<-EOT`, a newline, lines, then a line holding only
// `EOT`. Which identifier closes a heredoc depends on the one that opened it, which a PEG
// cannot say: heredoc_open_marker remembers it in the parse state and heredoc_close_marker
// matches only that identifier. Both are an `identifier` to grammar.peg and to analyze().

/// The identifiers of the heredocs being parsed, innermost last. The parse state derives
/// from it; the parser pops an entry when its heredoc_template ends.
struct HeredocMarkers {
  std::vector<std::string_view> open;
};

namespace detail {
template <typename State, typename... Rest>
HeredocMarkers& heredoc_markers(State& state, Rest&... rest) {
  if constexpr (std::is_base_of_v<HeredocMarkers, std::decay_t<State>>) {
    return state;
  } else {
    static_assert(sizeof...(Rest) > 0, "the parse state must derive from HeredocMarkers");
    return heredoc_markers(rest...);
  }
}
}  // namespace detail

struct heredoc_open_marker : identifier {
  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename Input, typename... States>
  static bool match(Input& in, States&&... st) {
    const char* begin = in.current();
    if (!identifier::match<A, M, Action, Control>(in, st...)) return false;
    detail::heredoc_markers(st...).open.emplace_back(begin, in.current() - begin);
    return true;
  }
};
struct heredoc_close_marker : identifier {
  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename Input, typename... States>
  static bool match(Input& in, States&&... st) {
    auto m = in.template mark<M>();
    const char* begin = in.current();
    if (!identifier::match<A, pegtl::rewind_mode::active, Action, Control>(in, st...)) {
      return m(false);
    }
    const HeredocMarkers& markers = detail::heredoc_markers(st...);
    const std::string_view word(begin, static_cast<std::size_t>(in.current() - begin));
    return m(!markers.open.empty() && word == markers.open.back());
  }
};

struct heredoc_indent_marker : one<'-'> {};
struct heredoc_open_end : seq<opt<one<'\r'>>, one<'\n'>> {};
// clang-format on
struct heredoc_text : plus<not_at<sor<one<'\n'>, string<'$', '{'>, string<'%', '{'>,
                                      literal_dollar, literal_percent>>, any> {
  INFRA_FAST_MATCH(
    const std::size_t n = fast::template_text_length<'\n'>(in.current(), in.end());
    in.bump_in_this_line(n);
    return n > 0;
  )
};
// clang-format off
struct heredoc_part : sor<literal_dollar, literal_percent, interpolation, template_directive,
                          heredoc_text> {};
struct heredoc_line : seq<star<heredoc_part>, one<'\n'>> {};
struct heredoc_close : seq<star<one<' ', '\t'>>, heredoc_close_marker, star<one<' ', '\t', '\r'>>,
                           at<sor<one<'\n'>, eof>>> {};
struct heredoc_template : seq<string<'<', '<'>, opt<heredoc_indent_marker>, must<heredoc_open_marker>,
                              must<heredoc_open_end>, star<not_at<heredoc_close>, heredoc_line>,
                              must<heredoc_close>> {};

// ---- Bare templates, as templatefile reads a file: text (newlines included) with
// interpolations and directives, no quotes and no backslash escapes.
// clang-format on
struct bare_template_text : plus<not_at<sor<string<'$', '{'>, string<'%', '{'>, literal_dollar,
                                            literal_percent>>, any> {
  INFRA_FAST_MATCH(
    const std::size_t n = fast::template_text_length<>(in.current(), in.end());
    in.bump(n);  // counts the newlines in it
    return n > 0;
  )
};
// clang-format off
struct bare_template_part : sor<literal_dollar, literal_percent, interpolation, template_directive,
                                bare_template_text> {};
struct bare_template : seq<star<bare_template_part>, eof> {};

// ---- Primaries and traversals. primary and postfix try only the alternatives that can
// start with the next character, in the order their definition gives.
// clang-format on
struct primary : sor<number, keyword, function_call, variable, string_template, heredoc_template,
                     for_tuple, tuple, for_object, object, parenthesized> {
  template <typename Rule, pegtl::apply_mode A, template <typename...> class Action,
            template <typename...> class Control, typename Input, typename... States>
  static bool alternative(Input& in, States&&... st) {
    return Control<Rule>::template match<A, pegtl::rewind_mode::required, Action, Control>(in, st...);
  }
  INFRA_FAST_MATCH(
    if (in.empty()) return false;
    const char c = in.peek_char();
    if (c >= '0' && c <= '9') return alternative<number, A, Action, Control>(in, st...);
    switch (c) {
      case '"': return alternative<string_template, A, Action, Control>(in, st...);
      case '<': return alternative<heredoc_template, A, Action, Control>(in, st...);
      case '[': return alternative<sor<for_tuple, tuple>, A, Action, Control>(in, st...);
      case '{': return alternative<sor<for_object, object>, A, Action, Control>(in, st...);
      case '(': return alternative<parenthesized, A, Action, Control>(in, st...);
      default: break;
    }
    if (!fast::ascii_letter(c) && (static_cast<unsigned char>(c) & 0x80) == 0) return false;
    return alternative<sor<keyword, function_call, variable>, A, Action, Control>(in, st...);
  )
};
// clang-format off
struct attribute_name : sor<identifier, digits> {};
struct attribute_access : seq<one<'.'>, not_at<one<'.'>>, must<attribute_name>> {};
struct index_close : one<']'> {};
struct index_access : seq<one<'['>, ws, must<expression>, ws, must<index_close>> {};
struct full_splat : seq<one<'['>, ws, one<'*'>, ws, must<index_close>> {};
struct attribute_splat : string<'.', '*'> {};
// clang-format on
struct postfix : seq<primary, star<sor<full_splat, attribute_splat, attribute_access, index_access>>> {
  INFRA_FAST_MATCH(
    if (!Control<primary>::template match<A, M, Action, Control>(in, st...)) return false;
    for (;;) {
      const char c = in.empty() ? '\0' : in.peek_char();
      if (c == '[') {
        if (!primary::alternative<sor<full_splat, index_access>, A, Action, Control>(in, st...)) return true;
      } else if (c == '.') {
        if (!primary::alternative<sor<attribute_splat, attribute_access>, A, Action, Control>(in, st...)) return true;
      } else {
        return true;
      }
    }
  )
};
// clang-format off

// ---- Bodies: attributes and blocks.
struct body_item;
struct attribute_end : sor<one<'\n'>, at<one<'}'>>, eof> {};
struct attribute_value : seq<one<'='>, not_at<one<'='>>, sp, must<expression>, sp, must<attribute_end>> {};
struct block_label : sor<string_template, identifier> {};
struct block_close : one<'}'> {};
struct block_body : seq<one<'{'>, ws, star<not_at<one<'}'>>, at<any>, must<body_item>, ws>, must<block_close>> {};
struct block_end : sor<one<'\n'>, at<one<'}'>>, eof> {};
struct block_rest : seq<sor<block_body, seq<plus<block_label, sp>, must<block_body>>>, sp, must<block_end>> {};
struct item_rest : sor<attribute_value, block_rest> {};
struct body_item : seq<identifier, sp, must<item_rest>> {};

// ---- Entry points (bare_template above is the third).
struct file : seq<ws, star<at<any>, must<body_item>, ws>, eof> {};
struct expression_end : eof {};
struct expression_file : seq<ws, must<expression>, ws, must<expression_end>> {};

// clang-format on

/// Every named rule above, in grammar.peg order of appearance is not required; the
/// grammar test compares this set with the rule names defined in grammar.peg.
using all_rules = pegtl::type_list<
    comment_end, block_comment, line_comment, comment, sp, ws, unicode_letter, unicode_continue,
    identifier_rest, identifier, conditional_else,
    conditional, expression, or_op, or_expr, and_op, and_expr, equality_op, equality,
    comparison_op, comparison, additive_op, additive, multiplicative_op, multiplicative,
    unary_op, unary, digits, number, keyword, variable, expand_marker, call_close,
    call_arguments, function_call, tuple_close, tuple, object_key, object_assign, object_item,
    object_separator, object_close, object, paren_close, parenthesized, for_keyword, for_names,
    in_keyword, for_colon, for_intro, for_cond, for_arrow, for_tuple_close, for_tuple,
    for_object_close, for_object, hex_digit, escape_code,
    template_escape, literal_dollar, literal_percent, interpolation_close, interpolation,
    strip_marker, directive_if, directive_else, directive_endif, directive_for, directive_endfor,
    directive_kind, directive_close, template_directive, template_text, template_part, string_close, string_template,
    heredoc_open_marker, heredoc_close_marker, heredoc_indent_marker, heredoc_open_end,
    heredoc_text, heredoc_part, heredoc_line, heredoc_close, heredoc_template,
    bare_template_text, bare_template_part, bare_template, primary,
    attribute_name, attribute_access, index_close, index_access, full_splat, attribute_splat, postfix, attribute_end,
    attribute_value, block_label, block_close, block_body, block_end, block_rest, item_rest,
    body_item, file, expression_end, expression_file>;

#undef INFRA_FAST_MATCH

/// Expressions and blocks nested deeper than this are a syntax error, not a stack overflow.
inline constexpr int kMaxNesting = 64;

}  // namespace infra::lang::grammar
