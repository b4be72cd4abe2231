// See state/postgres_history.hpp: the SQLite store's history (sqlite_history.cpp) in
// PostgreSQL's tables.
#include "state/postgres_history.hpp"

#include <map>

#include "state/identity.hpp"
#include "state/postgres_connection.hpp"

namespace infra::state {

namespace {

/// A change from a row of (serial, action, address, previous_address, before, after, seq).
Change change_from(const std::vector<std::optional<std::string>>& row, const PayloadCodec& codec) {
  Change c;
  c.serial = std::stoll(row.at(0).value_or("0"));
  const std::string action = row.at(1).value_or("");
  const auto parsed = parse_action(action);
  if (!parsed) {
    throw StateError("history has a change with the unknown action \"" + action + "\"");
  }
  c.action = *parsed;
  c.address = row.at(2).value_or("");
  c.previous_address = row.at(3).value_or("");
  const int seq = std::stoi(row.at(6).value_or("0"));
  c.before_json = codec.open_optional(row.at(4), change_place(false, c.serial, seq));
  c.after_json = codec.open_optional(row.at(5), change_place(true, c.serial, seq));
  return c;
}

}  // namespace

std::int64_t record_write(PgConnection& db, const PayloadCodec& codec, std::int64_t version_id,
                          const std::string& command, std::int64_t serial,
                          const std::vector<Change>& changes) {
  const std::string serial_text = std::to_string(serial);
  if (version_id != 0) {
    db.exec("UPDATE versions SET serial = $1 WHERE id = $2",
            {serial_text, std::to_string(version_id)});
  } else {
    version_id =
        std::stoll(db.exec("INSERT INTO versions (first_serial, serial, time, \"user\", command) "
                           "VALUES ($1, $1, $2, $3, $4) RETURNING id",
                           {serial_text, utc_now_iso8601(), current_user(), command})
                       .text(0, 0));
  }
  std::vector<std::vector<std::optional<std::string>>> rows;
  rows.reserve(changes.size());
  const std::string version_text = std::to_string(version_id);
  int seq = 0;
  for (const Change& c : changes) {
    rows.push_back({serial_text, std::to_string(seq), version_text, action_name(c.action),
                    c.address, c.previous_address,
                    codec.seal_optional(c.before_json, change_place(false, serial, seq)),
                    codec.seal_optional(c.after_json, change_place(true, serial, seq))});
    ++seq;
  }
  db.insert_rows(
      "changes (serial, seq, version, action, address, previous_address, before, after)", rows);
  return version_id;
}

std::vector<Version> select_history(PgConnection& db, const PayloadCodec& codec) {
  std::vector<Version> versions;
  std::map<std::string, std::size_t> by_id;
  const PgRows rows = db.exec(
      "SELECT id, first_serial, serial, time, \"user\", command FROM versions "
      "ORDER BY serial DESC, id DESC");
  for (std::size_t r = 0; r < rows.rows.size(); ++r) {
    by_id[rows.text(r, 0)] = versions.size();
    Version& v = versions.emplace_back();
    v.first_serial = std::stoll(rows.text(r, 1));
    v.serial = std::stoll(rows.text(r, 2));
    v.time = rows.text(r, 3);
    v.user = rows.text(r, 4);
    v.command = rows.text(r, 5);
  }
  const PgRows changes = db.exec(
      "SELECT serial, action, address, previous_address, before, after, seq, version "
      "FROM changes ORDER BY serial, seq");
  for (const auto& row : changes.rows) {
    auto it = by_id.find(row.at(7).value_or(""));
    if (it != by_id.end()) versions[it->second].changes.push_back(change_from(row, codec));
  }
  return versions;
}

std::vector<Change> changes_after(PgConnection& db, const PayloadCodec& codec,
                                  std::int64_t serial) {
  std::vector<Change> newest_first;
  const PgRows rows = db.exec(
      "SELECT serial, action, address, previous_address, before, after, seq FROM changes "
      "WHERE serial > $1 ORDER BY serial DESC, seq DESC",
      {std::to_string(serial)});
  for (const auto& row : rows.rows) newest_first.push_back(change_from(row, codec));
  return newest_first;
}

}  // namespace infra::state
