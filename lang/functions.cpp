// Decoding `function` blocks (lang/functions.hpp): their parameters, types and result, and
// the checks that need nothing but the block itself.
#include "lang/functions.hpp"

#include <algorithm>
#include <cstdint>

#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "lang/parser.hpp"
#include "lang/types.hpp"

namespace infra::lang {
namespace {

std::string plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Whether calls can name `name`: the parser decides, as it does for the calls themselves.
bool callable(const std::string& name) {
  Diagnostics ignored;
  const std::string text = name + "()";
  const ExprPtr e = parse_expression("", text, ignored);
  const auto* call = e ? std::get_if<FunctionCall>(&e->node) : nullptr;
  return call != nullptr && call->name == name && !ignored.has_errors();
}

// Whether a bare name in an expression can refer to `name`.
bool referable(const std::string& name) {
  Diagnostics ignored;
  const ExprPtr e = parse_expression("", name, ignored);
  const auto* t = e ? std::get_if<ScopeTraversal>(&e->node) : nullptr;
  return t != nullptr && t->root == name && t->steps.empty() && !ignored.has_errors();
}

class Decoder {
 public:
  Decoder(std::vector<Function>& functions, Diagnostics& diags)
      : functions_(functions), diags_(diags) {}

  void block(const Block& b) {
    if (b.labels.size() != 1) {
      diags_.error(b.range, "function blocks need one label: the name");
      return;
    }
    Function f;
    f.name = b.labels[0];
    f.range = b.range;
    f.name_range = b.label_ranges[0];
    const auto prior = std::find_if(functions_.begin(), functions_.end(),
                                    [&](const Function& g) { return g.name == f.name; });
    if (prior != functions_.end()) {
      diags_.error(f.name_range, "Duplicate function \"" + f.name + "\"; first declared at " +
                                     location(prior->name_range));
      return;
    }
    if (!callable(f.name)) {
      diags_.error(f.name_range, "Invalid function name \"" + f.name + "\"",
                   "A call names the function, so its name must be an identifier: letters, "
                   "digits, underscores and dashes, starting with a letter or an underscore.");
    } else if (f.name == "can" || f.name == "try") {
      report_builtin_name(f, diags_);
    }
    const std::string where = "function \"" + f.name + "\"";
    for (const Attribute& a : b.body->attributes) {
      if (a.name == "description") {
        f.description = constant_string(a);
      } else if (a.name == "result") {
        f.result = a.value;
      } else if (a.name == "result_type") {
        f.result_type = type(*a.value);
      } else {
        diags_.error(a.name_range, "Unexpected attribute \"" + a.name + "\" in " + where,
                     "Expected one of: description, result, result_type.");
      }
    }
    for (const Block& nested : b.body->blocks) {
      if (nested.type == "parameter" || nested.type == "variadic_parameter") {
        parameter(f, nested);
      } else {
        diags_.error(nested.type_range, "Unexpected block \"" + nested.type + "\" in " + where,
                     "A function takes parameter blocks and one variadic_parameter block.");
      }
    }
    if (f.result) {
      check_references(f);
    } else {
      diags_.error(b.range, "Missing required attribute \"result\" in " + where,
                   "The result is the expression the function evaluates to.");
    }
    functions_.push_back(std::move(f));
  }

