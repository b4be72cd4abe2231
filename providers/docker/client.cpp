// libcurl over the engine's socket: one easy handle per request, so that requests handled
// concurrently by the SDK share nothing but the configured host.
#include "providers/docker/client.hpp"

#include <mutex>
#include <sstream>

#include <curl/curl.h>

namespace infra::providers::docker {

namespace {

std::mutex host_mutex;
std::string configured_host = kDefaultHost;

size_t collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

struct Endpoint {
  std::string socket;  // empty for TCP
  std::string base;    // "http://localhost" or "http://host:port"
};

Endpoint endpoint_of(const std::string& host) {
  if (host.rfind("unix://", 0) == 0) return {host.substr(7), "http://localhost"};
  if (host.rfind("tcp://", 0) == 0) return {"", "http://" + host.substr(6)};
  if (host.rfind("http://", 0) == 0) return {"", host};
  throw sdk::Error("invalid host \"" + host +
                       "\": expected unix:///path/to/docker.sock or tcp://host:port",
                   json::array({"host"}));
}

struct CurlHandle {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  ~CurlHandle() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
  }
};

}  // namespace

json Response::parsed() const { return json::parse(body, nullptr, false, true); }

std::string Response::message() const {
  json value = parsed();
  if (value.is_object() && value.contains("message") && value["message"].is_string()) {
    return value["message"].get<std::string>();
  }
  std::string text = body;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text.empty() ? "HTTP status " + std::to_string(status) : text;
}

void set_host(const std::string& host) {
  endpoint_of(host);  // rejects a malformed one now, at configure
  std::lock_guard lock(host_mutex);
  configured_host = host;
}

const std::string& host() {
  std::lock_guard lock(host_mutex);
  return configured_host;
}

Response request(const std::string& method, const std::string& path, const std::string& body,
                 const std::string& content_type) {
  const std::string where = host();
  Endpoint endpoint = endpoint_of(where);
  CurlHandle h;
  if (!h.curl) throw sdk::Error("cannot start an HTTP client (curl_easy_init failed)");
  std::string url = endpoint.base + "/" + kApiVersion + path;
  Response response;
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h.curl, CURLOPT_URL, url.c_str());
  if (!endpoint.socket.empty()) {
    curl_easy_setopt(h.curl, CURLOPT_UNIX_SOCKET_PATH, endpoint.socket.c_str());
  }
  curl_easy_setopt(h.curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h.curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h.curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(h.curl, CURLOPT_WRITEDATA, &response.body);
  if (!body.empty() || method == "POST" || method == "PUT") {
    h.headers = curl_slist_append(h.headers, ("Content-Type: " + content_type).c_str());
    curl_easy_setopt(h.curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h.curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  // No "Expect: 100-continue" round trip before large bodies (build contexts).
  h.headers = curl_slist_append(h.headers, "Expect:");
  curl_easy_setopt(h.curl, CURLOPT_HTTPHEADER, h.headers);
  CURLcode code = curl_easy_perform(h.curl);
  if (code != CURLE_OK) {
    std::string detail = error[0] ? error : curl_easy_strerror(code);
    throw sdk::Error("cannot reach the Docker Engine at " + where + ": " + detail +
                     " (is the Docker daemon running, and may this user use its socket?)");
  }
  curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

Response request_json(const std::string& method, const std::string& path, const json& body) {
  return request(method, path, body.dump(), "application/json");
}

std::optional<json> inspect(const std::string& path, const std::string& what) {
  Response r = request("GET", path);
  if (r.status == 404) return std::nullopt;
  expect_ok(r, what);
  return r.parsed();
}

void delete_object(const std::string& path, const std::string& what) {
  Response r = request("DELETE", path);
  if (r.status != 404) expect_ok(r, what);
}

void expect_ok(const Response& response, const std::string& what, const json& path) {
  if (!response.ok()) throw sdk::Error(what + ": " + response.message(), path);
}

std::optional<std::string> stream_error(const std::string& body) {
  std::istringstream lines(body);
  std::string line;
  while (std::getline(lines, line)) {
    json message = json::parse(line, nullptr, false);
    if (!message.is_object()) continue;
    if (message.contains("error") && message["error"].is_string()) {
      return message["error"].get<std::string>();
    }
    if (message.contains("errorDetail") && message["errorDetail"].is_object()) {
      return message["errorDetail"].value("message", std::string("unknown error"));
    }
  }
  return std::nullopt;
}

}  // namespace infra::providers::docker
