// End to end: the http provider through the real binary against the nginx of the
// http_server fixture: a JSON document PUT to its own path and an `http` data source that
// reads it back applied; a second plan with nothing to do; a change made with curl shows as
// drift; a new body updates in place; destroy removes the document; the provider's
// Authorization header is never shown. Skipped (77) without nginx.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "tests/e2e/harness.hpp"
#include "tests/providers/http_test_server.hpp"

namespace infra::e2e {
namespace {

using providers::test::http_server;

constexpr const char* kToken = "Bearer e2e-t0ken-never-shown";

// The status and body curl gets for `path` of the test server ("METHOD" in `method`).
std::string curl(const std::string& path, const std::string& method = "GET",
                 const std::string& body = "") {
  std::string command = "curl -s -w ' %{http_code}' -X " + method + " " + http_server("url") + path;
  if (!body.empty()) command += " --data-binary '" + body + "'";
  FILE* out = ::popen(command.c_str(), "r");
  REQUIRE(out);
  std::string text;
  for (int c = std::fgetc(out); c != EOF; c = std::fgetc(out)) text += static_cast<char>(c);
  ::pclose(out);
  return text;
}

std::string config(const std::string& collection, int size) {
  return R"(provider "http" {
  base_url = ")" + http_server("url") + R"("
  headers  = { Authorization = ")" + kToken + R"(" }
  retry {
    attempts     = 2
    min_delay_ms = 100
  }
}

resource "http_object" "item" {
  path              = ")" + collection + R"("
  id                = "item"
  create_method     = "PUT"
  body              = jsonencode({ name = "item", size = )" + std::to_string(size) + R"( })
  response_pointers = { name = "/name" }
}

data "http" "item" {
  url        = ")" + http_server("url") + R"(${http_object.item.path}/${http_object.item.id}"
  depends_on = [http_object.item]
  lifecycle {
    postcondition {
      condition     = self.status_code == 200
      error_message = "the item cannot be read"
    }
  }
}

output "name" {
  value = http_object.item.outputs.name
}

output "size" {
  value = jsondecode(data.http.item.response_body).size
}
)";
}

Result ok(const Scratch& dir, const std::vector<std::string>& args) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  REQUIRE(r.code == 0);
  CHECK_FALSE(contains(r.out + r.err, "e2e-t0ken"));
  return r;
}

// Removes the document at scope exit, so that a failed test leaves nothing behind.
struct Removed {
  std::string path;
  ~Removed() { curl(path, "DELETE"); }
};

TEST_CASE("http: a document applied and read by a data source, updated in place, destroyed") {
  Scratch dir;
  const std::string collection = "/store/e2e-" + std::to_string(getpid());
  Removed removed{collection + "/item"};
  dir.write("main.infra", config(collection, 1));
  ok(dir, {"init", "-no-color"});

  Result apply = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(apply.out, "Apply complete! Resources: 1 added, 0 changed, 0 destroyed."));
  CHECK(curl(collection + "/item") == R"({"name":"item","size":1} 200)");
  CHECK(ok(dir, {"output", "-raw", "name"}).out == "item");
  CHECK(ok(dir, {"output", "-raw", "size"}).out == "1");

  Result again = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));

  // Changed with curl: the next plan puts it back.
  curl(collection + "/item", "PUT", R"({"name":"item","size":7})");
  Result drift = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(drift.all());
  CHECK(drift.code == 2);
  CHECK(contains(drift.out, "# http_object.item will be updated in-place"));

  dir.write("main.infra", config(collection, 2));
  Result plan = ok(dir, {"plan", "-no-color"});
  CHECK(contains(plan.out, "# http_object.item will be updated in-place"));
  CHECK(contains(plan.out, "Plan: 0 to add, 1 to change, 0 to destroy."));
  Result update = ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(update.out, "Apply complete! Resources: 0 added, 1 changed, 0 destroyed."));
  CHECK(curl(collection + "/item") == R"({"name":"item","size":2} 200)");
  CHECK(ok(dir, {"output", "-raw", "size"}).out == "2");

  Result destroy = ok(dir, {"destroy", "-auto-approve", "-no-color"});
  CHECK(contains(destroy.out, "Destroy complete! Resources: 1 destroyed."));
  CHECK(curl(collection + "/item").substr(curl(collection + "/item").size() - 3) == "404");
}

}  // namespace
}  // namespace infra::e2e
