// Where the state is kept: the root module's `infra { backend "TYPE" { ... } }` block read
// into settings, or the default when there is none.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "lang/config.hpp"
#include "lang/diagnostics.hpp"

namespace infra::planner {

/// The state file of the default workspace when the configuration names none.
std::filesystem::path default_state_path();

/// The backend the configuration chose.
struct BackendSettings {
  std::string type = "sqlite";
  /// sqlite: the state file, relative to the working directory unless absolute.
  std::filesystem::path path = default_state_path();
  /// postgres: the libpq connection string (key=value pairs or a postgresql:// URI), ""
  /// when the block leaves it to the environment (PG_CONN_STR, then libpq's PGHOST, ...).
  std::string conn_str;
  /// postgres: the schema of the default workspace's state, "" when the block leaves it to
  /// PG_SCHEMA_NAME or the default, "infra_state".
  std::string schema_name;
  bool configured = false;  // from a backend block, not the default
};

/// Reads the backend block of `root` (the root module). Settings are constants: a
/// reference, an unknown setting or an empty string is an error at its place, and so is a
/// backend that this build does not have. nullopt when there were errors.
std::optional<BackendSettings> read_backend(const lang::Module& root, lang::Diagnostics& diags);

}  // namespace infra::planner
