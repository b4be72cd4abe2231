// A small C++ face on one libpq connection, for the PostgreSQL state: statements with text
// parameters, rows of text back, failures as StateError. libpq itself stays in the .cpp.
// Not thread-safe: PostgresBackend serialises all use of one connection behind its mutex.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

struct pg_conn;
struct pg_result;

namespace infra::state {

/// The rows a statement returned, every value as text (nullopt for NULL).
struct PgRows {
  std::vector<std::vector<std::optional<std::string>>> rows;

  bool empty() const { return rows.empty(); }
  /// The value at `row`, `column` (a NULL gives "").
  const std::string& text(std::size_t row, std::size_t column) const;
};

/// A statement that failed, with the server's message; the backend adds where and what.
class PgError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One open connection to a PostgreSQL server.
class PgConnection {
 public:
  /// Connects with `conn_str` (key=value pairs or a postgresql:// URI). Throws StateError
  /// naming the server (never the password) when the string does not parse or the server
  /// cannot be reached.
  /// `setup` are statements (session settings) run after connecting and reconnecting.
  PgConnection(const std::string& conn_str, std::vector<std::string> setup);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// Runs one statement with `$1`, `$2`, ... bound to `params` (nullopt binds NULL).
  /// Throws PgError with the server's message when it fails.
  PgRows exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});

  /// Inserts `rows` (each with the same number of values) with `INSERT INTO ` + `into` +
  /// ` VALUES (...), (...), ...`, many rows per statement (a round trip and a plan per row
  /// make large writes slow). Throws PgError as exec does.
  void insert_rows(const std::string& into, const std::vector<std::vector<std::optional<std::string>>>& rows);

  /// Runs `sql`, which may be several statements separated by semicolons, without
  /// parameters. Throws PgError as exec does.
  void run(const std::string& sql);

  /// Whether the connection is known to be lost (a statement failed on it).
  bool broken() const;
  /// Connects again with the same settings, running `setup`; throws PgError when it cannot.
  void reconnect();

  /// "postgresql://user@host:port/dbname": the server as messages name it, no password.
  const std::string& server() const { return server_; }

 private:
  using Result = std::unique_ptr<pg_result, void (*)(pg_result*)>;
  /// Owns `raw`; throws PgError unless it is a success.
  Result check(pg_result* raw);

  pg_conn* conn_ = nullptr;
  std::string server_;
  std::vector<std::string> setup_;
};

/// `conn_str`'s server as PgConnection::server() names it, without connecting: what the
/// string leaves out as libpq fills it in (PGHOST, PGUSER, ... and its defaults). The
/// password is never part of it.
std::string describe_server(const std::string& conn_str);

}  // namespace infra::state
