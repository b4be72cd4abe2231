// End to end: workspaces keep separate states for one configuration, and the backend
// block says where the states are.
#include <catch2/catch.hpp>
#include <cstdlib>

#include "harness.hpp"
#include "state/backend.hpp"

namespace infra::e2e {
namespace {

// A file per workspace, named by infra.workspace (and terraform.workspace in its content).
constexpr const char* kPerWorkspace = R"(resource "local_file" "f" {
  filename = "out-${infra.workspace}.txt"
  content  = "workspace ${terraform.workspace}"
}
output "where" {
  value = infra.workspace
}
)";

std::vector<std::string> addresses_at(const Scratch& dir, const std::string& state) {
  auto backend = state::open_sqlite(dir.path() / state);
  std::vector<std::string> out;
  for (const auto& inst : backend->read().instances) out.push_back(inst.address);
  return out;
}

// Sets INFRA_WORKSPACE for the infra processes this test starts, until destroyed.
struct WorkspaceVariable {
  explicit WorkspaceVariable(const char* name) { ::setenv("INFRA_WORKSPACE", name, 1); }
  ~WorkspaceVariable() { ::unsetenv("INFRA_WORKSPACE"); }
};

TEST_CASE("two workspaces apply one configuration into separate states") {
  Scratch dir;
  dir.write("main.infra", kPerWorkspace);
  Result first = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(first.all());
  REQUIRE(first.code == 0);
  CHECK(dir.read("out-default.txt") == "workspace default");

  Result created = run_infra(dir.path(), {"workspace", "new", "staging"});
  INFO(created.all());
  REQUIRE(created.code == 0);
  CHECK(contains(created.out, "Created and switched to workspace \"staging\"!"));
  CHECK(dir.read(".infra/environment") == "staging\n");
  CHECK(dir.exists(".infra/workspaces/staging/state.db"));

  // The new workspace's state is empty: the plan creates the file again, under its name.
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  CHECK(contains(plan.out, "Workspace: staging\n"));
  CHECK(contains(plan.out, "out-staging.txt"));
  CHECK(contains(plan.out, "1 to add, 0 to change, 0 to destroy"));

  Result second = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(second.all());
  REQUIRE(second.code == 0);
  CHECK(dir.read("out-staging.txt") == "workspace staging");
  CHECK(contains(second.out, "where = \"staging\""));
  CHECK(addresses_at(dir, ".infra/workspaces/staging/state.db") ==
        std::vector<std::string>{"local_file.f"});

  Result output = run_infra(dir.path(), {"output", "-raw", "where"});
  CHECK(output.out == "staging");
  CHECK(run_infra_with_input(dir.path(), {"console"}, "infra.workspace\n").out == "\"staging\"\n");

  // Back in the default workspace, its own state has not moved.
  REQUIRE(run_infra(dir.path(), {"workspace", "select", "default"}).code == 0);
  CHECK_FALSE(dir.exists(".infra/environment"));
  Result again = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(again.all());
  CHECK(again.code == 0);
  CHECK(contains(again.out, "No changes."));
  CHECK(run_infra(dir.path(), {"output", "-raw", "where"}).out == "default");
  CHECK(run_infra_with_input(dir.path(), {"console"}, "infra.workspace\n").out == "\"default\"\n");
  CHECK(addresses_at(dir, ".infra/state.db") == std::vector<std::string>{"local_file.f"});
}

TEST_CASE("workspace list marks the selected one, and show prints it") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result list = run_infra(dir.path(), {"workspace", "list"});
  CHECK(list.code == 0);
  CHECK(list.out == "* default\n");
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "prod"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "dev"}).code == 0);
  CHECK(run_infra(dir.path(), {"workspace", "list"}).out == "  default\n* dev\n  prod\n");
  CHECK(run_infra(dir.path(), {"workspace", "show"}).out == "dev\n");
  Result selected = run_infra(dir.path(), {"workspace", "select", "prod"});
  CHECK(selected.out == "Switched to workspace \"prod\".\n");
  CHECK(run_infra(dir.path(), {"workspace", "list"}).out == "  default\n  dev\n* prod\n");
  CHECK(run_infra(dir.path(), {"workspace", "show"}).out == "prod\n");
}

