// `infra plan -generate-config-out=FILE`: resource blocks written for the import blocks
// whose target the configuration does not have yet, from the objects the provider reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lang/config.hpp"
#include "planner/module_eval.hpp"
#include "planner/provider_set.hpp"
#include "state/backend.hpp"

namespace infra::planner {

struct GeneratedConfig {
  std::string text;                    // formatted as `infra fmt` writes; empty when none
  std::vector<std::string> addresses;  // the resources it declares, in the file's order
};

/// The import blocks of the root `module` whose target (`TYPE.NAME` in the root module)
/// has no resource block: each object is read through the provider's import and written
/// as a resource block with the arguments a configuration may set (not the computed
/// ones, not null ones; a sensitive one as `null` with a comment asking for its value),
/// nested blocks as blocks. An import block with for_each, an index, a target in a called
/// module, or an id not known before planning is an error at its place, as is an object
/// the provider does not find. Expressions see `workspace` as infra.workspace.
std::optional<GeneratedConfig> generate_import_config(const lang::Module& module,
                                                      const state::Snapshot& prior,
                                                      ProviderSet& providers,
                                                      const std::vector<VariableInput>& variables,
                                                      const std::string& workspace,
                                                      lang::Diagnostics& diags);

/// The resource block `resource "TYPE" "NAME" { ... }` for `object` under `schema`,
/// unformatted (one argument per line).
std::string resource_block_text(const providers::ResourceSchema& schema, const std::string& name,
                                const lang::Value& object);

}  // namespace infra::planner
