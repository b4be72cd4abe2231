// See state/postgres_connection.hpp.
#include "state/postgres_connection.hpp"

#include <algorithm>

#include <libpq-fe.h>

#include <map>
#include <memory>

#include "state/backend.hpp"

namespace infra::state {

namespace {

/// libpq's messages end with a newline; messages here are one line each.
std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

const std::string& PgRows::text(std::size_t row, std::size_t column) const {
  static const std::string kNull;
  const auto& value = rows.at(row).at(column);
  return value ? *value : kNull;
}

std::string describe_server(const std::string& conn_str) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conn_str.c_str(), &error);
  if (!options) {
    // libpq's parse errors may quote a piece of the string, which may be the password.
    PQfreemem(error);
    return "postgresql://(a connection string that does not parse)";
  }
  std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> hold(options, PQconninfoFree);
  // What the string leaves out, libpq takes from the environment (PGHOST, PGUSER, ...) and
  // its defaults.
  std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> defaults(PQconndefaults(),
                                                                          PQconninfoFree);
  std::map<std::string, std::string> values;
  for (const PQconninfoOption* list : {defaults.get(), options}) {
    for (const PQconninfoOption* o = list; o && o->keyword; ++o) {
      if (o->val && *o->val) values[o->keyword] = o->val;
    }
  }
  // No host: libpq's default unix socket, which a URI writes as an empty host.
  const std::string host = values.count("host") ? values["host"] : values["hostaddr"];
  std::string text = "postgresql://";
  if (!values["user"].empty()) text += values["user"] + "@";
  text += host;
  if (!values["port"].empty()) text += ":" + values["port"];
  // libpq's default database is the user's name.
  const std::string dbname = values["dbname"].empty() ? values["user"] : values["dbname"];
  if (!dbname.empty()) text += "/" + dbname;
  return text;
}

PgConnection::PgConnection(const std::string& conn_str, std::vector<std::string> setup)
    : server_(describe_server(conn_str)), setup_(std::move(setup)) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conn_str.c_str(), &error);
  if (!parsed) {
    PQfreemem(error);
    throw StateError(
        "cannot connect to the PostgreSQL state: the connection string does not parse; write "
        "key=value pairs (host=db.example port=5432 dbname=infra) or a postgresql:// URI");
  }
  PQconninfoFree(parsed);
  conn_ = PQconnectdb(conn_str.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string reason = conn_ ? trimmed(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw StateError("cannot connect to the PostgreSQL state at " + server_ + ": " + reason);
  }
  // Notices and warnings are not for the user's terminal.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  try {
    for (const std::string& statement : setup_) run(statement);
  } catch (const PgError& e) {
    PQfinish(conn_);
    conn_ = nullptr;
    throw StateError("cannot connect to the PostgreSQL state at " + server_ + ": " + e.what());
  }
}

bool PgConnection::broken() const {
  return PQstatus(conn_) == CONNECTION_BAD;
}

void PgConnection::reconnect() {
  PQreset(conn_);
  if (broken()) throw PgError("cannot connect again: " + trimmed(PQerrorMessage(conn_)));
  for (const std::string& statement : setup_) run(statement);
}

PgConnection::~PgConnection() {
  PQfinish(conn_);
}

void PgConnection::run(const std::string& sql) {
  check(PQexec(conn_, sql.c_str()));
}

PgConnection::Result PgConnection::check(pg_result* raw) {
  Result result(raw, PQclear);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    std::string message = result ? trimmed(PQresultErrorMessage(result.get())) : "";
    if (message.empty()) message = trimmed(PQerrorMessage(conn_));
    throw PgError(message);
  }
  return result;
}

PgRows PgConnection::exec(const std::string& sql,
                          const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  const auto result = check(PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()),
                                         nullptr, values.data(), nullptr, nullptr, 0));
  PgRows rows;
  const int n = PQntuples(result.get()), columns = PQnfields(result.get());
  rows.rows.resize(static_cast<std::size_t>(n));
  for (int r = 0; r < n; ++r) {
    auto& row = rows.rows[static_cast<std::size_t>(r)];
    row.reserve(static_cast<std::size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(result.get(), r, c),
                                     static_cast<std::size_t>(PQgetlength(result.get(), r, c))));
      }
    }
  }
  return rows;
}

void PgConnection::insert_rows(const std::string& into,
                               const std::vector<std::vector<std::optional<std::string>>>& rows) {
  // PostgreSQL takes at most 65,535 parameters per statement.
  constexpr std::size_t kMaxParams = 60000;
  std::size_t next = 0;
  while (next < rows.size()) {
    const std::size_t width = std::max<std::size_t>(rows[next].size(), 1);
    const std::size_t batch = std::min(rows.size() - next, kMaxParams / width);
    std::string sql = "INSERT INTO " + into + " VALUES ";
    std::vector<std::optional<std::string>> params;
    params.reserve(batch * width);
    for (std::size_t r = next; r < next + batch; ++r) {
      sql += r == next ? "(" : ", (";
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        params.push_back(rows[r][c]);
        sql += (c ? ", $" : "$") + std::to_string(params.size());
      }
      sql += ")";
    }
    exec(sql, params);
    next += batch;
  }
}

}  // namespace infra::state
