// Tests of infra-provider-http's requests, against the nginx of the http_server fixture:
// retries with backoff and Retry-After (counted in the server's access log), the TLS
// options, the `http` data source, and the error messages: a status with an excerpt of the
// body, a connection refused or timed out naming host:port, bad JSON pointers and bodies,
// and secrets (header values, credentials in URLs) never in the text.
#include <netinet/in.h>
#include <sys/socket.h>

#include "tests/providers/http_test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;

namespace {

bool has(const std::string& text, const std::string& part) {
  INFO(text);
  return text.find(part) != std::string::npos;
}

std::string host_port(const std::string& url) { return url.substr(url.find("://") + 3); }

// A loopback port that accepts connections into its backlog and never answers.
struct SilentServer {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  SilentServer() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  ~SilentServer() { ::close(fd); }
};

}  // namespace

TEST_CASE("http: 503 is retried with backoff, then the error names the tries") {
  const std::string path = "/fail503/" + fresh_name("busy");
  HttpProvider http(json{{"base_url", http_server("url")},
                     {"retry", {{"attempts", 2}, {"min_delay_ms", 100}, {"max_delay_ms", 200}}}});
  const auto start = std::chrono::steady_clock::now();
  const std::string message =
      error_of([&] { http.read({{"path", path}, {"id", "x"}, {"body", "{}"}}); });
  CHECK(ms_since(start) >= 300);  // 100 ms, then 200
  CHECK(has(message, "reading: GET " + http_server("url") + path +
                         "/x: HTTP 503 (after 3 tries): {\"error\": \"busy, try again later\"}"));
  CHECK(requests_of(path + "/x").size() == 3);
}

TEST_CASE("http: 429 with Retry-After waits as long as the server asks, then succeeds") {
  const std::string url = http_server("url") + "/limited/" + fresh_name("polite");
  HttpProvider http;
  REQUIRE(curl("", url).status == 200);  // the one request of this second
  const auto start = std::chrono::steady_clock::now();
  json data = http.read_data(
      {{"url", url}, {"retry", {{"attempts", 3}, {"min_delay_ms", 10}, {"max_delay_ms", 5000}}}});
  CHECK(data["status_code"] == 200);
  CHECK(ms_since(start) >= 900);
  const auto lines = requests_of(url.substr(http_server("url").size()));
  REQUIRE(lines.size() >= 3);
  CHECK(lines[1].substr(lines[1].size() - 3) == "429");
  CHECK(lines.back().substr(lines.back().size() - 3) == "200");
}

TEST_CASE("http: 429 without Retry-After is retried with growing delays until it succeeds") {
  const std::string path = "/limited-plain/" + fresh_name("backoff");
  HttpProvider http(json{{"base_url", http_server("url")},
                     {"retry", {{"attempts", 6}, {"min_delay_ms", 150}, {"max_delay_ms", 1000}}}});
  REQUIRE(curl("", path + "/x").status == 200);
  json state = http.read({{"path", path}, {"id", "x"}, {"body", "{}"}});
  CHECK(state["body"] == "{}");
  CHECK(json::parse(state["response"].get<std::string>()) == json{{"ok", true}});
  const auto lines = requests_of(path + "/x");
  CHECK(lines.size() >= 3);
  CHECK(lines.back() == "GET " + path + "/x 200");

  // Without a retry block, no retry: the data source returns the 429.
  HttpProvider once;
  REQUIRE(curl("", path + "/y").status == 200);
  CHECK(once.read_data({{"url", http_server("url") + path + "/y"}})["status_code"] == 429);
}

TEST_CASE("http: connection refused names host:port at once, also after retries") {
  HttpProvider http(json{{"base_url", "http://127.0.0.1:1"}});
  const auto start = std::chrono::steady_clock::now();
  std::string message = error_of([&] { http.import("/items/1"); });
  CHECK(ms_since(start) < 2000);
  CHECK(has(message, "GET http://127.0.0.1:1/items/1: cannot connect to 127.0.0.1:1: "
                     "Connection refused"));

  HttpProvider retrying(json{{"base_url", "http://127.0.0.1:1"},
                         {"retry", {{"attempts", 2}, {"min_delay_ms", 10}, {"max_delay_ms", 20}}}});
  message = error_of([&] { retrying.import("/items/1"); });
  CHECK(has(message, "cannot connect to 127.0.0.1:1: Connection refused (after 3 tries)"));
}

TEST_CASE("http: a server that does not answer in time is named with the timeout") {
  SilentServer silent;
  const std::string where = "127.0.0.1:" + std::to_string(silent.port);
  HttpProvider http(json{{"base_url", "http://" + where}, {"timeout", 0.5}});
  const auto start = std::chrono::steady_clock::now();
  const std::string message = error_of([&] { http.import("/items/1"); });
  CHECK(ms_since(start) < 3000);
  CHECK(has(message, "GET http://" + where + "/items/1: no answer from " + where +
                         " within 500 ms: "));
}