TEST_CASE("workspace commands refuse bad names, existing and missing workspaces") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  Result bad = run_infra(dir.path(), {"workspace", "new", "a/b"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "Error: Invalid workspace name"));
  CHECK(contains(bad.err, "\"a/b\" is not a valid workspace name: use letters, digits, '-', '_' and '.'"));
  CHECK_FALSE(dir.exists(".infra/workspaces"));

  Result exists = run_infra(dir.path(), {"workspace", "new", "default"});
  CHECK(exists.code == 1);
  CHECK(contains(exists.err, "Error: Workspace \"default\" already exists"));
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "prod"}).code == 0);
  Result twice = run_infra(dir.path(), {"workspace", "new", "prod"});
  CHECK(twice.code == 1);
  CHECK(contains(twice.err, "Error: Workspace \"prod\" already exists"));

  Result missing = run_infra(dir.path(), {"workspace", "select", "nope"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Error: Workspace \"nope\" does not exist"));
  CHECK(contains(missing.err, "infra workspace new nope"));
  CHECK(run_infra(dir.path(), {"workspace", "show"}).out == "prod\n");
  Result or_create = run_infra(dir.path(), {"workspace", "select", "-or-create", "nope"});
  CHECK(or_create.code == 0);
  CHECK(or_create.out == "Created and switched to workspace \"nope\".\n");
  CHECK(dir.exists(".infra/workspaces/nope/state.db"));
  CHECK(run_infra(dir.path(), {"workspace", "select", "-or-create", "prod"}).out ==
        "Switched to workspace \"prod\".\n");

  Result no_name = run_infra(dir.path(), {"workspace", "select"});
  CHECK(no_name.code == 1);
  CHECK(contains(no_name.err, "Error: workspace select needs the workspace NAME"));
  Result unknown = run_infra(dir.path(), {"workspace", "rename", "x"});
  CHECK(unknown.code == 1);
  CHECK(contains(unknown.err, "Error: unknown workspace subcommand \"rename\""));
  Result none = run_infra(dir.path(), {"workspace"});
  CHECK(none.code == 1);
  CHECK(contains(none.err, "workspace needs a subcommand: new, select, list, show or delete"));
}

TEST_CASE("workspace delete refuses default, the selected one, and one with resources") {
  Scratch dir;
  dir.write("main.infra", kOneFile);
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "prod"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "empty"}).code == 0);

  Result current = run_infra(dir.path(), {"workspace", "delete", "empty"});
  CHECK(current.code == 1);
  CHECK(contains(current.err, "Error: Workspace \"empty\" is the selected workspace"));
  Result def = run_infra(dir.path(), {"workspace", "delete", "default"});
  CHECK(def.code == 1);
  CHECK(contains(def.err, "Error: The default workspace cannot be deleted"));
  Result missing = run_infra(dir.path(), {"workspace", "delete", "nope"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "Error: Workspace \"nope\" does not exist"));

  REQUIRE(run_infra(dir.path(), {"workspace", "select", "default"}).code == 0);
  Result full = run_infra(dir.path(), {"workspace", "delete", "prod"});
  INFO(full.all());
  CHECK(full.code == 1);
  CHECK(contains(full.err, "Error: Workspace \"prod\" is not empty"));
  CHECK(contains(full.err, "Its state still records 1 resource instance:\n  local_file.a\n"));
  CHECK(dir.exists(".infra/workspaces/prod/state.db"));

  Result empty = run_infra(dir.path(), {"workspace", "delete", "empty"});
  CHECK(empty.code == 0);
  CHECK(empty.out == "Deleted workspace \"empty\"!\n");
  CHECK_FALSE(dir.exists(".infra/workspaces/empty"));

  Result forced = run_infra(dir.path(), {"workspace", "delete", "-force", "prod"});
  INFO(forced.all());
  CHECK(forced.code == 0);
  CHECK(contains(forced.err, "Warning: Deleted a workspace that still had resources"));
  CHECK_FALSE(dir.exists(".infra/workspaces/prod"));
  CHECK(dir.exists("a.txt"));  // forgotten, not destroyed
  CHECK(run_infra(dir.path(), {"workspace", "list"}).out == "* default\n");
}

