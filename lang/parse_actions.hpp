// Internal to lang/: the PEGTL actions that build the AST while the grammar matches, one
// Build<Rule> for each rule that makes something, each handing the AstBuilder what its rule
// matched; and the state the parse keeps. Include only from lang/parser.cpp: this header
// pulls in PEGTL.
#pragma once

#include <string_view>
#include <vector>

#include "lang/ast_builder.hpp"
#include "lang/grammar.hpp"

namespace infra::lang::detail {

namespace pegtl = tao::pegtl;
namespace g = grammar;

/// What the actions and control hooks keep while parsing; the grammar itself keeps the
/// identifiers of the open heredocs (see grammar::HeredocMarkers).
struct ParseState : grammar::HeredocMarkers {
  explicit ParseState(AstBuilder& b) : builder(b) {}

  AstBuilder& builder;
  std::vector<SourcePos> openers;  // where each enclosing bracket/quote was opened
  int depth = 0;                   // nesting of expressions and blocks
  bool for_expression_names = false;  // the next for_names are a for expression's
  SourcePos item;                     // where the current top-level item starts
};

inline SourcePos position_of(const pegtl::internal::iterator& it) {
  return SourcePos{static_cast<int>(it.line), static_cast<int>(it.column), it.byte};
}

template <typename Input>
SourcePos position_of(const Input& in) {
  return position_of(in.iterator());
}

inline SourcePos advanced(SourcePos p, std::size_t bytes) {
  p.column += static_cast<int>(bytes);
  p.offset += bytes;
  return p;
}

// ---- Building. The rules that make something have a Build<Rule> that wraps their match
// (PEGTL's Action::match hook): it takes the builder's Mark before the match and hands the
// builder what was matched after it. Lookaheads (`&x`, `!x`) match without actions, so
// they build nothing. The grammar is written so that no rule that made something is given
// up by backtracking: each alternative commits (must<>) before its first building rule.

template <typename Rule>
struct Build : pegtl::nothing<Rule> {};

inline Span span_of(const pegtl::internal::iterator& begin, const pegtl::internal::iterator& end) {
  return Span{position_of(begin), position_of(end),
              std::string_view(begin.data, static_cast<std::size_t>(end.data - begin.data))};
}

/// The span of the identifier that starts `s` (a block type, an attribute name).
inline Span leading_identifier(const Span& s) {
  pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(
      s.text.data(), s.text.data() + s.text.size(), "");
  pegtl::parse<g::identifier>(in);
  const auto n = static_cast<std::size_t>(in.current() - s.text.data());
  return Span{s.begin, advanced(s.begin, n), s.text.substr(0, n)};
}

/// The base of every Build<Rule> with a match hook. Derived defines made() and, when it
/// needs them, before() and failed().
template <typename Derived, bool kMarked = false>
struct Around : pegtl::maybe_nothing {
  static void before(ParseState&, const SourcePos&) {}
  static void failed(ParseState&, const AstBuilder::Mark&, const Span&) {}

