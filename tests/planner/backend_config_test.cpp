// Tests of planner/backend_config.cpp: the backend block to settings, and its errors at
// their place.
#include <catch2/catch.hpp>

#include "planner/backend_config.hpp"

using namespace infra;

namespace {

struct Read {
  lang::Module module;
  lang::Diagnostics diags;
  std::optional<planner::BackendSettings> settings;
  std::string errors() const { return lang::render(diags, module.files); }
};

std::unique_ptr<Read> read(const std::string& text) {
  auto r = std::make_unique<Read>();
  lang::parse_into(r->module, "main.infra", text, r->diags);
  REQUIRE_FALSE(r->diags.has_errors());
  r->settings = planner::read_backend(r->module, r->diags);
  return r;
}

}  // namespace

TEST_CASE("without a backend block the state is .infra/state.db") {
  auto r = read("resource \"local_file\" \"a\" {\n  filename = \"a\"\n}\n");
  REQUIRE(r->settings);
  CHECK(r->settings->type == "sqlite");
  CHECK(r->settings->path == std::filesystem::path(".infra/state.db"));
  CHECK_FALSE(r->settings->configured);
  CHECK(r->diags.empty());
}

TEST_CASE("backend sqlite takes its path, a constant") {
  auto r = read("infra {\n  backend \"sqlite\" {\n    path = \"states/${\"prod\"}.db\"\n  }\n}\n");
  INFO(r->errors());
  REQUIRE(r->settings);
  CHECK(r->settings->path == std::filesystem::path("states/prod.db"));
  CHECK(r->settings->configured);
}

TEST_CASE("backend sqlite without a path keeps the default file") {
  auto r = read("infra {\n  backend \"sqlite\" {}\n}\n");
  REQUIRE(r->settings);
  CHECK(r->settings->path == std::filesystem::path(".infra/state.db"));
}

TEST_CASE("an unknown backend setting is an error at its name") {
  auto r = read("infra {\n  backend \"sqlite\" {\n    path = \"s.db\"\n    bucket = \"b\"\n  }\n}\n");
  CHECK_FALSE(r->settings);
  CHECK(r->errors().find("Error: main.infra:4:5: Unsupported argument \"bucket\" in the sqlite "
                         "backend") != std::string::npos);
  CHECK(r->errors().find("takes one argument: path") != std::string::npos);
}

TEST_CASE("a backend path that refers to a variable is an error at the reference") {
  auto r = read("variable \"env\" {\n  default = \"prod\"\n}\ninfra {\n  backend \"sqlite\" {\n"
                "    path = \"${var.env}.db\"\n  }\n}\n");
  CHECK_FALSE(r->settings);
  CHECK(r->errors().find("Error: main.infra:6:15: References are not allowed here") !=
        std::string::npos);
}

TEST_CASE("a backend path that is not a string, or empty, is an error at the value") {
  for (const char* value : {"42", "\"\"", "[\"a\"]"}) {
    auto r = read(std::string("infra {\n  backend \"sqlite\" {\n    path = ") + value + "\n  }\n}\n");
    INFO(value);
    CHECK_FALSE(r->settings);
    CHECK(r->errors().find("Error: main.infra:3:12: The sqlite backend's path must be a file name") !=
          std::string::npos);
  }
}

TEST_CASE("backend postgres is not available yet, said at the block") {
  auto r = read("infra {\n  backend \"postgres\" {\n    conn_str = \"postgres://x\"\n  }\n}\n");
  CHECK_FALSE(r->settings);
  CHECK(r->errors().find("Error: main.infra:2:3: The postgres backend is not available in this "
                         "build yet") != std::string::npos);
}

TEST_CASE("an unknown backend type is refused by the loader with the known ones") {
  lang::Module module;
  lang::Diagnostics diags;
  lang::parse_into(module, "main.infra", "infra {\n  backend \"s3\" {}\n}\n", diags);
  const std::string errors = lang::render(diags, module.files);
  CHECK(errors.find("main.infra:2:11: Unsupported backend \"s3\"") != std::string::npos);
  CHECK(errors.find("The state backends are: sqlite, postgres.") != std::string::npos);
}
