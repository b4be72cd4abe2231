// templatestring and templatefile: a template evaluated with variables. The template is
// parsed by lang as the body of a heredoc (raw text with ${...} interpolations) and
// evaluated with lang::evaluate. Template variables are bare names (`${name}`) while a
// Scope resolves two-step references (`var.name`), so every free reference of the parsed
// template is rewritten to go through one root, kVarsRoot, that the VarsScope serves.
#include <algorithm>

#include "lang/eval.hpp"
#include "lang/parser.hpp"
#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

constexpr std::string_view kVarsRoot = "template vars";  // no identifier can clash
constexpr std::string_view kMarker = "INFRA_TEMPLATE_END_OF_TEXT";

/// A copy of a template's AST (which is immutable) in which every reference `name...`,
/// unless `name` is bound by an enclosing `for`, reads `<kVarsRoot>.name...`.
class Rerouter {
 public:
  lang::ExprPtr expr(const lang::ExprPtr& e) {
    if (!e) return e;
    lang::ExprNode copy =
        std::visit([&](const auto& n) -> lang::ExprNode { return this->node(n, *e); }, e->node);
    return std::make_shared<const lang::Expr>(lang::Expr{std::move(copy), e->range});
  }

 private:
  std::vector<lang::TemplatePart> parts(std::vector<lang::TemplatePart> ps) {
    for (auto& p : ps) p.expr = expr(p.expr);
    return ps;
  }
  std::vector<lang::TraversalStep> steps(std::vector<lang::TraversalStep> ss) {
    for (auto& s : ss) s.index = expr(s.index);
    return ss;
  }
  /// Runs `visit` with the names a `for` binds.
  template <typename Visit>
  void bound(const std::string& key, const std::string& value, Visit visit) {
    const std::vector<std::string> saved = bound_;
    if (!key.empty()) bound_.push_back(key);
    bound_.push_back(value);
    visit();
    bound_ = saved;
  }

  lang::ExprNode node(const lang::Literal& n, const lang::Expr&) { return n; }
  lang::ExprNode node(const lang::SplatItem& n, const lang::Expr&) { return n; }
  lang::ExprNode node(lang::TemplateExpr n, const lang::Expr&) {
    n.parts = parts(std::move(n.parts));
    return n;
  }
  lang::ExprNode node(lang::ScopeTraversal n, const lang::Expr& e) {
    n.steps = steps(std::move(n.steps));
    if (std::find(bound_.begin(), bound_.end(), n.root) != bound_.end()) return n;
    lang::TraversalStep first;
    first.name = n.root;
    first.range = {e.range.file, n.root_range.begin, n.root_range.end};
    n.steps.insert(n.steps.begin(), std::move(first));
    n.root = std::string(kVarsRoot);
    return n;
  }
  lang::ExprNode node(lang::RelativeTraversal n, const lang::Expr&) {
    n.source = expr(n.source);
    n.steps = steps(std::move(n.steps));
    return n;
  }
  lang::ExprNode node(lang::FunctionCall n, const lang::Expr&) {
    for (auto& a : n.args) a = expr(a);
    return n;
  }
  lang::ExprNode node(lang::TupleExpr n, const lang::Expr&) {
    for (auto& item : n.items) item = expr(item);
    return n;
  }
  lang::ExprNode node(lang::ObjectExpr n, const lang::Expr&) {
    for (auto& item : n.items) {
      item.key = expr(item.key);
      item.value = expr(item.value);
    }
    return n;
  }
  lang::ExprNode node(lang::UnaryExpr n, const lang::Expr&) {
    n.operand = expr(n.operand);
    return n;
  }
  lang::ExprNode node(lang::BinaryExpr n, const lang::Expr&) {
    n.lhs = expr(n.lhs);
    n.rhs = expr(n.rhs);
    return n;
  }
  lang::ExprNode node(lang::ConditionalExpr n, const lang::Expr&) {
    n.cond = expr(n.cond);
    n.then = expr(n.then);
    n.otherwise = expr(n.otherwise);
    return n;
  }
  lang::ExprNode node(lang::TemplateIf n, const lang::Expr&) {
    n.cond = expr(n.cond);
    n.then = parts(std::move(n.then));
    n.otherwise = parts(std::move(n.otherwise));
    return n;
  }
  lang::ExprNode node(lang::TemplateFor n, const lang::Expr&) {
    n.collection = expr(n.collection);
    bound(n.key_name, n.value_name, [&] { n.body = parts(std::move(n.body)); });
    return n;
  }
  lang::ExprNode node(lang::ForExpr n, const lang::Expr&) {
    n.collection = expr(n.collection);
    bound(n.key_name, n.value_name, [&] {
      n.key = expr(n.key);
      n.value = expr(n.value);
      n.cond = expr(n.cond);
    });
    return n;
  }
  lang::ExprNode node(lang::SplatExpr n, const lang::Expr&) {
    n.source = expr(n.source);
    n.each = expr(n.each);
    return n;
  }

