// See state/sqlite_history.hpp. Before and after are kept whole (instance_to_json,
// outputs_to_json), so that undoing a change needs nothing but the change itself
// (state/history.cpp).
#include "state/sqlite_history.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <map>

#include "state/history.hpp"
#include "state/identity.hpp"
#include "state/json_format.hpp"

namespace infra::state {
namespace {

void bind_optional(SQLite::Statement& statement, int index, const std::optional<std::string>& text) {
  if (text) {
    statement.bind(index, *text);
  } else {
    statement.bind(index);  // NULL
  }
}

std::optional<std::string> optional_text(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

/// A change from a row of (serial, action, address, previous_address, before, after, seq).
Change change_from(SQLite::Statement& row, const PayloadCodec& codec) {
  Change c;
  c.serial = row.getColumn(0).getInt64();
  const std::string action = row.getColumn(1).getString();
  const auto parsed = parse_action(action);
  if (!parsed) throw StateError("history has a change with the unknown action \"" + action + "\"");
  c.action = *parsed;
  c.address = row.getColumn(2).getString();
  c.previous_address = row.getColumn(3).getString();
  const int seq = row.getColumn(6).getInt();
  c.before_json =
      codec.open_optional(optional_text(row.getColumn(4)), change_place(false, c.serial, seq));
  c.after_json =
      codec.open_optional(optional_text(row.getColumn(5)), change_place(true, c.serial, seq));
  return c;
}

}  // namespace

std::int64_t record_write(SQLite::Database& db, const PayloadCodec& codec, std::int64_t version_id,
                          const std::string& command, std::int64_t serial,
                          const std::vector<Change>& changes) {
  if (version_id != 0) {
    SQLite::Statement update(db, "UPDATE versions SET serial = ? WHERE id = ?");
    update.bind(1, serial);
    update.bind(2, version_id);
    update.exec();
  } else {
    SQLite::Statement insert(db,
                             "INSERT INTO versions (first_serial, serial, time, user, command) "
                             "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, serial);
    insert.bind(2, serial);
    insert.bind(3, utc_now_iso8601());
    insert.bind(4, current_user());
    insert.bind(5, command);
    insert.exec();
    version_id = db.getLastInsertRowid();
  }
  SQLite::Statement insert(db,
                           "INSERT INTO changes (serial, seq, version, action, address, "
                           "previous_address, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  int seq = 0;
  for (const Change& c : changes) {
    insert.bind(1, serial);
    insert.bind(2, seq);
    insert.bind(3, version_id);
    insert.bind(4, action_name(c.action));
    insert.bind(5, c.address);
    insert.bind(6, c.previous_address);
    bind_optional(insert, 7, codec.seal_optional(c.before_json, change_place(false, serial, seq)));
    bind_optional(insert, 8, codec.seal_optional(c.after_json, change_place(true, serial, seq)));
    ++seq;
    insert.exec();
    insert.reset();
  }
  return version_id;
}

std::vector<Version> select_history(SQLite::Database& db, const PayloadCodec& codec) {
  std::vector<Version> versions;
  std::map<std::int64_t, std::size_t> by_id;
  SQLite::Statement select(db,
                           "SELECT id, first_serial, serial, time, user, command FROM versions "
                           "ORDER BY serial DESC, id DESC");
  while (select.executeStep()) {
    by_id[select.getColumn(0).getInt64()] = versions.size();
    Version& v = versions.emplace_back();
    v.first_serial = select.getColumn(1).getInt64();
    v.serial = select.getColumn(2).getInt64();
    v.time = select.getColumn(3).getString();
    v.user = select.getColumn(4).getString();
    v.command = select.getColumn(5).getString();
  }
  SQLite::Statement changes(db,
                            "SELECT serial, action, address, previous_address, before, after, "
                            "seq, version FROM changes ORDER BY serial, seq");
  while (changes.executeStep()) {
    auto it = by_id.find(changes.getColumn(7).getInt64());
    if (it != by_id.end()) versions[it->second].changes.push_back(change_from(changes, codec));
  }
  return versions;
}

void rewind(SQLite::Database& db, const PayloadCodec& codec, Snapshot& snapshot,
            std::int64_t serial) {
  std::vector<Change> newest_first;
  SQLite::Statement select(db,
                           "SELECT serial, action, address, previous_address, before, after, seq "
                           "FROM changes WHERE serial > ? ORDER BY serial DESC, seq DESC");
  select.bind(1, serial);
  while (select.executeStep()) newest_first.push_back(change_from(select, codec));
  undo_changes(snapshot, newest_first, serial);
}

}  // namespace infra::state