  template <typename Rule, pegtl::apply_mode A, pegtl::rewind_mode M,
            template <typename...> class Action, template <typename...> class Control,
            typename Input>
  static bool match(Input& in, ParseState& st) {
    if constexpr (A != pegtl::apply_mode::action) {
      return pegtl::match<Rule, A, M, Action, Control>(in, st);
    } else {
      const auto begin = in.iterator();
      AstBuilder::Mark mark{};  // taken only for the rules that use it
      if constexpr (kMarked) mark = st.builder.mark();
      Derived::before(st, position_of(begin));
      const bool ok = pegtl::match<Rule, A, M, Action, Control>(in, st);
      if (ok) {
        Derived::made(st, mark, span_of(begin, in.iterator()));
      } else {
        Derived::failed(st, mark, span_of(begin, in.iterator()));
      }
      return ok;
    }
  }
};

/// Declares Build<R> whose made() runs BODY with `b` (the builder), `s` (the Span) and `st`
/// (the ParseState); INFRA_BUILD_MARKED also with `m`, the Mark taken before the match.
#define INFRA_BUILD_AROUND(R, MARKED, MARK, BODY)                                     \
  template <>                                                                        \
  struct Build<R> : Around<Build<R>, MARKED> {                                       \
    static void made(ParseState& st, const AstBuilder::Mark& MARK,                  \
                     [[maybe_unused]] const Span& s) {                                \
      [[maybe_unused]] AstBuilder& b = st.builder;                                   \
      BODY;                                                                          \
    }                                                                                \
  }
#define INFRA_BUILD(R, BODY) INFRA_BUILD_AROUND(R, false, , BODY)
#define INFRA_BUILD_MARKED(R, BODY) INFRA_BUILD_AROUND(R, true, m, BODY)

inline bool strip_before(const Span& s) { return s.text[2] == '~'; }  // `${~` or `%{~`
inline bool strip_after(const Span& s) { return s.text[s.text.size() - 2] == '~'; }  // `~}`

// clang-format off
INFRA_BUILD(g::number, b.number(s));
INFRA_BUILD(g::keyword, b.keyword(s));
INFRA_BUILD(g::variable, b.variable(s));
INFRA_BUILD(g::expand_marker, b.expand_marker());
INFRA_BUILD_MARKED(g::function_call,
            const std::size_t n = s.text.find('(');
            b.function_call(m, s, Span{s.begin, advanced(s.begin, n), s.text.substr(0, n)}));
INFRA_BUILD_MARKED(g::tuple, b.tuple(m, s));
INFRA_BUILD(g::object_key, if (s.text[0] != '"' && s.text[0] != '(') b.identifier_key(s));
INFRA_BUILD_MARKED(g::object, b.object(m, s));
INFRA_BUILD_MARKED(g::for_tuple, b.for_expression(m, s, false));
INFRA_BUILD_MARKED(g::for_object, b.for_expression(m, s, true));
INFRA_BUILD(g::attribute_access, b.attribute_step(s, s.text.substr(1)));
INFRA_BUILD(g::full_splat, b.full_splat(s));
INFRA_BUILD(g::attribute_splat, b.attribute_splat(s));
INFRA_BUILD(g::unary_op, b.unary_op(s));
INFRA_BUILD_MARKED(g::unary::operation, b.unary(m));
INFRA_BUILD(g::or_op, b.binary_op(s.text));
INFRA_BUILD(g::and_op, b.binary_op(s.text));
INFRA_BUILD(g::equality_op, b.binary_op(s.text));
INFRA_BUILD(g::comparison_op, b.binary_op(s.text));
INFRA_BUILD(g::additive_op, b.binary_op(s.text));
INFRA_BUILD(g::multiplicative_op, b.binary_op(s.text));
// Operators are left-associative: each `op operand` joins the operand to what precedes it.
INFRA_BUILD(g::or_expr::step, b.binary());
INFRA_BUILD(g::and_expr::step, b.binary());
INFRA_BUILD(g::equality::step, b.binary());
INFRA_BUILD(g::comparison::step, b.binary());
INFRA_BUILD(g::additive::step, b.binary());
INFRA_BUILD(g::multiplicative::step, b.binary());
INFRA_BUILD(g::conditional, b.conditional());
INFRA_BUILD(g::template_text, b.template_text(s.text));
INFRA_BUILD(g::heredoc_text, b.template_text(s.text));
INFRA_BUILD(g::bare_template_text, b.template_text(s.text));
INFRA_BUILD(g::template_escape, b.template_escape(s));
INFRA_BUILD(g::literal_dollar, b.template_text("${"));
INFRA_BUILD(g::literal_percent, b.template_text("%{"));
INFRA_BUILD(g::interpolation, b.interpolation(s, strip_before(s), strip_after(s)));
INFRA_BUILD(g::directive_if, b.directive(TemplatePiece::Kind::If));
INFRA_BUILD(g::directive_else, b.directive(TemplatePiece::Kind::Else));
INFRA_BUILD(g::directive_endif, b.directive(TemplatePiece::Kind::EndIf));
INFRA_BUILD(g::directive_for, b.directive(TemplatePiece::Kind::For));
INFRA_BUILD(g::directive_endfor, b.directive(TemplatePiece::Kind::EndFor));
INFRA_BUILD(g::template_directive, b.directive_done(s, strip_before(s), strip_after(s)));
// clang-format on

template <>
struct Build<g::index_access> : Around<Build<g::index_access>> {
  static void before(ParseState& st, const SourcePos&) { st.builder.begin_index_step(); }
  static void made(ParseState& st, const AstBuilder::Mark&, const Span& s) {
    st.builder.index_step(s);
  }
};

template <>
struct Build<g::postfix> : Around<Build<g::postfix>> {
  static void before(ParseState& st, const SourcePos& at) { st.builder.begin_postfix(at); }
  static void made(ParseState& st, const AstBuilder::Mark&, const Span&) {
    st.builder.end_postfix(true);
  }
  static void failed(ParseState& st, const AstBuilder::Mark&, const Span&) {
    st.builder.end_postfix(false);
  }
};

/// Quoted strings and bare templates: their pieces form a region of their own.
template <typename Rule>
struct TemplateBuild : Around<Build<Rule>, true> {
  static void before(ParseState& st, const SourcePos&) { st.builder.begin_template(); }
  static void made(ParseState& st, const AstBuilder::Mark& m, const Span& s) {
    st.builder.end_template(m, s, true);
  }
  static void failed(ParseState& st, const AstBuilder::Mark& m, const Span& s) {
    st.builder.end_template(m, s, false);
  }
};
template <>
struct Build<g::string_template> : TemplateBuild<g::string_template> {};
template <>
struct Build<g::bare_template> : TemplateBuild<g::bare_template> {};

template <>
struct Build<g::heredoc_template> : Around<Build<g::heredoc_template>, true> {
  static void before(ParseState& st, const SourcePos&) { st.builder.begin_template(); }
  static void made(ParseState& st, const AstBuilder::Mark& m, const Span& s) {
    st.builder.end_heredoc(m, s, s.text[2] == '-');  // `<<-`
  }
  static void failed(ParseState& st, const AstBuilder::Mark& m, const Span& s) {
    st.builder.end_template(m, s, false);
  }
};

template <>
struct Build<g::heredoc_line> : Around<Build<g::heredoc_line>, true> {
  static void before(ParseState& st, const SourcePos&) { st.builder.begin_heredoc_line(); }
  static void made(ParseState& st, const AstBuilder::Mark&, const Span&) {
    st.builder.end_heredoc_line();
  }
  static void failed(ParseState& st, const AstBuilder::Mark& m, const Span&) {
    st.builder.abandon_heredoc_line(m.pieces);
  }
};

template <>
struct Build<g::block_body> : Around<Build<g::block_body>> {
  static void before(ParseState& st, const SourcePos&) { st.builder.begin_body(); }
  static void made(ParseState& st, const AstBuilder::Mark&, const Span& s) {
    st.builder.end_body(s, true);
  }
  static void failed(ParseState& st, const AstBuilder::Mark&, const Span& s) {
    st.builder.end_body(s, false);
  }
};

template <>
struct Build<g::body_item> : Around<Build<g::body_item>, true> {
  static void before(ParseState& st, const SourcePos& at) {
    if (st.depth == 0) st.item = at;  // a top-level item
  }
  static void made(ParseState& st, const AstBuilder::Mark& m, const Span& s) {
    st.builder.body_item(m, leading_identifier(s));
  }
};

/// A quoted block label makes a label (see AstBuilder::expect_label); an identifier is one.
template <>
struct Build<g::block_label> : Around<Build<g::block_label>> {
  static void before(ParseState& st, const SourcePos&) { st.builder.expect_label(true); }
  static void made(ParseState& st, const AstBuilder::Mark&, const Span& s) {
    st.builder.expect_label(false);
    if (s.text[0] != '"') st.builder.identifier_label(s);
  }
  static void failed(ParseState& st, const AstBuilder::Mark&, const Span&) {
    st.builder.expect_label(false);
  }
};

/// A for expression's names must differ; a `%{ for }` directive's need not (as in HCL).
template <>
struct Build<g::for_intro> : Around<Build<g::for_intro>> {
  static void before(ParseState& st, const SourcePos&) { st.for_expression_names = true; }
  static void made(ParseState&, const AstBuilder::Mark&, const Span&) {}
  static void failed(ParseState& st, const AstBuilder::Mark&, const Span&) {
    st.for_expression_names = false;
  }
};

/// Collects the identifiers of a for_names match.
template <typename Rule>
struct NameAction : pegtl::nothing<Rule> {};
template <>
struct NameAction<g::identifier> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, std::vector<Span>& out) {
    out.push_back(span_of(in.iterator(), in.input().iterator()));
  }
};

template <>
struct Build<g::for_names> : Around<Build<g::for_names>> {
  static void made(ParseState& st, const AstBuilder::Mark&, const Span& s) {
    // Rare enough to find the names by matching the span again.
    pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf, const char*> in(
        s.text.data(), s.text.data() + s.text.size(), "", s.begin.offset,
        static_cast<std::size_t>(s.begin.line), static_cast<std::size_t>(s.begin.column));
    std::vector<Span> names;
    pegtl::parse<g::for_names, NameAction>(in, names);
    st.builder.for_names(names.front(), names.size() > 1 ? &names.back() : nullptr,
                         st.for_expression_names);
    st.for_expression_names = false;
  }
};

#undef INFRA_BUILD_MARKED
#undef INFRA_BUILD
#undef INFRA_BUILD_AROUND

}  // namespace infra::lang::detail
