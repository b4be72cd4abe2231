// Custom conditions: resource preconditions and postconditions, output preconditions and
// the assertions of check blocks, evaluated during plan and again during apply.
#pragma once

#include <string>
#include <vector>

#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "lang/value.hpp"

namespace infra::planner {

enum class ConditionKind { Precondition, Postcondition, OutputPrecondition, CheckAssert };

/// Evaluates `conditions` of the object at `address` (a resource address, "output.NAME"
/// or "check.NAME"). A false condition is an error showing its error_message — a warning
/// for a check's assert, which never stops a plan. A condition that is not known yet is
/// left for apply (no diagnostic). `self` is bound for postconditions. Returns false when
/// an error was reported.
bool check_conditions(const std::vector<lang::Condition>& conditions, ConditionKind kind,
                      const std::string& address, const lang::Scope& scope,
                      const lang::FunctionTable& functions, const lang::Value* self,
                      lang::Diagnostics& diags);

}  // namespace infra::planner
