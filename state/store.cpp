// The SQLite stores: a WorkspaceLayout of files, or one file for every workspace.
#include "state/store.hpp"

#include <system_error>

#include "state/workspaces.hpp"

namespace infra::state {

namespace fs = std::filesystem;

bool Store::exists(std::string_view workspace) {
  return workspace == kDefaultWorkspace || has_state(workspace);
}

namespace {

bool file_exists(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(WorkspaceLayout layout) : layout_(std::move(layout)) {}

  std::string kind() const override { return "sqlite"; }
  std::string location(std::string_view workspace) override {
    return layout_.state_of(workspace).string();
  }
  bool has_state(std::string_view workspace) override {
    return file_exists(layout_.state_of(workspace));
  }
  std::vector<std::string> list() override { return layout_.list(); }
  std::unique_ptr<Backend> open(std::string_view workspace, const StateKeys& keys) override {
    return open_sqlite(layout_.state_of(workspace), keys);
  }
  void remove(std::string_view workspace) override { layout_.remove(workspace); }

 private:
  WorkspaceLayout layout_;
};

class SingleFileStore final : public Store {
 public:
  explicit SingleFileStore(fs::path path) : path_(std::move(path)) {}

  std::string kind() const override { return "sqlite"; }
  std::string location(std::string_view) override { return path_.string(); }
  bool has_state(std::string_view) override { return file_exists(path_); }
  std::vector<std::string> list() override { return {std::string(kDefaultWorkspace)}; }
  std::unique_ptr<Backend> open(std::string_view, const StateKeys& keys) override {
    return open_sqlite(path_, keys);
  }
  void remove(std::string_view) override {
    throw StateError(path_.string() + " is the state of every workspace: -state=PATH names "
                     "one file, which cannot hold workspaces");
  }

 private:
  fs::path path_;
};

}  // namespace

std::unique_ptr<Store> sqlite_store(const fs::path& default_state) {
  return std::make_unique<SqliteStore>(WorkspaceLayout::for_state(default_state));
}

std::unique_ptr<Store> single_file_store(const fs::path& path) {
  return std::make_unique<SingleFileStore>(path);
}

}  // namespace infra::state
