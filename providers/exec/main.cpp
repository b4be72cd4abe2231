// infra-provider-exec: runs the user's own commands to create, read, update and delete an
// object (resource exec_command), or to read values (data source exec_command). Speaks
// protocol v1 on stdio.
#include <csignal>

#include "providers/exec/types.hpp"
#include "providers/sdk/provider.hpp"

int main() {
  using namespace infra::providers;
  // A command that exits without reading all of its stdin must not take the provider with
  // it; commands themselves start with the default disposition again.
  std::signal(SIGPIPE, SIG_IGN);
  sdk::Provider provider;
  provider.name = "exec";
  provider.version = "0.1.0";
  provider.resources.emplace("exec_command", exec::command_resource());
  provider.data_sources.emplace("exec_command", exec::command_data_source());
  return sdk::serve(provider);
}
