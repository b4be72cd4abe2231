// Tests of lang/module_tree.cpp and planner/module_graph.cpp: a configuration's called
// modules are loaded with it, and their graphs are joined at the module blocks.
#include <catch2/catch.hpp>

#include <fstream>

#include "planner/module_graph.hpp"
#include "tests/state/temp_dir.hpp"

using namespace infra;
using infra::state::testing::TempDir;

namespace {

void write(const TempDir& dir, const std::string& name, const std::string& text) {
  const auto path = dir / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

struct Loaded {
  lang::Module module;
  lang::Diagnostics diags;
  planner::ModuleGraph graph;
  std::string errors() const { return lang::render(diags, module.files); }
  std::size_t id(const std::string& address) const {
    for (std::size_t i = 0; i < graph.nodes.size(); ++i) {
      if (graph.address(i) == address) return i;
    }
    FAIL("no node " << address);
    return 0;
  }
  bool depends(const std::string& from, const std::string& to) const {
    const auto& deps = graph.dag.deps[id(from)];
    return std::find(deps.begin(), deps.end(), id(to)) != deps.end();
  }
};

std::unique_ptr<Loaded> load(const TempDir& dir) {
  auto l = std::make_unique<Loaded>();
  l->module = lang::load_module(dir.path(), l->diags);
  l->graph = planner::build_module_graph(l->module, l->diags);
  return l;
}

constexpr const char* kApp = R"(variable "name" {
  type = string
}
resource "local_file" "conf" {
  filename = var.name
  content  = "x"
}
module "db" {
  source = "../db"
  owner  = local_file.conf.id
}
output "path" {
  value = local_file.conf.filename
}
output "db" {
  value = module.db.id
}
)";

constexpr const char* kDb = R"(variable "owner" {
  type = string
}
resource "local_file" "db" {
  filename = "db"
  content  = var.owner
}
output "id" {
  value = local_file.db.id
}
)";

}  // namespace

TEST_CASE("called modules are loaded and joined to the graph at their module blocks") {
  TempDir dir;
  write(dir, "main.infra", R"(resource "local_file" "seed" {
  filename = "seed"
  content  = "s"
}
module "app" {
  source   = "./modules/app"
  for_each = toset(["a", "b"])
  name     = local_file.seed.id
}
resource "local_file" "summary" {
  filename = "summary"
  content  = module.app["a"].path
}
output "db" {
  value = [for a in module.app : a.db]
}
)");
  write(dir, "modules/app/main.infra", kApp);
  write(dir, "modules/db/main.infra", kDb);
  auto l = load(dir);
  INFO(l->errors());
  REQUIRE_FALSE(l->diags.has_errors());
  REQUIRE(l->graph.modules.size() == 3);
  CHECK(l->graph.modules[1].path == "module.app");
  CHECK(l->graph.modules[2].path == "module.app.module.db");
  CHECK(l->module.files.count("modules/app/main.infra") == 1);
  CHECK(l->module.files.count("modules/db/main.infra") == 1);
  CHECK(l->module.module_calls[0].module->module_calls[0].module->dir ==
        (dir.path() / "modules/db").lexically_normal());
  // Everything in a called module waits for its module block.
  CHECK(l->depends("module.app.var.name", "module.app"));
  CHECK(l->depends("module.app.local_file.conf", "module.app"));
  CHECK(l->depends("module.app.module.db.local_file.db", "module.app.module.db"));
  // module.NAME[KEY] refers to all outputs, module.NAME.OUTPUT to one.
  CHECK(l->depends("local_file.summary", "module.app.output.path"));
  CHECK(l->depends("local_file.summary", "module.app.output.db"));
  CHECK(l->depends("module.app.output.db", "module.app.module.db.output.id"));
  CHECK_FALSE(l->depends("module.app.output.db", "module.app.module.db.local_file.db"));
  // Resource dependencies cross the module boundaries both ways.
  const auto deps = l->graph.resource_dependencies(l->id("module.app.module.db.local_file.db"));
  CHECK(deps == std::vector<std::string>{"local_file.seed", "module.app.local_file.conf"});
  const auto summary = l->graph.resource_dependencies(l->id("local_file.summary"));
  CHECK(std::find(summary.begin(), summary.end(), "module.app.local_file.conf") != summary.end());
}

