// Plugin discovery and lifetime.
#include "planner/provider_set.hpp"

#include "providers/builtin/builtin.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

namespace infra::planner {

namespace fs = std::filesystem;

ProviderSet::ProviderSet(std::vector<fs::path> search_dirs, providers::PluginOptions options)
    : search_dirs_(std::move(search_dirs)), options_(options) {}

ProviderSet::~ProviderSet() { shutdown_all(); }

std::vector<fs::path> ProviderSet::default_search_dirs(const fs::path& working_dir) {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("INFRA_PROVIDER_PATH"); env != nullptr && *env != '\0') {
    std::stringstream ss(env);
    std::string dir;
    while (std::getline(ss, dir, ':')) {
      if (!dir.empty()) dirs.emplace_back(dir);
    }
  }
  dirs.push_back(working_dir / ".infra" / "providers");
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    dirs.push_back(fs::path(home) / ".infra" / "providers");
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(self.parent_path());
  return dirs;
}

std::optional<fs::path> ProviderSet::locate(const std::string& name) const {
  for (const auto& dir : search_dirs_) {
    fs::path candidate = dir / ("infra-provider-" + name);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

void ProviderSet::require_locked(ProviderLock lock, fs::path lock_file) {
  std::lock_guard hold(mutex_);
  lock_ = std::move(lock);
  lock_file_ = std::move(lock_file);
}

void ProviderSet::check_locked(const std::string& name, const fs::path& path) const {
  auto locked = lock_->providers.find(name);
  if (locked == lock_->providers.end()) {
    throw providers::ProviderError(
        "provider \"" + name + "\" is not in " + lock_file_.string() +
        ", which records the plugins \"infra init\" checked for this configuration. Run "
        "\"infra init\" to check and record it.");
  }
  std::string actual;
  try {
    actual = file_sha256(path);
  } catch (const std::exception& e) {
    throw providers::ProviderError("provider \"" + name + "\": " + e.what());
  }
  if (actual == locked->second.sha256) return;
  throw providers::ProviderError(
      "provider \"" + name + "\": the plugin at " + path.string() + " is not the one " +
      lock_file_.string() + " records:\n  recorded SHA-256: " + locked->second.sha256 +
      (locked->second.path.empty() ? "" : " (" + locked->second.path + ")") +
      "\n  found SHA-256:    " + actual +
      "\nA plugin that changed since \"infra init\" is refused, so that no binary runs "
      "against your infrastructure unnoticed. If the change is intended (an upgrade), run "
      "\"infra init -upgrade\" to record the new plugin.");
}

bool ProviderSet::available(const std::string& name) const {
  return providers::builtin::is_builtin(name) || locate(name).has_value();
}

std::string ProviderSet::origin(const std::string& name) const {
  if (providers::builtin::is_builtin(name)) return "(built in)";
  auto path = locate(name);
  return path ? path->string() : "(not installed)";
}

providers::Plugin& ProviderSet::get(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = running_.find(key);
  if (it != running_.end()) return *it->second;
  const std::string name = name_of(key);
  if (providers::builtin::is_builtin(name)) {
    return *running_.emplace(key, providers::builtin::start(name)).first->second;
  }
  auto path = locate(name);
  if (!path) {
    std::string where;
    for (const auto& dir : search_dirs_) where += "\n  " + dir.string();
    throw providers::ProviderError("provider \"" + name + "\" is not installed: no executable infra-provider-" +
                                   name + " in" + where);
  }
  if (lock_) check_locked(name, *path);
  auto plugin = providers::Plugin::start(*path, name, options_);
  return *running_.emplace(key, std::move(plugin)).first->second;
}

void ProviderSet::set_configurations(std::map<std::string, nlohmann::json> configurations) {
  std::lock_guard lock(mutex_);
  configurations_ = std::move(configurations);
}

void ProviderSet::set_configuration(const std::string& key, nlohmann::json configuration) {
  std::lock_guard lock(mutex_);
  configurations_[key] = std::move(configuration);
  ready_.insert(key);
}

void ProviderSet::configure_later(const std::string& block_key, std::string reason) {
  std::lock_guard lock(mutex_);
  later_[block_key] = std::move(reason);
}

providers::Plugin& ProviderSet::configured(const std::string& key) {
  Configuring* state = nullptr;
  nlohmann::json config = nlohmann::json::object();
  bool declared = false;
  {
    std::lock_guard lock(mutex_);
    if (!ready_.count(key)) {
      auto later = later_.find(key.substr(0, key.find('[')));
      if (later != later_.end()) throw providers::ProviderError(later->second);
    }
    auto& slot = configuring_[key];
    if (!slot) slot = std::make_unique<Configuring>();
    state = slot.get();
    if (auto it = configurations_.find(key); it != configurations_.end()) {
      config = it->second;
      declared = true;
    }
  }
  std::lock_guard once(state->mutex);
  if (!state->done) {
    state->done = true;
    if (!declared && key.find('.') != std::string::npos) {
      state->error = "there is no provider configuration \"" + key + "\"";
    } else {
      try {
        get(key).call("configure", {{"config", config}});
      } catch (const std::exception& e) {
        state->error = e.what();
      }
    }
  }
  if (!state->error.empty()) throw providers::ProviderError(state->error);
  return get(key);
}

void ProviderSet::shutdown_all() {
  std::lock_guard lock(mutex_);
  for (auto& [name, plugin] : running_) plugin->shutdown();
  running_.clear();
}

}  // namespace infra::planner
