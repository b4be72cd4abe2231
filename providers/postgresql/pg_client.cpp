// libpq behind the provider's Connection: connecting with the provider block's settings,
// running statements, quoting, and turning failures into sdk::Error.
#include "providers/postgresql/pg_client.hpp"

#include <libpq-fe.h>

#include <memory>
#include <mutex>

namespace infra::providers::postgresql {

namespace {

std::mutex settings_mutex;
Settings settings_value = {.conn_str = "", .params = {}, .database = "postgres"};

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

using Result = std::unique_ptr<PGresult, void (*)(PGresult*)>;

// The server's message of a failed result, with its detail when it has one.
std::string failure_message(PGconn* conn, const PGresult* result) {
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (!primary) return trimmed(PQerrorMessage(conn));
  std::string message = primary;
  if (const char* detail = PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL)) {
    message += " (" + std::string(detail) + ")";
  }
  return message;
}

}  // namespace

Settings settings_from_config(const json& config) {
  Settings s;
  auto text = [&](const char* name) -> std::optional<std::string> {
    if (!config.is_object() || !config.contains(name) || config[name].is_null()) return {};
    const json& v = config[name];
    if (v.is_number()) return std::to_string(v.get<std::int64_t>());  // port 5432, not 5432.0
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  if (auto conn_str = text("conn_str")) s.conn_str = *conn_str;
  const std::pair<const char*, const char*> keywords[] = {
      {"host", "host"},       {"port", "port"},       {"username", "user"},
      {"password", "password"}, {"sslmode", "sslmode"}, {"connect_timeout", "connect_timeout"}};
  for (const auto& [attribute, keyword] : keywords) {
    if (auto v = text(attribute)) s.params.emplace_back(keyword, *v);
  }
  if (auto database = text("database")) {
    s.database = *database;
  } else {
    s.database = s.conn_str.empty() ? "postgres" : "";
  }
  return s;
}

Settings current_settings() {
  std::lock_guard lock(settings_mutex);
  return settings_value;
}

void set_current_settings(Settings settings) {
  std::lock_guard lock(settings_mutex);
  settings_value = std::move(settings);
}

Connection::Connection(const Settings& settings, const std::string& database) {
  // With expand_dbname, the first "dbname" may be a whole connection string; later keywords
  // override what it says.
  std::vector<const char*> keys;
  std::vector<const char*> values;
  if (!settings.conn_str.empty()) {
    keys.push_back("dbname");
    values.push_back(settings.conn_str.c_str());
  }
  for (const auto& [key, value] : settings.params) {
    keys.push_back(key.c_str());
    values.push_back(value.c_str());
  }
  const std::string& dbname = database.empty() ? settings.database : database;
  if (!dbname.empty()) {
    keys.push_back("dbname");
    values.push_back(dbname.c_str());
  }
  keys.push_back("fallback_application_name");
  values.push_back("infra-provider-postgresql");
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), settings.conn_str.empty() ? 0 : 1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw sdk::Error("cannot connect to the PostgreSQL server" +
                     (dbname.empty() ? std::string() : " (database \"" + dbname + "\")") + ": " +
                     message);
  }
  // Timestamps read back the same way whatever the server's settings are.
  exec("set timezone = 'UTC'");
  exec("set datestyle = 'ISO'");
}

Connection::~Connection() { PQfinish(conn_); }

Rows Connection::exec(const std::string& sql,
                      const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  Result result(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, 0),
                PQclear);
  const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw sdk::Error(failure_message(conn_, result.get()));
  }
  Rows rows;
  const int n = PQntuples(result.get());
  const int columns = PQnfields(result.get());
  for (int r = 0; r < n; ++r) {
    auto& row = rows.emplace_back();
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c)) {
        row.emplace_back();
      } else {
        row.emplace_back(PQgetvalue(result.get(), r, c));
      }
    }
  }
  return rows;
}

std::optional<std::string> Connection::value(
    const std::string& sql, const std::vector<std::optional<std::string>>& params) {
  Rows rows = exec(sql, params);
  if (rows.empty() || rows[0].empty()) return std::nullopt;
  return rows[0][0];
}

void Connection::transaction(const std::function<void()>& work) {
  exec("begin");
  try {
    work();
    exec("commit");
  } catch (...) {
    PQclear(PQexec(conn_, "rollback"));
    throw;
  }
}

std::string Connection::ident(const std::string& name) const {
  char* quoted = PQescapeIdentifier(conn_, name.c_str(), name.size());
  if (!quoted) throw sdk::Error("cannot quote identifier: " + trimmed(PQerrorMessage(conn_)));
  std::string out = quoted;
  PQfreemem(quoted);
  return out;
}

std::string Connection::literal(const std::string& text) const {
  char* quoted = PQescapeLiteral(conn_, text.c_str(), text.size());
  // libpq's message names the encoding problem, never the text itself.
  if (!quoted) throw sdk::Error("cannot quote a value: " + trimmed(PQerrorMessage(conn_)));
  std::string out = quoted;
  PQfreemem(quoted);
  return out;
}

std::string default_database(const Settings& settings) {
  if (!settings.database.empty()) return settings.database;
  Connection conn(settings, "");
  return conn.value("select current_database()").value_or("postgres");
}

}  // namespace infra::providers::postgresql
