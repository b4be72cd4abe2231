// The special forms `can(expr)` and `try(expr, fallback...)`. They look like function
// calls but take their arguments unevaluated: an argument's errors are caught (into a
// scratch Diagnostics) instead of reported, which no FunctionTable entry could do.
#include "lang/evaluator.hpp"

namespace infra::lang::detail {

Result Evaluator::special_form(const FunctionCall& c, const Expr& e, bool& handled) {
  handled = c.name == "can" || c.name == "try";
  if (!handled) return std::nullopt;
  const std::string invalid = "Invalid call to function \"" + c.name + "\": ";
  if (c.expand_final) {
    diags_->error(e.range, invalid + "its arguments cannot be expanded with \"...\"");
    return std::nullopt;
  }
  if (c.name == "can" && c.args.size() != 1) {
    diags_->error(e.range, invalid + "it takes exactly one argument, not " +
                               std::to_string(c.args.size()));
    return std::nullopt;
  }
  if (c.args.empty()) {
    diags_->error(e.range, invalid + "at least one argument is required");
    return std::nullopt;
  }
  std::string failures;
  for (const ExprPtr& arg : c.args) {
    Diagnostics scratch;
    Diagnostics* const saved = diags_;
    diags_ = &scratch;
    Result v = eval(*arg);
    diags_ = saved;
    if (!v || scratch.has_errors()) {
      if (c.name == "can") return Value::boolean(false);
      for (const Diagnostic& d : scratch.items()) {
        if (d.range) {
          failures += "\n- " + std::to_string(d.range->begin.line) + ":" +
                      std::to_string(d.range->begin.column) + ": " + d.summary;
        } else {
          failures += "\n- " + d.summary;
        }
        break;
      }
      continue;
    }
    diags_->append(scratch);  // warnings
    // An unknown value might still fail once known, so the outcome is unknown too.
    if (!v->is_wholly_known()) return Value::unknown().marked_sensitive(v->contains_sensitive());
    if (c.name == "can") return Value::boolean(true).marked_sensitive(v->contains_sensitive());
    return v;
  }
  diags_->error(e.range, invalid + "no expression succeeded", "The errors were:" + failures);
  return std::nullopt;
}

}  // namespace infra::lang::detail
