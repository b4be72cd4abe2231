// The `http` data source, as hashicorp/http's: one request to a whole URL, whose status,
// body and headers become attributes. A status that is not 2xx is no error (a
// postcondition checks it); no answer at all is one. It uses none of the provider block's
// settings, so that the provider's headers (an API token, say) never go to another site.
#include "providers/http/client.hpp"
#include "providers/http/resources.hpp"
#include "providers/sdk/base64.hpp"

namespace infra::providers::http {

namespace {

json read(const json& config) {
  Settings settings;
  read_tls_and_retry(config, settings.tls, settings.retry);
  if (auto it = config.find("request_timeout_ms"); it != config.end() && it->is_number()) {
    if (it->get<long>() <= 0) {
      throw sdk::Error("request_timeout_ms must be positive", json::array({"request_timeout_ms"}));
    }
    settings.timeout_ms = it->get<long>();
  }
  Request request{.method = string_of(config, "method", "GET"),
                  .url = string_of(config, "url"),
                  .headers = string_map_of(config, "request_headers"),
                  .body = std::nullopt,
                  .follow_redirects = true};
  if (request.url.find("://") == std::string::npos) {
    throw sdk::Error("url must be a whole URL (http://... or https://...); got \"" +
                         redacted_url(request.url) + "\"",
                     json::array({"url"}));
  }
  if (auto it = config.find("request_body"); it != config.end() && it->is_string()) {
    request.body = it->get<std::string>();
  }
  Response response = send(settings, request);
  json state = config;
  state["id"] = request.url;
  state["status_code"] = response.status;
  state["response_body"] = response.body;
  state["response_body_base64"] = sdk::base64_encode(response.body);
  state["response_headers"] = response.headers;
  return state;
}

}  // namespace

sdk::DataSource http_data_source() {
  sdk::DataSource d;
  d.schema.description =
      "The answer to one HTTP request: status, body and headers. A status that is not 2xx "
      "is no error; check status_code in a postcondition.";
  d.schema.attributes = {
      required_arg("url", "string", "The URL, with http:// or https://."),
      optional_arg("method", "string", "The method; default GET."),
      optional_arg("request_headers", "map(string)", "Headers of the request."),
      optional_arg("request_body", "string", "The body of the request."),
      optional_arg("request_timeout_ms", "number", "How long to wait; default 30000."),
      computed_attr("id", "string", "The URL."),
      computed_attr("status_code", "number", "The response's status."),
      computed_attr("response_body", "string", "The response's body as text."),
      computed_attr("response_body_base64", "string", "The response's body in base64."),
      computed_attr("response_headers", "map(string)",
                    "The response's headers; repeated ones joined with \", \"."),
  };
  for (Attribute& attr : tls_attributes(false)) d.schema.attributes.push_back(std::move(attr));
  d.schema.blocks = {retry_block()};
  d.read = read;
  return d;
}

}  // namespace infra::providers::http
