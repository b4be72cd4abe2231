// The Docker Engine API client: one HTTP request per call over the engine's unix socket (or
// TCP), with the API version pinned in every URL, and the engine's own error messages.
#pragma once

#include <optional>
#include <string>

#include "providers/sdk/provider.hpp"
#include "providers/sdk/values.hpp"

namespace infra::providers::docker {

using sdk::json;

/// The API version every request names: that of Docker 20.10, which newer engines speak too.
inline constexpr const char* kApiVersion = "v1.41";
inline constexpr const char* kDefaultHost = "unix:///var/run/docker.sock";

/// The engine's answer to one request.
struct Response {
  long status = 0;
  std::string body;

  bool ok() const { return status >= 200 && status < 300; }
  /// The body as JSON (null when empty or not JSON).
  json parsed() const;
  /// The engine's error text: the "message" of a JSON error body, else the body itself.
  std::string message() const;
};

/// Where the engine listens, as the provider's `host` setting says: "unix:///path" or
/// "tcp://host:port". Set once by configure, read by every request.
void set_host(const std::string& host);
const std::string& host();

/// Sends `method` to `path` (such as "/containers/json?all=1"; the API version is put in
/// front). `body` goes with `content_type` when not empty. Throws sdk::Error naming the host
/// when the engine cannot be reached.
Response request(const std::string& method, const std::string& path,
                 const std::string& body = {},
                 const std::string& content_type = "application/json");

/// request() with a JSON body.
Response request_json(const std::string& method, const std::string& path, const json& body);

/// GETs `path`: the parsed body, or nullopt on 404; throws sdk::Error("<what>: <message>")
/// on any other failure.
std::optional<json> inspect(const std::string& path, const std::string& what);

/// DELETEs `path`; an object already gone (404) is no error. Throws sdk::Error("<what>:
/// <message>") on any other failure.
void delete_object(const std::string& path, const std::string& what);

/// Throws sdk::Error("<what>: <engine message>", path) unless `response` is a success.
void expect_ok(const Response& response, const std::string& what,
               const json& path = json::array());

/// The error reported inside a stream of JSON lines (build, load), or nullopt when none.
std::optional<std::string> stream_error(const std::string& body);

using sdk::url_encode;

}  // namespace infra::providers::docker
