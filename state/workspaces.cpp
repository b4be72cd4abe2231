// The files behind workspaces: see state/workspaces.hpp.
#include "state/workspaces.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <system_error>

#include "state/backend.hpp"

namespace infra::state {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxNameLength = 90;
constexpr const char* kStateFile = "state.db";

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

}  // namespace

std::optional<std::string> workspace_name_problem(std::string_view name) {
  if (name.empty()) return "a workspace name cannot be empty";
  if (name == "." || name == "..") return "\"" + std::string(name) + "\" cannot name a workspace";
  if (name.size() > kMaxNameLength) {
    return "a workspace name has at most " + std::to_string(kMaxNameLength) + " characters";
  }
  if (!std::all_of(name.begin(), name.end(), name_char)) {
    return "\"" + std::string(name) +
           "\" is not a valid workspace name: use letters, digits, '-', '_' and '.'";
  }
  return std::nullopt;
}

WorkspaceLayout WorkspaceLayout::for_state(const fs::path& path) {
  const fs::path standard = fs::path(".infra") / kStateFile;
  if (path.lexically_normal() == standard) return {path, fs::path(".infra") / "workspaces"};
  return {path, fs::path(path.string() + ".d")};
}

fs::path WorkspaceLayout::state_of(std::string_view workspace) const {
  if (workspace == kDefaultWorkspace) return default_state;
  return workspaces_dir / std::string(workspace) / kStateFile;
}

bool WorkspaceLayout::exists(std::string_view workspace) const {
  if (workspace == kDefaultWorkspace) return true;
  std::error_code ec;
  return fs::is_regular_file(state_of(workspace), ec);
}

std::vector<std::string> WorkspaceLayout::list() const {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(workspaces_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!workspace_name_problem(name) && name != kDefaultWorkspace && exists(name)) {
      names.push_back(name);
    }
  }
  std::sort(names.begin(), names.end());
  names.insert(names.begin(), std::string(kDefaultWorkspace));
  return names;
}

void WorkspaceLayout::remove(std::string_view workspace) const {
  if (workspace == kDefaultWorkspace) throw StateError("the default workspace cannot be removed");
  const fs::path dir = workspaces_dir / std::string(workspace);
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec) throw StateError(dir.string() + ": cannot remove: " + ec.message());
}

fs::path environment_file() { return fs::path(".infra") / "environment"; }

std::string selected_workspace(const fs::path& file, const char* env) {
  if (env != nullptr && *env != '\0') return env;
  std::ifstream in(file);
  std::string name;
  if (in && std::getline(in, name)) {
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    if (!name.empty()) return name;
  }
  return std::string(kDefaultWorkspace);
}

void select_workspace(const fs::path& file, std::string_view workspace) {
  std::error_code ec;
  if (workspace == kDefaultWorkspace) {
    fs::remove(file, ec);
    if (ec) throw StateError(file.string() + ": cannot remove: " + ec.message());
    return;
  }
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  std::ofstream out(file, std::ios::trunc);
  out << workspace << "\n";
  out.close();
  if (!out) throw StateError(file.string() + ": cannot write the selected workspace");
}

}  // namespace infra::state
