// The resource types of infra-provider-postgresql, one factory per type, each in its own file.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::postgresql {

sdk::Resource role_resource();       // role.cpp
sdk::Resource database_resource();   // database.cpp
sdk::Resource schema_resource();     // schema.cpp
sdk::Resource grant_resource();      // grant.cpp
sdk::Resource extension_resource();  // extension.cpp

}  // namespace infra::providers::postgresql
