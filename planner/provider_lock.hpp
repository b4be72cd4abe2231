// The provider lock file, `.infra.lock.json`: the exact plugin binaries (by SHA-256) that
// `infra init` found for the configuration, so that a plugin replaced behind the team's
// back is refused until someone accepts it with `infra init -upgrade`
// (docs/provider-protocol.md, "Discovery and the lock file").
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace infra::planner {

/// One provider as `infra init` found it.
struct LockedProvider {
  std::string version;  // what the plugin's handshake said
  std::string sha256;   // of the executable, lowercase hex
  std::string path;     // where it was, for messages
};

/// Every provider of the configuration, by name.
struct ProviderLock {
  std::map<std::string, LockedProvider> providers;
};

/// `.infra.lock.json` in the working directory.
std::filesystem::path provider_lock_file();

/// Reads the lock file at `file`. Throws std::runtime_error naming the file when it is not
/// a lock file this build can read.
ProviderLock read_provider_lock(const std::filesystem::path& file);

/// Writes `lock` to `file` (sorted, one provider per entry, so that it diffs well in
/// version control), replacing it atomically. Throws std::runtime_error when it cannot.
void write_provider_lock(const std::filesystem::path& file, const ProviderLock& lock);

/// The SHA-256 of the file at `path`, lowercase hex. Throws std::runtime_error when it
/// cannot be read.
std::string file_sha256(const std::filesystem::path& path);

}  // namespace infra::planner
