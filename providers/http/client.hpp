// The HTTP client of the http provider: one libcurl easy handle per request, retries with
// exponential backoff, and error messages that name the method, the URL (without
// credentials), the status and an excerpt of the body, and never a header value or the
// client key.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "providers/http/settings.hpp"

namespace infra::providers::http {

/// One request.
struct Request {
  std::string method = "GET";
  std::string url;  // a whole URL, or a path put after the settings' base_url
  std::map<std::string, std::string> headers;  // over the settings' headers
  std::optional<std::string> body;
  bool follow_redirects = false;
};

/// What the server answered.
struct Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // repeated headers joined with ", "
  int tries = 1;  // how many requests it took

  bool ok() const { return status >= 200 && status < 300; }
};

/// The whole URL of `path_or_url` under `settings` (a path goes after base_url). Throws
/// sdk::Error when a path has no base_url to go after.
std::string full_url(const Settings& settings, const std::string& path_or_url);

/// `url` without user name and password, for messages.
std::string redacted_url(const std::string& url);

/// Sends `request`, retrying as settings.retry says. Throws sdk::Error when no answer came
/// (naming host:port, or the socket); any answer, whatever its status, is returned.
Response send(const Settings& settings, const Request& request);

/// "METHOD URL" of `request`, for messages.
std::string describe(const Settings& settings, const Request& request);

/// The error for an answer that was not wanted: "METHOD URL: HTTP 500: <excerpt>" (with
/// `what` in front when not empty), secrets removed.
sdk::Error status_error(const Settings& settings, const Request& request,
                        const Response& response, const std::string& what = {});

/// `text` with every header value of `settings` and `request` and the client key replaced by
/// "(sensitive)".
std::string scrubbed(const Settings& settings, const Request& request, std::string text);

/// The start of `body` on one line, for messages.
std::string excerpt(const std::string& body);

}  // namespace infra::providers::http
