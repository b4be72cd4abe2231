// The providers built into Infra, which run inside the engine's process instead of as a
// plugin: `infra` with the resource `infra_data` (what terraform_data is to Terraform).
#pragma once

#include <memory>
#include <string>

#include "providers/host/plugin.hpp"

namespace infra::providers::builtin {

/// Whether `name` is a built-in provider.
bool is_builtin(const std::string& name);

/// A built-in provider speaking the protocol in process: the same requests and answers as
/// a plugin's, without the pipes. Throws ProviderError for a name that is not built in.
std::unique_ptr<Plugin> start(const std::string& name);

}  // namespace infra::providers::builtin
