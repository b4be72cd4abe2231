// ProviderSet: finds provider plugins, starts each once, configures it, and hands it out.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "planner/provider_lock.hpp"
#include "providers/host/plugin.hpp"

namespace infra::planner {

class ProviderSet {
 public:
  /// `search_dirs` are tried in order for an executable `infra-provider-NAME`.
  explicit ProviderSet(std::vector<std::filesystem::path> search_dirs,
                       providers::PluginOptions options = {});
  ~ProviderSet();

  /// The default search path: $INFRA_PROVIDER_PATH (colon-separated), then
  /// WORKDIR/.infra/providers, ~/.infra/providers, and the directory of this executable
  /// (where the built-in providers are installed).
  static std::vector<std::filesystem::path> default_search_dirs(
      const std::filesystem::path& working_dir);

  /// From now on, a plugin is started only when its executable has the SHA-256 that `lock`
  /// (read from `lock_file`) records for its provider; get() throws ProviderError naming
  /// the provider, both checksums and `infra init -upgrade` otherwise, and for a provider
  /// that the lock does not name.
  void require_locked(ProviderLock lock, std::filesystem::path lock_file);

  /// Where the plugin for `name` is, if anywhere (nowhere for a built-in provider).
  std::optional<std::filesystem::path> locate(const std::string& name) const;
  /// Whether provider `name` can be started: built in, or a plugin is installed.
  bool available(const std::string& name) const;
  /// Where `name` comes from, for people: the plugin's path, or "(built in)".
  std::string origin(const std::string& name) const;

  /// The running plugin for the provider configuration `key` ("NAME", or "NAME.ALIAS" for
  /// an aliased one: each configuration is its own plugin process), started on first use.
  /// Throws providers::ProviderError saying where it looked when there is none.
  /// Thread-safe.
  providers::Plugin& get(const std::string& key);

  /// The arguments of every provider configuration of the root module, by key (what
  /// start_providers evaluated). A default configuration ("NAME") without a block is
  /// configured with no arguments.
  void set_configurations(std::map<std::string, nlohmann::json> configurations);

  /// Sets the arguments of configuration `key` ("NAME", "NAME.ALIAS" or an instance of a
  /// block with for_each, `NAME.ALIAS["KEY"]`) after the others were set, for a provider
  /// block configured during the walk. Before it is configured.
  void set_configuration(const std::string& key, nlohmann::json configuration);

  /// Until set_configuration, configured() of the block `block_key` ("NAME" or
  /// "NAME.ALIAS", any instance of it) fails with `reason`: its arguments are evaluated
  /// during the walk, and no default may stand in for them.
  void configure_later(const std::string& block_key, std::string reason);

  /// The plugin for configuration `key`, started and configured on first use (once, also
  /// when many threads ask at once). Throws providers::ProviderError saying what failed:
  /// no plugin, no such configuration, or the provider's answer to configure. Thread-safe.
  providers::Plugin& configured(const std::string& key);

  /// The provider name of a configuration key: "docker" for "docker.remote".
  static std::string name_of(const std::string& key) { return key.substr(0, key.find('.')); }

  const std::vector<std::filesystem::path>& search_dirs() const { return search_dirs_; }

  /// Shuts every started plugin down.
  void shutdown_all();

 private:
  /// Throws unless the plugin at `path` is the one the lock records for `name`.
  void check_locked(const std::string& name, const std::filesystem::path& path) const;

  std::vector<std::filesystem::path> search_dirs_;
  providers::PluginOptions options_;
  std::optional<ProviderLock> lock_;
  std::filesystem::path lock_file_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<providers::Plugin>> running_;
  std::map<std::string, nlohmann::json> configurations_;
  std::map<std::string, std::string> later_;  // configure_later: block key -> why not yet
  std::set<std::string> ready_;               // set by set_configuration
  struct Configuring {
    std::mutex mutex;
    bool done = false;
    std::string error;  // why it failed, when it did
  };
  std::map<std::string, std::unique_ptr<Configuring>> configuring_;
};

}  // namespace infra::planner
