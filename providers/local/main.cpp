// infra-provider-local: files, directories and symbolic links on the machine that runs
// infra. Speaks protocol v1 on stdio.
#include "providers/local/types.hpp"
#include "providers/sdk/provider.hpp"

int main() {
  using namespace infra::providers;
  sdk::Provider provider;
  provider.name = "local";
  provider.version = "0.1.0";
  provider.resources.emplace("local_file", local::local_file_resource());
  provider.resources.emplace("local_sensitive_file", local::local_sensitive_file_resource());
  provider.resources.emplace("local_directory", local::local_directory_resource());
  provider.resources.emplace("local_symlink", local::local_symlink_resource());
  provider.data_sources.emplace("local_file", local::local_file_data_source());
  provider.data_sources.emplace("local_sensitive_file", local::local_sensitive_file_data_source());
  provider.data_sources.emplace("local_directory", local::local_directory_data_source());
  return sdk::serve(provider);
}
