// The resource and data source types of infra-provider-http.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::http {

sdk::Resource object_resource();
sdk::DataSource http_data_source();

}  // namespace infra::providers::http
