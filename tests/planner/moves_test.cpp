// Tests of planner/moves.cpp: the state as moved blocks and count changes rename it.
#include <catch2/catch.hpp>

#include <fstream>

#include "planner/moves.hpp"
#include "tests/state/temp_dir.hpp"

using namespace infra;
using infra::state::testing::TempDir;

namespace {

struct Moved {
  lang::Module module;
  lang::Diagnostics diags;
  std::vector<planner::Move> moves;
  std::vector<std::string> addresses;
  std::string messages() const { return lang::render(diags, module.files); }
};

/// Loads `files` (name -> text) and applies their moves to a state of `addresses`.
std::unique_ptr<Moved> apply(const std::map<std::string, std::string>& files,
                             const std::vector<std::string>& addresses) {
  TempDir dir;
  for (const auto& [name, text] : files) {
    std::filesystem::create_directories((dir / name).parent_path());
    std::ofstream(dir / name) << text;
  }
  auto m = std::make_unique<Moved>();
  m->module = lang::load_module(dir.path(), m->diags);
  REQUIRE_FALSE(m->diags.has_errors());
  const planner::ModuleGraph graph = planner::build_module_graph(m->module, m->diags);
  state::Snapshot snapshot;
  for (const auto& a : addresses) {
    state::ResourceInstance inst;
    inst.address = a;
    inst.type = "local_file";
    snapshot.instances.push_back(inst);
  }
  m->moves = planner::apply_moves(graph, snapshot, m->diags);
  for (const auto& inst : snapshot.instances) m->addresses.push_back(inst.address);
  return m;
}

constexpr const char* kFile = R"(resource "local_file" "%s" {
  filename = "x"
  content  = "x"
}
)";

std::string resource(const std::string& name, const std::string& meta = "") {
  std::string text = kFile;
  text.replace(text.find("%s"), 2, name);
  return meta.empty() ? text : text.replace(text.find('\n') + 1, 0, "  " + meta + "\n");
}

}  // namespace

TEST_CASE("a moved block renames every instance, keys kept, and leaves others alone") {
  auto m = apply({{"main.infra", resource("b", "count = 2") + R"(
moved {
  from = local_file.a
  to   = local_file.b
}
)"}},
                 {"local_file.a[0]", "local_file.a[1]", "local_file.other"});
  INFO(m->messages());
  CHECK(m->addresses == std::vector<std::string>{"local_file.b[0]", "local_file.b[1]", "local_file.other"});
  REQUIRE(m->moves.size() == 2);
  CHECK(m->moves[0].from == "local_file.a[0]");
  CHECK(m->moves[0].to == "local_file.b[0]");
}

TEST_CASE("an indexed move takes one instance, to a key or to none") {
  auto m = apply({{"main.infra", resource("b") + resource("c", "for_each = toset([\"k\"])") + R"(
moved {
  from = local_file.a[1]
  to   = local_file.b
}
moved {
  from = local_file.a[0]
  to   = local_file.c["k"]
}
)"}},
                 {"local_file.a[0]", "local_file.a[1]", "local_file.a[2]"});
  CHECK(m->addresses == std::vector<std::string>{"local_file.a[2]", "local_file.b", "local_file.c[\"k\"]"});
}

TEST_CASE("modules move with everything in them, and moved blocks in a module move inside each instance") {
  auto m = apply({{"main.infra", R"(module "new" {
  source = "./child"
  count  = 2
}
moved {
  from = module.old
  to   = module.new
}
)"},
                  {"child/main.infra", resource("renamed") + R"(
moved {
  from = local_file.original
  to   = local_file.renamed
}
)"}},
                 {"module.old[0].local_file.original", "module.old[1].local_file.original",
                  "module.other.local_file.original"});
  INFO(m->messages());
  CHECK(m->addresses == std::vector<std::string>{"module.new[0].local_file.renamed",
                                                 "module.new[1].local_file.renamed",
                                                 "module.other.local_file.original"});
}

TEST_CASE("count added or removed moves between the plain address and index 0") {
  auto added = apply({{"main.infra", resource("a", "count = 3")}}, {"local_file.a"});
  CHECK(added->addresses == std::vector<std::string>{"local_file.a[0]"});
  auto removed = apply({{"main.infra", resource("a")}}, {"local_file.a[0]", "local_file.a[1]"});
  CHECK(removed->addresses == std::vector<std::string>{"local_file.a", "local_file.a[1]"});
  // Both exist: nothing moves.
  auto both = apply({{"main.infra", resource("a", "count = 1")}}, {"local_file.a", "local_file.a[0]"});
  CHECK(both->addresses == std::vector<std::string>{"local_file.a", "local_file.a[0]"});
}

TEST_CASE("chains are followed, cycles end, and a move onto an object is a warning") {
  auto chain = apply({{"main.infra", resource("c") + R"(
moved {
  from = local_file.b
  to   = local_file.c
}
moved {
  from = local_file.a
  to   = local_file.b
}
)"}},
                     {"local_file.a"});
  CHECK(chain->addresses == std::vector<std::string>{"local_file.c"});
  REQUIRE(chain->moves.size() == 1);
  CHECK(chain->moves[0].from == "local_file.a");

  auto cycle = apply({{"main.infra", resource("a") + R"(
moved {
  from = local_file.a
  to   = local_file.b
}
moved {
  from = local_file.b
  to   = local_file.a
}
)"}},
                     {"local_file.a"});
  CHECK(cycle->addresses.size() == 1);

  auto onto = apply({{"main.infra", resource("b") + R"(
moved {
  from = local_file.a
  to   = local_file.b
}
)"}},
                    {"local_file.a", "local_file.b"});
  CHECK(onto->addresses == std::vector<std::string>{"local_file.a", "local_file.b"});
  CHECK(onto->messages().find("Warning: main.infra:6:1: Moved object still exists") != std::string::npos);
}
