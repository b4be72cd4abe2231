// The resource types of infra-provider-random, one factory per type (or group of types),
// each in its own file.
#pragma once

#include "providers/sdk/provider.hpp"

namespace infra::providers::random {

sdk::Resource random_id_resource();        // random_id.cpp
sdk::Resource random_string_resource();    // random_string.cpp
sdk::Resource random_password_resource();  // random_string.cpp
sdk::Resource random_integer_resource();   // random_integer.cpp
sdk::Resource random_uuid_resource();      // random_uuid.cpp
sdk::Resource random_shuffle_resource();   // random_shuffle.cpp
sdk::Resource random_pet_resource();       // random_pet.cpp

}  // namespace infra::providers::random
