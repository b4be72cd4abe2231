// Tests of infra-provider-http's http_object through the host, against the nginx of the
// http_server fixture (scripts/http-test-server), checked with curl: create, read back,
// update in place (PUT and PATCH), replace, drift after a change made with curl, deletion
// outside, import of an object made with curl, destroy, objects made by POST (nginx, and
// the Docker Engine's API), and the errors. Every object has a path of its own, so that the
// test cases can run in parallel.
#include <sys/stat.h>

#include "tests/providers/http_test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;

namespace {

// An object PUT to its own path in a collection of its own under /store/.
json put_object(const std::string& collection, const json& body, const json& extra = {}) {
  json config = {{"path", collection}, {"id", "obj"}, {"create_method", "PUT"},
                 {"body", body.dump()}};
  if (extra.is_object()) config.update(extra);
  return config;
}

}  // namespace

TEST_CASE("http: the handshake declares http_object and the http data source, secrets sensitive") {
  HttpProvider http;
  CHECK(http.schema().find("http_object") != nullptr);
  CHECK(http.schema().find_data_source("http") != nullptr);
  CHECK(http.schema().find("http_object")->find("headers")->sensitive);
  CHECK(http.schema().find_data_source("http")->find("client_key_pem")->sensitive);
  for (const auto& attr : http.schema().config) {
    if (attr.name == "headers" || attr.name == "client_key_pem") CHECK(attr.sensitive);
  }
}

TEST_CASE("http: an object PUT to its own path, read back, updated in place, destroyed") {
  HttpProvider http;
  const std::string collection = "/store/" + fresh_name("items");
  Removed removed{collection + "/obj"};
  json config = put_object(collection, {{"name", "a"}, {"size", 1}},
                           {{"response_pointers", {{"name", "/name"}, {"size", "/size"}}}});
  json state = http.create(config);
  CHECK(state["id"] == "obj");
  CHECK(state["outputs"] == json{{"name", "a"}, {"size", "1"}});
  CHECK(state["status_code"] == 200);
  CHECK(curl("", collection + "/obj").parsed() == json{{"name", "a"}, {"size", 1}});
  CHECK(http.unchanged(state, config));
  // The same JSON written differently is no change.
  config["body"] = "{ \"size\": 1,\n  \"name\": \"a\" }";
  CHECK(http.unchanged(state, config));

  config["body"] = json{{"name", "a"}, {"size", 2}}.dump();
  state = http.update(state, config);
  CHECK(curl("", collection + "/obj").parsed() == json{{"name", "a"}, {"size", 2}});
  CHECK(state["outputs"]["size"] == "2");
  CHECK(requests_of(collection + "/obj").back() == "GET " + collection + "/obj 200");
  CHECK(http.unchanged(state, config));

  http.destroy(state);
  CHECK(requests_of(collection + "/obj").back() == "DELETE " + collection + "/obj 204");
  CHECK(curl("", collection + "/obj").status == 404);
}

TEST_CASE("http: update_method PATCH sends the body with PATCH") {
  HttpProvider http;
  const std::string collection = "/store/" + fresh_name("patched");
  Removed removed{collection + "/obj"};
  json config = put_object(collection, {{"v", 1}}, {{"update_method", "PATCH"}});
  json state = http.create(config);
  config["body"] = json{{"v", 2}}.dump();
  state = http.update(state, config);
  CHECK(curl("", collection + "/obj").parsed() == json{{"v", 2}});
  bool patched = false;
  for (const auto& line : requests_of(collection + "/obj")) patched |= line.rfind("PATCH ", 0) == 0;
  CHECK(patched);
  http.destroy(state);
}