  std::vector<std::string> bound_;
};

class VarsScope final : public lang::Scope {
 public:
  explicit VarsScope(const Value::Object& vars) : vars_(vars) {}
  std::optional<Value> resolve(std::string_view root, std::string_view name,
                               const lang::SourceRange& where,
                               lang::Diagnostics& diags) const override {
    auto it = vars_.find(std::string(name));
    if (root != kVarsRoot || it == vars_.end()) {
      diags.error(where, "vars map does not contain key \"" + std::string(name) + "\"");
      return std::nullopt;
    }
    return it->second;
  }

 private:
  const Value::Object& vars_;
};

/// The module's functions, except the template functions themselves: a template that
/// renders templates could recurse without end.
class TemplateFunctions final : public lang::FunctionTable {
 public:
  explicit TemplateFunctions(const Context& context) : functions_(context) {}
  std::optional<Value> call(std::string_view name, const std::vector<Value>& args,
                            std::string& error) const override {
    if (name == "templatefile" || name == "templatestring") {
      error = "cannot call " + std::string(name) + " from inside a template";
      return Value::null();
    }
    return functions_.call(name, args, error);
  }

 private:
  ModuleFunctions functions_;
};

/// "FILE:LINE:COLUMN: summary" with the line counted in the template, not the wrapper.
std::string describe(const lang::Diagnostic& d) {
  std::string out;
  if (d.range) {
    out = d.range->file + ":" + std::to_string(std::max(1, d.range->begin.line - 1)) + ":" +
          std::to_string(d.range->begin.column) + ": ";
  }
  return out + d.summary;
}

Value render(Args& args, const std::string& text, const std::string& file_name) {
  const Value::Object* vars = args.object(1);
  if (!vars) return {};
  if (text.find(kMarker) != std::string::npos) {
    return args.fail("the template must not contain " + std::string(kMarker));
  }
  // A heredoc's text ends with the newline before its closing marker; add one when the
  // template has none, and take it off the result again.
  const bool added_newline = text.empty() || text.back() != '\n';
  const std::string wrapped = "<<" + std::string(kMarker) + "\n" + text +
                              (added_newline ? "\n" : "") + std::string(kMarker) + "\n";
  lang::Diagnostics diags;
  lang::ExprPtr expr = lang::parse_expression(file_name, wrapped, diags);
  if (!expr || diags.has_errors()) {
    return args.fail(diags.items().empty() ? "the template cannot be parsed"
                                           : describe(diags.items().front()));
  }
  expr = Rerouter().expr(expr);
  VarsScope scope(*vars);
  TemplateFunctions functions(args.context());
  Value result = lang::evaluate(*expr, scope, &functions, diags);
  if (diags.has_errors()) return args.fail(describe(diags.items().front()));
  if (result.is_unknown()) return result;
  std::optional<std::string> s = primitive_to_string(result);
  if (!s) {
    return args.fail("the template produced " + describe_type(result) + ", not a string");
  }
  if (added_newline && !s->empty() && s->back() == '\n') s->pop_back();
  return Value::string(*s).marked_sensitive(result.contains_sensitive());
}

Value templatestring(Args& args) {
  auto text = args.string(0);
  if (!text) return {};
  return render(args, *text, "<template>");
}

Value templatefile(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  auto text = read_module_file(args, *path);
  if (!text) return {};
  return render(args, *text, *path);
}

}  // namespace

std::vector<Function> template_functions() {
  return {
      {
          .name = "templatefile",
          .params = {"path", "vars"},
          .doc = R"md(
            Renders the template in the file at `path` (relative to the module directory)
            with the variables of the map `vars`: `${name}` interpolates a variable, and any
            expression and function may appear inside `${...}`; `$${` writes a literal `${`.
            Directives `%{ if }` and `%{ for }` work as lang supports them in strings.

            ```infra
            templatefile("${path.module}/backends.tpl", {port = 8080, ip = "10.0.0.1"})
            # "backend 10.0.0.1:8080"  when the file holds  backend ${ip}:${port}
            ```
          )md",
          .impl = templatefile,
      },
      {
          .name = "templatestring",
          .params = {"template", "vars"},
          .doc = R"md(
            Renders a template held in a string, as `templatefile` renders a file; useful
            for a template read from elsewhere.

            ```infra
            templatestring("Hello, $${name}!", {name = "Jane"})  # "Hello, Jane!"
            ```
          )md",
          .impl = templatestring,
      },
  };
}

}  // namespace infra::stdlib
