// templatestring and templatefile: a template evaluated with variables. The template is
// parsed by lang as the body of a heredoc (raw text with ${...} interpolations) and
// evaluated with the variables bound as bare names (`${name}`), as a `for` binds its own.
#include <algorithm>

#include "lang/eval.hpp"
#include "lang/parser.hpp"
#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

constexpr std::string_view kMarker = "INFRA_TEMPLATE_END_OF_TEXT";

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
  for (const auto& ref : lang::references(*expr)) {
    if (!ref.parts.empty() && !vars->count(ref.parts.front())) {
      lang::Diagnostic d{lang::Severity::Error,
                         "vars map does not contain key \"" + ref.parts.front() + "\"", "", ref.range};
      return args.fail(describe(d));
    }
  }
  NoScope scope;
  TemplateFunctions functions(args.context());
  Value result = lang::evaluate(*expr, scope, &functions, diags, *vars);
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
