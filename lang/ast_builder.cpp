// The AST builder (see ast_builder.hpp). The grammar has already accepted what each method
// is given, so the shapes on the stacks are guaranteed.
#include "lang/ast_builder.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <span>

#include "lang/unicode.hpp"

namespace infra::lang::detail {
namespace {

BinaryOp binary_op_of(std::string_view s) {
  switch (s[0]) {
    case '|': return BinaryOp::Or;
    case '&': return BinaryOp::And;
    case '=': return BinaryOp::Equal;
    case '!': return BinaryOp::NotEqual;
    case '<': return s.size() == 1 ? BinaryOp::Less : BinaryOp::LessEqual;
    case '>': return s.size() == 1 ? BinaryOp::Greater : BinaryOp::GreaterEqual;
    case '+': return BinaryOp::Add;
    case '-': return BinaryOp::Subtract;
    case '*': return BinaryOp::Multiply;
    case '/': return BinaryOp::Divide;
    default: return BinaryOp::Modulo;
  }
}

/// Bodies with more attributes than this find duplicates through an index.
constexpr std::size_t kIndexFrom = 8;

}  // namespace

AstBuilder::AstBuilder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {
  bodies_.emplace_back();
}

void AstBuilder::abandon_item() {
  exprs_.clear();
  steps_.clear();
  binary_ops_.clear();
  unary_ops_.clear();
  pieces_.clear();
  regions_.clear();
  line_ends_.clear();
  labels_.clear();
  variables_.clear();
  postfixes_.clear();
  levels_.clear();
  names_.clear();
  if (bodies_.size() > 1) {
    attrs_.resize(bodies_[1].attrs_from);
    attr_names_.resize(bodies_[1].attrs_from);
    blocks_.resize(bodies_[1].blocks_from);
    bodies_.resize(1);
  }
  finished_body_.reset();
  label_next_ = false;
}

AstBuilder::Item AstBuilder::make(ExprNode node, SourcePos begin, SourcePos end, int height) {
  if (height > kMaxHeight) {
    if (!too_deep_) {
      diags_.error(range(begin, end), "this expression is nested too deeply (the limit is " +
                                          std::to_string(kMaxHeight) +
                                          " levels of operators and brackets)");
    }
    too_deep_ = true;
    node = Literal{Value::null()};
    height = 1;
  }
  // Braces, not parentheses: clang 14 (the fuzz build's) has no parenthesised aggregate init.
  return Item{std::make_shared<const Expr>(Expr{std::move(node), range(begin, end)}), height};
}

AstBuilder::Item AstBuilder::pop() {
  Item item = std::move(exprs_.back());
  exprs_.pop_back();
  return item;
}

// ---- Expressions.

void AstBuilder::number(const Span& s) {
  std::optional<Value> value = parse_number_literal(s.text);
  if (!value) {
    diags_.error(range(s), "number " + std::string(s.text) + " is out of range");
    value = Value::number(0);
  }
  push(Literal{std::move(*value)}, s.begin, s.end, 1);
}

void AstBuilder::keyword(const Span& s) {
  Value v = s.text == "true"    ? Value::boolean(true)
            : s.text == "false" ? Value::boolean(false)
                                : Value::null();
  push(Literal{std::move(v)}, s.begin, s.end, 1);
}

void AstBuilder::variable(const Span& s) {
  variables_.push_back(s);
  exprs_.push_back(Item{nullptr, 1, Item::kVariable});
}

void AstBuilder::expand_marker() { exprs_.push_back(Item{nullptr, 0, Item::kExpand}); }

void AstBuilder::function_call(const Mark& m, const Span& s, const Span& name) {
  FunctionCall c;
  c.name = std::string(name.text);
  c.name_range = range(name);
  c.args.reserve(exprs_.size() - m.exprs);
  int height = 0;
  for (std::size_t i = m.exprs; i < exprs_.size(); ++i) {
    if (exprs_[i].tag == Item::kExpand) {
      c.expand_final = true;
      continue;
    }
    height = std::max(height, exprs_[i].height);
    c.args.push_back(std::move(exprs_[i].expr));
  }
  exprs_.resize(m.exprs);
  push(std::move(c), s.begin, s.end, height + 1);
}

void AstBuilder::tuple(const Mark& m, const Span& s) {
  TupleExpr t;
  t.items.reserve(exprs_.size() - m.exprs);
  int height = 0;
  for (std::size_t i = m.exprs; i < exprs_.size(); ++i) {
    height = std::max(height, exprs_[i].height);
    t.items.push_back(std::move(exprs_[i].expr));
  }
  exprs_.resize(m.exprs);
  push(std::move(t), s.begin, s.end, height + 1);
}

void AstBuilder::identifier_key(const Span& s) {
  push(Literal{Value::string(std::string(s.text))}, s.begin, s.end, 1);
}

void AstBuilder::object(const Mark& m, const Span& s) {
  ObjectExpr o;
  o.items.reserve((exprs_.size() - m.exprs) / 2);
  int height = 0;
  for (std::size_t i = m.exprs; i + 1 < exprs_.size(); i += 2) {
    height = std::max({height, exprs_[i].height, exprs_[i + 1].height});
    o.items.push_back(ObjectItem{std::move(exprs_[i].expr), std::move(exprs_[i + 1].expr)});
  }
  exprs_.resize(m.exprs);
  push(std::move(o), s.begin, s.end, height + 1);
}

void AstBuilder::for_names(const Span& first, const Span* second, bool check_distinct) {
  Names n;
  n.value = std::string(second ? second->text : first.text);
  if (second) {
    n.key = std::string(first.text);
    if (check_distinct && n.key == n.value) {
      diags_.error(range(*second),
                   "The key and value names of a for expression must differ; both are \"" +
                       n.value + "\"");
    }
  }
  names_.push_back(std::move(n));
}

void AstBuilder::for_expression(const Mark& m, const Span& s, bool object) {
  ForExpr f;
  f.key_name = std::move(names_.back().key);
  f.value_name = std::move(names_.back().value);
  names_.pop_back();
  std::size_t i = m.exprs;
  int height = 0;
  const auto take = [&]() {
    height = std::max(height, exprs_[i].height);
    return std::move(exprs_[i++].expr);
  };
  f.collection = take();
  if (object) f.key = take();
  f.value = take();
  while (i < exprs_.size()) {
    if (exprs_[i].tag == Item::kExpand) {
      f.grouping = true;
      ++i;
    } else {
      f.cond = take();
    }
  }
  exprs_.resize(m.exprs);
  push(std::move(f), s.begin, s.end, height + 1);
}

void AstBuilder::begin_postfix(SourcePos begin) {
  postfixes_.push_back(Postfix{std::string::npos, begin, begin});
}

AstBuilder::Level& AstBuilder::level() {
  Postfix& p = postfixes_.back();
  if (p.levels_from == std::string::npos) {
    p.levels_from = levels_.size();
    Level& l = levels_.emplace_back();
    l.source = pop();
    if (l.source.tag == Item::kVariable) {
      l.has_root = true;
      l.root = variables_.back();
      variables_.pop_back();
    }
    l.begin = p.begin;
    l.steps_from = steps_.size();
  }
  return levels_.back();
}

void AstBuilder::attribute_step(const Span& s, std::string_view name) {
  level();
  steps_.push_back(Step{name, {}, s.begin, s.end});
  postfixes_.back().last_end = s.end;
}

void AstBuilder::begin_index_step() {
  Level& l = level();
  if (l.attribute_splat) close_attribute_splat(l);
}

void AstBuilder::index_step(const Span& s) {
  steps_.push_back(Step{{}, pop(), s.begin, s.end});
  postfixes_.back().last_end = s.end;
}

void AstBuilder::full_splat(const Span& s) {
  Level& l = level();
  if (l.attribute_splat) close_attribute_splat(l);
  Item splat_source = finish(l, s.begin);
  Level& inner = levels_.emplace_back();
  inner.source = make(SplatItem{}, s.begin, s.end, 1);
  inner.begin = s.begin;
  inner.steps_from = steps_.size();
  inner.splat_source = std::move(splat_source);
  postfixes_.back().last_end = s.end;
}

void AstBuilder::attribute_splat(const Span& s) {
  Level& l = level();
  if (l.attribute_splat) close_attribute_splat(l);
  l.attribute_source = finish(l, s.begin);
  l.attribute_item = make(SplatItem{}, s.begin, s.end, 1);
  l.attribute_begin = s.begin;
  l.attribute_splat = true;
  l.steps_from = steps_.size();
  postfixes_.back().last_end = s.end;
}

std::vector<TraversalStep> AstBuilder::take_steps(std::size_t from, int& height) {
  std::vector<TraversalStep> steps;
  steps.reserve(steps_.size() - from);
  height = 0;
  for (std::size_t i = from; i < steps_.size(); ++i) {
    Step& s = steps_[i];
    TraversalStep& t = steps.emplace_back();
    t.range = range(s.begin, s.end);
    if (s.index.expr) {
      height = std::max(height, s.index.height);
      t.index = std::move(s.index.expr);
    } else {
      t.name = std::string(s.name);
    }
  }
  steps_.resize(from);
  return steps;
}

AstBuilder::Item AstBuilder::finish(Level& l, SourcePos end) {
  int height = 0;
  std::vector<TraversalStep> steps = take_steps(l.steps_from, height);
  if (l.has_root) {
    l.has_root = false;
    ScopeTraversal t{std::string(l.root.text), range(l.root), std::move(steps)};
    return make(std::move(t), l.begin, end, height + 1);
  }
  if (steps.empty()) return std::move(l.source);
  height = std::max(height, l.source.height) + 1;
  return make(RelativeTraversal{std::move(l.source.expr), std::move(steps)}, l.begin, end, height);
}

void AstBuilder::close_attribute_splat(Level& l) {
  Item each = std::move(l.attribute_item);
  if (steps_.size() > l.steps_from) {
    const SourcePos end = steps_.back().end;
    int height = 0;
    std::vector<TraversalStep> attrs = take_steps(l.steps_from, height);
    height = std::max(height, each.height) + 1;
    each = make(RelativeTraversal{std::move(each.expr), std::move(attrs)}, l.attribute_begin, end,
                height);
  }
  const SourcePos end = each.expr->range.end;
  const int height = std::max(l.attribute_source.height, each.height) + 1;
  l.source = make(SplatExpr{std::move(l.attribute_source.expr), std::move(each.expr), true},
                  l.begin, end, height);
  l.attribute_splat = false;
}

void AstBuilder::end_postfix(bool made) {
  const Postfix p = postfixes_.back();
  postfixes_.pop_back();
  if (!made) return;
  if (p.levels_from == std::string::npos) {  // a primary without steps
    if (exprs_.back().tag == Item::kVariable) {
      const Span root = variables_.back();
      variables_.pop_back();
      exprs_.back() = make(ScopeTraversal{std::string(root.text), range(root), {}}, root.begin,
                           root.end, 1);
    }
    return;
  }
  Item result;
  for (;;) {
    Level& l = levels_.back();
    if (l.attribute_splat) close_attribute_splat(l);
    result = finish(l, p.last_end);
    if (levels_.size() == p.levels_from + 1) break;
    Item splat_source = std::move(l.splat_source);
    levels_.pop_back();
    const SourcePos end = result.expr->range.end;
    const int height = std::max(splat_source.height, result.height) + 1;
    levels_.back().source = make(SplatExpr{std::move(splat_source.expr), std::move(result.expr), false},
                                 levels_.back().begin, end, height);
  }
  levels_.pop_back();
  exprs_.push_back(std::move(result));
}

void AstBuilder::unary_op(const Span& s) {
  unary_ops_.emplace_back(s.text == "!" ? UnaryOp::Not : UnaryOp::Negate, s);
}

void AstBuilder::unary(const Mark& m) {
  Item operand = pop();
  for (std::size_t i = unary_ops_.size(); i-- > m.unary_ops;) {
    const auto& [op, s] = unary_ops_[i];
    const SourcePos end = operand.expr->range.end;
    const int height = operand.height + 1;
    operand = make(UnaryExpr{op, std::move(operand.expr)}, s.begin, end, height);
  }
  unary_ops_.resize(m.unary_ops);
  exprs_.push_back(std::move(operand));
}

void AstBuilder::binary_op(std::string_view op) { binary_ops_.push_back(binary_op_of(op)); }

void AstBuilder::binary() {
  Item rhs = pop();
  Item& lhs = exprs_.back();
  const SourcePos begin = lhs.expr->range.begin, end = rhs.expr->range.end;
  const int height = std::max(lhs.height, rhs.height) + 1;
  lhs = make(BinaryExpr{binary_ops_.back(), std::move(lhs.expr), std::move(rhs.expr)}, begin, end,
             height);
  binary_ops_.pop_back();
}

void AstBuilder::conditional() {
  Item otherwise = pop(), then = pop(), cond = pop();
  const SourcePos begin = cond.expr->range.begin, end = otherwise.expr->range.end;
  const int height = std::max({cond.height, then.height, otherwise.height}) + 1;
  push(ConditionalExpr{std::move(cond.expr), std::move(then.expr), std::move(otherwise.expr)},
       begin, end, height);
}

// ---- Templates.

std::string& AstBuilder::text_piece() {
  if (pieces_.size() == regions_.back().from || pieces_.back().kind != TemplatePiece::Kind::Text) {
    pieces_.emplace_back();
  }
  return pieces_.back().text;
}

void AstBuilder::template_text(std::string_view text) { text_piece() += text; }

void AstBuilder::template_escape(const Span& s) {
  std::string& out = text_piece();
  switch (s.text[1]) {
    case 'n': out += '\n'; return;
    case 'r': out += '\r'; return;
    case 't': out += '\t'; return;
    case '"': out += '"'; return;
    case '\\': out += '\\'; return;
    default: break;
  }
  std::uint32_t cp = 0;  // \uNNNN or \UNNNNNNNN
  std::from_chars(s.text.data() + 2, s.text.data() + s.text.size(), cp, 16);
  if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    diags_.error(range(s), "invalid Unicode escape " + std::string(s.text) +
                               ": not a Unicode scalar value");
    return;
  }
  append_utf8(out, cp);
}

