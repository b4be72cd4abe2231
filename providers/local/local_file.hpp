// The local_file resource: a file on the machine running infra.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::local {

/// Schema and callbacks of local_file. Relative filenames resolve against the plugin's
/// working directory, which the host sets to the user's.
sdk::Resource local_file_resource();

/// The `local_file` data source (local_file_data.cpp).
sdk::DataSource local_file_data_source();

}  // namespace infra::providers::local
