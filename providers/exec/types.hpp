// The types of infra-provider-exec: the exec_command resource and data source.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::exec {

sdk::Resource command_resource();       // command_resource.cpp
sdk::DataSource command_data_source();  // command_data_source.cpp

}  // namespace infra::providers::exec
