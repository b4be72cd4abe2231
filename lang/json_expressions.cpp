// JSON values to expressions (see json_expressions.hpp). A string's escapes are decoded
// before the native parser reads it, so the parser's positions are offsets into the
// decoded text; the copy made here puts every one of them back at its place in the file.
#include "lang/json_expressions.hpp"

#include <algorithm>
#include <cctype>

#include "lang/parser.hpp"
#include "lang/unicode.hpp"

namespace infra::lang::detail {
namespace {

ExprPtr make(ExprNode node, SourceRange range) {
  return std::make_shared<const Expr>(Expr{std::move(node), std::move(range)});
}

/// Copies an expression parsed from the decoded text of a JSON string (with positions
/// counted from its start) with every position moved to where it was written in the file.
class Relocator {
 public:
  explicit Relocator(const JsonValue& string) : string_(string) {}

  SourcePos pos(const SourcePos& p) const { return string_.position_in_string(p.offset); }
  SourceRange range(const SourceRange& r) const { return {r.file, pos(r.begin), pos(r.end)}; }

  ExprPtr operator()(const ExprPtr& e) const {
    if (!e) return nullptr;
    return make(std::visit([this](const auto& n) { return ExprNode(copy(n)); }, e->node),
                range(e->range));
  }

  /// A message that names places ("opened at 1:12") names them in the file.
  std::string message(const std::string& text) const {
    const auto digits = [&](std::size_t k) {
      while (k < text.size() && std::isdigit(static_cast<unsigned char>(text[k]))) ++k;
      return k;
    };
    std::string out;
    std::size_t i = 0;
    for (std::size_t at; (at = text.find(" at ", i)) != std::string::npos;) {
      const std::size_t line = at + 4, colon = digits(line);
      const std::size_t column = colon + 1, end = digits(column);
      if (colon == line || colon >= text.size() || text[colon] != ':' || end == column) {
        out += text.substr(i, line - i);
        i = line;
        continue;
      }
      const SourcePos p = string_.position_in_string(
          decoded_offset(std::stoi(text.substr(line, colon - line)),
                         std::stoi(text.substr(column, end - column))));
      out += text.substr(i, at - i) + " at " + std::to_string(p.line) + ":" +
             std::to_string(p.column);
      i = end;
    }
    return out + text.substr(i);
  }

 private:
  /// The offset in the decoded text of a line and column counted from its start.
  std::size_t decoded_offset(int line, int column) const {
    std::size_t start = 0;
    for (int l = 1; l < line; ++l) {
      const std::size_t nl = string_.text.find('\n', start);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    return std::min(start + static_cast<std::size_t>(std::max(column, 1) - 1),
                    string_.text.size());
  }

  std::vector<TemplatePart> parts(const std::vector<TemplatePart>& ps) const {
    std::vector<TemplatePart> out;
    for (const TemplatePart& p : ps) out.push_back(TemplatePart{p.text, (*this)(p.expr)});
    return out;
  }
  std::vector<TraversalStep> steps(const std::vector<TraversalStep>& ss) const {
    std::vector<TraversalStep> out;
    for (const TraversalStep& s : ss) {
      out.push_back(TraversalStep{s.name, (*this)(s.index), range(s.range)});
    }
    return out;
  }
  std::vector<ExprPtr> all(const std::vector<ExprPtr>& es) const {
    std::vector<ExprPtr> out;
    for (const ExprPtr& e : es) out.push_back((*this)(e));
    return out;
  }

  Literal copy(const Literal& l) const { return l; }
  SplatItem copy(const SplatItem& s) const { return s; }
  TemplateExpr copy(const TemplateExpr& t) const { return {parts(t.parts)}; }
  TemplateIf copy(const TemplateIf& t) const {
    return {(*this)(t.cond), parts(t.then), parts(t.otherwise)};
  }
  TemplateFor copy(const TemplateFor& t) const {
    return {t.key_name, t.value_name, (*this)(t.collection), parts(t.body)};
  }
  ScopeTraversal copy(const ScopeTraversal& t) const {
    return {t.root, range(t.root_range), steps(t.steps)};
  }
  RelativeTraversal copy(const RelativeTraversal& t) const {
    return {(*this)(t.source), steps(t.steps)};
  }
  FunctionCall copy(const FunctionCall& c) const {
    return {c.name, range(c.name_range), all(c.args), c.expand_final};
  }
  TupleExpr copy(const TupleExpr& t) const { return {all(t.items)}; }
  ObjectExpr copy(const ObjectExpr& o) const {
    ObjectExpr out;
    for (const ObjectItem& i : o.items) out.items.push_back({(*this)(i.key), (*this)(i.value)});
    return out;
  }
  ForExpr copy(const ForExpr& f) const {
    return {f.key_name, f.value_name, (*this)(f.collection), (*this)(f.key),
            (*this)(f.value), (*this)(f.cond), f.grouping};
  }
  SplatExpr copy(const SplatExpr& s) const {
    return {(*this)(s.source), (*this)(s.each), s.attribute_only};
  }
  UnaryExpr copy(const UnaryExpr& u) const { return {u.op, (*this)(u.operand)}; }
  BinaryExpr copy(const BinaryExpr& b) const { return {b.op, (*this)(b.lhs), (*this)(b.rhs)}; }
  ConditionalExpr copy(const ConditionalExpr& c) const {
    return {(*this)(c.cond), (*this)(c.then), (*this)(c.otherwise)};
  }

  const JsonValue& string_;
};

class Reader {
 public:
  Reader(const std::string& file, Diagnostics& diags) : file_(file), diags_(diags) {}

