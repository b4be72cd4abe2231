// The backend a working directory was initialized with, and moving its states when the
// configuration names another: `infra init -migrate-state` (docs/state.md, "Changing
// backends").
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "cli/common.hpp"
#include "planner/backend_config.hpp"

namespace infra::cli {

/// The file that remembers the backend of the last successful `infra init`:
/// `.infra/backend.json`. It holds the settings as the configuration wrote them (a
/// connection string left to PG_CONN_STR stays empty), so it adds no secret that the
/// configuration files do not already hold.
std::filesystem::path backend_record_file();

/// The recorded settings; nullopt when there is no record. Throws StateError for a file
/// that cannot be read.
std::optional<planner::BackendSettings> recorded_backend();

/// Records `settings` as the initialized backend. Throws StateError when it cannot.
void record_backend(const planner::BackendSettings& settings);

/// Whether two settings name the same store.
bool same_backend(const planner::BackendSettings& a, const planner::BackendSettings& b);

/// "sqlite (.infra/state.db)", "postgres (schema infra_state)": settings for messages,
/// never with a connection string.
std::string describe_backend(const planner::BackendSettings& settings);

/// The backend that commands other than init must find recorded: nullopt when `current`
/// may be used, else the recorded settings it differs from (the states are there).
std::optional<planner::BackendSettings> backend_change(const planner::BackendSettings& current);

/// What `infra init` does with the backend: when the configuration names another backend
/// than the recorded one, copies every workspace's state to it with -migrate-state (each
/// under both locks, refused when the target already holds a state unless -force-copy,
/// and read back and compared), uses it without them with -reconfigure, and otherwise
/// stops with an error saying so. Records the backend when it succeeds. Returns false
/// after printing errors.
bool init_backend(const Ui& ui, const Args& args, const planner::BackendSettings& current);

}  // namespace infra::cli
