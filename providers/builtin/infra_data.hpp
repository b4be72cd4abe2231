// The `infra` provider: the resource infra_data.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::builtin {

sdk::Provider infra_provider();

}  // namespace infra::providers::builtin
