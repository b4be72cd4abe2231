// templatestring and templatefile: a template evaluated with variables. The template is
// parsed by lang as a bare template (raw text with ${...} interpolations and %{...}
// directives) and evaluated with the variables bound as bare names (`${name}`), as a `for`
// binds its own, and with the functions of the module that calls it, its user-defined
// ones too.
#include "lang/ast.hpp"
#include "lang/eval.hpp"
#include "lang/parser.hpp"
#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

// Every name a template refers to must be one of its variables: Terraform checks this
// before rendering, so even a branch not taken cannot name a missing one.
class NoScope final : public lang::Scope {
 public:
  std::optional<Value> resolve(std::string_view root, std::string_view, const lang::SourceRange& where,
                               lang::Diagnostics& diags) const override {
    diags.error(where, "vars map does not contain key \"" + std::string(root) + "\"");
    return std::nullopt;
  }
};

/// The module's functions, its user-defined ones (those of `caller`) included, except the
/// template functions themselves: a template that renders templates could recurse without
/// end. A user-defined function called from a template calls through this table too, so
/// it cannot render a template either.
class TemplateFunctions final : public lang::FunctionTable {
 public:
  TemplateFunctions(const Context& context, const lang::FunctionTable* caller)
      : functions_(context), caller_(caller) {}
  std::optional<Value> call(std::string_view name, const std::vector<Value>& args,
                            std::string& error) const override {
    if (name == "templatefile" || name == "templatestring") {
      error = "cannot call " + std::string(name) + " from inside a template";
      return Value::null();
    }
    return functions_.call(name, args, error);
  }
  const lang::Function* declared(std::string_view name) const override {
    return caller_ != nullptr ? caller_->declared(name) : nullptr;
  }

 private:
  ModuleFunctions functions_;
  const lang::FunctionTable* caller_;
};

/// "FILE:LINE:COLUMN: summary"
std::string describe(const lang::Diagnostic& d) {
  return d.range ? lang::location(*d.range) + ": " + d.summary : d.summary;
}

Value render(Args& args, const std::string& text, const std::string& file_name) {
  const Value::Object* vars = args.object(1);
  if (!vars) return {};
  lang::Diagnostics diags;
  lang::ExprPtr expr = lang::parse_template(file_name, text, lang::SourcePos{}, diags);
  if (!expr || diags.has_errors()) {
    return args.fail(diags.items().empty() ? "the template cannot be parsed"
                                           : describe(diags.items().front()));
  }
  // A template renders to text. lang evaluates a lone interpolation, "${x}", to x itself;
  // an empty text part after it makes it render as text like every other template.
  if (const auto* t = std::get_if<lang::TemplateExpr>(&expr->node);
      t != nullptr && t->parts.size() == 1 && t->parts[0].expr) {
    expr = std::make_shared<const lang::Expr>(
        lang::Expr{lang::TemplateExpr{{t->parts[0], lang::TemplatePart{}}}, expr->range});
  }
  for (const auto& ref : lang::references(*expr)) {
    if (!ref.parts.empty() && !vars->count(ref.parts.front())) {
      lang::Diagnostic d{lang::Severity::Error,
                         "vars map does not contain key \"" + ref.parts.front() + "\"", "", ref.range};
      return args.fail(describe(d));
    }
  }
  NoScope scope;
  TemplateFunctions functions(args.context(), args.caller());
  Value result = lang::evaluate(*expr, scope, &functions, diags, *vars);
  if (diags.has_errors()) return args.fail(describe(diags.items().front()));
  return result;  // a string (with its sensitive mark), or unknown
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
            expression may appear inside `${...}`; `$${` writes a literal `${`.
            Directives `%{ if }` and `%{ for }` work as lang supports them in strings. The
            template may call the built-in functions and the module's own (`function`
            blocks), but not `templatefile` or `templatestring`: templates do not nest.

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
