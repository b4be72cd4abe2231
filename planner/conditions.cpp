// Custom conditions: see planner/conditions.hpp.
#include "planner/conditions.hpp"

namespace infra::planner {
namespace {

const char* summary(ConditionKind kind) {
  switch (kind) {
    case ConditionKind::Precondition: return "Resource precondition failed";
    case ConditionKind::Postcondition: return "Resource postcondition failed";
    case ConditionKind::OutputPrecondition: return "Output precondition failed";
    case ConditionKind::CheckAssert: return "Check block assertion failed";
  }
  return "Condition failed";
}

/// The text shown for a failed condition: its error_message, never a secret.
std::string message(const lang::Condition& c, const lang::Scope& scope,
                    const lang::FunctionTable& functions, const lang::Value::Object& bindings,
                    lang::Diagnostics& diags) {
  if (!c.error_message) return {};
  lang::Diagnostics d;
  lang::Value v = lang::evaluate(*c.error_message, scope, &functions, d, bindings);
  if (d.has_errors()) {
    diags.append(d);
    return "(the error message could not be evaluated)";
  }
  if (v.contains_sensitive()) return "(the error message refers to sensitive values)";
  if (v.is_unknown()) return "(the error message is not known until apply)";
  if (v.kind() != lang::Value::Kind::String) {
    diags.error(lang::range_of(*c.error_message), "Invalid error_message",
                "The error message must be a string; it is a " + v.type_name() + ".");
    return {};
  }
  return v.as_string();
}

}  // namespace

bool check_conditions(const std::vector<lang::Condition>& conditions, ConditionKind kind,
                      const std::string& address, const lang::Scope& scope,
                      const lang::FunctionTable& functions, const lang::Value* self,
                      lang::Diagnostics& diags) {
  bool ok = true;
  lang::Value::Object bindings;
  if (self != nullptr) bindings.emplace("self", *self);
  for (const lang::Condition& c : conditions) {
    if (!c.condition) continue;  // reported by the loader
    const lang::SourceRange where = lang::range_of(*c.condition);
    lang::Diagnostics d;
    lang::Value v = lang::evaluate(*c.condition, scope, &functions, d, bindings);
    if (d.has_errors()) {
      diags.append(d);
      ok = false;
      continue;
    }
    if (v.is_unknown()) continue;  // decided at apply, when the value is known
    if (v.kind() != lang::Value::Kind::Bool) {
      diags.error(where, "Invalid condition result",
                  "The condition of " + address + " must be true or false; it is " +
                      (v.is_null() ? std::string("null") : "a " + v.type_name()) + ".");
      ok = false;
      continue;
    }
    if (v.as_bool()) continue;
    std::string detail = message(c, scope, functions, bindings, diags);
    detail += (detail.empty() ? "" : "\n\n") + std::string("This was checked by the condition ") +
              (kind == ConditionKind::CheckAssert ? "of an assert block of " : "of ") + address +
              ".";
    if (kind == ConditionKind::CheckAssert) {
      diags.warning(where, summary(kind), std::move(detail));
    } else {
      diags.error(where, summary(kind), std::move(detail));
      ok = false;
    }
  }
  return ok;
}

}  // namespace infra::planner