TEST_CASE("http: TLS verified with a CA certificate, refused without, not checked when insecure") {
  const std::string tls_url = http_server("tls_url");
  const std::string ca = http_server("ca.pem");
  const std::string path = "/store/" + fresh_name("tls") + "/doc";
  Removed removed{path};
  curl_put(path, {{"secure", true}});
  HttpProvider http;

  const std::string message = error_of([&] { http.read_data({{"url", tls_url + path}}); });
  CHECK(has(message, "GET " + tls_url + path + ": TLS with " + host_port(tls_url) + " failed: "));
  CHECK(has(message, "(ca_cert_pem names the authority that signed the server's certificate; "
                     "insecure = true skips the check)"));

  json data = http.read_data({{"url", tls_url + path}, {"ca_cert_pem", ca}});
  CHECK(data["status_code"] == 200);
  CHECK(json::parse(data["response_body"].get<std::string>()) == json{{"secure", true}});
  CHECK(http.read_data({{"url", tls_url + path}, {"insecure", true}})["status_code"] == 200);

  // The provider block's TLS settings serve http_object.
  HttpProvider over_tls(json{{"base_url", tls_url}, {"ca_cert_file", http_server_file("ca.pem")}});
  const std::string collection = path.substr(0, path.rfind('/'));
  json state = over_tls.import(path);
  CHECK(state["status_code"] == 200);
  CHECK(state["path"] == collection);
}

TEST_CASE("http: a client certificate is presented with client_cert_pem and client_key_pem") {
  const std::string url = http_server("tls_url") + "/whoami";
  const std::string ca = http_server("ca.pem");
  const std::string key = http_server("client-key.pem");
  HttpProvider http;
  json data = http.read_data({{"url", url},
                              {"ca_cert_pem", ca},
                              {"client_cert_pem", http_server("client.pem")},
                              {"client_key_pem", key}});
  CHECK(data["status_code"] == 200);
  CHECK(has(data["response_body"].get<std::string>(), "CN=infra-test-client"));
  CHECK(http.read_data({{"url", url}, {"ca_cert_pem", ca}})["status_code"] == 403);

  const std::string message = error_of([&] {
    http.read_data({{"url", url}, {"ca_cert_pem", ca}, {"client_key_pem", key}});
  });
  CHECK(has(message, "client_cert_pem and client_key_pem go together: set both or neither"));
  CHECK_FALSE(has(message, "PRIVATE KEY"));
}

TEST_CASE("http: the data source gives status, body, base64 body and headers, 5xx included") {
  const std::string path = "/store/" + fresh_name("data") + "/doc";
  Removed removed{path};
  curl_put(path, {{"hello", "world"}});
  HttpProvider http;
  json data = http.read_data({{"url", http_server("url") + path}});
  CHECK(data["id"] == http_server("url") + path);
  CHECK(data["status_code"] == 200);
  CHECK(json::parse(data["response_body"].get<std::string>()) == json{{"hello", "world"}});
  CHECK(data["response_body_base64"] == "eyJoZWxsbyI6IndvcmxkIn0=");
  CHECK(data["response_headers"]["Content-Type"] == "application/json");

  json headers = http.read_data({{"url", http_server("url") + "/headers"}});
  CHECK(headers["response_headers"]["X-Test"] == "one, two");
  CHECK(headers["response_body"] == "plain text");

  // Another status is no error: a postcondition checks it.
  json failed = http.read_data({{"url", http_server("url") + "/fail500/x"}, {"method", "POST"},
                                {"request_body", "{}"}});
  CHECK(failed["status_code"] == 500);
  CHECK(has(failed["response_body"].get<std::string>(), "the database is on fire"));
  CHECK(requests_of("/fail500/x").back() == "POST /fail500/x 500");

  CHECK(has(error_of([&] { http.read_data({{"url", "/relative"}}); }),
            "url must be a whole URL (http://... or https://...); got \"/relative\""));
  CHECK(has(error_of([&] {
              http.read_data({{"url", http_server("url") + "/x"}, {"request_timeout_ms", 0}});
            }),
            "request_timeout_ms must be positive"));
  CHECK(has(error_of([&] { http.read_data({{"url", "gopher2://127.0.0.1:70/x"}}); }),
            "GET gopher2://127.0.0.1:70/x: Protocol \"gopher2\" not supported"));
}

