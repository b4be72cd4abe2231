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
  /// The SQLite state file, relative to the working directory unless absolute.
  std::filesystem::path path = default_state_path();
  bool configured = false;  // from a backend block, not the default
};

/// Reads the backend block of `root` (the root module). Settings are constants: a
/// reference, an unknown setting or an empty path is an error at its place, and so is a
/// backend that this build does not have. nullopt when there were errors.
std::optional<BackendSettings> read_backend(const lang::Module& root, lang::Diagnostics& diags);

}  // namespace infra::planner