 private:
  void parameter(Function& f, const Block& b) {
    const bool variadic = b.type == "variadic_parameter";
    if (b.labels.size() != 1) {
      diags_.error(b.range, b.type + " blocks need one label: the name");
      return;
    }
    Parameter p{b.labels[0], nullptr, {}, b.label_ranges[0]};
    if (!referable(p.name)) {
      diags_.error(p.range, "Invalid parameter name \"" + p.name + "\"",
                   "The result refers to a parameter by its name, so the name must be an "
                   "identifier: letters, digits, underscores and dashes, starting with a letter "
                   "or an underscore.");
    }
    if (const Parameter* prior = find_parameter(f, p.name)) {
      diags_.error(p.range, "Duplicate parameter \"" + p.name + "\" of function \"" + f.name +
                                "\"; first declared at " + location(prior->range));
      return;
    }
    if (f.variadic) {
      diags_.error(p.range,
                   variadic ? "Function \"" + f.name + "\" has a second variadic_parameter"
                            : "Parameter \"" + p.name + "\" comes after the variadic_parameter",
                   "The variadic_parameter \"" + f.variadic->name +
                       "\" receives the remaining arguments, so it comes last and only once.");
      return;
    }
    const std::string where = b.type + " \"" + p.name + "\"";
    for (const Attribute& a : b.body->attributes) {
      if (a.name == "type") {
        p.type = type(*a.value);
      } else if (a.name == "description") {
        p.description = constant_string(a);
      } else {
        diags_.error(a.name_range, "Unexpected attribute \"" + a.name + "\" in " + where,
                     "Expected one of: type, description.");
      }
    }
    for (const Block& nested : b.body->blocks) {
      diags_.error(nested.type_range, "Unexpected block \"" + nested.type + "\" in " + where);
    }
    if (variadic) {
      f.variadic = std::move(p);
    } else {
      f.parameters.push_back(std::move(p));
    }
  }

  static const Parameter* find_parameter(const Function& f, const std::string& name) {
    for (const Parameter& p : f.parameters) {
      if (p.name == name) return &p;
    }
    return f.variadic && f.variadic->name == name ? &*f.variadic : nullptr;
  }

  // A function is pure: every name in its result is one of its parameters (or bound by a
  // for expression inside it, which references() leaves out).
  void check_references(const Function& f) {
    for (const Reference& r : references(*f.result)) {
      const std::string& root = r.parts.front();
      if (find_parameter(f, root) != nullptr) continue;
      if (r.parts.size() == 1) {
        diags_.error(r.range, "Reference to undeclared parameter \"" + root + "\"",
                     "Function \"" + f.name + "\" " + parameter_list(f) + ".");
        continue;
      }
      std::string what;
      for (const std::string& part : r.parts) what += (what.empty() ? "" : ".") + part;
      diags_.error(r.range,
                   "Functions are pure: function \"" + f.name + "\" cannot refer to " + what,
                   "A function's result may use only its parameters, the built-in functions "
                   "and other functions; pass what it needs as an argument.");
    }
  }

  static std::string parameter_list(const Function& f) {
    std::string names;
    for (const Parameter& p : f.parameters) names += (names.empty() ? "" : ", ") + p.name;
    if (f.variadic) names += (names.empty() ? "" : ", ") + f.variadic->name;
    return names.empty() ? "has no parameters" : "has the parameters " + names;
  }

  std::shared_ptr<const Type> type(const Expr& e) {
    auto t = parse_type(e, diags_);
    return t ? std::make_shared<const Type>(std::move(*t)) : nullptr;
  }

  std::string constant_string(const Attribute& a) {
    Diagnostics local;
    const Value v = evaluate(*a.value, ConstantScope(), nullptr, local);
    diags_.append(local);
    if (local.has_errors()) return {};
    if (v.kind() != Value::Kind::String) {
      diags_.error(a.value->range, "\"" + a.name + "\" must be a string");
      return {};
    }
    return v.as_string();
  }

  std::vector<Function>& functions_;
  Diagnostics& diags_;
};

}  // namespace

std::size_t Function::max_args() const { return variadic ? SIZE_MAX : parameters.size(); }

std::string Function::signature() const {
  std::string out = name + "(";
  for (const Parameter& p : parameters) out += (&p == &parameters.front() ? "" : ", ") + p.name;
  if (variadic) out += (parameters.empty() ? "" : ", ") + variadic->name + "...";
  return out + ")";
}

std::string Function::arity_error(std::size_t count) const {
  if (count >= min_args() && count <= max_args()) return {};
  const std::string expects = (variadic ? "at least " : "") + plural(min_args(), "argument");
  return name + ": expects " + expects + ", got " + std::to_string(count) +
         "; usage: " + signature();
}

void add_function(std::vector<Function>& functions, const Block& block, Diagnostics& diags) {
  Decoder(functions, diags).block(block);
}

void report_builtin_name(const Function& function, Diagnostics& diags) {
  diags.error(function.name_range,
              "A function cannot be named \"" + function.name +
                  "\": that is the name of a built-in function",
              "Calls of \"" + function.name + "\" would be ambiguous; choose another name.");
}

}  // namespace infra::lang
