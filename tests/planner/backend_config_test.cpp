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
  CHECK(r->errors().find("The sqlite backend takes: path.") != std::string::npos);
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
    CHECK(r->errors().find("Error: main.infra:3:12: The sqlite backend's path must be a non-empty string") !=
          std::string::npos);
  }
}

TEST_CASE("backend postgres takes conn_str and schema_name") {
  auto r = read("infra {\n  backend \"postgres\" {\n    conn_str = \"postgresql://infra@db/infra\"\n"
                "    schema_name = \"team_${\"a\"}\"\n  }\n}\n");
  INFO(r->errors());
  REQUIRE(r->settings);
  CHECK(r->settings->type == "postgres");
  CHECK(r->settings->conn_str == "postgresql://infra@db/infra");
  CHECK(r->settings->schema_name == "team_a");
  CHECK(r->settings->configured);
}

TEST_CASE("backend postgres may leave both settings to the environment") {
  auto r = read("infra {\n  backend \"postgres\" {}\n}\n");
  REQUIRE(r->settings);
  CHECK(r->settings->type == "postgres");
  CHECK(r->settings->conn_str.empty());
  CHECK(r->settings->schema_name.empty());
}

TEST_CASE("backend postgres names its settings when given another") {
  auto r = read("infra {\n  backend \"postgres\" {\n    path = \"x.db\"\n    schema_name = \"\"\n  }\n}\n");
  CHECK_FALSE(r->settings);
  CHECK(r->errors().find("Error: main.infra:3:5: Unsupported argument \"path\" in the postgres "
                         "backend") != std::string::npos);
  CHECK(r->errors().find("The postgres backend takes: conn_str, schema_name.") != std::string::npos);
  CHECK(r->errors().find("Error: main.infra:4:19: The postgres backend's schema_name must be a "
                         "non-empty string") != std::string::npos);
}

TEST_CASE("an unknown backend type is refused by the loader with the known ones") {
  lang::Module module;
  lang::Diagnostics diags;
  lang::parse_into(module, "main.infra", "infra {\n  backend \"s3\" {}\n}\n", diags);
  const std::string errors = lang::render(diags, module.files);
  CHECK(errors.find("main.infra:2:11: Unsupported backend \"s3\"") != std::string::npos);
  CHECK(errors.find("The state backends are: sqlite, postgres.") != std::string::npos);
}
