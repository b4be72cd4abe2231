// PEGTL grammar of the configuration language (HCL native syntax subset). Mirrors
// grammar.peg at the repository root rule for rule; `must<>` marks the points after which
// a failure is a syntax error (messages in lang/parser.cpp). Include only from parser
// sources: this header pulls in PEGTL.
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

// clang-format off

// ---- Spacing and comments. `sp` stays on the line; `ws` crosses newlines.
struct comment_end : string<'*', '/'> {};
struct block_comment : seq<string<'/', '*'>, star<not_at<string<'*', '/'>>, any>, must<comment_end>> {};
struct line_comment : seq<sor<one<'#'>, string<'/', '/'>>, star<not_one<'\n'>>> {};
struct comment : sor<line_comment, block_comment> {};
struct sp : star<sor<one<' ', '\t', '\r'>, comment>> {};
struct ws : star<sor<one<' ', '\t', '\r', '\n'>, comment>> {};

struct identifier : seq<ranges<'a', 'z', 'A', 'Z', '_'>, star<ranges<'a', 'z', 'A', 'Z', '0', '9', '-', '-', '_'>>> {};

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

struct conditional_else : seq<one<':'>, ws, must<expression>> {};
struct conditional : seq<sp, one<'?'>, ws, must<expression>, ws, must<conditional_else>> {};
struct expression : seq<or_expr, opt<conditional>> {};

struct or_op : string<'|', '|'> {};
struct or_expr : seq<and_expr, star<sp, or_op, ws, must<and_expr>>> {};
struct and_op : string<'&', '&'> {};
struct and_expr : seq<equality, star<sp, and_op, ws, must<equality>>> {};
struct equality_op : sor<string<'=', '='>, string<'!', '='>> {};
struct equality : seq<comparison, star<sp, equality_op, ws, must<comparison>>> {};
struct comparison_op : sor<string<'>', '='>, string<'<', '='>, one<'>'>, one<'<'>> {};
struct comparison : seq<additive, star<sp, comparison_op, ws, must<additive>>> {};
struct additive_op : one<'+', '-'> {};
struct additive : seq<multiplicative, star<sp, additive_op, ws, must<multiplicative>>> {};
struct multiplicative_op : one<'*', '/', '%'> {};
struct multiplicative : seq<unary, star<sp, multiplicative_op, ws, must<unary>>> {};
struct unary_op : one<'!', '-'> {};
struct unary : sor<seq<plus<unary_op, sp>, must<postfix>>, postfix> {};

struct digits : plus<ranges<'0', '9'>> {};
struct number : seq<digits, opt<one<'.'>, digits>, opt<one<'e', 'E'>, opt<one<'+', '-'>>, digits>> {};
struct keyword : seq<sor<string<'t', 'r', 'u', 'e'>, string<'f', 'a', 'l', 's', 'e'>, string<'n', 'u', 'l', 'l'>>,
                     not_at<ranges<'a', 'z', 'A', 'Z', '0', '9', '-', '-', '_'>>> {};
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
struct interpolation : seq<string<'$', '{'>, ws, must<expression>, ws, must<interpolation_close>> {};
struct template_directive : string<'%', '{'> {};
struct template_text : plus<not_at<sor<one<'"', '\\', '\n'>, string<'$', '{'>, string<'%', '{'>,
                                       literal_dollar, literal_percent>>, any> {};
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
struct heredoc_text : plus<not_at<sor<one<'\n'>, string<'$', '{'>, string<'%', '{'>,
                                      literal_dollar, literal_percent>>, any> {};
struct heredoc_part : sor<literal_dollar, literal_percent, interpolation, template_directive,
                          heredoc_text> {};
struct heredoc_line : seq<star<heredoc_part>, one<'\n'>> {};
struct heredoc_close : seq<star<one<' ', '\t'>>, heredoc_close_marker, star<one<' ', '\t', '\r'>>,
                           at<sor<one<'\n'>, eof>>> {};
struct heredoc_template : seq<string<'<', '<'>, opt<heredoc_indent_marker>, must<heredoc_open_marker>,
                              must<heredoc_open_end>, star<not_at<heredoc_close>, heredoc_line>,
                              must<heredoc_close>> {};

// ---- Primaries and traversals.
struct primary : sor<number, keyword, function_call, variable, string_template, heredoc_template, tuple, object, parenthesized> {};
struct attribute_name : sor<identifier, digits> {};
struct attribute_access : seq<one<'.'>, not_at<one<'.'>>, must<attribute_name>> {};
struct index_close : one<']'> {};
struct index_access : seq<one<'['>, ws, must<expression>, ws, must<index_close>> {};
struct postfix : seq<primary, star<sor<attribute_access, index_access>>> {};

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

// ---- Entry points.
struct file : seq<ws, star<at<any>, must<body_item>, ws>, eof> {};
struct expression_end : eof {};
struct expression_file : seq<ws, must<expression>, ws, must<expression_end>> {};

// clang-format on

/// Every named rule above, in grammar.peg order of appearance is not required; the
/// grammar test compares this set with the rule names defined in grammar.peg.
using all_rules = pegtl::type_list<
    comment_end, block_comment, line_comment, comment, sp, ws, identifier, conditional_else,
    conditional, expression, or_op, or_expr, and_op, and_expr, equality_op, equality,
    comparison_op, comparison, additive_op, additive, multiplicative_op, multiplicative,
    unary_op, unary, digits, number, keyword, variable, expand_marker, call_close,
    call_arguments, function_call, tuple_close, tuple, object_key, object_assign, object_item,
    object_separator, object_close, object, paren_close, parenthesized, hex_digit, escape_code,
    template_escape, literal_dollar, literal_percent, interpolation_close, interpolation,
    template_directive, template_text, template_part, string_close, string_template,
    heredoc_open_marker, heredoc_close_marker, heredoc_indent_marker, heredoc_open_end,
    heredoc_text, heredoc_part, heredoc_line, heredoc_close, heredoc_template, primary,
    attribute_name, attribute_access, index_close, index_access, postfix, attribute_end,
    attribute_value, block_label, block_close, block_body, block_end, block_rest, item_rest,
    body_item, file, expression_end, expression_file>;

/// Expressions and blocks nested deeper than this are a syntax error, not a stack overflow.
inline constexpr int kMaxNesting = 64;

}  // namespace infra::lang::grammar
