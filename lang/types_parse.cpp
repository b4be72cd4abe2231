// Reading a type expression (`list(string)`, `object({port = optional(number, 80)})`)
// from its AST. Type expressions are not evaluated: keywords are bare names and type
// constructors are function-call syntax; only defaults of optional attributes are values.
#include <algorithm>

#include "lang/ast.hpp"
#include "lang/eval.hpp"
#include "lang/types.hpp"

namespace infra::lang {
namespace {

constexpr const char* kSummary = "Invalid type specification";
constexpr const char* kKeywords[] = {"string", "number", "bool", "any"};
constexpr const char* kConstructors[] = {"list", "set", "map", "object", "tuple"};

std::optional<Type> keyword(const std::string& name) {
  if (name == "string") return Type::string();
  if (name == "number") return Type::number();
  if (name == "bool") return Type::boolean();
  if (name == "any") return Type::any();
  return std::nullopt;
}

bool is_constructor(const std::string& name) {
  return std::find(std::begin(kConstructors), std::end(kConstructors), name) !=
         std::end(kConstructors);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " Did you mean \"string\"?" for the closest name, when a third of its letters or fewer
// differ (at least one), else "".
template <std::size_t N>
std::string suggestion(const std::string& name, const char* const (&names)[N]) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (const char* candidate : names) {
    const std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  return best.empty() ? "" : " Did you mean \"" + best + "\"?";
}

class TypeReader {
 public:
  explicit TypeReader(Diagnostics& diags) : diags_(diags) {}

  std::optional<Type> read(const Expr& e) {
    if (const auto* t = std::get_if<ScopeTraversal>(&e.node)) return keyword_type(*t, e);
    if (const auto* c = std::get_if<FunctionCall>(&e.node)) return call_type(*c, e);
    if (const auto* l = std::get_if<Literal>(&e.node)) {
      if (l->value.kind() == Value::Kind::String &&
          (keyword(l->value.as_string()) || is_constructor(l->value.as_string()))) {
        return error(e.range, "Write the type without quotes: " + l->value.as_string() + ".");
      }
    }
    return error(e.range, kGeneral);
  }

 private:
  static constexpr const char* kGeneral =
      "A type is a keyword (string, number, bool, any) or a type constructor such as "
      "list(string).";

  std::optional<Type> error(const SourceRange& range, std::string detail) {
    diags_.error(range, kSummary, std::move(detail));
    return std::nullopt;
  }

  std::optional<Type> keyword_type(const ScopeTraversal& t, const Expr& e) {
    if (!t.steps.empty()) return error(e.range, kGeneral);
    if (std::optional<Type> k = keyword(t.root)) return k;
    if (is_constructor(t.root)) {
      return error(e.range, t.root + "(...) takes one argument, e.g. " + example(t.root) + ".");
    }
    if (t.root == "optional") return optional_misplaced(e);
    return error(e.range, "The keyword \"" + t.root + "\" is not a type." +
                              suggestion(t.root, kKeywords));
  }

  static std::string example(const std::string& constructor) {
    if (constructor == "object") return "object({name = string})";
    if (constructor == "tuple") return "tuple([string, number])";
    return constructor + "(string)";
  }

  std::optional<Type> optional_misplaced(const Expr& e) {
    return error(e.range,
                 "optional(...) is only allowed for an attribute of object({...}), e.g. "
                 "object({port = optional(number, 80)}).");
  }

  std::optional<Type> call_type(const FunctionCall& c, const Expr& e) {
    if (c.name == "optional") return optional_misplaced(e);
    if (!is_constructor(c.name)) {
      if (keyword(c.name)) {
        return error(e.range, c.name + " is a type by itself; write it without arguments.");
      }
      return error(c.name_range, "There is no type constructor \"" + c.name + "\"." +
                                     suggestion(c.name, kConstructors));
    }
    const std::string takes = c.name + "(...) takes one argument, e.g. " + example(c.name) + ".";
    if (c.args.empty() || c.expand_final) return error(e.range, takes);
    if (c.args.size() > 1) {
      return error(SourceRange{e.range.file, c.args[1]->range.begin, c.args.back()->range.end},
                   takes);
    }
    const Expr& arg = *c.args.front();
    if (c.name == "object") return object_type(arg, takes);
    if (c.name == "tuple") return tuple_type(arg, takes);
    std::optional<Type> element = read(arg);
    if (!element) return std::nullopt;
    if (c.name == "list") return Type::list(std::move(*element));
    if (c.name == "set") return Type::set(std::move(*element));
    return Type::map(std::move(*element));
  }

  std::optional<Type> tuple_type(const Expr& arg, const std::string& takes) {
    const auto* items = std::get_if<TupleExpr>(&arg.node);
    if (items == nullptr) return error(arg.range, takes);
    std::vector<Type> elements;
    for (const ExprPtr& item : items->items) {
      std::optional<Type> t = read(*item);
      if (!t) return std::nullopt;
      elements.push_back(std::move(*t));
    }
    return Type::tuple(std::move(elements));
  }

  std::optional<Type> object_type(const Expr& arg, const std::string& takes) {
    const auto* items = std::get_if<ObjectExpr>(&arg.node);
    if (items == nullptr) return error(arg.range, takes);
    std::vector<ObjectAttribute> attributes;
    for (const ObjectItem& item : items->items) {
      const auto* key = std::get_if<Literal>(&item.key->node);
      if (key == nullptr || key->value.kind() != Value::Kind::String) {
        return error(item.key->range, "An attribute name is a name or a quoted string.");
      }
      const std::string& name = key->value.as_string();
      if (std::any_of(attributes.begin(), attributes.end(),
                      [&](const ObjectAttribute& a) { return a.name == name; })) {
        return error(item.key->range, "The attribute \"" + name + "\" is declared twice.");
      }
      std::optional<ObjectAttribute> a = attribute(name, *item.value);
      if (!a) return std::nullopt;
      attributes.push_back(std::move(*a));
    }
    return Type::object(std::move(attributes));
  }

  std::optional<ObjectAttribute> attribute(const std::string& name, const Expr& e) {
    const auto* c = std::get_if<FunctionCall>(&e.node);
    if (c == nullptr || c->name != "optional") {
      std::optional<Type> t = read(e);
      if (!t) return std::nullopt;
      return ObjectAttribute{name, std::move(*t), false, std::nullopt};
    }
    if (c->args.empty() || c->args.size() > 2 || c->expand_final) {
      error(e.range, "optional(...) takes a type and, optionally, a default value, e.g. "
                     "optional(number, 80).");
      return std::nullopt;
    }
    std::optional<Type> t = read(*c->args[0]);
    if (!t) return std::nullopt;
    ObjectAttribute a{name, std::move(*t), true, std::nullopt};
    if (c->args.size() == 2 && !(a.default_value = default_value(*c->args[1], a.type))) {
      return std::nullopt;
    }
    // A null default is no default.
    if (a.default_value && a.default_value->is_null()) a.default_value.reset();
    return a;
  }

  std::optional<Value> default_value(const Expr& e, const Type& t) {
    const std::size_t before = diags_.items().size();
    const Value v = evaluate(e, ConstantScope(), nullptr, diags_);
    if (diags_.items().size() != before) return std::nullopt;
    Conversion c = convert(v, t);
    if (!c.ok()) {
      diags_.error(e.range, "Invalid default value for optional attribute",
                   "The default must be " + to_string(t) + ": " + c.error() + ".");
      return std::nullopt;
    }
    return c.value;
  }

  Diagnostics& diags_;
};

}  // namespace

std::optional<Type> parse_type(const Expr& e, Diagnostics& diags) {
  return TypeReader(diags).read(e);
}

}  // namespace infra::lang
