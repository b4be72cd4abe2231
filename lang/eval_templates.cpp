// Evaluation of templates: interpolations and the `%{ if }` / `%{ for }` directives.
// Templates render to strings; an unknown part makes the whole string unknown.
#include "lang/eval_ops.hpp"
#include "lang/evaluator.hpp"

namespace infra::lang::detail {

Result Evaluator::render(const std::vector<TemplatePart>& parts) {
  std::string out;
  bool ok = true, unknown = false, sensitive = false;
  for (const TemplatePart& part : parts) {
    if (!part.expr) {
      out += part.text;
      continue;
    }
    Result v = eval(*part.expr);
    if (!v) {
      ok = false;
      continue;
    }
    sensitive = sensitive || v->contains_sensitive();
    if (v->is_unknown()) {
      unknown = true;
      continue;
    }
    switch (v->kind()) {
      case Value::Kind::String: out += v->as_string(); break;
      case Value::Kind::Number: out += format_number(v->as_number()); break;
      case Value::Kind::Bool: out += v->as_bool() ? "true" : "false"; break;
      default:
        diags_->error(part.expr->range, "Cannot include " + ops::article(v->type_name()) +
                                            " value in a string template");
        ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (unknown) return Value::unknown().marked_sensitive(sensitive);
  return Value::string(std::move(out)).marked_sensitive(sensitive);
}

Result Evaluator::eval_node(const TemplateIf& t, const Expr&) {
  Result cond = eval(*t.cond);
  if (!cond) return std::nullopt;
  const bool sensitive = cond->is_sensitive();
  if (cond->is_unknown()) return Value::unknown().marked_sensitive(sensitive);
  if (cond->kind() != Value::Kind::Bool) {
    diags_->error(t.cond->range, "The condition of an if directive must be a bool, not " +
                                     ops::article(cond->type_name()));
    return std::nullopt;
  }
  Result v = render(cond->as_bool() ? t.then : t.otherwise);
  if (!v) return std::nullopt;
  return std::move(*v).marked_sensitive(sensitive);
}

Result Evaluator::eval_node(const TemplateFor& t, const Expr&) {
  Result collection = eval(*t.collection);
  if (!collection) return std::nullopt;
  const bool sensitive = collection->is_sensitive();
  bool unknown = false;
  const auto items = elements(*collection, t.collection->range, unknown);
  if (unknown) return Value::unknown().marked_sensitive(sensitive);
  if (!items) return std::nullopt;
  std::string out;
  bool unknown_part = false, sensitive_part = sensitive;
  for (const Element& item : *items) {
    if (!t.key_name.empty()) locals_.emplace_back(t.key_name, item.key);
    locals_.emplace_back(t.value_name, item.value);
    Result v = render(t.body);
    locals_.resize(locals_.size() - (t.key_name.empty() ? 1 : 2));
    if (!v) return std::nullopt;
    sensitive_part = sensitive_part || v->is_sensitive();
    if (v->is_unknown()) {
      unknown_part = true;
    } else {
      out += v->as_string();
    }
  }
  if (unknown_part) return Value::unknown().marked_sensitive(sensitive_part);
  return Value::string(std::move(out)).marked_sensitive(sensitive_part);
}

}  // namespace infra::lang::detail
