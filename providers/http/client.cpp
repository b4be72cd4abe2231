// libcurl with one easy handle per try, so that requests the SDK handles concurrently share
// nothing but the settings they were given by value.
#include "providers/http/client.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <system_error>
#include <thread>

#include <curl/curl.h>

namespace infra::providers::http {

namespace {

constexpr std::size_t kExcerptLength = 200;

bool same_name(const std::string& a, const std::string& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string trimmed(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && std::isspace(static_cast<unsigned char>(text[start]))) ++start;
  return text.substr(start);
}

size_t collect_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t collect_header(char* data, size_t size, size_t count, void* out) {
  auto& headers = *static_cast<std::map<std::string, std::string>*>(out);
  std::string line(data, size * count);
  // A new status line starts the headers of another response (after a redirect, or a
  // 100 Continue): only the last response's count.
  if (line.rfind("HTTP/", 0) == 0) {
    headers.clear();
  } else if (auto colon = line.find(':'); colon != std::string::npos) {
    std::string name = trimmed(line.substr(0, colon));
    std::string value = trimmed(line.substr(colon + 1));
    auto it = std::find_if(headers.begin(), headers.end(),
                           [&](const auto& entry) { return same_name(entry.first, name); });
    if (it == headers.end()) {
      headers[name] = value;
    } else {
      it->second += ", " + value;
    }
  }
  return size * count;
}

struct Handles {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  ~Handles() {
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
  }
};

// "host:port" of `url` (the scheme's port when it names none), or the URL itself when it
// cannot be parsed.
std::string host_and_port(const std::string& url) {
  CURLU* u = curl_url();
  std::string out = url;
  char* host = nullptr;
  char* port = nullptr;
  if (curl_url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
    out = std::string(host) + ":" + port;
  }
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return out;
}

// The outcome of one try: a response, or the curl error that kept it from coming.
struct Attempt {
  CURLcode code = CURLE_OK;
  std::string detail;
  long os_errno = 0;  // why connecting failed, when the system said
  Response response;
};

// The TLS options of `tls` on `curl`; the PEM texts are copied.
void set_tls(CURL* curl, const Tls& tls) {
  if (tls.insecure) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!tls.ca_cert_pem.empty()) {
    curl_blob ca{const_cast<char*>(tls.ca_cert_pem.data()), tls.ca_cert_pem.size(),
                 CURL_BLOB_COPY};
    curl_easy_setopt(curl, CURLOPT_CAINFO_BLOB, &ca);
  }
  if (!tls.ca_cert_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, tls.ca_cert_file.c_str());
  if (!tls.client_cert_pem.empty()) {
    curl_blob cert{const_cast<char*>(tls.client_cert_pem.data()), tls.client_cert_pem.size(),
                   CURL_BLOB_COPY};
    curl_blob key{const_cast<char*>(tls.client_key_pem.data()), tls.client_key_pem.size(),
                  CURL_BLOB_COPY};
    curl_easy_setopt(curl, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(curl, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(curl, CURLOPT_SSLKEYTYPE, "PEM");
    curl_easy_setopt(curl, CURLOPT_SSLKEY_BLOB, &key);
  }
}

Attempt try_once(const Settings& settings, const Request& request, const std::string& url) {
  Handles h;
  Attempt out;
  if (!h.curl) {
    out.code = CURLE_FAILED_INIT;
    out.detail = "curl_easy_init failed";
    return out;
  }
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h.curl, CURLOPT_URL, url.c_str());
  if (!settings.unix_socket.empty()) {
    curl_easy_setopt(h.curl, CURLOPT_UNIX_SOCKET_PATH, settings.unix_socket.c_str());
  }
  curl_easy_setopt(h.curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "HEAD") curl_easy_setopt(h.curl, CURLOPT_NOBODY, 1L);
  curl_easy_setopt(h.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h.curl, CURLOPT_TIMEOUT_MS, settings.timeout_ms);
  curl_easy_setopt(h.curl, CURLOPT_CONNECTTIMEOUT_MS, settings.timeout_ms);
  curl_easy_setopt(h.curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(h.curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt(h.curl, CURLOPT_WRITEDATA, &out.response.body);
  curl_easy_setopt(h.curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(h.curl, CURLOPT_HEADERDATA, &out.response.headers);
  if (request.follow_redirects) {
    curl_easy_setopt(h.curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(h.curl, CURLOPT_MAXREDIRS, 10L);
  }

  set_tls(h.curl, settings.tls);

  std::map<std::string, std::string> headers = settings.headers;
  for (const auto& [name, value] : request.headers) {
    std::erase_if(headers, [&](const auto& entry) { return same_name(entry.first, name); });
    headers[name] = value;
  }
  const bool sends_body = request.body.has_value() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
  if (sends_body && std::none_of(headers.begin(), headers.end(), [](const auto& entry) {
        return same_name(entry.first, "Content-Type");
      })) {
    headers["Content-Type"] = "application/json";
  }
  for (const auto& [name, value] : headers) {
    h.headers = curl_slist_append(h.headers, (name + ": " + value).c_str());
  }
  // No "Expect: 100-continue" round trip before larger bodies.
  h.headers = curl_slist_append(h.headers, "Expect:");
  curl_easy_setopt(h.curl, CURLOPT_HTTPHEADER, h.headers);
  const std::string empty;
  const std::string& body = request.body ? *request.body : empty;
  if (sends_body) {
    curl_easy_setopt(h.curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h.curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }

  out.code = curl_easy_perform(h.curl);
  if (out.code != CURLE_OK) {
    out.detail = error[0] ? trimmed(error) : curl_easy_strerror(out.code);
    curl_easy_getinfo(h.curl, CURLINFO_OS_ERRNO, &out.os_errno);
    return out;
  }
  curl_easy_getinfo(h.curl, CURLINFO_RESPONSE_CODE, &out.response.status);
  return out;
}

bool retryable(const Attempt& attempt) {
  switch (attempt.code) {
    case CURLE_OK:
      return attempt.response.status == 429 || attempt.response.status >= 500;
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
      return true;
    default:
      return false;
  }
}

// How long the server asked to wait (Retry-After: seconds, or an HTTP date), in ms.
std::optional<long> retry_after_ms(const Response& response) {
  for (const auto& [name, value] : response.headers) {
    if (!same_name(name, "Retry-After") || value.empty()) continue;
    if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(c); })) {
      return std::stol(value) * 1000;
    }
    const time_t when = curl_getdate(value.c_str(), nullptr);
    if (when >= 0) return std::max<long>(0, (when - std::time(nullptr)) * 1000);
  }
  return std::nullopt;
}

long delay_ms(const Retry& retry, int retry_number, const Response& response) {
  double delay = retry.min_delay_ms;
  for (int i = 1; i < retry_number && delay < retry.max_delay_ms; ++i) delay *= 2;
  long out = static_cast<long>(delay);
  if (auto asked = retry_after_ms(response)) out = std::max(out, *asked);
  return std::min<long>(out, retry.max_delay_ms);
}

std::string connection_error(const Settings& settings, const std::string& url,
                             const Attempt& attempt) {
  const std::string where =
      settings.unix_socket.empty() ? host_and_port(url) : "unix socket " + settings.unix_socket;
  switch (attempt.code) {
    case CURLE_COULDNT_CONNECT:
      // "Connection refused" says more than curl's "Couldn't connect to server".
      return "cannot connect to " + where + ": " +
             (attempt.os_errno != 0
                  ? std::system_category().message(static_cast<int>(attempt.os_errno))
                  : attempt.detail);
    case CURLE_OPERATION_TIMEDOUT:
      return "no answer from " + where + " within " + std::to_string(settings.timeout_ms) +
             " ms: " + attempt.detail;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      return "TLS with " + where + " failed: " + attempt.detail +
             " (ca_cert_pem names the authority that signed the server's certificate; "
             "insecure = true skips the check)";
    default:
      return attempt.detail + " (" + where + ")";
  }
}

std::string tries(int count) {
  return count > 1 ? " (after " + std::to_string(count) + " tries)" : "";
}

}  // namespace

std::string full_url(const Settings& settings, const std::string& path_or_url) {
  if (path_or_url.find("://") != std::string::npos) return path_or_url;
  if (settings.base_url.empty()) {
    throw sdk::Error("\"" + path_or_url +
                     "\" is not a whole URL, and the provider block sets no base_url");
  }
  if (!path_or_url.empty() && path_or_url.front() != '/') {
    return settings.base_url + "/" + path_or_url;
  }
  return settings.base_url + path_or_url;
}

std::string redacted_url(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const auto authority = scheme + 3;
  const auto end = url.find_first_of("/?#", authority);
  const auto at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < authority) return url;
  return url.substr(0, authority) + url.substr(at + 1);
}

std::string describe(const Settings& settings, const Request& request) {
  std::string url = request.url;
  try {
    url = full_url(settings, request.url);
  } catch (const sdk::Error&) {
    // The path alone says enough.
  }
  return request.method + " " + redacted_url(url);
}

std::string excerpt(const std::string& body) {
  std::string text;
  for (char c : body.substr(0, kExcerptLength)) {
    text += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  text = trimmed(text);
  if (body.size() > kExcerptLength) text += "...";
  return text;
}

std::string scrubbed(const Settings& settings, const Request& request, std::string text) {
  std::vector<std::string> secrets = {settings.tls.client_key_pem};
  for (const auto& [name, value] : settings.headers) secrets.push_back(value);
  for (const auto& [name, value] : request.headers) secrets.push_back(value);
  for (const std::string& secret : secrets) {
    if (secret.size() < 3) continue;  // shorter values would blot out ordinary text
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "(sensitive)");
    }
  }
  return text;
}

sdk::Error status_error(const Settings& settings, const Request& request,
                        const Response& response, const std::string& what) {
  std::string message = (what.empty() ? "" : what + ": ") + describe(settings, request) +
                        ": HTTP " + std::to_string(response.status) + tries(response.tries);
  const std::string text = excerpt(response.body);
  if (!text.empty()) message += ": " + text;
  return sdk::Error(scrubbed(settings, request, message));
}

Response send(const Settings& settings, const Request& request) {
  const std::string url = full_url(settings, request.url);
  for (int count = 1;; ++count) {
    Attempt attempt = try_once(settings, request, url);
    const bool again = retryable(attempt) && count <= settings.retry.attempts;
    if (!again) {
      if (attempt.code != CURLE_OK) {
        throw sdk::Error(scrubbed(settings, request,
                                  describe(settings, request) + ": " +
                                      connection_error(settings, url, attempt) + tries(count)));
      }
      attempt.response.tries = count;
      return attempt.response;
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(delay_ms(settings.retry, count, attempt.response)));
  }
}

}  // namespace infra::providers::http
