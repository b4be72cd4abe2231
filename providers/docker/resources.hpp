// The resource and data source types of infra-provider-docker.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::docker {

sdk::Resource image_resource();
sdk::DataSource image_data_source();
sdk::Resource container_resource();
sdk::Resource network_resource();
sdk::DataSource network_data_source();
sdk::Resource volume_resource();

}  // namespace infra::providers::docker