void AstBuilder::interpolation(const Span& s, bool strip_before, bool strip_after) {
  TemplatePiece p;
  p.kind = TemplatePiece::Kind::Interpolation;
  Item e = pop();
  p.expr = std::move(e.expr);
  p.height = e.height;
  p.strip_before = strip_before;
  p.strip_after = strip_after;
  p.range = range(s);
  pieces_.push_back(std::move(p));
}

void AstBuilder::directive(TemplatePiece::Kind kind) {
  TemplatePiece p;
  p.kind = kind;
  if (kind == TemplatePiece::Kind::If || kind == TemplatePiece::Kind::For) p.expr = pop().expr;
  if (kind == TemplatePiece::Kind::For) {
    p.key_name = std::move(names_.back().key);
    p.value_name = std::move(names_.back().value);
    names_.pop_back();
  }
  pieces_.push_back(std::move(p));
}

void AstBuilder::directive_done(const Span& s, bool strip_before, bool strip_after) {
  TemplatePiece& p = pieces_.back();
  p.range = range(s);
  p.strip_before = strip_before;
  p.strip_after = strip_after;
}

void AstBuilder::end_template(const Mark& m, const Span& s, bool made) {
  const bool label = regions_.back().label;
  regions_.pop_back();
  if (!made) {
    pieces_.resize(m.pieces);
  } else if (!label) {
    exprs_.push_back(finish_template(m.pieces, s));
  } else if (std::optional<std::string> literal = literal_text(m.pieces)) {
    labels_.push_back(Label{std::move(*literal), range(s)});
  } else {
    // Directives that did not pair up may leave a literal (or, too high, a null one).
    const Item t = finish_template(m.pieces, s);
    std::string text;
    if (const auto* lit = std::get_if<Literal>(&t.expr->node); lit == nullptr) {
      diags_.error(t.expr->range, "block labels cannot contain interpolations");
    } else if (lit->value.kind() == Value::Kind::String) {
      text = lit->value.as_string();
    }
    labels_.push_back(Label{std::move(text), t.expr->range});
  }
}