TEST_CASE("http: a status that is not wanted is an error with method, URL and an excerpt") {
  HttpProvider http;
  const std::string collection = "/fail500/" + fresh_name("fire");
  std::string message =
      error_of([&] { http.create({{"path", collection}, {"body", "{\"a\": 1}"}}); });
  CHECK(has(message, "creating: POST " + http_server("url") + collection +
                         ": HTTP 500: {\"error\": \"the database is on fire\"}"));

  // expected_status narrows success: PUT over an existing document answers 204.
  const std::string store = "/store/" + fresh_name("expected");
  Removed removed{store + "/obj"};
  curl_put(store + "/obj", {{"a", 1}});
  message = error_of([&] {
    http.create({{"path", store},
                 {"id", "obj"},
                 {"create_method", "PUT"},
                 {"body", "{}"},
                 {"expected_status", {201}}});
  });
  CHECK(has(message, "creating: PUT " + http_server("url") + store + "/obj: HTTP 204"));

  // A read answer that is not JSON.
  message = error_of([&] {
    http.read({{"path", "/x"}, {"id", "1"}, {"read_path", "/headers"}, {"body", "{}"}});
  });
  CHECK(has(message,
            "GET " + http_server("url") + "/headers: the response is not JSON: plain text"));
}

TEST_CASE("http: header values and credentials in URLs never appear in errors") {
  const std::string secret = "Bearer s3cr3t-token-value";
  const std::string url = http_server("url");
  HttpProvider http(json{{"base_url", url}, {"headers", {{"Authorization", secret}}}});
  std::string message =
      error_of([&] { http.read({{"path", "/echo-auth"}, {"id", "1"}, {"body", "{}"}}); });
  CHECK(has(message, "reading: GET " + url + "/echo-auth/1: HTTP 401: {\"error\": \"unknown "
                     "token (sensitive)\"}"));
  CHECK_FALSE(has(message, "s3cr3t"));

  message = error_of([&] {
    http.read({{"path", "/echo-auth"}, {"id", "2"}, {"body", "{}"},
               {"headers", {{"Authorization", "Token other-secret"}}}});
  });
  CHECK(has(message, "HTTP 401"));
  CHECK_FALSE(has(message, "other-secret"));

  HttpProvider with_userinfo(json{{"base_url", "http://someone:pa55word@127.0.0.1:1"}});
  message = error_of([&] { with_userinfo.import("/items/1"); });
  CHECK(has(message, "GET http://127.0.0.1:1/items/1: cannot connect to 127.0.0.1:1"));
  CHECK_FALSE(has(message, "pa55word"));
}

TEST_CASE("http: validate rejects a body that is not JSON, bad JSON pointers and methods") {
  HttpProvider http;
  json base = {{"path", "/store/v"}, {"body", "{}"}};
  CHECK(http.validate(base) == json::array());

  auto diagnostics = [&](const json& extra) {
    json config = base;
    config.update(extra);
    return http.validate(config);
  };
  json d = diagnostics({{"body", "{name: 1}"}});
  REQUIRE(d.size() == 1);
  CHECK(d[0]["summary"] == "body is not JSON (syntax error near byte 3)");
  CHECK(d[0]["path"] == json::array({"body"}));

  d = diagnostics({{"id_pointer", "id"}});
  REQUIRE(d.size() == 1);
  CHECK(has(d[0]["summary"].get<std::string>(), "\"id\" is not a JSON pointer: "));
  CHECK(d[0]["path"] == json::array({"id_pointer"}));

  d = diagnostics({{"response_pointers", {{"x", "/a~2"}}}, {"ignore_response_fields", {"b"}}});
  REQUIRE(d.size() == 2);
  CHECK(d[0]["path"] == json::array({"response_pointers", "x"}));
  CHECK(d[1]["path"] == json::array({"ignore_response_fields", 0}));

  d = diagnostics({{"create_method", "GET"}, {"update_method", "DELETE"}});
  REQUIRE(d.size() == 2);
  CHECK(d[0]["summary"] == "create_method must be one of POST, PUT; got \"GET\"");
  CHECK(d[1]["summary"] == "update_method must be one of PUT, PATCH, POST; got \"DELETE\"");

  d = diagnostics({{"create_method", "PUT"}});
  REQUIRE(d.size() == 1);
  CHECK(d[0]["path"] == json::array({"id"}));
  CHECK(has(d[0]["summary"].get<std::string>(), "so its id must be given"));

  // Settings that cannot work are refused at configure.
  CHECK(has(error_of([] { HttpProvider bad(json{{"timeout", -1}}); }),
            "timeout must be a positive number of seconds"));
  CHECK(has(error_of([] {
              HttpProvider bad(json{{"retry", {{"min_delay_ms", 500}, {"max_delay_ms", 100}}}});
            }),
            "max_delay_ms not below min_delay_ms"));
  // A path needs a base_url.
  HttpProvider no_base(json::object());
  CHECK(has(error_of([&] { no_base.import("/items/1"); }),
            "\"/items/1\" is not a whole URL, and the provider block sets no base_url"));
}
