// infra-provider-local: files on the machine that runs infra. Speaks protocol v1 on stdio.
#include "providers/local/local_file.hpp"
#include "providers/sdk/provider.hpp"

int main() {
  using namespace infra::providers;
  sdk::Provider provider;
  provider.name = "local";
  provider.version = "0.1.0";
  provider.resources.emplace("local_file", local::local_file_resource());
  provider.data_sources.emplace("local_file", local::local_file_data_source());
  return sdk::serve(provider);
}
