// The PostgreSQL state store: the tables of state/postgres_schema.cpp in one schema, one
// libpq connection per Backend.
//
// Concurrency: one connection serves every thread of a Backend, one statement or
// transaction at a time behind `mutex_`. Each write is one transaction that first locks
// the meta row (SELECT ... FOR UPDATE), so writers of every client queue there, and each
// reads what the previous one committed. Writes of threads that arrive while another
// commits are committed together (group commit), each in a savepoint of its own. The state lock is
// a session-level advisory lock held by this connection: when the client dies, its session ends and
// the server frees the lock. The lock table only says who holds it. Encryption: payloads
// go through `codec_` (state/encryption.hpp) on their way in and out.
#include "state/postgres_backend.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <type_traits>

#include "state/encryption.hpp"
#include "state/group_commit.hpp"
#include "state/history.hpp"
#include "state/identity.hpp"
#include "state/instance_address.hpp"
#include "state/json_format.hpp"
#include "state/postgres_connection.hpp"
#include "state/postgres_history.hpp"
#include "state/postgres_schema.hpp"

namespace infra::state {

namespace {

using Params = std::vector<std::optional<std::string>>;

constexpr const char* kInstanceColumns =
    "address, type, name, provider, schema_version, attributes, sensitive_paths, "
    "dependencies, status, module, index_key";

/// How long lock() waits for a holder that took the advisory lock to write its lock row,
/// and force-unlock for a terminated holder's session to end.
constexpr auto kLockRowWait = std::chrono::seconds(5);

/// The lock rows whose session still holds the advisory lock $1 (high 32 bits) $2 (low
/// 32 bits): a row left by a client that died is not a lock.
constexpr const char* kLiveLockQuery =
    "SELECT l.id, l.holder, l.operation, l.created, l.pid FROM lock l WHERE EXISTS ("
    "SELECT 1 FROM pg_locks p WHERE p.locktype = 'advisory' AND p.pid = l.pid AND p.granted "
    "AND p.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
    "AND p.classid::bigint = $1 AND p.objid::bigint = $2 AND p.objsubid = 1)";

std::string sql_bool(bool b) {
  return b ? "true" : "false";
}

class PostgresBackend final : public Backend {
 public:
  using Backend::put_instance;

  PostgresBackend(std::unique_ptr<PgConnection> db, std::string schema,
                  OpenedEncryption encryption)
      : db_(std::move(db)),
        where_(db_->server() + " (schema " + schema + ")"),
        key_(lock_key(schema)),
        codec_(std::move(encryption.codec)),
        status_(encryption.status),
        refusal_(std::move(encryption.refusal)) {
    const auto bits = static_cast<std::uint64_t>(key_);
    key_high_ = std::to_string(bits >> 32);
    key_low_ = std::to_string(bits & 0xffffffffULL);
  }

  ~PostgresBackend() override {
    // The session's end frees the advisory lock; the row would only be ignored.
    if (!held_id_.empty()) {
      try {
        unlock(held_id_);
      } catch (const std::exception&) {
      }
    }
  }

  Snapshot read() override {
    return guarded("cannot read the state", [&] {
      refuse_when_pending();
      return in_snapshot([&] { return read_current(); });
    });
  }

  LockInfo lock(const std::string& operation) override {
    return guarded("cannot lock the state", [&] {
      // Session advisory locks nest within a session; the state lock does not.
      if (!held_id_.empty()) throw LockedError(holder());
      if (db_->exec("SELECT pg_try_advisory_lock($1)", {std::to_string(key_)}).text(0, 0) != "t") {
        throw LockedError(holder());
      }
      LockInfo mine{random_uuid(), current_holder(), operation, utc_now_iso8601()};
      try {
        transaction([&] {
          // A row left by a client that died while holding the lock.
          db_->exec("DELETE FROM lock");
          db_->exec(
              "INSERT INTO lock (one, id, holder, operation, created, pid) "
              "VALUES (1, $1, $2, $3, $4, pg_backend_pid())",
              {mine.id, mine.holder, mine.operation, mine.created});
        });
      } catch (...) {
        release_advisory_lock();
        throw;
      }
      held_id_ = mine.id;
      return mine;
    });
  }

