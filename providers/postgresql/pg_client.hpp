// The provider's own small libpq layer: where to connect (the provider block), one
// connection per request to a chosen database, statements with text parameters, quoting
// of identifiers and literals, and failures as sdk::Error with the server's message.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "providers/sdk/provider.hpp"

struct pg_conn;

namespace infra::providers::postgresql {

using sdk::json;

/// Where the provider connects: the provider block's values. Copied into each request.
struct Settings {
  std::string conn_str;  // "" unless the provider block sets conn_str
  /// libpq keywords and values (host, port, user, password, sslmode, connect_timeout) set
  /// by the provider block; they override what conn_str says.
  std::vector<std::pair<std::string, std::string>> params;
  /// The database to connect to when a resource names none; "" leaves it to conn_str.
  std::string database;
};

/// Reads the provider block (main.cpp declares its attributes).
Settings settings_from_config(const json& config);

/// The settings given to the last `configure` request (defaults before one). Safe to call
/// from any request thread: configure runs before the requests that follow it.
Settings current_settings();
void set_current_settings(Settings settings);

/// Rows of text (nullopt for NULL).
using Rows = std::vector<std::vector<std::optional<std::string>>>;

/// One connection, owned by one request; closed when it goes out of scope.
class Connection {
 public:
  /// Connects with `settings` to `database` ("" for the settings' default). Throws
  /// sdk::Error with libpq's message (which never holds the password).
  Connection(const Settings& settings, const std::string& database);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Runs one statement with `$1`, `$2`, ... bound to `params` (nullopt binds NULL);
  /// throws sdk::Error with the server's message (and detail) when it fails.
  Rows exec(const std::string& sql, const std::vector<std::optional<std::string>>& params = {});
  /// The first column of the first row, nullopt when there is no row or it is NULL.
  std::optional<std::string> value(const std::string& sql,
                                   const std::vector<std::optional<std::string>>& params = {});
  /// Runs `work` between BEGIN and COMMIT; rolls back when it throws.
  void transaction(const std::function<void()>& work);

  /// `name` quoted as an identifier ("My Role" -> "\"My Role\"").
  std::string ident(const std::string& name) const;
  /// `text` quoted as a string literal.
  std::string literal(const std::string& text) const;

 private:
  pg_conn* conn_ = nullptr;
};

/// The name of the database that `settings` connects to by default.
std::string default_database(const Settings& settings);

}  // namespace infra::providers::postgresql