  ExprPtr value(const JsonValue& v, JsonStrings strings) {
    switch (v.kind) {
      case JsonValue::Kind::Null: return make(Literal{Value::null()}, v.range);
      case JsonValue::Kind::Bool: return make(Literal{Value::boolean(v.boolean)}, v.range);
      case JsonValue::Kind::Number: return number(v);
      case JsonValue::Kind::String: return string(v, strings, false);
      case JsonValue::Kind::Array: {
        TupleExpr t;
        for (const JsonValue& item : v.items) t.items.push_back(value(item, strings));
        return all_parsed(t.items) ? make(std::move(t), v.range) : nullptr;
      }
      case JsonValue::Kind::Object: {
        ObjectExpr o;
        std::vector<ExprPtr> parts;
        for (const JsonMember& m : v.members) {
          o.items.push_back({string(m.name, strings, true), value(m.value, strings)});
          parts.push_back(o.items.back().key);
          parts.push_back(o.items.back().value);
        }
        return all_parsed(parts) ? make(std::move(o), v.range) : nullptr;
      }
    }
    return nullptr;
  }

 private:
  static bool all_parsed(const std::vector<ExprPtr>& es) {
    return std::all_of(es.begin(), es.end(), [](const ExprPtr& e) { return e != nullptr; });
  }

  /// `-5` is the negation of 5, as the native syntax reads it.
  ExprPtr number(const JsonValue& v) {
    const bool negative = v.text.front() == '-';
    SourceRange digits = v.range;
    if (negative) {
      ++digits.begin.column;
      ++digits.begin.offset;
    }
    std::optional<Value> n = parse_number_literal(std::string_view(v.text).substr(negative));
    if (!n) {
      diags_.error(v.range, "number " + v.text + " is out of range");
      n = Value::number(0);
    }
    ExprPtr literal = make(Literal{std::move(*n)}, digits);
    return negative ? make(UnaryExpr{UnaryOp::Negate, std::move(literal)}, v.range) : literal;
  }

  ExprPtr string(const JsonValue& s, JsonStrings strings, bool key) {
    if (strings == JsonStrings::Expressions) {
      ExprPtr e = parsed(s, [&](std::string_view text, Diagnostics& d) {
        return parse_expression(file_, text, d);
      });
      const auto* name = e ? std::get_if<ScopeTraversal>(&e->node) : nullptr;
      if (key && name != nullptr && name->steps.empty()) {
        return make(Literal{Value::string(name->root)}, e->range);
      }
      return e;
    }
    // Most strings have nothing to interpolate: no need to run the parser for them.
    if (strings == JsonStrings::Literals ||
        (s.text.find("${") == std::string::npos && s.text.find("%{") == std::string::npos)) {
      return make(Literal{Value::string(nfc(s.text))}, s.range);
    }
    ExprPtr e = parsed(s, [&](std::string_view text, Diagnostics& d) {
      return parse_template(file_, text, SourcePos{}, d);
    });
    if (!e) return nullptr;
    if (const auto* t = std::get_if<TemplateExpr>(&e->node);
        t != nullptr && t->parts.size() == 1 && t->parts[0].expr &&
        !std::holds_alternative<TemplateIf>(t->parts[0].expr->node) &&
        !std::holds_alternative<Boxed<TemplateFor>>(t->parts[0].expr->node)) {
      return t->parts[0].expr;
    }
    return make(e->node, s.range);
  }

  /// Runs `parse` over the decoded text of `s` and moves every position, in the result
  /// and in the messages, to the file.
  template <typename Parse>
  ExprPtr parsed(const JsonValue& s, Parse parse) {
    const Relocator relocate(s);
    Diagnostics local;
    ExprPtr e = relocate(parse(s.text, local));
    for (Diagnostic d : local.items()) {
      if (d.range) d.range = relocate.range(*d.range);
      d.summary = relocate.message(d.summary);
      // The text the parser saw ends where the string does.
      for (std::size_t at = d.summary.find("the end of the file"); at != std::string::npos;
           at = d.summary.find("the end of the file", at + 1)) {
        d.summary.replace(at, 19, "the end of the string");
      }
      diags_.add(std::move(d));
    }
    return e;
  }

  const FileName file_;
  Diagnostics& diags_;
};

}  // namespace

ExprPtr json_expression(const JsonValue& v, JsonStrings strings, const std::string& file_name,
                        Diagnostics& diags) {
  return Reader(file_name, diags).value(v, strings);
}

}  // namespace infra::lang::detail