  void unlock(const std::string& id) override {
    {
      std::lock_guard hold(mutex_);
      // This Backend's lock went with its lost connection: nothing is left to release.
      if (!held_id_.empty() && id == held_id_ && db_->broken()) {
        held_id_.clear();
        return;
      }
    }
    guarded("cannot unlock the state", [&] {
      if (!held_id_.empty() && id == held_id_) {
        db_->exec("DELETE FROM lock WHERE id = $1", {id});
        release_advisory_lock();
        held_id_.clear();
        return 0;
      }
      const PgRows row = db_->exec("SELECT pid FROM lock WHERE id = $1", {id});
      if (row.empty()) return 0;  // not the lock that is held
      // Another session's lock (force-unlock). Only that session can release its advisory
      // lock, so it is ended: a client still running loses its connection, and with it
      // every write it would make without the lock.
      const std::string pid = row.text(0, 0);
      if (live_lock_pid() == pid) {
        // False when the session ended meanwhile: then the lock is free all the same.
        if (db_->exec("SELECT pg_terminate_backend($1)", {pid}).text(0, 0) != "t" &&
            live_lock_pid() == pid) {
          throw StateError(where_ + ": cannot unlock the state: the session " + pid +
                           " that holds the lock could not be ended");
        }
        const auto deadline = std::chrono::steady_clock::now() + kLockRowWait;
        while (live_lock_pid() == pid && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      }
      db_->exec("DELETE FROM lock WHERE id = $1", {id});
      return 0;
    });
  }

  std::optional<LockInfo> current_lock() override {
    return guarded("cannot read the state lock", [&]() -> std::optional<LockInfo> {
      const PgRows rows = db_->exec(kLiveLockQuery, {key_high_, key_low_});
      if (rows.empty()) return std::nullopt;
      return LockInfo{rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3)};
    });
  }

  void put_instance(const ResourceInstance& instance, Action action) override {
    require_json(instance.attributes_json,
                 where_ + ": instance " + instance.address + ": the attributes are");
    write("cannot write instance " + instance.address, [&](std::vector<Change>& changes) {
      std::optional<ResourceInstance> before = select_instance(instance.address);
      upsert(instance);
      if (action == Action::Auto) action = before ? Action::Update : Action::Create;
      changes.push_back(
          {0, action, instance.address, "", as_json(before), instance_to_json(instance)});
    });
  }

  void move_instances(const std::vector<InstanceMove>& moves) override {
    write(failed_moves(moves), [&](std::vector<Change>& changes) {
      // All sources leave first, so that moves may swap or chain addresses.
      std::vector<std::pair<const InstanceMove*, ResourceInstance>> moving;
      for (const InstanceMove& m : moves) {
        std::optional<ResourceInstance> from = select_instance(m.from);
        if (!from) continue;
        moving.emplace_back(&m, std::move(*from));
        db_->exec("DELETE FROM instances WHERE address = $1", {m.from});
      }
      for (auto& [m, inst] : moving) {
        if (select_instance(m->to)) {
          throw StateError(where_ + ": cannot move " + m->from + " to " + m->to +
                           ": an instance is there already");
        }
        const std::string before = instance_to_json(inst);
        inst.address = m->to;
        inst.name = m->name;
        upsert(inst);
        changes.push_back({0, Action::Move, m->to, m->from, before, instance_to_json(inst)});
      }
    });
  }

  void remove_instances(const std::vector<std::string>& addresses, Action action) override {
    write(failed_removals(addresses), [&](std::vector<Change>& changes) {
      for (const std::string& address : addresses) {
        std::optional<ResourceInstance> before = select_instance(address);
        if (!before) continue;
        db_->exec("DELETE FROM instances WHERE address = $1", {address});
        changes.push_back({0, action, address, "", as_json(before), std::nullopt});
      }
    });
  }

  void put_outputs(const std::vector<OutputValue>& outputs) override {
    for (const OutputValue& o : outputs)
      require_json(o.value_json, where_ + ": output " + o.name + ": the value is");
    write("cannot write the outputs",
          [&](std::vector<Change>& changes) { replace_outputs(outputs, changes); });
  }

  void replace_state(const Snapshot& snapshot) override {
    for (const ResourceInstance& i : snapshot.instances) {
      require_json(i.attributes_json, where_ + ": instance " + i.address + ": the attributes are");
    }
    for (const OutputValue& o : snapshot.outputs)
      require_json(o.value_json, where_ + ": output " + o.name + ": the value is");
    write(
        "cannot replace the state",
        [&](std::vector<Change>& changes) {
          const Snapshot current = read_current();
          changes = replacement_changes(current, snapshot);
          if (current.lineage != snapshot.lineage) {
            db_->exec("UPDATE meta SET lineage = $1 WHERE one = 1", {snapshot.lineage});
          }
          db_->exec("DELETE FROM instances");
          insert_instances(snapshot.instances);
          replace_outputs(snapshot.outputs, changes);
        },
        snapshot.serial);
  }