TEST_CASE("INFRA_WORKSPACE selects the workspace over .infra/environment") {
  Scratch dir;
  dir.write("main.infra", kPerWorkspace);
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "ci"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"workspace", "select", "default"}).code == 0);
  {
    WorkspaceVariable env("ci");
    CHECK(run_infra(dir.path(), {"workspace", "show"}).out == "ci\n");
    CHECK(run_infra(dir.path(), {"workspace", "list"}).out == "  default\n* ci\n");
    Result applied = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
    INFO(applied.all());
    CHECK(applied.code == 0);
    CHECK(dir.read("out-ci.txt") == "workspace ci");
    Result select = run_infra(dir.path(), {"workspace", "select", "default"});
    CHECK(select.code == 1);
    CHECK(contains(select.err, "Error: The workspace is selected by INFRA_WORKSPACE"));
  }
  CHECK_FALSE(dir.exists("out-default.txt"));
  CHECK(addresses_at(dir, ".infra/workspaces/ci/state.db") ==
        std::vector<std::string>{"local_file.f"});
  CHECK(addresses_at(dir, ".infra/state.db").empty());
  {
    WorkspaceVariable env("missing");
    Result plan = run_infra(dir.path(), {"plan", "-no-color"});
    CHECK(plan.code == 1);
    CHECK(contains(plan.err, "Error: Workspace \"missing\" does not exist"));
    Result show = run_infra(dir.path(), {"show", "-no-color"});
    CHECK(show.code == 1);
    CHECK(show.err.rfind("Error: Workspace \"missing\" does not exist\n", 0) == 0);
    CHECK(show.err.find("Error:", 1) == std::string::npos);  // said once
  }
  {
    WorkspaceVariable env("../up");
    Result plan = run_infra(dir.path(), {"plan", "-no-color"});
    CHECK(plan.code == 1);
    CHECK(contains(plan.err, "Error: Invalid workspace selected"));
    CHECK(contains(plan.err, "(from INFRA_WORKSPACE)"));
  }
}

TEST_CASE("a saved plan applies only in the workspace it was made in") {
  Scratch dir;
  dir.write("main.infra", kPerWorkspace);
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "prod"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"plan", "-out=prod.plan"}).code == 0);
  REQUIRE(run_infra(dir.path(), {"workspace", "select", "default"}).code == 0);
  Result wrong = run_infra(dir.path(), {"apply", "-no-color", "prod.plan"});
  CHECK(wrong.code == 1);
  CHECK(contains(wrong.err, "Error: Saved plan is for a different workspace"));
  CHECK_FALSE(dir.exists("out-prod.txt"));
  REQUIRE(run_infra(dir.path(), {"workspace", "select", "prod"}).code == 0);
  Result right = run_infra(dir.path(), {"apply", "-no-color", "prod.plan"});
  INFO(right.all());
  CHECK(right.code == 0);
  CHECK(dir.read("out-prod.txt") == "workspace prod");
}

