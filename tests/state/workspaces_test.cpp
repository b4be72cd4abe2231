// Tests of state/workspaces.cpp: names, where each workspace's state is, the selection.
#include "state/workspaces.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>

#include "state/backend.hpp"

namespace infra::state {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("infra-workspaces-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

void touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "";
}

TEST_CASE("workspace names are letters, digits, '-', '_' and '.'") {
  for (const char* ok : {"default", "prod", "eu-west_1", "v1.2", "A"}) {
    INFO(ok);
    CHECK_FALSE(workspace_name_problem(ok));
  }
  CHECK(workspace_name_problem("") == "a workspace name cannot be empty");
  CHECK(workspace_name_problem("..") == "\"..\" cannot name a workspace");
  CHECK(workspace_name_problem("a/b") ==
        "\"a/b\" is not a valid workspace name: use letters, digits, '-', '_' and '.'");
  for (const char* bad : {".", "with space", "x\\y", "é", "a:b"}) {
    INFO(bad);
    CHECK(workspace_name_problem(bad));
  }
  CHECK_FALSE(workspace_name_problem(std::string(90, 'a')));
  CHECK(workspace_name_problem(std::string(91, 'a')) ==
        "a workspace name has at most 90 characters");
}

TEST_CASE("the default state keeps its workspaces in .infra/workspaces") {
  const auto layout = WorkspaceLayout::for_state(".infra/state.db");
  CHECK(layout.state_of("default") == fs::path(".infra/state.db"));
  CHECK(layout.state_of("prod") == fs::path(".infra/workspaces/prod/state.db"));
  CHECK(WorkspaceLayout::for_state("./.infra/state.db").workspaces_dir ==
        fs::path(".infra/workspaces"));
}

TEST_CASE("a configured state file keeps its workspaces in PATH.d") {
  const auto layout = WorkspaceLayout::for_state("states/main.db");
  CHECK(layout.state_of("default") == fs::path("states/main.db"));
  CHECK(layout.state_of("prod") == fs::path("states/main.db.d/prod/state.db"));
}

TEST_CASE("the workspaces are the default one and those with a state, by name") {
  TempDir dir;
  const auto layout = WorkspaceLayout::for_state(dir.path / "s.db");
  CHECK(layout.list() == std::vector<std::string>{"default"});
  CHECK(layout.exists("default"));
  CHECK_FALSE(layout.exists("prod"));
  touch(layout.state_of("prod"));
  touch(layout.state_of("dev"));
  fs::create_directories(layout.workspaces_dir / "empty");    // no state: not a workspace
  touch(layout.workspaces_dir / "bad name" / "state.db");     // not a valid name
  CHECK(layout.exists("prod"));
  CHECK(layout.list() == std::vector<std::string>{"default", "dev", "prod"});
  layout.remove("prod");
  CHECK_FALSE(layout.exists("prod"));
  CHECK_FALSE(fs::exists(layout.workspaces_dir / "prod"));
  CHECK(layout.list() == std::vector<std::string>{"default", "dev"});
  CHECK_THROWS_AS(layout.remove("default"), StateError);
}

TEST_CASE("the selected workspace: the environment variable, else the file, else default") {
  TempDir dir;
  const fs::path file = dir.path / ".infra" / "environment";
  CHECK(selected_workspace(file, nullptr) == "default");
  select_workspace(file, "prod");
  CHECK(fs::exists(file));
  CHECK(selected_workspace(file, nullptr) == "prod");
  CHECK(selected_workspace(file, "") == "prod");
  CHECK(selected_workspace(file, "dev") == "dev");
  select_workspace(file, "default");
  CHECK_FALSE(fs::exists(file));
  CHECK(selected_workspace(file, nullptr) == "default");
  std::ofstream(file) << "staging\r\n";
  CHECK(selected_workspace(file, nullptr) == "staging");
}

}  // namespace
}  // namespace infra::state