  void begin_version(const std::string& command) override {
    std::lock_guard hold(mutex_);
    if (version_open_) {
      throw StateError(where_ + ": cannot begin a version for " + command + ": the version for " +
                       version_command_ + " is still open");
    }
    version_open_ = true;
    version_command_ = command;
    version_id_ = 0;
  }

  void end_version() override {
    std::lock_guard hold(mutex_);
    version_open_ = false;
    version_command_.clear();
    version_id_ = 0;
  }

  std::vector<Version> history() override {
    return guarded("cannot read the history", [&] {
      refuse_when_pending();
      return in_snapshot([&] { return select_history(*db_, codec_); });
    });
  }

  std::int64_t history_start() override {
    return guarded("cannot read the history", [&] {
      return std::stoll(db_->exec("SELECT history_start FROM meta WHERE one = 1").text(0, 0));
    });
  }

  Snapshot snapshot_at(std::int64_t serial) override {
    return guarded("cannot read serial " + std::to_string(serial), [&] {
      refuse_when_pending();
      return in_snapshot([&] {
        Snapshot snapshot = read_current();
        const std::int64_t start =
            std::stoll(db_->exec("SELECT history_start FROM meta WHERE one = 1").text(0, 0));
        if (serial > snapshot.serial) {
          throw StateError(where_ + ": there is no serial " + std::to_string(serial) +
                           " yet: the state is at serial " + std::to_string(snapshot.serial));
        }
        if (serial < start) {
          throw StateError(where_ + ": serial " + std::to_string(serial) +
                           " is older than the history, which starts at serial " +
                           std::to_string(start));
        }
        undo_changes(snapshot, changes_after(*db_, codec_, serial), serial);
        return snapshot;
      });
    });
  }

  EncryptionStatus encryption_status() override {
    std::lock_guard hold(mutex_);
    return status_;
  }

  void change_encryption(const std::optional<StateKey>& key) override {
    // Outside the mutex and the transaction: deriving from a passphrase takes a moment.
    PayloadCodec next = key ? PayloadCodec::create(*key, where_) : PayloadCodec::clear(where_);
    guarded("cannot change the encryption of the state", [&] {
      transaction([&] {
        // Queues behind every other client's write, as commit() does.
        require_same_encryption();
        for (const PayloadColumn& column : kPayloadColumns) reseal_column(column, next);
        db_->exec("UPDATE meta SET encryption = $1 WHERE one = 1", {next.descriptor()});
      });
      codec_ = std::move(next);
      status_ = key ? EncryptionStatus::Encrypted : EncryptionStatus::Clear;
      refusal_.reset();
      return 0;
    });
  }

 private:
  /// Throws the refusal of a state opened for `state encrypt` or `state rekey` only.
  void refuse_when_pending() const {
    if (refusal_) throw StateError(*refusal_);
  }

  /// Inside a write transaction: locks the meta row, so that writers of every client queue
  /// here, and throws unless the state is stored as when this Backend opened it, so that
  /// a write never mixes clear and encrypted payloads, or two keys.
  void require_same_encryption() {
    const PgRows meta = db_->exec("SELECT encryption FROM meta WHERE one = 1 FOR UPDATE");
    if (meta.empty()) throw StateError(where_ + ": the meta row is missing");
    if (meta.rows[0][0] != codec_.descriptor()) throw StateError(encryption_changed(where_));
  }

  /// Opens every payload of `column` with the current codec and seals it with `next`.
  void reseal_column(const PayloadColumn& column, const PayloadCodec& next) {
    const PgRows rows = db_->exec(select_payloads_sql(column));
    for (const auto& row : rows.rows) {
      const bool two_keys = row.size() > 2;
      const PayloadPlace place =
          payload_place(column, row[0].value_or(""), two_keys ? row[1].value_or("") : "");
      Params params{next.seal(codec_.open(row.back().value_or(""), place), place), row[0]};
      if (two_keys) params.push_back(row[1]);
      db_->exec(update_payload_sql(column), params);
    }
  }