TEST_CASE("depends_on a module waits for everything in it, nested modules included") {
  TempDir dir;
  write(dir, "main.infra", R"(module "app" {
  source = "./modules/app"
  name   = "n"
}
resource "local_file" "after" {
  filename   = "after"
  content    = "x"
  depends_on = [module.app]
}
)");
  write(dir, "modules/app/main.infra", kApp);
  write(dir, "modules/db/main.infra", kDb);
  auto l = load(dir);
  INFO(l->errors());
  REQUIRE_FALSE(l->diags.has_errors());
  CHECK(l->depends("local_file.after", "module.app.local_file.conf"));
  CHECK(l->depends("local_file.after", "module.app.module.db.local_file.db"));
}

TEST_CASE("a cycle through a module is an error naming every member") {
  TempDir dir;
  write(dir, "main.infra", R"(locals {
  name = module.app.path
}
module "app" {
  source = "./modules/app"
  name   = local.name
}
)");
  write(dir, "modules/app/main.infra", kApp);
  write(dir, "modules/db/main.infra", kDb);
  auto l = load(dir);
  const std::string errors = l->errors();
  INFO(errors);
  CHECK(errors.find("Cycle: ") != std::string::npos);
  CHECK(errors.find("local.name (main.infra:2:3)") != std::string::npos);
  CHECK(errors.find("module.app (main.infra:4:1)") != std::string::npos);
}

TEST_CASE("a directory called twice is loaded once, and its errors are reported once") {
  TempDir dir;
  write(dir, "main.infra", R"(module "one" {
  source = "./modules/bad"
}
module "two" {
  source = "./modules/bad"
}
)");
  write(dir, "modules/bad/main.infra", R"(output "x" {
  value = local.missing
}
)");
  auto l = load(dir);
  const std::string errors = l->errors();
  INFO(errors);
  CHECK(l->module.module_calls[0].module == l->module.module_calls[1].module);
  const auto first = errors.find("Reference to undeclared local value");
  REQUIRE(first != std::string::npos);
  CHECK(errors.find("Reference to undeclared local value", first + 1) == std::string::npos);
}

TEST_CASE("provider blocks are nodes: what uses them waits for them, across modules too") {
  TempDir dir;
  write(dir, "main.infra", R"(variable "root" {
  type = string
}
locals {
  base = "${var.root}/files"
}
provider "local" {
}
provider "local" {
  alias = "plain"
}
provider "local" {
  alias = "late"
  for_each = toset(["a"])
}
provider "fake" {
  dir = local.from_data
}
locals {
  from_data = data.local_file.where.content
}
data "local_file" "where" {
  filename = local.base
}
resource "local_file" "a" {
  filename = "a"
}
module "app" {
  source    = "./app"
  providers = { fake = fake }
}
)");
  write(dir, "app/main.infra", R"(resource "fake_thing" "t" {
  name = "t"
}
resource "local_file" "b" {
  filename = "b"
}
)");
  auto l = load(dir);
  INFO(l->errors());
  REQUIRE_FALSE(l->diags.has_errors());
  CHECK(l->depends("local_file.a", "provider.local"));
  CHECK(l->depends("data.local_file.where", "provider.local"));
  CHECK(l->depends("provider.fake", "local.from_data"));
  CHECK(l->depends("module.app.fake_thing.t", "provider.fake"));
  CHECK(l->depends("module.app.local_file.b", "provider.local"));
  // Only the block that uses more than variables and locals waits for the walk.
  CHECK(l->graph.walk_providers.size() == 1);
  CHECK(l->graph.walk_providers.count("fake") == 1);
}