void AstBuilder::end_heredoc_line() {
  text_piece() += '\n';
  regions_.pop_back();
  line_ends_.push_back(pieces_.size());
}

void AstBuilder::abandon_heredoc_line(std::size_t pieces) {
  regions_.pop_back();
  pieces_.resize(pieces);
}

// `<<EOT` / `<<-EOT`: each line keeps its newline (a CRLF line keeps its "\r\n").
void AstBuilder::end_heredoc(const Mark& m, const Span& s, bool indented) {
  regions_.pop_back();
  const std::span<const std::size_t> ends(line_ends_.data() + m.lines, line_ends_.size() - m.lines);
  if (indented) strip_shared_indentation(pieces_, m.pieces, ends);
  line_ends_.resize(m.lines);
  // The lines' pieces as one template: adjacent text merged, emptied text dropped.
  std::size_t kept = m.pieces;
  for (std::size_t i = m.pieces; i < pieces_.size(); ++i) {
    TemplatePiece& p = pieces_[i];
    const bool text = p.kind == TemplatePiece::Kind::Text;
    if (text && p.text.empty()) continue;  // stripping may have emptied it
    if (text && kept > m.pieces && pieces_[kept - 1].kind == TemplatePiece::Kind::Text) {
      pieces_[kept - 1].text += p.text;
    } else if (kept++ != i) {
      pieces_[kept - 1] = std::move(p);
    }
  }
  pieces_.resize(kept);
  exprs_.push_back(finish_template(m.pieces, s));
}