  /// The state at the current commit, inside the caller's transaction.
  Snapshot read_current() {
    Snapshot snapshot;
    const PgRows meta = db_->exec("SELECT lineage, serial FROM meta WHERE one = 1");
    if (meta.empty()) throw StateError(where_ + ": the meta row is missing");
    snapshot.lineage = meta.text(0, 0);
    snapshot.serial = std::stoll(meta.text(0, 1));
    const PgRows instances =
        db_->exec(std::string("SELECT ") + kInstanceColumns + " FROM instances ORDER BY address");
    for (std::size_t r = 0; r < instances.rows.size(); ++r)
      snapshot.instances.push_back(instance_from_row(instances, r));
    const PgRows outputs = db_->exec("SELECT name, value, sensitive FROM outputs ORDER BY name");
    for (std::size_t r = 0; r < outputs.rows.size(); ++r) {
      snapshot.outputs.push_back({outputs.text(r, 0),
                                  codec_.open(outputs.text(r, 1), output_place(outputs.text(r, 0))),
                                  outputs.text(r, 2) == "t"});
    }
    return snapshot;
  }

  ResourceInstance instance_from_row(const PgRows& rows, std::size_t r) {
    ResourceInstance i;
    i.address = rows.text(r, 0);
    i.type = rows.text(r, 1);
    i.name = rows.text(r, 2);
    i.provider = rows.text(r, 3);
    i.schema_version = std::stoi(rows.text(r, 4));
    i.attributes_json = codec_.open(rows.text(r, 5), attributes_place(i.address));
    const std::string where = where_ + ": instance " + i.address;
    i.sensitive_paths = decode_strings(rows.text(r, 6), where + ": sensitive_paths");
    i.dependencies = decode_strings(rows.text(r, 7), where + ": dependencies");
    i.status = rows.text(r, 8);
    i.module = rows.text(r, 9);
    i.index_key_json = rows.text(r, 10);
    return i;
  }

  std::optional<ResourceInstance> select_instance(const std::string& address) {
    const PgRows rows =
        db_->exec(std::string("SELECT ") + kInstanceColumns + " FROM instances WHERE address = $1",
                  {address});
    if (rows.empty()) return std::nullopt;
    return instance_from_row(rows, 0);
  }

  static std::optional<std::string> as_json(const std::optional<ResourceInstance>& instance) {
    if (!instance) return std::nullopt;
    return instance_to_json(*instance);
  }

  /// Inserts or replaces one instance, inside the caller's transaction. The module and
  /// index key columns come from the address.
  /// Inserts `instances` into the emptied table, the last of an address winning (as
  /// upsert one by one would), many per statement.
  void insert_instances(const std::vector<ResourceInstance>& instances) {
    std::map<std::string, const ResourceInstance*> by_address;
    for (const ResourceInstance& i : instances) by_address[i.address] = &i;
    std::vector<std::vector<std::optional<std::string>>> rows;
    rows.reserve(by_address.size());
    for (const auto& [address, i] : by_address) {
      const auto parts = split_instance_address(address);
      rows.push_back({address, i->type, i->name, i->provider, std::to_string(i->schema_version),
                      codec_.seal(i->attributes_json, attributes_place(address)),
                      encode_strings(i->sensitive_paths), encode_strings(i->dependencies),
                      i->status, parts ? parts->module : std::string(),
                      parts ? parts->index_key_json : std::string("null")});
    }
    db_->insert_rows(std::string("instances (") + kInstanceColumns + ")", rows);
  }

  void upsert(const ResourceInstance& instance) {
    const auto parts = split_instance_address(instance.address);
    db_->exec(
        "INSERT INTO instances (address, type, name, provider, schema_version, attributes, "
        "sensitive_paths, dependencies, status, module, index_key) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (address) DO UPDATE SET "
        "type = EXCLUDED.type, name = EXCLUDED.name, provider = EXCLUDED.provider, "
        "schema_version = EXCLUDED.schema_version, attributes = EXCLUDED.attributes, "
        "sensitive_paths = EXCLUDED.sensitive_paths, dependencies = EXCLUDED.dependencies, "
        "status = EXCLUDED.status, module = EXCLUDED.module, index_key = EXCLUDED.index_key",
        {instance.address, instance.type, instance.name, instance.provider,
         std::to_string(instance.schema_version),
         codec_.seal(instance.attributes_json, attributes_place(instance.address)),
         encode_strings(instance.sensitive_paths), encode_strings(instance.dependencies),
         instance.status, parts ? parts->module : std::string(),
         parts ? parts->index_key_json : std::string("null")});
  }

