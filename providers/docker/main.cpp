// infra-provider-docker: images, containers, networks and volumes of a Docker Engine, through
// its API. Speaks protocol v1 on stdio.
#include <curl/curl.h>

#include "providers/docker/client.hpp"
#include "providers/docker/resources.hpp"

int main() {
  using namespace infra::providers;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  sdk::Provider provider;
  provider.name = "docker";
  provider.version = "0.1.0";
  provider.config = {{.name = "host",
                      .optional = true,
                      .description = "Where the Docker Engine listens: unix:///path or "
                                     "tcp://host:port; default unix:///var/run/docker.sock."}};
  provider.configure = [](const sdk::json& config) {
    auto it = config.find("host");
    docker::set_host(it != config.end() && it->is_string() ? it->get<std::string>()
                                                           : docker::kDefaultHost);
  };
  provider.resources.emplace("docker_image", docker::image_resource());
  provider.resources.emplace("docker_container", docker::container_resource());
  provider.resources.emplace("docker_network", docker::network_resource());
  provider.resources.emplace("docker_volume", docker::volume_resource());
  provider.data_sources.emplace("docker_image", docker::image_data_source());
  provider.data_sources.emplace("docker_network", docker::network_data_source());
  int code = sdk::serve(provider);
  curl_global_cleanup();
  return code;
}
