// The PostgreSQL state store, for a team sharing one state (docs/state.md, "PostgreSQL
// backend"). libpq stays out of this header.
#pragma once

#include <memory>
#include <string>

#include "state/backend.hpp"

namespace infra::state {

/// Opens the state kept in the schema `schema_name` of the database that `conn_str`
/// (libpq key=value pairs or a postgresql:// URI) names, creating the schema and its
/// tables when missing, with a fresh lineage. The Backend keeps one connection; its lock
/// is a session-level advisory lock on that connection, so a client that dies frees it.
/// Throws StateError naming the server (never the password) when it cannot connect, and
/// for a schema name that is not 1 to 63 lowercase letters, digits and underscores.
/// `keys` unlock an encrypted state (a StateError, before anything is written, when they
/// do not); a state never written that is opened with a key becomes encrypted.
std::unique_ptr<Backend> open_postgres(const std::string& conn_str, const std::string& schema_name,
                                       const StateKeys& keys = {});

}  // namespace infra::state