  /// Replaces the outputs inside the caller's transaction, noting a change when they differ.
  void replace_outputs(const std::vector<OutputValue>& outputs, std::vector<Change>& changes) {
    std::vector<OutputValue> old;
    const PgRows rows = db_->exec("SELECT name, value, sensitive FROM outputs ORDER BY name");
    for (std::size_t r = 0; r < rows.rows.size(); ++r)
      old.push_back({rows.text(r, 0), codec_.open(rows.text(r, 1), output_place(rows.text(r, 0))),
                     rows.text(r, 2) == "t"});
    db_->exec("DELETE FROM outputs");
    // By name, the last of a name winning, as the SQLite store's INSERT OR REPLACE does.
    std::map<std::string, const OutputValue*> by_name;
    for (const OutputValue& o : outputs) by_name[o.name] = &o;
    std::vector<OutputValue> sorted;
    for (const auto& [name, o] : by_name) {
      db_->exec("INSERT INTO outputs (name, value, sensitive) VALUES ($1, $2, $3)",
                {o->name, codec_.seal(o->value_json, output_place(o->name)),
                 sql_bool(o->sensitive)});
      sorted.push_back(*o);
    }
    const std::string before = outputs_to_json(old), after = outputs_to_json(sorted);
    if (before != after) changes.push_back({0, Action::Outputs, "", "", before, after});
  }

  /// The backend pid of the session holding the state's advisory lock per the lock
  /// row, or "" when no live session holds it.
  std::string live_lock_pid() {
    const PgRows rows = db_->exec(kLiveLockQuery, {key_high_, key_low_});
    return rows.empty() ? std::string() : rows.text(0, 4);
  }