std::optional<std::string> AstBuilder::literal_text(std::size_t from) {
  const std::size_t n = pieces_.size() - from;
  if (n > 1 || (n == 1 && pieces_[from].kind != TemplatePiece::Kind::Text)) return std::nullopt;
  std::string text;
  if (n == 1) text = std::move(pieces_[from].text);
  pieces_.resize(from);
  normalise_text(text);
  return text;
}

// A template without interpolations or directives is a string literal.
AstBuilder::Item AstBuilder::finish_template(std::size_t from, const Span& s) {
  if (std::optional<std::string> text = literal_text(from)) {
    return make(Literal{Value::string(std::move(*text))}, s.begin, s.end, 1);
  }
  const std::span<TemplatePiece> pieces(pieces_.data() + from, pieces_.size() - from);
  // The height of a template counts its interpolations; a directive's node counts as a
  // leaf, so interpolations inside directives do not count.
  int height = 0;
  bool directives = false;
  for (const TemplatePiece& p : pieces) {
    directives = directives || (p.kind != TemplatePiece::Kind::Text &&
                                p.kind != TemplatePiece::Kind::Interpolation);
    height = std::max(height, p.height);
  }
  std::vector<std::pair<const Expr*, int>> heights;
  for (const TemplatePiece& p : pieces) {
    if (directives && p.kind == TemplatePiece::Kind::Interpolation) {
      heights.emplace_back(p.expr.get(), p.height);
    }
  }
  std::vector<TemplatePart> parts = assemble_template(pieces, diags_);
  pieces_.resize(from);
  if (parts.empty()) return make(Literal{Value::string("")}, s.begin, s.end, 1);
  if (parts.size() == 1 && !parts[0].expr) {
    return make(Literal{Value::string(std::move(parts[0].text))}, s.begin, s.end, 1);
  }
  if (directives) {
    height = 0;
    std::size_t k = 0;
    for (const TemplatePart& part : parts) {
      if (!part.expr || std::holds_alternative<TemplateIf>(part.expr->node) ||
          std::holds_alternative<Boxed<TemplateFor>>(part.expr->node)) {
        continue;
      }
      while (k < heights.size() && heights[k].first != part.expr.get()) ++k;
      if (k < heights.size()) height = std::max(height, heights[k].second);
    }
  }
  return make(TemplateExpr{std::move(parts)}, s.begin, s.end, height + 1);
}

