// Internal to lang/: builds the AST while the grammar matches, without a parse tree. The
// actions of lang/parse_actions.hpp call one method per rule that makes something, in the
// order the rules succeed (children before their parent), with where the match began and
// ended. What a rule has made waits on a stack until the rule that owns it completes:
// expressions, traversal steps, operators, template pieces, labels, iterator names and open
// bodies. A Mark taken when a rule starts says which entries belong to it. The builder
// knows nothing of PEGTL; it also makes the checks the grammar cannot express (duplicate
// attributes, interpolations in labels, escape values, number range, expression height).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"
#include "lang/template_assembly.hpp"

namespace infra::lang::detail {

/// Where a match began and ended, and its text.
struct Span {
  SourcePos begin;
  SourcePos end;
  std::string_view text;
};

class AstBuilder {
 public:
  AstBuilder(const std::string& file, Diagnostics& diags);

  /// The sizes of the stacks: what a rule finds above its Mark when it completes is its own.
  struct Mark {
    std::size_t exprs, steps, unary_ops, pieces, lines, labels;
  };
  Mark mark() const {
    return Mark{exprs_.size(),  steps_.size(),      unary_ops_.size(),
                pieces_.size(), line_ends_.size(), labels_.size()};
  }
  /// Forgets what a failed top-level item left on the stacks, and the bodies it opened.
  void abandon_item();

  // ---- Expressions.
  void number(const Span& s);
  void keyword(const Span& s);
  /// A variable waits for its postfix steps (`var.a[0]`) to become one ScopeTraversal.
  void variable(const Span& s);
  void expand_marker();
  void function_call(const Mark& m, const Span& s, const Span& name);
  void tuple(const Mark& m, const Span& s);
  /// An identifier as an object key is a string literal.
  void identifier_key(const Span& s);
  void object(const Mark& m, const Span& s);
  /// The iterator names of a for expression or `%{ for }` directive; a for expression's
  /// two names must differ (`check_distinct`).
  void for_names(const Span& first, const Span* second, bool check_distinct);
  void for_expression(const Mark& m, const Span& s, bool object);
  // Postfix steps (`f(x)[0]`, `var.a.*.b`, `x[*].y`) are built as they come, in the order
  // the splats need: a splat applies to what precedes it, and takes what follows it.
  void begin_postfix(SourcePos begin);
  void attribute_step(const Span& s, std::string_view name);
  /// At the `[` of an index step, before its expression.
  void begin_index_step();
  void index_step(const Span& s);
  void full_splat(const Span& s);
  void attribute_splat(const Span& s);
  /// Ends a postfix begun with begin_postfix (after a failed match too: `made` false).
  void end_postfix(bool made);
  void unary_op(const Span& s);
  /// Applies the unary operators made since `m` to the operand after them.
  void unary(const Mark& m);
  void binary_op(std::string_view op);
  /// `lhs op rhs` of the last two expressions and the last operator.
  void binary();
  /// `cond ? then : otherwise` of the last three expressions.
  void conditional();

  // ---- Templates: quoted strings, heredocs and bare templates.
  void template_text(std::string_view text);
  /// `\n`, `\u00e9`, ...: the escape sequence as written.
  void template_escape(const Span& s);
  void interpolation(const Span& s, bool strip_before, bool strip_after);
  void directive(TemplatePiece::Kind kind);
  /// Completes the directive just made with its place and strip markers.
  void directive_done(const Span& s, bool strip_before, bool strip_after);
  /// The next template is a block label: it makes a label, not an expression.
  void expect_label(bool on) { label_next_ = on; }
  void begin_template() {
    regions_.push_back(Region{pieces_.size(), label_next_});
    label_next_ = false;
  }
  /// Ends a template begun with begin_template (after a failed match too: `made` false).
  void end_template(const Mark& m, const Span& s, bool made);
  void begin_heredoc_line() { regions_.push_back(Region{pieces_.size(), false}); }
  void end_heredoc_line();
  /// A line that failed to match (at the end of the text, before its newline).
  void abandon_heredoc_line(std::size_t pieces);
  void end_heredoc(const Mark& m, const Span& s, bool indented);

  // ---- Bodies.
  void identifier_label(const Span& s);
  void begin_body();
  void end_body(const Span& s, bool made);
  /// An attribute (when the item made an expression) or a block.
  void body_item(const Mark& m, const Span& name);

  // ---- Results.
  /// The top-level body, spanning `s`.
  BodyPtr file(const Span& s);
  /// The same, as a Body to join with the items of other parts of the file.
  Body file_items(const Span& s);
  /// The one expression made.
  ExprPtr expression();

