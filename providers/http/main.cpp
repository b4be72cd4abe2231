// infra-provider-http: http_object, one JSON object of a REST API that no other provider
// covers, and the `http` data source. Speaks protocol v1 on stdio.
#include <curl/curl.h>

#include "providers/http/resources.hpp"
#include "providers/http/settings.hpp"

int main() {
  using namespace infra::providers;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  sdk::Provider provider;
  provider.name = "http";
  provider.version = "0.1.0";
  Attribute headers = http::optional_arg(
      "headers", "map(string)",
      "Headers of every request of http_object (Authorization, say); never shown.");
  headers.sensitive = true;
  provider.config = {
      http::optional_arg("base_url", "string",
                         "Put in front of the paths of http_object (https://api.example.com/v1)."),
      headers,
      http::optional_arg("timeout", "number", "Seconds a request may take; default 30."),
      http::optional_arg("unix_socket", "string",
                         "A unix socket to send every request to (the Docker Engine's, say)."),
  };
  for (Attribute& attr : http::tls_attributes(true)) provider.config.push_back(std::move(attr));
  provider.config_blocks = {http::retry_block()};
  provider.configure = [](const sdk::json& config) {
    http::set_current_settings(http::settings_from_config(config));
  };
  provider.resources.emplace("http_object", http::object_resource());
  provider.data_sources.emplace("http", http::http_data_source());
  int code = sdk::serve(provider);
  curl_global_cleanup();
  return code;
}