// ---- Bodies.

void AstBuilder::identifier_label(const Span& s) {
  labels_.push_back(Label{std::string(s.text), range(s)});
}

void AstBuilder::begin_body() { bodies_.push_back(OpenBody{attrs_.size(), blocks_.size(), {}}); }

// Bodies take their items in vectors of their size; the top-level body takes the stacks.
Body AstBuilder::close_body(const OpenBody& open, const Span& s) {
  Body body;
  const bool top = &open == &bodies_.front();
  if (top && open.attrs_from == 0) {
    body.attributes = std::move(attrs_);
  } else {
    body.attributes.assign(std::make_move_iterator(attrs_.begin() + open.attrs_from),
                           std::make_move_iterator(attrs_.end()));
  }
  if (top && open.blocks_from == 0) {
    body.blocks = std::move(blocks_);
  } else {
    body.blocks.assign(std::make_move_iterator(blocks_.begin() + open.blocks_from),
                       std::make_move_iterator(blocks_.end()));
  }
  body.range = range(s);
  attrs_.resize(open.attrs_from);
  attr_names_.resize(open.attrs_from);
  blocks_.resize(open.blocks_from);
  return body;
}

void AstBuilder::end_body(const Span& s, bool made) {
  if (made) finished_body_ = std::make_shared<const Body>(close_body(bodies_.back(), s));
  bodies_.pop_back();
}

