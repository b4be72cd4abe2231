// Workspaces: several states for one configuration. The default workspace keeps the state
// file the configuration names; every other workspace keeps its own file in a directory
// beside it. Which workspace is selected is remembered in the working directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra::state {

/// The workspace every working directory has, and cannot delete.
inline constexpr std::string_view kDefaultWorkspace = "default";

/// Why `name` cannot name a workspace, or nullopt when it can: letters, digits, '-', '_'
/// and '.', at most 90 characters, not "." or "..".
std::optional<std::string> workspace_name_problem(std::string_view name);

/// Where the states of the workspaces are.
struct WorkspaceLayout {
  std::filesystem::path default_state;   // the default workspace's state file
  std::filesystem::path workspaces_dir;  // the others: workspaces_dir/NAME/state.db

  /// The layout for the state file `path`: PATH for the default workspace and
  /// PATH.d/NAME/state.db for the others; `.infra/state.db` (the default) keeps its
  /// workspaces in `.infra/workspaces/NAME/state.db` instead.
  static WorkspaceLayout for_state(const std::filesystem::path& path);

  /// The state file of `workspace`.
  std::filesystem::path state_of(std::string_view workspace) const;
  /// Whether `workspace` exists: the default always does, another once it was created.
  bool exists(std::string_view workspace) const;
  /// Every workspace: "default" first, then the others by name.
  std::vector<std::string> list() const;
  /// Removes the state of `workspace` (not the default one): its directory and all in it.
  void remove(std::string_view workspace) const;
};

/// The file that remembers the selected workspace: `.infra/environment`.
std::filesystem::path environment_file();

/// The selected workspace: `env` (the value of INFRA_WORKSPACE) when set and not empty,
/// else the name in `file`, else "default". The name is not checked.
std::string selected_workspace(const std::filesystem::path& file, const char* env);

/// Remembers `workspace` in `file` (creating its directory); "default" removes the file.
/// Throws StateError when the file cannot be written.
void select_workspace(const std::filesystem::path& file, std::string_view workspace);

}  // namespace infra::state