TEST_CASE("backend sqlite puts the state, and its workspaces, at its path") {
  Scratch dir;
  dir.write("main.infra", std::string(kPerWorkspace) + R"(
infra {
  backend "sqlite" {
    path = "states/main.db"
  }
}
)");
  Result applied = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(applied.all());
  REQUIRE(applied.code == 0);
  CHECK_FALSE(dir.exists(".infra/state.db"));
  CHECK(addresses_at(dir, "states/main.db") == std::vector<std::string>{"local_file.f"});
  CHECK(contains(run_infra(dir.path(), {"show", "-no-color"}).out, "local_file.f"));

  REQUIRE(run_infra(dir.path(), {"workspace", "new", "eu"}).code == 0);
  CHECK(dir.exists("states/main.db.d/eu/state.db"));
  REQUIRE(run_infra(dir.path(), {"apply", "-auto-approve"}).code == 0);
  CHECK(addresses_at(dir, "states/main.db.d/eu/state.db") ==
        std::vector<std::string>{"local_file.f"});
  CHECK(run_infra(dir.path(), {"workspace", "list"}).out == "  default\n* eu\n");

  // -state=PATH still wins over the backend block.
  Result elsewhere = run_infra(dir.path(), {"plan", "-no-color", "-state=other.db"});
  INFO(elsewhere.all());
  CHECK(elsewhere.code == 0);
  CHECK(contains(elsewhere.out, "1 to add"));
  CHECK(dir.exists("other.db"));
}

TEST_CASE("backend blocks that cannot be used are errors at their place") {
  Scratch dir;
  dir.write("main.infra", std::string(kOneFile) + R"(
infra {
  backend "sqlite" {
    path   = var.where
    bucket = "b"
  }
}
variable "where" {
  default = "x.db"
}
)");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, "Error: main.infra:8:14: References are not allowed here"));
  CHECK(contains(plan.err, "Error: main.infra:9:5: Unsupported argument \"bucket\" in the sqlite backend"));
  CHECK_FALSE(dir.exists(".infra/state.db"));
  Result validate = run_infra(dir.path(), {"validate", "-no-color"});
  CHECK(validate.code == 1);
  CHECK(contains(validate.err, "main.infra:9:5: Unsupported argument \"bucket\""));
  Result list = run_infra(dir.path(), {"workspace", "list"});
  CHECK(list.code == 1);
  CHECK(contains(list.err, "main.infra:9:5"));

  dir.write("main.infra", std::string(kOneFile) + R"(
infra {
  backend "postgres" {
    conn_str = "postgresql://infra:s3cret-pw@127.0.0.1:1/infra?connect_timeout=5"
  }
}
)");
  // A server that cannot be reached: named, without its password, and nothing applied.
  Result pg = run_infra(dir.path(), {"apply", "-auto-approve", "-no-color"});
  INFO(pg.all());
  CHECK(pg.code == 1);
  CHECK(contains(pg.err, "Error: Failed to open the state"));
  CHECK(contains(pg.err, "postgresql://infra@127.0.0.1:1/infra"));
  CHECK_FALSE(contains(pg.all(), "s3cret-pw"));
  CHECK_FALSE(dir.exists("a.txt"));
  CHECK_FALSE(dir.exists(".infra/state.db"));

  dir.write("main.infra", std::string(kOneFile) + "infra {\n  backend \"s3\" {}\n}\n");
  Result s3 = run_infra(dir.path(), {"plan", "-no-color"});
  CHECK(s3.code == 1);
  CHECK(contains(s3.err, "Error: main.infra:6:11: Unsupported backend \"s3\""));
  CHECK(contains(s3.err, "The state backends are: sqlite, postgres."));
}

TEST_CASE("a backend record that cannot be read stops commands until init -reconfigure") {
  Scratch dir;
  dir.write("main.infra", kPerWorkspace);
  REQUIRE(run_infra(dir.path(), {"init"}).code == 0);
  CHECK(contains(dir.read(".infra/backend.json"), "\"type\": \"sqlite\""));
  dir.write(".infra/backend.json", "{\"path\": 3}");
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 1);
  CHECK(contains(plan.err, ".infra/backend.json is not a backend record"));
  CHECK(contains(plan.err, "run \"infra init -reconfigure\" to write it again"));
  Result init = run_infra(dir.path(), {"init", "-no-color"});
  CHECK(init.code == 1);
  CHECK(contains(init.err, "Error: Failed to read the backend record"));
  REQUIRE(run_infra(dir.path(), {"init", "-reconfigure"}).code == 0);
  CHECK(run_infra(dir.path(), {"plan"}).code == 0);
}

}  // namespace
}  // namespace infra::e2e
