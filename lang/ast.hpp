// AST of the configuration language: plain structs, one per construct, each expression
// with its source range. The parser (lang/parser.cpp) builds it; the config loader, the
// evaluator and the dumper read it. Nothing here knows about PEGTL.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "lang/config.hpp"
#include "lang/diagnostics.hpp"
#include "lang/value.hpp"

namespace infra::lang {

/// A constant: number, bool, null, or a string without interpolations.
struct Literal {
  Value value;
};

/// One piece of a template: literal text, or an interpolated expression (`${ expr }`) or
/// directive (a TemplateIf or TemplateFor node).
struct TemplatePart {
  std::string text;  // used when `expr` is null
  ExprPtr expr;
};

/// A quoted string with at least one interpolation or directive, e.g. `"name-${var.x}"`.
struct TemplateExpr {
  std::vector<TemplatePart> parts;
};

/// `%{ if cond }then%{ else }otherwise%{ endif }` inside a template; renders to a string.
struct TemplateIf {
  ExprPtr cond;
  std::vector<TemplatePart> then;
  std::vector<TemplatePart> otherwise;
};

/// `%{ for key, value in collection }body%{ endfor }` inside a template; the body is
/// rendered once per element and the results joined. `key_name` is empty with one name.
struct TemplateFor {
  std::string key_name;
  std::string value_name;
  ExprPtr collection;
  std::vector<TemplatePart> body;
};

/// `.name` or `[index]` after a reference or an expression.
struct TraversalStep {
  std::string name;  // for an attribute step
  ExprPtr index;     // for an index step; null for an attribute step
  SourceRange range;
  bool is_index() const { return index != nullptr; }
};

/// A reference to a name: `var.x`, `local_file.a.id`, `aws_instance.web[0].ip`.
struct ScopeTraversal {
  std::string root;
  SourceRange root_range;
  std::vector<TraversalStep> steps;
};

/// Steps applied to any other expression: `f(x).a`, `[1, 2][0]`.
struct RelativeTraversal {
  ExprPtr source;
  std::vector<TraversalStep> steps;
};

/// `name(args...)`; with `expand_final`, the last argument is a list spread into arguments.
struct FunctionCall {
  std::string name;
  SourceRange name_range;
  std::vector<ExprPtr> args;
  bool expand_final = false;
};

/// `[a, b, c]`
struct TupleExpr {
  std::vector<ExprPtr> items;
};

/// One `key = value` of an object constructor. A bare identifier key is a string literal.
struct ObjectItem {
  ExprPtr key;
  ExprPtr value;
};

/// `{ a = 1, "b" = 2 }`
struct ObjectExpr {
  std::vector<ObjectItem> items;
};

/// `[for k, v in coll : value if cond]`, or with `key` set, `{for k, v in coll : key => value}`
/// (`grouping` when the value is followed by `...`). `key_name` is empty with one name.
struct ForExpr {
  std::string key_name;
  std::string value_name;
  ExprPtr collection;
  ExprPtr key;  // null for a list result
  ExprPtr value;
  ExprPtr cond;  // null when there is no `if`
  bool grouping = false;
};

/// The element a splat's `each` is evaluated against (HCL's anonymous symbol).
struct SplatItem {};

/// `source[*].each` (full splat: every following step applies per element) or
/// `source.*.attr` (attribute-only splat: only the `.attr` steps right after it). `each`
/// is an expression over a SplatItem.
struct SplatExpr {
  ExprPtr source;
  ExprPtr each;
  bool attribute_only = false;
};

enum class UnaryOp { Not, Negate };

struct UnaryExpr {
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp {
  Or, And, Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual,
  Add, Subtract, Multiply, Divide, Modulo,
};

/// The operator as written ("&&", "+", ...).
const char* to_string(BinaryOp op);

struct BinaryExpr {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};

/// `cond ? then : otherwise`
struct ConditionalExpr {
  ExprPtr cond;
  ExprPtr then;
  ExprPtr otherwise;
};

/// A node kept behind a pointer, so that a large and rare construct does not set the size
/// of every expression (a for expression is three times the size of a binary operation).
/// It reads as the node itself: visitors written for `const T&` accept it.
template <typename T>
class Boxed {
 public:
  Boxed(T node) : node_(std::make_unique<T>(std::move(node))) {}  // NOLINT: implicit, as T
  Boxed(const Boxed& other) : node_(std::make_unique<T>(*other.node_)) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& other) { return *this = Boxed(other); }
  Boxed& operator=(Boxed&&) noexcept = default;
  ~Boxed() = default;

  const T& operator*() const { return *node_; }
  const T* operator->() const { return node_.get(); }
  operator const T&() const { return *node_; }  // NOLINT: reads as the node

 private:
  std::unique_ptr<T> node_;
};

using ExprNode = std::variant<Literal, TemplateExpr, ScopeTraversal, RelativeTraversal,
                              FunctionCall, TupleExpr, ObjectExpr, UnaryExpr, BinaryExpr,
                              ConditionalExpr, TemplateIf, Boxed<TemplateFor>, Boxed<ForExpr>,
                              SplatItem, SplatExpr>;

/// An expression and where it was written.
struct Expr {
  ExprNode node;
  SourceRange range;
};

/// `name = expr` in a body.
struct Attribute {
  std::string name;
  SourceRange name_range;
  ExprPtr value;
  SourceRange range;  // name to end of value
};

/// `type "label" label { body }`
struct Block {
  std::string type;
  std::vector<std::string> labels;
  std::vector<SourceRange> label_ranges;
  BodyPtr body;
  SourceRange type_range;
  SourceRange range;  // the header: type to the end of the last label
};

/// The contents of a file or of a block. Attributes and blocks keep source order
/// within their own list; compare `range.begin.offset` to interleave them.
struct Body {
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
  SourceRange range;

  const Attribute* find_attribute(std::string_view name) const;
};

}  // namespace infra::lang