void AstBuilder::add_attribute(Attribute attr, std::string_view name) {
  OpenBody& open = bodies_.back();
  const std::size_t count = attrs_.size() - open.attrs_from;
  std::optional<std::size_t> first;
  if (count < kIndexFrom) {
    const auto names = attr_names_.begin() + static_cast<std::ptrdiff_t>(open.attrs_from);
    const auto it = std::find(names, attr_names_.end(), name);
    if (it != attr_names_.end()) first = open.attrs_from + static_cast<std::size_t>(it - names);
  } else {
    if (open.index.empty()) {
      for (std::size_t i = open.attrs_from; i < attrs_.size(); ++i) {
        open.index.emplace(attr_names_[i], i);
      }
    }
    const auto it = open.index.find(name);
    if (it != open.index.end()) first = it->second;
  }
  if (first) {
    diags_.error(attr.name_range, "Duplicate attribute \"" + attr.name + "\"; first set at " +
                                      location(attrs_[*first].name_range));
  } else if (!open.index.empty()) {
    open.index.emplace(name, attrs_.size());
  }
  attr_names_.push_back(name);
  attrs_.push_back(std::move(attr));
}

void AstBuilder::body_item(const Mark& m, const Span& name) {
  if (exprs_.size() > m.exprs) {
    Item value = pop();
    const SourcePos end = value.expr->range.end;
    add_attribute(Attribute{std::string(name.text), range(name), std::move(value.expr),
                            range(name.begin, end)},
                  name.text);
    return;
  }
  Block b;
  b.type = std::string(name.text);
  b.type_range = range(name);
  b.range = range(name.begin, labels_.size() > m.labels ? labels_.back().range.end : name.end);
  b.labels.reserve(labels_.size() - m.labels);
  b.label_ranges.reserve(labels_.size() - m.labels);
  for (std::size_t i = m.labels; i < labels_.size(); ++i) {
    b.labels.push_back(std::move(labels_[i].text));
    b.label_ranges.push_back(std::move(labels_[i].range));
  }
  labels_.resize(m.labels);
  b.body = std::move(finished_body_);
  blocks_.push_back(std::move(b));
}

// ---- Results.

BodyPtr AstBuilder::file(const Span& s) { return std::make_shared<const Body>(file_items(s)); }

Body AstBuilder::file_items(const Span& s) { return close_body(bodies_.front(), s); }

ExprPtr AstBuilder::expression() { return pop().expr; }

}  // namespace infra::lang::detail
