// infra-provider-random: random values (ids, strings, passwords, integers, UUIDs, shuffles,
// pet names) made once and then kept in the state. Speaks protocol v1 on stdio.
#include "providers/random/resources.hpp"
#include "providers/sdk/provider.hpp"

int main() {
  using namespace infra::providers;
  sdk::Provider provider;
  provider.name = "random";
  provider.version = "0.1.0";
  provider.resources.emplace("random_id", random::random_id_resource());
  provider.resources.emplace("random_string", random::random_string_resource());
  provider.resources.emplace("random_password", random::random_password_resource());
  provider.resources.emplace("random_integer", random::random_integer_resource());
  provider.resources.emplace("random_uuid", random::random_uuid_resource());
  provider.resources.emplace("random_shuffle", random::random_shuffle_resource());
  provider.resources.emplace("random_pet", random::random_pet_resource());
  return sdk::serve(provider);
}