 private:
  /// An expression waiting for the rule that owns it, with the height of its tree (to cap
  /// it, see make()). A null `expr` stands for a variable waiting for its steps (tag
  /// kVariable) or for the `...` of a call or a for expression (kExpand).
  struct Item {
    ExprPtr expr;
    int height = 1;
    enum Tag : unsigned char { kExpr, kVariable, kExpand } tag = kExpr;
  };
  /// An attribute step (`.name`) or an index step (`[index]`) of a traversal.
  struct Step {
    std::string_view name;
    Item index;  // null expr for an attribute step
    SourcePos begin, end;
  };
  /// The steps that apply to one source: a postfix's primary, or the element a `[*]`
  /// introduces (each `[*]` opens a level that lasts to the end of the postfix).
  struct Level {
    Item source;       // unless has_root
    Span root;         // a variable the first steps apply to
    bool has_root = false;
    SourcePos begin;
    std::size_t steps_from = 0;  // its steps in steps_
    Item splat_source;           // a level opened by `[*]`: what the splat applies to
    // A `.*` taking the attribute steps after it.
    bool attribute_splat = false;
    Item attribute_source, attribute_item;
    SourcePos attribute_begin;
  };
  struct Postfix {
    std::size_t levels_from;  // its levels in levels_; none until its first step
    SourcePos begin, last_end;
  };
  struct Label {
    std::string text;
    SourceRange range;
  };
  struct Names {
    std::string key, value;
  };
  /// A body being filled: its attributes and blocks are those of attrs_ and blocks_ from
  /// these indexes on. Once it has many attributes, an index of their names finds
  /// duplicates.
  struct OpenBody {
    std::size_t attrs_from = 0, blocks_from = 0;
    std::unordered_map<std::string_view, std::size_t> index;
  };

  SourceRange range(SourcePos begin, SourcePos end) const { return SourceRange{file_, begin, end}; }
  SourceRange range(const Span& s) const { return range(s.begin, s.end); }
  /// Makes an expression node of the given tree height. Trees higher than kMaxHeight are an
  /// error (once per builder) and become null, so that the recursive passes (evaluation,
  /// references, destruction) stay shallow: a long operator chain like `1+1+...+1` is flat
  /// in the grammar but deep in the AST.
  Item make(ExprNode node, SourcePos begin, SourcePos end, int height);
  void push(ExprNode node, SourcePos begin, SourcePos end, int height) {
    exprs_.push_back(make(std::move(node), begin, end, height));
  }
  Item pop();
  /// Applies steps_[from, to) to `source`, or to the variable `root` when source is null.
  /// The innermost level of the innermost postfix, made from its primary at its first step.
  Level& level();
  /// Takes steps_[from, end) as traversal steps; `height` is that of their index trees.
  std::vector<TraversalStep> take_steps(std::size_t from, int& height);
  /// The level's source with its steps applied, up to `end`.
  Item finish(Level& l, SourcePos end);
  /// Ends the level's `.*`: its source becomes the splat.
  void close_attribute_splat(Level& l);
  std::string& text_piece();
  /// Takes the text of pieces_[from, end) when they are a string literal (no more than
  /// one text piece).
  std::optional<std::string> literal_text(std::size_t from);
  /// Makes the template of pieces_[from, end) and drops those pieces.
  Item finish_template(std::size_t from, const Span& s);
  void add_attribute(Attribute attr, std::string_view name);
  /// The body of `open`, spanning `s`, made of its attributes and blocks.
  Body close_body(const OpenBody& open, const Span& s);

  static constexpr int kMaxHeight = 256;

  const FileName file_;
  Diagnostics& diags_;
  bool too_deep_ = false;

  std::vector<Item> exprs_;
  std::vector<Step> steps_;
  std::vector<BinaryOp> binary_ops_;
  std::vector<std::pair<UnaryOp, Span>> unary_ops_;
  std::vector<TemplatePiece> pieces_;
  /// Where the pieces of a template, or of a heredoc's line, start in pieces_.
  struct Region {
    std::size_t from;
    bool label;
  };
  std::vector<Region> regions_;  // innermost last
  bool label_next_ = false;
  std::vector<std::size_t> line_ends_;  // of the heredocs' lines, in pieces_
  std::vector<Label> labels_;
  std::vector<Span> variables_;
  std::vector<Postfix> postfixes_;
  std::vector<Level> levels_;
  std::vector<Names> names_;
  std::vector<OpenBody> bodies_;  // the top-level body, then the open blocks' bodies
  std::vector<Attribute> attrs_;
  std::vector<std::string_view> attr_names_;  // of attrs_, as written (views of the source)
  std::vector<Block> blocks_;
  BodyPtr finished_body_;  // the body of the block being completed
};

}  // namespace infra::lang::detail