  /// Who holds the lock that this session could not take. The holder writes its row just
  /// after taking the advisory lock, so a row that is not there yet is waited for briefly.
  LockInfo holder() {
    const auto deadline = std::chrono::steady_clock::now() + kLockRowWait;
    for (;;) {
      const PgRows rows = db_->exec(kLiveLockQuery, {key_high_, key_low_});
      if (!rows.empty())
        return {rows.text(0, 0), rows.text(0, 1), rows.text(0, 2), rows.text(0, 3)};
      if (std::chrono::steady_clock::now() >= deadline) {
        return {"", "another session of the database (it wrote no lock information)",
                "an unknown operation", "an unknown time"};
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  void release_advisory_lock() {
    db_->exec("SELECT pg_advisory_unlock($1)", {std::to_string(key_)});
  }

  /// Runs `body` in a transaction, committed when it returns and rolled back when it throws.
  template <typename Body>
  std::invoke_result_t<Body&> transaction(Body&& body, const char* begin = "BEGIN") {
    db_->exec(begin);
    try {
      if constexpr (std::is_void_v<std::invoke_result_t<Body&>>) {
        body();
        db_->exec("COMMIT");
      } else {
        auto result = body();
        db_->exec("COMMIT");
        return result;
      }
    } catch (...) {
      try {
        db_->exec("ROLLBACK");
      } catch (const PgError&) {
        // The connection is gone, and the transaction with it.
      }
      throw;
    }
  }

  /// Runs `body` in a read-only transaction that sees one commit throughout.
  template <typename Body>
  std::invoke_result_t<Body&> in_snapshot(Body&& body) {
    return transaction(body, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  /// Runs `change` (which reports what it changed), the serial increment (to at least
  /// `min_serial`) and the history record of the changes in one transaction: alone, or
  /// with the writes of other threads that arrive meanwhile.
  template <typename ChangeFn>
  void write(const std::string& what, ChangeFn&& change, std::int64_t min_serial = 0) {
    PendingWrite me{&what, std::function<void(std::vector<Change>&)>(std::ref(change)), min_serial,
                    false, nullptr};
    group_.submit(me, [this](const std::vector<PendingWrite*>& batch) { commit(batch); });
  }

  /// Commits `batch` in one transaction, each write in its own savepoint: a write that
  /// fails is rolled back alone (its history rows too) and gets the error. When the
  /// transaction itself fails, every write of the batch gets that error.
  void commit(const std::vector<PendingWrite*>& batch) {
    const std::string what = batch.size() == 1 ? *batch[0]->what : "cannot write the state";
    guarded(what, [&] {
      // The open version's row as the batch's writes advance it; kept only once committed,
      // so that a rolled back write never leaves the version pointing at a missing row.
      std::int64_t version_id = version_id_;
      refuse_when_pending();
      transaction([&] {
        // Writers of every client queue here, and each then reads what the last committed.
        require_same_encryption();
        for (PendingWrite* w : batch) {
          db_->exec("SAVEPOINT one_write");
          try {
            std::vector<Change> changes;
            w->change(changes);
            const std::int64_t serial =
                std::stoll(db_->exec("UPDATE meta SET serial = greatest(serial + 1, $1) WHERE one "
                                     "= 1 RETURNING serial",
                                     {std::to_string(w->min_serial)})
                               .text(0, 0));
            for (Change& c : changes) c.serial = serial;
            const std::int64_t id =
                record_write(*db_, codec_, version_open_ ? version_id : 0,
                             version_open_ ? version_command_ : "", serial, changes);
            db_->exec("RELEASE one_write");
            if (version_open_) version_id = id;
          } catch (const PgError& e) {
            db_->exec("ROLLBACK TO one_write");
            db_->exec("RELEASE one_write");
            w->error =
                std::make_exception_ptr(StateError(where_ + ": " + *w->what + ": " + e.what()));
          } catch (...) {
            db_->exec("ROLLBACK TO one_write");
            db_->exec("RELEASE one_write");
            w->error = std::current_exception();
          }
        }
      });
      if (version_open_) version_id_ = version_id;
      return 0;
    });
  }

  /// Runs `body` under the mutex, turning the server's errors into StateError. A
  /// connection lost since the last call is opened again, unless it held the lock: the
  /// lock went with it, and this Backend must not go on as if it still held it.
  template <typename Body>
  std::invoke_result_t<Body&> guarded(const std::string& what, Body&& body) {
    std::lock_guard hold(mutex_);
    try {
      if (db_->broken()) {
        if (!held_id_.empty()) {
          throw StateError(where_ + ": " + what +
                           ": the connection to the server was lost, and with it the state lock " +
                           held_id_);
        }
        db_->reconnect();
      }
      return body();
    } catch (const PgError& e) {
      throw StateError(where_ + ": " + what + ": " + e.what());
    }
  }

  std::mutex mutex_;  // one statement or transaction at a time on db_
  std::unique_ptr<PgConnection> db_;
  std::string where_;               // "postgresql://user@host:port/db (schema NAME)", for messages
  std::int64_t key_;                // of the advisory lock
  std::string key_high_, key_low_;  // its halves, as pg_locks shows them
  std::string held_id_;             // the id of the lock this Backend holds, "" when none
  // The open version (begin_version): its command, and its row once a write made one.
  bool version_open_ = false;
  std::string version_command_;
  std::int64_t version_id_ = 0;
  GroupCommit group_;  // the writes of threads, committed together
  // How payloads are stored (change_encryption changes it under the mutex), and why this
  // Backend refuses to read and write when it was opened for a conversion only.
  PayloadCodec codec_;
  EncryptionStatus status_;
  std::optional<std::string> refusal_;
};

}  // namespace

std::unique_ptr<Backend> open_postgres(const std::string& conn_str, const std::string& schema_name,
                                       const StateKeys& keys) {
  check_schema_name(schema_name);
  // The name is checked above, so quoting it is enough.
  auto db = std::make_unique<PgConnection>(
      conn_str, std::vector<std::string>{"SET search_path TO \"" + schema_name + "\"",
                                         "SET client_encoding TO 'UTF8'",
                                         // Says in pg_stat_activity which state a session serves.
                                         "SET application_name TO 'infra " + schema_name + "'"});
  const std::string where = db->server() + " (schema " + schema_name + ")";
  OpenedEncryption encryption;
  try {
    migrate_postgres(*db, schema_name, where);
    const auto stored = [&] {
      return db->exec("SELECT encryption FROM meta WHERE one = 1").rows.at(0).at(0);
    };
    const std::int64_t serial =
        std::stoll(db->exec("SELECT serial FROM meta WHERE one = 1").text(0, 0));
    encryption = open_encryption(stored(), serial, keys, where, [&](const std::string& descriptor) {
      // One statement: another client may have written, or chosen a key, meanwhile.
      db->exec(
          "UPDATE meta SET encryption = $1 WHERE one = 1 AND encryption IS NULL AND serial = 0",
          {descriptor});
      return stored();
    });
  } catch (const PgError& e) {
    throw StateError(where + ": cannot open the state: " + e.what());
  }
  return std::make_unique<PostgresBackend>(std::move(db), schema_name, std::move(encryption));
}

}  // namespace infra::state
