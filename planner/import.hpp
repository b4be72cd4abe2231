// `infra import ADDR ID`: adopts one existing object into the state, outside any plan.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/config.hpp"
#include "planner/module_eval.hpp"
#include "planner/provider_set.hpp"
#include "state/backend.hpp"

namespace infra::planner {

/// Reads the object the provider knows as `id` through the provider of the resource at
/// `address` and records it in `backend` at that address. The address must be an instance
/// the configuration declares (with the key its count or for_each gives) and not yet in
/// `prior`; the provider must find the object. Expressions see `workspace` as
/// infra.workspace. Errors go to `diags`, naming the address.
std::optional<state::ResourceInstance> import_resource(const lang::Module& module,
                                                       const state::Snapshot& prior,
                                                       state::Backend& backend,
                                                       ProviderSet& providers,
                                                       const std::vector<VariableInput>& variables,
                                                       const std::string& workspace,
                                                       const std::string& address,
                                                       const std::string& id,
                                                       lang::Diagnostics& diags);

}  // namespace infra::planner