TEST_CASE("http: drift in the fields of body shows as an update, other fields do not count") {
  HttpProvider http;
  const std::string collection = "/store/" + fresh_name("drift");
  Removed removed{collection + "/obj"};
  json config = put_object(collection, {{"name", "a"}, {"size", 1}});
  json state = http.create(config);

  curl_put(collection + "/obj", {{"name", "a"}, {"size", 5}, {"extra", true}});
  json read = http.read(state);
  CHECK(json::parse(read["body"].get<std::string>()) == json{{"name", "a"}, {"size", 5}});
  CHECK(json::parse(read["response"].get<std::string>())["extra"] == true);
  state = http.update(read, config);  // puts it back
  CHECK(curl("", collection + "/obj").parsed() == json{{"name", "a"}, {"size", 1}});

  // A field ignored in the response keeps what was sent.
  config["ignore_response_fields"] = {"/size"};
  state = http.update(state, config);
  curl_put(collection + "/obj", {{"name", "a"}, {"size", 9}});
  CHECK(http.unchanged(http.read(state), config));

  // A field the server no longer returns is drift too.
  curl_put(collection + "/obj", {{"size", 1}});
  CHECK_FALSE(http.unchanged(http.read(state), config));

  // Deleted outside: gone, so the next plan creates it again.
  CHECK(curl("-X DELETE", collection + "/obj").status == 204);
  CHECK(http.read(state).is_null());
  http.destroy(state);  // an object already gone is no error
}

TEST_CASE("http: a new path or create_path replaces the object") {
  HttpProvider http;
  const std::string first = "/store/" + fresh_name("old");
  const std::string second = "/store/" + fresh_name("new");
  Removed removed_first{first + "/obj"};
  Removed removed_second{second + "/obj"};
  json config = put_object(first, {{"k", "v"}});
  json state = http.create(config);
  config["path"] = second;
  json p = http.plan(state, config);
  CHECK(p["requires_replace"] == json::array({json::array({"path"})}));
  http.destroy(state);
  config["create_path"] = second + "/{id}";
  state = http.create(config);
  CHECK(curl("", first + "/obj").status == 404);
  CHECK(curl("", second + "/obj").parsed() == json{{"k", "v"}});

  config["create_path"] = second + "/./{id}";
  CHECK(http.plan(state, config)["requires_replace"] ==
        json::array({json::array({"create_path"})}));
  // An imported object has no create_path: giving one replaces nothing.
  json imported = http.import(second + "/obj");
  CHECK(http.plan(imported, config)["requires_replace"] == json::array());
  http.destroy(state);
}

TEST_CASE("http: import of an object made with curl, by its read path") {
  HttpProvider http;
  const std::string collection = "/store/" + fresh_name("imported");
  Removed removed{collection + "/made"};
  curl_put(collection + "/made", {{"name", "made"}, {"tags", {"x", "y"}}});
  json state = http.import(collection + "/made");
  CHECK(state["path"] == collection);
  CHECK(state["id"] == "made");
  CHECK(json::parse(state["body"].get<std::string>()) ==
        json{{"name", "made"}, {"tags", {"x", "y"}}});

  json config = {{"path", collection},
                 {"id", "made"},
                 {"body", json{{"tags", {"x", "y"}}, {"name", "made"}}.dump()}};
  CHECK(http.unchanged(state, config));
  // A body with fewer fields is an update: PUT replaces the whole document.
  config["body"] = json{{"name", "made"}}.dump();
  config["create_method"] = "PUT";
  state = http.update(state, config);
  CHECK(curl("", collection + "/made").parsed() == json{{"name", "made"}});
  http.destroy(state);
  CHECK(curl("", collection + "/made").status == 404);

  CHECK(error_of([&] { http.import("made"); })
            .find("the import ID of an http_object is the path it is read at, such as "
                  "/items/42") != std::string::npos);
  CHECK(error_of([&] { http.import(collection + "/none"); })
            .find("GET " + collection + "/none: HTTP 404: there is no object to import") !=
        std::string::npos);
}

TEST_CASE("http: an object made by POST, its id taken from the response at id_pointer") {
  HttpProvider http;
  const std::string collection = "/created/" + fresh_name("posted");
  json config = {{"path", collection},
                 {"body", json{{"name", "made"}}.dump()},
                 {"id_pointer", "/name"},
                 {"response_pointers", {{"kind", "/kind"}, {"missing", "/nope"}}}};
  json state = http.create(config);
  CHECK(state["id"] == "made");
  CHECK(state["outputs"] == json{{"kind", "test"}});
  const auto lines = requests_of(collection);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "POST " + collection + " 201");
  CHECK(requests_of(collection + "/made") ==
        std::vector<std::string>{"GET " + collection + "/made 201"});
  http.destroy(state);
  CHECK(requests_of(collection + "/made").back() == "DELETE " + collection + "/made 201");

  config["id_pointer"] = "/id";
  CHECK(error_of([&] { http.create(config); })
            .find("POST " + http_server("url") + collection +
                  ": HTTP 201, but the response has no id at /id (the object may have been "
                  "made; id_pointer says where its id is): {\"name\": \"made\", \"kind\": "
                  "\"test\"}") != std::string::npos);
}

