// Parse tree (the rules parser.cpp selects) to AST. The grammar has already accepted the
// text, so the shapes below are guaranteed; what remains are checks the grammar cannot
// express: duplicate attributes, interpolations in labels, escape values, number range.
#include <charconv>
#include <algorithm>
#include <map>
#include <unordered_map>
#include <stdexcept>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "lang/ast_builder.hpp"
#include "lang/grammar.hpp"
#include "lang/template_assembly.hpp"
#include "lang/unicode.hpp"

namespace infra::lang::detail {
namespace {

namespace g = grammar;
using Node = tao::pegtl::parse_tree::node;

class Builder {
 public:
  Builder(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  BodyPtr body(const Node& n) {
    Body body;
    body.range = range(n);
    std::map<std::string, SourceRange> seen;
    for (const auto& item : n.children) {
      const Node& name = *item->children.at(0);
      const Node& rest = *item->children.at(1);
      if (rest.is_type<g::attribute_value>()) {
        Attribute attr{name.string(), range(name), expr(*rest.children.at(0)), {}};
        // Heights matter only while one expression is built; no later one refers to these.
        heights_.clear();
        attr.range = SourceRange{file_, attr.name_range.begin, attr.value->range.end};
        const auto [it, fresh] = seen.emplace(attr.name, attr.name_range);
        if (!fresh) {
          diags_.error(attr.name_range, "Duplicate attribute \"" + attr.name +
                                            "\"; first set at " + location(it->second));
        }
        body.attributes.push_back(std::move(attr));
      } else {
        body.blocks.push_back(block(name, rest));
      }
    }
    return std::make_shared<const Body>(std::move(body));
  }

  ExprPtr expr(const Node& n) {
    if (n.is_type<g::expression>()) return expression(n);
    if (n.is_type<g::or_expr>() || n.is_type<g::and_expr>() || n.is_type<g::equality>() ||
        n.is_type<g::comparison>() || n.is_type<g::additive>() ||
        n.is_type<g::multiplicative>()) {
      return binary(n);
    }
    if (n.is_type<g::unary>()) return unary(n);
    if (n.is_type<g::postfix>()) return postfix(n);
    if (n.is_type<g::number>()) return number(n);
    if (n.is_type<g::keyword>()) return keyword(n);
    if (n.is_type<g::variable>()) return make(ScopeTraversal{n.string(), range(n), {}}, n);
    if (n.is_type<g::function_call>()) return call(n);
    if (n.is_type<g::string_template>()) return string_template(n);
    if (n.is_type<g::heredoc_template>()) return heredoc(n);
    if (n.is_type<g::bare_template>()) return string_template(n);
    if (n.is_type<g::tuple>()) {
      TupleExpr t;
      for (const auto& c : n.children) t.items.push_back(expr(*c));
      return make(std::move(t), n);
    }
    if (n.is_type<g::object>()) return object(n);
    if (n.is_type<g::for_tuple>() || n.is_type<g::for_object>()) return for_expr(n);
    if (n.is_type<g::parenthesized>()) return expr(*n.children.at(0));
    throw std::logic_error("ast_builder: unexpected node " + std::string(n.type));
  }

 private:
  SourcePos pos(const tao::pegtl::internal::iterator& it) const {
    return SourcePos{static_cast<int>(it.line), static_cast<int>(it.column), it.byte};
  }
  SourceRange range(const Node& n) const {
    return SourceRange{file_, pos(n.m_begin), pos(n.m_end)};
  }
  SourceRange span(const SourceRange& a, const SourceRange& b) const {
    return SourceRange{file_, a.begin, b.end};
  }
  ExprPtr make(ExprNode node, const Node& n) { return make(std::move(node), range(n)); }
  /// Makes an expression node, keeping trees shallow enough for the recursive passes
  /// (evaluation, references, destruction): a long operator chain like `1+1+...+1` is
  /// flat in the grammar but deep in the AST, so its height is checked here.
  ExprPtr make(ExprNode node, SourceRange r) {
    int height = 1;
    visit_children(node, [&](const ExprPtr& child) {
      if (child) height = std::max(height, heights_[child.get()] + 1);
    });
    if (height > kMaxHeight) {
      if (!too_deep_) {
        diags_.error(r, "this expression is nested too deeply (the limit is " +
                            std::to_string(kMaxHeight) + " levels of operators and brackets)");
      }
      too_deep_ = true;
      node = Literal{Value::null()};
      height = 1;
    }
    auto e = std::make_shared<const Expr>(Expr{std::move(node), std::move(r)});
    heights_[e.get()] = height;
    return e;
  }

  template <typename F>
  static void visit_children(const ExprNode& node, F&& f) {
    if (const auto* t = std::get_if<TemplateExpr>(&node)) {
      for (const auto& p : t->parts) f(p.expr);
    } else if (const auto* s = std::get_if<ScopeTraversal>(&node)) {
      for (const auto& step : s->steps) f(step.index);
    } else if (const auto* r = std::get_if<RelativeTraversal>(&node)) {
      f(r->source);
      for (const auto& step : r->steps) f(step.index);
    } else if (const auto* c = std::get_if<FunctionCall>(&node)) {
      for (const auto& a : c->args) f(a);
    } else if (const auto* tu = std::get_if<TupleExpr>(&node)) {
      for (const auto& i : tu->items) f(i);
    } else if (const auto* o = std::get_if<ObjectExpr>(&node)) {
      for (const auto& i : o->items) {
        f(i.key);
        f(i.value);
      }
    } else if (const auto* u = std::get_if<UnaryExpr>(&node)) {
      f(u->operand);
    } else if (const auto* b = std::get_if<BinaryExpr>(&node)) {
      f(b->lhs);
      f(b->rhs);
    } else if (const auto* k = std::get_if<ConditionalExpr>(&node)) {
      f(k->cond);
      f(k->then);
      f(k->otherwise);
    } else if (const auto* fe = std::get_if<ForExpr>(&node)) {
      f(fe->collection);
      f(fe->key);
      f(fe->value);
      f(fe->cond);
    } else if (const auto* sp = std::get_if<SplatExpr>(&node)) {
      f(sp->source);
      f(sp->each);
    }
  }

  Block block(const Node& name, const Node& rest) {
    Block b;
    b.type = name.string();
    b.type_range = range(name);
    b.range = b.type_range;
    for (const auto& c : rest.children) {
      if (c->is_type<g::block_body>()) {
        b.body = body(*c);
      } else if (c->is_type<g::identifier>()) {
        b.labels.push_back(c->string());
        b.label_ranges.push_back(range(*c));
      } else {  // a quoted label
        const ExprPtr label = string_template(*c);
        const auto* lit = std::get_if<Literal>(&label->node);
        if (lit == nullptr) {
          diags_.error(label->range, "block labels cannot contain interpolations");
          b.labels.emplace_back();
        } else {
          b.labels.push_back(lit->value.as_string());
        }
        b.label_ranges.push_back(label->range);
      }
    }
    if (!b.label_ranges.empty()) b.range = span(b.type_range, b.label_ranges.back());
    return b;
  }

  ExprPtr expression(const Node& n) {
    ExprPtr cond = expr(*n.children.at(0));
    if (n.children.size() == 1) return cond;
    const Node& c = *n.children.at(1);  // conditional: expression, conditional_else
    ExprPtr then = expr(*c.children.at(0));
    ExprPtr otherwise = expr(*c.children.at(1)->children.at(0));
    const SourceRange r = span(cond->range, otherwise->range);
    return make(ConditionalExpr{std::move(cond), std::move(then), std::move(otherwise)}, r);
  }

  static BinaryOp binary_op(std::string_view s) {
    static const std::map<std::string_view, BinaryOp> kOps = {
        {"||", BinaryOp::Or},        {"&&", BinaryOp::And},           {"==", BinaryOp::Equal},
        {"!=", BinaryOp::NotEqual},  {"<", BinaryOp::Less},           {"<=", BinaryOp::LessEqual},
        {">", BinaryOp::Greater},    {">=", BinaryOp::GreaterEqual},  {"+", BinaryOp::Add},
        {"-", BinaryOp::Subtract},   {"*", BinaryOp::Multiply},       {"/", BinaryOp::Divide},
        {"%", BinaryOp::Modulo}};
    return kOps.at(s);
  }

  ExprPtr binary(const Node& n) {
    ExprPtr lhs = expr(*n.children.at(0));
    for (std::size_t i = 1; i + 1 < n.children.size(); i += 2) {
      const BinaryOp op = binary_op(n.children[i]->string_view());
      ExprPtr rhs = expr(*n.children[i + 1]);
      const SourceRange r = span(lhs->range, rhs->range);
      lhs = make(BinaryExpr{op, std::move(lhs), std::move(rhs)}, r);
    }
    return lhs;
  }

  ExprPtr unary(const Node& n) {
    ExprPtr operand = expr(*n.children.back());
    for (std::size_t i = n.children.size() - 1; i-- > 0;) {
      const Node& op = *n.children[i];
      const UnaryOp u = op.string_view() == "!" ? UnaryOp::Not : UnaryOp::Negate;
      const SourceRange r = span(range(op), operand->range);
      operand = make(UnaryExpr{u, std::move(operand)}, r);
    }
    return operand;
  }

  static TraversalStep traversal_step(const Node& s, Builder& b) {
    TraversalStep step;
    step.range = b.range(s);
    if (s.is_type<g::attribute_access>()) {
      step.name = s.children.at(0)->string();
    } else {
      step.index = b.expr(*s.children.at(0));
    }
    return step;
  }

  ExprPtr postfix(const Node& n) {
    const Node& first = *n.children.at(0);
    if (first.is_type<g::variable>()) {
      return steps_on(nullptr, &first, n, 1, range(first).begin);
    }
    return steps_on(expr(first), nullptr, n, 1, range(first).begin);
  }

  /// Applies the postfix steps n.children[from...] to `source` (or, when null, to the
  /// variable `root`). A full splat `[*]` takes every later step as what it applies to each
  /// element; an attribute-only splat `.*` takes only the `.name` steps right after it.
  ExprPtr steps_on(ExprPtr source, const Node* root, const Node& n, std::size_t from,
                   SourcePos begin) {
    std::vector<TraversalStep> steps;
    const auto finish = [&](SourcePos end) -> ExprPtr {
      const SourceRange r{file_, begin, end};
      if (root != nullptr) {
        ScopeTraversal t{root->string(), range(*root), std::move(steps)};
        root = nullptr;
        return make(std::move(t), r);
      }
      if (steps.empty()) return source;
      return make(RelativeTraversal{std::move(source), std::move(steps)}, r);
    };
    for (std::size_t i = from; i < n.children.size(); ++i) {
      const Node& s = *n.children[i];
      if (s.is_type<g::attribute_access>() || s.is_type<g::index_access>()) {
        steps.push_back(traversal_step(s, *this));
        continue;
      }
      ExprPtr splat_source = finish(range(s).begin);
      steps.clear();
      const ExprPtr item = make(SplatItem{}, s);
      ExprPtr each;
      std::size_t next = n.children.size();
      if (s.is_type<g::full_splat>()) {
        each = steps_on(item, nullptr, n, i + 1, range(s).begin);
      } else {
        std::vector<TraversalStep> attrs;
        next = i + 1;
        while (next < n.children.size() && n.children[next]->is_type<g::attribute_access>()) {
          attrs.push_back(traversal_step(*n.children[next++], *this));
        }
        const SourcePos end = attrs.empty() ? range(s).end : attrs.back().range.end;
        each = attrs.empty() ? item
                             : make(RelativeTraversal{item, std::move(attrs)},
                                    SourceRange{file_, range(s).begin, end});
      }
      const SourceRange r{file_, begin, each->range.end};
      source = make(SplatExpr{std::move(splat_source), std::move(each),
                              s.is_type<g::attribute_splat>()},
                    r);
      i = next - 1;
    }
    return finish(n.children.size() > from ? range(*n.children.back()).end
                                           : (source ? source->range.end : range(*root).end));
  }

  /// `[for ...]` and `{for ...}`: names, collection, [key,] value, then `...` and `if`.
  ExprPtr for_expr(const Node& n) {
    ForExpr f;
    const Node& names = *n.children.at(0);
    f.value_name = names.children.back()->string();
    if (names.children.size() == 2) {
      f.key_name = names.children.front()->string();
      if (f.key_name == f.value_name) {
        diags_.error(range(*names.children.back()),
                     "The key and value names of a for expression must differ; both are \"" +
                         f.value_name + "\"");
      }
    }
    f.collection = expr(*n.children.at(1));
    std::size_t i = 2;
    if (n.is_type<g::for_object>()) f.key = expr(*n.children.at(i++));
    f.value = expr(*n.children.at(i++));
    for (; i < n.children.size(); ++i) {
      if (n.children[i]->is_type<g::expand_marker>()) {
        f.grouping = true;
      } else {
        f.cond = expr(*n.children[i]->children.at(0));
      }
    }
    return make(std::move(f), n);
  }

  ExprPtr number(const Node& n) {
    const std::string_view s = n.string_view();
    std::optional<Value> value = parse_number_literal(s);
    if (!value) {
      diags_.error(range(n), "number " + std::string(s) + " is out of range");
      value = Value::number(0);
    }
    return make(Literal{std::move(*value)}, n);
  }

  ExprPtr keyword(const Node& n) {
    const std::string_view s = n.string_view();
    if (s == "true") return make(Literal{Value::boolean(true)}, n);
    if (s == "false") return make(Literal{Value::boolean(false)}, n);
    return make(Literal{Value::null()}, n);
  }

  ExprPtr call(const Node& n) {
    FunctionCall c;
    c.name = n.children.at(0)->string();
    c.name_range = range(*n.children.at(0));
    for (const auto& a : n.children.at(1)->children) {
      if (a->is_type<g::expand_marker>()) {
        c.expand_final = true;
      } else {
        c.args.push_back(expr(*a));
      }
    }
    return make(std::move(c), n);
  }

  ExprPtr object(const Node& n) {
    ObjectExpr o;
    for (const auto& item : n.children) {
      const Node& key = *item->children.at(0)->children.at(0);
      ExprPtr k = key.is_type<g::identifier>() ? make(Literal{Value::string(key.string())}, key)
                                                : expr(key);
      o.items.push_back(ObjectItem{std::move(k), expr(*item->children.at(1))});
    }
    return make(std::move(o), n);
  }

  void escape(const Node& n, std::string& out) {
    const std::string_view s = n.string_view();  // "\n", "\u00e9", "\U0001F600"
    switch (s.at(1)) {
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      default: break;
    }
    std::uint32_t cp = 0;
    std::from_chars(s.data() + 2, s.data() + s.size(), cp, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      diags_.error(range(n), "invalid Unicode escape " + std::string(s) +
                                 ": not a Unicode scalar value");
      return;
    }
    append_utf8(out, cp);
  }

  /// Template pieces being collected; adjacent text is merged into one piece.
  struct Parts {
    std::vector<TemplatePiece> items;

    std::string& text() {
      if (items.empty() || items.back().kind != TemplatePiece::Kind::Text) {
        items.push_back(TemplatePiece{});
      }
      return items.back().text;
    }
    void add(TemplatePiece p) { items.push_back(std::move(p)); }
  };

  /// Adds one part of a quoted, heredoc or bare template (the text of the last two is raw:
  /// no backslash escapes there).
  void template_part(const Node& p, Parts& out) {
    if (p.is_type<g::template_text>() || p.is_type<g::heredoc_text>() ||
        p.is_type<g::bare_template_text>()) {
      out.text() += p.string_view();
    } else if (p.is_type<g::template_escape>()) {
      escape(p, out.text());
    } else if (p.is_type<g::literal_dollar>()) {
      out.text() += "${";
    } else if (p.is_type<g::literal_percent>()) {
      out.text() += "%{";
    } else {  // interpolation or template_directive: [~] content [~]
      TemplatePiece piece;
      piece.range = range(p);
      const Node* content = nullptr;
      for (const auto& c : p.children) {
        if (!c->is_type<g::strip_marker>()) {
          content = c.get();
        } else if (content == nullptr) {
          piece.strip_before = true;
        } else {
          piece.strip_after = true;
        }
      }
      if (p.is_type<g::interpolation>()) {
        piece.kind = TemplatePiece::Kind::Interpolation;
        piece.expr = expr(*content);
      } else {
        directive(*content, piece);
      }
      out.add(std::move(piece));
    }
  }

  void directive(const Node& d, TemplatePiece& piece) {
    using Kind = TemplatePiece::Kind;
    if (d.is_type<g::directive_if>()) {
      piece.kind = Kind::If;
      piece.expr = expr(*d.children.at(0));
    } else if (d.is_type<g::directive_for>()) {
      piece.kind = Kind::For;
      const Node& names = *d.children.at(0);
      piece.value_name = names.children.back()->string();
      if (names.children.size() == 2) piece.key_name = names.children.front()->string();
      piece.expr = expr(*d.children.at(1));
    } else {
      piece.kind = d.is_type<g::directive_else>()    ? Kind::Else
                   : d.is_type<g::directive_endif>() ? Kind::EndIf
                                                     : Kind::EndFor;
    }
  }

  /// A template without interpolations or directives is a string literal.
  ExprPtr finish_template(Parts parts, const Node& n) {
    std::vector<TemplatePart> assembled = assemble_template(std::move(parts.items), diags_);
    if (assembled.empty()) return make(Literal{Value::string("")}, n);
    if (assembled.size() == 1 && !assembled[0].expr) {
      return make(Literal{Value::string(std::move(assembled[0].text))}, n);
    }
    return make(TemplateExpr{std::move(assembled)}, n);
  }

  ExprPtr string_template(const Node& n) {
    Parts parts;
    for (const auto& p : n.children) template_part(*p, parts);
    return finish_template(std::move(parts), n);
  }

  /// `<<EOT` / `<<-EOT`: each line keeps its newline (a CRLF line keeps its "\r\n").
  ExprPtr heredoc(const Node& n) {
    bool indented = false;
    std::vector<Parts> lines;
    for (const auto& c : n.children) {
      if (c->is_type<g::heredoc_indent_marker>()) {
        indented = true;
        continue;
      }
      Parts& line = lines.emplace_back();  // a heredoc_line
      for (const auto& p : c->children) template_part(*p, line);
      line.text() += '\n';
    }
    if (indented) {
      std::vector<std::vector<TemplatePiece>*> pieces;
      for (Parts& line : lines) pieces.push_back(&line.items);
      strip_shared_indentation(pieces);
    }
    Parts all;
    for (Parts& line : lines) {
      for (TemplatePiece& p : line.items) {
        if (p.kind != TemplatePiece::Kind::Text) {
          all.add(std::move(p));
        } else if (!p.text.empty()) {  // stripping may have emptied it
          all.text() += p.text;
        }
      }
    }
    return finish_template(std::move(all), n);
  }

  static constexpr int kMaxHeight = 256;

  const std::string& file_;
  Diagnostics& diags_;
  std::unordered_map<const Expr*, int> heights_;
  bool too_deep_ = false;
};

}  // namespace

BodyPtr build_file(const Node& file, const std::string& file_name, Diagnostics& diags) {
  Builder b(file_name, diags);
  // The parse tree's root holds the `file` node.
  return b.body(*file.children.at(0));
}

ExprPtr build_expression_file(const Node& root, const std::string& file_name,
                              Diagnostics& diags) {
  Builder b(file_name, diags);
  return b.expr(*root.children.at(0)->children.at(0));
}

ExprPtr build_bare_template(const Node& root, const std::string& file_name, Diagnostics& diags) {
  Builder b(file_name, diags);
  return b.expr(*root.children.at(0));
}

}  // namespace infra::lang::detail
