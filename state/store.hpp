// Where a configuration's states are kept: one state per workspace, in SQLite files or in
// PostgreSQL schemas. A Store finds, lists, creates and removes the states of the
// workspaces; each state itself is a Backend.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// The states of every workspace of one configuration.
class Store {
 public:
  virtual ~Store() = default;

  /// "sqlite" or "postgres".
  virtual std::string kind() const = 0;
  /// Where the state of `workspace` is, for messages: a file name, or a schema and its
  /// server (never a password).
  virtual std::string location(std::string_view workspace) = 0;
  /// Whether the state of `workspace` has been created (a read-only command need not
  /// create one to find it empty).
  virtual bool has_state(std::string_view workspace) = 0;
  /// Whether `workspace` exists: the default one always does, another once created.
  bool exists(std::string_view workspace);
  /// Every workspace: "default" first, then the others by name.
  virtual std::vector<std::string> list() = 0;
  /// Opens the state of `workspace`, creating it (with a fresh lineage) when missing.
  /// `keys` unlock an encrypted state (state/encryption.hpp); a new state opened with a
  /// key is encrypted.
  virtual std::unique_ptr<Backend> open(std::string_view workspace,
                                        const StateKeys& keys = {}) = 0;
  /// Removes the state of `workspace`, not the default one's, with everything in it.
  virtual void remove(std::string_view workspace) = 0;
};

/// The SQLite files of WorkspaceLayout::for_state(`default_state`).
std::unique_ptr<Store> sqlite_store(const std::filesystem::path& default_state);

/// One file for every workspace (what -state=PATH means): `path` is the state whatever the
/// workspace, and no workspace can be created or removed in it.
std::unique_ptr<Store> single_file_store(const std::filesystem::path& path);

/// The PostgreSQL schemas of the database that `conn_str` names: the default workspace's
/// state is in `schema_name`, every other one's in a schema of its own, which the table
/// `infra_workspaces` of `schema_name` names (docs/state.md, "Workspaces on PostgreSQL").
/// Connects only when first needed. Throws StateError for an invalid schema name.
std::unique_ptr<Store> postgres_store(const std::string& conn_str, const std::string& schema_name);

/// The schema that keeps workspace `workspace` of the states in `schema_name`:
/// SCHEMA_ws_NAME when the name is lowercase letters, digits and underscores and that
/// fits in 63 bytes, else the first 40 bytes of SCHEMA, "_ws_" and 16 hex digits of a hash
/// of the name.
std::string postgres_workspace_schema(const std::string& schema_name, std::string_view workspace);

}  // namespace infra::state