TEST_CASE("http: a volume of the Docker Engine's API over its unix socket, made by POST") {
  struct stat st {};
  if (::stat("/var/run/docker.sock", &st) != 0 || ::access("/var/run/docker.sock", W_OK) != 0) {
    std::cerr << "SKIPPED: no usable Docker socket at /var/run/docker.sock\n";
    std::exit(kHttpSkipReturnCode);
  }
  const std::string name = "infra-http-test-" + fresh_name("volume");
  struct VolumeRemoved {
    std::string name;
    ~VolumeRemoved() {
      const std::string command = "curl -s -o /dev/null --unix-socket /var/run/docker.sock "
                                  "-X DELETE http://localhost/v1.41/volumes/" + name;
      if (std::system(command.c_str()) != 0) std::cerr << "could not remove volume " << name;
    }
  } removed{name};
  HttpProvider docker(json{{"base_url", "http://localhost/v1.41"},
                       {"unix_socket", "/var/run/docker.sock"}});
  json config = {{"path", "/volumes"},
                 {"create_path", "/volumes/create"},
                 {"id_pointer", "/Name"},
                 {"body", json{{"Name", name}, {"Labels", {{"infra.test", "http"}}}}.dump()},
                 {"response_pointers", {{"driver", "/Driver"}}}};
  json state = docker.create(config);
  CHECK(state["id"] == name);
  CHECK(state["outputs"]["driver"] == "local");
  CHECK(docker.unchanged(docker.read(state), config));
  CHECK(curl("--unix-socket /var/run/docker.sock", "http://localhost/v1.41/volumes/" + name)
            .status == 200);
  docker.destroy(state);
  CHECK(curl("--unix-socket /var/run/docker.sock", "http://localhost/v1.41/volumes/" + name)
            .status == 404);
  CHECK(docker.read(state).is_null());
}

TEST_CASE("http: an update or delete that fails, and an object not found right after creating it") {
  HttpProvider http;
  const std::string collection = "/store/" + fresh_name("failing");
  Removed removed{collection + "/obj"};
  json config = put_object(collection, {{"v", 1}}, {{"update_path", "/fail500/{id}"}});
  json state = http.create(config);
  config["body"] = json{{"v", 2}}.dump();
  CHECK(error_of([&] { http.update(state, config); })
            .find("updating: PUT " + http_server("url") +
                  "/fail500/obj: HTTP 500: {\"error\": \"the database is on fire\"}") !=
        std::string::npos);

  json failing_delete = state;
  failing_delete["destroy_path"] = "/fail503/{id}";
  CHECK(error_of([&] { http.destroy(failing_delete); })
            .find("deleting: DELETE " + http_server("url") + "/fail503/obj: HTTP 503") !=
        std::string::npos);
  http.destroy(state);

  // Made, but read elsewhere where there is nothing: the error says so, and the object is
  // recorded (so that it can be destroyed).
  const std::string lost = "/store/" + fresh_name("lost");
  Removed removed_lost{lost + "/obj"};
  json config_lost = put_object(lost, json::object(), {{"read_path", lost + "/none"}});
  json applied = http.try_apply(nullptr, http.plan(nullptr, config_lost));
  REQUIRE(applied["diagnostics"].size() == 1);
  CHECK(applied["diagnostics"][0]["summary"] == "GET " + http_server("url") + lost +
                                                  "/none: the object is not there right after "
                                                  "creating it");
  CHECK(applied["new_state"]["id"] == "obj");
  CHECK(curl("", lost + "/obj").status == 200);
  http.destroy(applied["new_state"]);
  CHECK(curl("", lost + "/obj").status == 404);
}
