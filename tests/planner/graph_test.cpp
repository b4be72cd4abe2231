// Tests of planner/graph.cpp: references become edges; bad references and cycles are
// errors that name the place.
#include <catch2/catch.hpp>

#include "planner/graph.hpp"
#include "planner/module_graph.hpp"

using namespace infra;

namespace {

struct Built {
  lang::Module module;
  lang::Diagnostics diags;
  planner::ConfigGraph graph;
  std::string errors() const { return lang::render(diags, module.files); }
};

std::unique_ptr<Built> build(const std::string& text) {
  auto b = std::make_unique<Built>();
  lang::parse_into(b->module, "main.infra", text, b->diags);
  REQUIRE_FALSE(b->diags.has_errors());
  b->graph = planner::build_graph(b->module, b->diags);
  return b;
}

}  // namespace

TEST_CASE("dependencies go through locals to resources") {
  auto b = build(R"(
variable "v" {
  default = "x"
}
locals {
  name = "${var.v}-${local_file.a.id}"
}
resource "local_file" "a" {
  filename = "a"
  content  = var.v
}
resource "local_file" "b" {
  filename = local.name
  content  = "b"
  depends_on = [local_file.c]
}
resource "local_file" "c" {
  filename = "c"
  content  = "c"
}
)");
  INFO(b->errors());
  REQUIRE_FALSE(b->diags.has_errors());
  lang::Diagnostics diags;
  const planner::ModuleGraph whole = planner::build_module_graph(b->module, diags);
  auto node = b->graph.by_address.at("local_file.b");  // the root's ids are the whole graph's
  CHECK(whole.resource_dependencies(node) == std::vector<std::string>{"local_file.a", "local_file.c"});
  CHECK(whole.resource_dependencies(b->graph.by_address.at("local_file.a")).empty());
}

TEST_CASE("undeclared names are errors at the reference") {
  auto b = build(R"(resource "local_file" "a" {
  filename = var.nope
  content  = local.missing
  mode     = local_file.ghost.id
}
)");
  std::string e = b->errors();
  CHECK(e.find("Error: main.infra:2:14: Reference to undeclared input variable") != std::string::npos);
  CHECK(e.find("\"var.nope\"") != std::string::npos);
  CHECK(e.find("Error: main.infra:3:14: Reference to undeclared local value") != std::string::npos);
  CHECK(e.find("Error: main.infra:4:14: Reference to undeclared resource") != std::string::npos);
  CHECK(e.find("\"local_file.ghost\"") != std::string::npos);
}

TEST_CASE("a cycle through a local names every member and where it is") {
  auto b = build(R"(locals {
  x = local_file.a.id
}
resource "local_file" "a" {
  filename = local_file.b.id
  content  = "a"
}
resource "local_file" "b" {
  filename = local.x
  content  = "b"
}
)");
  std::string e = b->errors();
  INFO(e);
  CHECK(e.find("Cycle: local.x, local_file.a, local_file.b") != std::string::npos);
  CHECK(e.find("local_file.a (main.infra:4:1)") != std::string::npos);
  CHECK(e.find("local.x (main.infra:2:3)") != std::string::npos);
}

TEST_CASE("a resource cannot refer to itself, and variable defaults are constant") {
  auto b = build(R"(variable "v" {
  default = var.w
}
variable "w" {
  default = 1
}
resource "local_file" "a" {
  filename = local_file.a.id
  content  = "a"
}
)");
  std::string e = b->errors();
  INFO(e);
  CHECK(e.find("Self-referential local_file.a") != std::string::npos);
  CHECK(e.find("Variables not allowed") != std::string::npos);
}

TEST_CASE("references to undeclared data sources and modules, and bare roots, say why") {
  auto b = build(R"(output "a" {
  value = [path.nowhere, data.x.y, module.m.out, local_file]
}
)");
  std::string e = b->errors();
  INFO(e);
  CHECK(e.find("Invalid \"path\" attribute") != std::string::npos);
  CHECK(e.find("main.infra:2:26: Reference to undeclared data source") != std::string::npos);
  CHECK(e.find("A data source named \"data.x.y\" has not been declared") != std::string::npos);
  CHECK(e.find("main.infra:2:36: Reference to undeclared module call") != std::string::npos);
  CHECK(e.find("Invalid reference") != std::string::npos);
}
