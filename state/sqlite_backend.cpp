// The embedded state store: one SQLite file in WAL mode with synchronous=FULL.
//
// Concurrency: every write is committed in an IMMEDIATE transaction, so writers from other
// processes (or other Backend objects) queue on SQLite's file lock, waiting up to
// kBusyTimeoutMs. One SqliteBackend may also be shared by threads: writes that arrive while
// another commits wait, and the next of them commits all that waited in one transaction
// (group commit: one sync to disk for many writes), each write in a savepoint of its own so
// that one failing write fails alone. A write returns once its transaction is durable.
// History: each write records its changes (sqlite_history.cpp) in the same transaction.
// Encryption: payloads go through `codec_` (state/encryption.hpp) on their way in and out.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <system_error>
#include <type_traits>

#include "state/backend.hpp"
#include "state/encryption.hpp"
#include "state/group_commit.hpp"
#include "state/history.hpp"
#include "state/identity.hpp"
#include "state/instance_address.hpp"
#include "state/json_format.hpp"
#include "state/sqlite_history.hpp"
#include "state/sqlite_schema.hpp"

namespace infra::state {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// How long a statement waits for another connection's write lock before failing.
constexpr int kBusyTimeoutMs = 10'000;

constexpr const char* kInstanceColumns =
    "address, type, name, provider, schema_version, attributes, sensitive_paths, "
    "dependencies, status, module, index_key";

class SqliteBackend final : public Backend {
 public:
  using Backend::put_instance;

  SqliteBackend(fs::path path, std::unique_ptr<SQLite::Database> db, OpenedEncryption encryption)
      : path_(std::move(path)),
        db_(std::move(db)),
        codec_(std::move(encryption.codec)),
        status_(encryption.status),
        refusal_(std::move(encryption.refusal)) {}

  Snapshot read() override {
    return guarded("cannot read the state", [&] {
      refuse_when_pending();
      // One read transaction, so that the queries see the same commit.
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::DEFERRED);
      Snapshot snapshot = read_current();
      tx.commit();
      return snapshot;
    });
  }

  LockInfo lock(const std::string& operation) override {
    return guarded("cannot lock the state", [&] {
      // IMMEDIATE takes the write lock before the check, so check-then-insert is atomic
      // across processes.
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      if (std::optional<LockInfo> held = select_lock()) throw LockedError(std::move(*held));
      LockInfo mine{random_uuid(), current_holder(), operation, utc_now_iso8601()};
      SQLite::Statement insert(
          *db_, "INSERT INTO lock (one, id, holder, operation, created) VALUES (1, ?, ?, ?, ?)");
      insert.bind(1, mine.id);
      insert.bind(2, mine.holder);
      insert.bind(3, mine.operation);
      insert.bind(4, mine.created);
      insert.exec();
      tx.commit();
      return mine;
    });
  }

  void unlock(const std::string& id) override {
    guarded("cannot unlock the state", [&] {
      SQLite::Statement remove(*db_, "DELETE FROM lock WHERE id = ?");
      remove.bind(1, id);
      remove.exec();
      return 0;
    });
  }

  std::optional<LockInfo> current_lock() override {
    return guarded("cannot read the state lock", [&] { return select_lock(); });
  }

  void put_instance(const ResourceInstance& instance, Action action) override {
    require_json(instance.attributes_json,
                 path_.string() + ": instance " + instance.address + ": the attributes are");
    write("cannot write instance " + instance.address, [&](std::vector<Change>& changes) {
      std::optional<ResourceInstance> before = select_instance(instance.address);
      upsert(instance);
      if (action == Action::Auto) action = before ? Action::Update : Action::Create;
      changes.push_back({0, action, instance.address, "", as_json(before),
                         instance_to_json(instance)});
    });
  }

  void move_instances(const std::vector<InstanceMove>& moves) override {
    write(failed_moves(moves), [&](std::vector<Change>& changes) {
      // All sources leave first, so that moves may swap or chain addresses.
      std::vector<std::pair<const InstanceMove*, ResourceInstance>> moving;
      SQLite::Statement remove(*db_, "DELETE FROM instances WHERE address = ?");
      for (const InstanceMove& m : moves) {
        std::optional<ResourceInstance> from = select_instance(m.from);
        if (!from) continue;
        moving.emplace_back(&m, std::move(*from));
        remove.bind(1, m.from);
        remove.exec();
        remove.reset();
      }
      for (auto& [m, inst] : moving) {
        if (select_instance(m->to)) {
          throw StateError(path_.string() + ": cannot move " + m->from + " to " + m->to +
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
      SQLite::Statement remove(*db_, "DELETE FROM instances WHERE address = ?");
      for (const std::string& address : addresses) {
        std::optional<ResourceInstance> before = select_instance(address);
        if (!before) continue;
        remove.bind(1, address);
        remove.exec();
        remove.reset();
        changes.push_back({0, action, address, "", as_json(before), std::nullopt});
      }
    });
  }

  void put_outputs(const std::vector<OutputValue>& outputs) override {
    for (const OutputValue& o : outputs) {
      require_json(o.value_json, path_.string() + ": output " + o.name + ": the value is");
    }
    write("cannot write the outputs", [&](std::vector<Change>& changes) {
      replace_outputs(outputs, changes);
    });
  }

  void replace_state(const Snapshot& snapshot) override {
    for (const ResourceInstance& i : snapshot.instances) {
      require_json(i.attributes_json, path_.string() + ": instance " + i.address + ": the attributes are");
    }
    for (const OutputValue& o : snapshot.outputs) {
      require_json(o.value_json, path_.string() + ": output " + o.name + ": the value is");
    }
    write(
        "cannot replace the state",
        [&](std::vector<Change>& changes) {
          const Snapshot current = read_current();
          changes = replacement_changes(current, snapshot);
          if (current.lineage != snapshot.lineage) {
            SQLite::Statement lineage(*db_, "UPDATE meta SET lineage = ? WHERE one = 1");
            lineage.bind(1, snapshot.lineage);
            lineage.exec();
          }
          db_->exec("DELETE FROM instances");
          for (const ResourceInstance& i : snapshot.instances) upsert(i);
          replace_outputs(snapshot.outputs, changes);
        },
        snapshot.serial);
  }

  void begin_version(const std::string& command) override {
    std::lock_guard hold(mutex_);
    if (version_open_) {
      throw StateError(path_.string() + ": cannot begin a version for " + command +
                       ": the version for " + version_command_ + " is still open");
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
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::DEFERRED);
      auto versions = select_history(*db_, codec_);
      tx.commit();
      return versions;
    });
  }

  std::int64_t history_start() override {
    return guarded("cannot read the history", [&] {
      return db_->execAndGet("SELECT history_start FROM meta WHERE one = 1").getInt64();
    });
  }

  Snapshot snapshot_at(std::int64_t serial) override {
    return guarded("cannot read serial " + std::to_string(serial), [&] {
      refuse_when_pending();
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::DEFERRED);
      Snapshot snapshot = read_current();
      const std::int64_t start = db_->execAndGet("SELECT history_start FROM meta WHERE one = 1").getInt64();
      if (serial > snapshot.serial) {
        throw StateError(path_.string() + ": there is no serial " + std::to_string(serial) +
                         " yet: the state is at serial " + std::to_string(snapshot.serial));
      }
      if (serial < start) {
        throw StateError(path_.string() + ": serial " + std::to_string(serial) +
                         " is older than the history, which starts at serial " +
                         std::to_string(start) + " (when the state was upgraded to schema version 2)");
      }
      rewind(*db_, codec_, snapshot, serial);
      tx.commit();
      return snapshot;
    });
  }

  EncryptionStatus encryption_status() override {
    std::lock_guard hold(mutex_);
    return status_;
  }

  void change_encryption(const std::optional<StateKey>& key) override {
    // Outside the mutex and the transaction: deriving from a passphrase takes a moment.
    const std::string where = path_.string();
    PayloadCodec next = key ? PayloadCodec::create(*key, where) : PayloadCodec::clear(where);
    guarded("cannot change the encryption of the state", [&] {
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      require_same_encryption();
      for (const PayloadColumn& column : kPayloadColumns) reseal_column(column, next);
      SQLite::Statement meta(*db_, "UPDATE meta SET encryption = ? WHERE one = 1");
      if (next.descriptor()) {
        meta.bind(1, *next.descriptor());
      } else {
        meta.bind(1);  // NULL: in clear
      }
      meta.exec();
      tx.commit();
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

  /// Inside a write transaction: throws unless the state is stored as when this Backend
  /// opened it, so that a write never mixes clear and encrypted payloads, or two keys.
  void require_same_encryption() {
    const SQLite::Column stored = db_->execAndGet("SELECT encryption FROM meta WHERE one = 1");
    const std::optional<std::string> now =
        stored.isNull() ? std::nullopt : std::optional<std::string>(stored.getString());
    if (now != codec_.descriptor()) throw StateError(encryption_changed(path_.string()));
  }

  /// Opens every payload of `column` with the current codec and seals it with `next`.
  void reseal_column(const PayloadColumn& column, const PayloadCodec& next) {
    std::vector<std::vector<std::string>> rows;  // key columns, then the payload
    SQLite::Statement select(*db_, select_payloads_sql(column));
    const int width = select.getColumnCount();
    while (select.executeStep()) {
      auto& row = rows.emplace_back();
      for (int c = 0; c < width; ++c) row.push_back(select.getColumn(c).getString());
    }
    SQLite::Statement update(*db_, update_payload_sql(column));
    for (auto& row : rows) {
      const PayloadPlace place = payload_place(column, row[0], width > 2 ? row[1] : "");
      update.bind(1, next.seal(codec_.open(row.back(), place), place));
      for (int c = 0; c + 1 < width; ++c) update.bind(c + 2, row[static_cast<std::size_t>(c)]);
      update.exec();
      update.reset();
    }
  }

  /// The state at the current commit, inside the caller's transaction.
  Snapshot read_current() {
    Snapshot snapshot;
    SQLite::Statement meta(*db_, "SELECT lineage, serial FROM meta WHERE one = 1");
    if (!meta.executeStep()) throw StateError(path_.string() + ": the meta row is missing");
    snapshot.lineage = meta.getColumn(0).getString();
    snapshot.serial = meta.getColumn(1).getInt64();

    SQLite::Statement instances(*db_, std::string("SELECT ") + kInstanceColumns +
                                          " FROM instances ORDER BY address");
    while (instances.executeStep()) snapshot.instances.push_back(instance_from_row(instances));

    SQLite::Statement outputs(*db_, "SELECT name, value, sensitive FROM outputs ORDER BY name");
    while (outputs.executeStep()) {
      OutputValue& o = snapshot.outputs.emplace_back();
      o.name = outputs.getColumn(0).getString();
      o.value_json = codec_.open(outputs.getColumn(1).getString(), output_place(o.name));
      o.sensitive = outputs.getColumn(2).getInt() != 0;
    }
    return snapshot;
  }

  ResourceInstance instance_from_row(SQLite::Statement& row) {
    ResourceInstance i;
    i.address = row.getColumn(0).getString();
    i.type = row.getColumn(1).getString();
    i.name = row.getColumn(2).getString();
    i.provider = row.getColumn(3).getString();
    i.schema_version = row.getColumn(4).getInt();
    i.attributes_json = codec_.open(row.getColumn(5).getString(), attributes_place(i.address));
    const std::string where = path_.string() + ": instance " + i.address;
    i.sensitive_paths = decode_strings(row.getColumn(6).getString(), where + ": sensitive_paths");
    i.dependencies = decode_strings(row.getColumn(7).getString(), where + ": dependencies");
    i.status = row.getColumn(8).getString();
    i.module = row.getColumn(9).getString();
    i.index_key_json = row.getColumn(10).getString();
    return i;
  }

  std::optional<ResourceInstance> select_instance(const std::string& address) {
    SQLite::Statement select(*db_, std::string("SELECT ") + kInstanceColumns +
                                       " FROM instances WHERE address = ?");
    select.bind(1, address);
    if (!select.executeStep()) return std::nullopt;
    return instance_from_row(select);
  }

  static std::optional<std::string> as_json(const std::optional<ResourceInstance>& instance) {
    if (!instance) return std::nullopt;
    return instance_to_json(*instance);
  }

  std::optional<LockInfo> select_lock() {
    SQLite::Statement query(*db_, "SELECT id, holder, operation, created FROM lock");
    if (!query.executeStep()) return std::nullopt;
    return LockInfo{query.getColumn(0).getString(), query.getColumn(1).getString(),
                    query.getColumn(2).getString(), query.getColumn(3).getString()};
  }

  /// Inserts or replaces one instance, inside the caller's transaction. The module and
  /// index key columns come from the address.
  void upsert(const ResourceInstance& instance) {
    const auto parts = split_instance_address(instance.address);
    SQLite::Statement upsert(*db_,
                             "INSERT OR REPLACE INTO instances (address, type, name, provider, "
                             "schema_version, attributes, sensitive_paths, dependencies, "
                             "status, module, index_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    upsert.bind(1, instance.address);
    upsert.bind(2, instance.type);
    upsert.bind(3, instance.name);
    upsert.bind(4, instance.provider);
    upsert.bind(5, instance.schema_version);
    upsert.bind(6, codec_.seal(instance.attributes_json, attributes_place(instance.address)));
    upsert.bind(7, encode_strings(instance.sensitive_paths));
    upsert.bind(8, encode_strings(instance.dependencies));
    upsert.bind(9, instance.status);
    upsert.bind(10, parts ? parts->module : std::string());
    upsert.bind(11, parts ? parts->index_key_json : std::string("null"));
    upsert.exec();
  }

  /// Replaces the outputs inside the caller's transaction, noting a change when they differ.
  void replace_outputs(const std::vector<OutputValue>& outputs, std::vector<Change>& changes) {
    std::vector<OutputValue> old;
    SQLite::Statement select(*db_, "SELECT name, value, sensitive FROM outputs ORDER BY name");
    while (select.executeStep()) {
      const std::string name = select.getColumn(0).getString();
      old.push_back({name, codec_.open(select.getColumn(1).getString(), output_place(name)),
                     select.getColumn(2).getInt() != 0});
    }
    db_->exec("DELETE FROM outputs");
    SQLite::Statement insert(*db_,
                             "INSERT OR REPLACE INTO outputs (name, value, sensitive) "
                             "VALUES (?, ?, ?)");
    for (const OutputValue& o : outputs) {
      insert.bind(1, o.name);
      insert.bind(2, codec_.seal(o.value_json, output_place(o.name)));
      insert.bind(3, o.sensitive ? 1 : 0);
      insert.exec();
      insert.reset();
    }
    std::vector<OutputValue> sorted = outputs;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    const std::string before = outputs_to_json(old), after = outputs_to_json(sorted);
    if (before != after) changes.push_back({0, Action::Outputs, "", "", before, after});
  }

  /// Runs `change` (which reports what it changed), the serial increment (to at least
  /// `min_serial`) and the history record of the changes, atomically and durably: alone,
  /// or with the writes of other threads that arrive meanwhile, in one IMMEDIATE
  /// transaction.
  template <typename ChangeFn>
  void write(const std::string& what, ChangeFn&& change, std::int64_t min_serial = 0) {
    PendingWrite me{&what, std::function<void(std::vector<Change>&)>(std::ref(change)), min_serial,
                    false, nullptr};
    group_.submit(me, [this](const std::vector<PendingWrite*>& batch) { commit(batch); });
  }

  /// Commits `batch` in one transaction, each write in its own savepoint: a write that
  /// fails is rolled back alone (its history rows too) and gets the error.
  void commit(const std::vector<PendingWrite*>& batch) {
    std::lock_guard hold(mutex_);
    refuse_when_pending();
    // The open version's row as the batch's writes advance it; kept only once committed,
    // so that a rolled back write never leaves the version pointing at a missing row.
    std::int64_t version_id = version_id_;
    try {
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      require_same_encryption();
      for (PendingWrite* w : batch) {
        db_->exec("SAVEPOINT one_write");
        try {
          std::vector<Change> changes;
          w->change(changes);
          SQLite::Statement bump(*db_, "UPDATE meta SET serial = max(serial + 1, ?) WHERE one = 1");
          bump.bind(1, w->min_serial);
          bump.exec();
          const std::int64_t serial =
              db_->execAndGet("SELECT serial FROM meta WHERE one = 1").getInt64();
          for (Change& c : changes) c.serial = serial;
          const std::int64_t id = record_write(*db_, codec_, version_open_ ? version_id : 0,
                                               version_open_ ? version_command_ : "", serial,
                                               changes);
          db_->exec("RELEASE one_write");
          if (version_open_) version_id = id;
        } catch (const SQLite::Exception& e) {
          db_->exec("ROLLBACK TO one_write");
          db_->exec("RELEASE one_write");
          w->error = std::make_exception_ptr(
              StateError(path_.string() + ": " + *w->what + ": " + e.what()));
        } catch (...) {
          db_->exec("ROLLBACK TO one_write");
          db_->exec("RELEASE one_write");
          w->error = std::current_exception();
        }
      }
      tx.commit();
      version_id_ = version_id;
    } catch (const SQLite::Exception& e) {
      // Nothing of the batch was committed.
      for (PendingWrite* w : batch) {
        w->error = std::make_exception_ptr(
            StateError(path_.string() + ": " + *w->what + ": " + e.what()));
      }
    }
  }

  /// Runs `body` under the mutex, turning SQLite's exceptions into StateError.
  template <typename Body>
  std::invoke_result_t<Body&> guarded(const std::string& what, Body&& body) {
    std::lock_guard hold(mutex_);
    try {
      return body();
    } catch (const SQLite::Exception& e) {
      throw StateError(path_.string() + ": " + what + ": " + e.what());
    }
  }

  fs::path path_;
  std::mutex mutex_;  // one statement or transaction at a time on db_
  std::unique_ptr<SQLite::Database> db_;
  // How payloads are stored (change_encryption changes it under the mutex), and why this
  // Backend refuses to read and write when it was opened for a conversion only.
  PayloadCodec codec_;
  EncryptionStatus status_;
  std::optional<std::string> refusal_;
  GroupCommit group_;  // the writes of threads, committed together
  // The open version (begin_version): its command, and its row once a write made one.
  bool version_open_ = false;
  std::string version_command_;
  std::int64_t version_id_ = 0;
};

/// The meta row's encryption column: nullopt in clear.
std::optional<std::string> stored_encryption(SQLite::Database& db) {
  const SQLite::Column column = db.execAndGet("SELECT encryption FROM meta WHERE one = 1");
  if (column.isNull()) return std::nullopt;
  return column.getString();
}

}  // namespace

std::unique_ptr<Backend> open_sqlite(const fs::path& path, const StateKeys& keys) {
  if (fs::path parent = path.parent_path(); !parent.empty()) {
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) {
      throw StateError(path.string() + ": cannot create the directory " + parent.string() +
                       ": " + ec.message());
    }
  }
  try {
    auto db = std::make_unique<SQLite::Database>(
        path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX,
        kBusyTimeoutMs);
    // journal_mode is the first statement that reads the file header, so a foreign file
    // fails here. WAL lets readers continue while one writer commits.
    db->execAndGet("PRAGMA journal_mode = WAL");
    // FULL: a commit is on disk when it returns; state is worth the fsync.
    db->exec("PRAGMA synchronous = FULL");
    migrate_sqlite(*db, path);
    const std::int64_t serial = db->execAndGet("SELECT serial FROM meta WHERE one = 1").getInt64();
    OpenedEncryption encryption = open_encryption(
        stored_encryption(*db), serial, keys, path.string(), [&](const std::string& descriptor) {
          // One statement: another client may have written, or chosen a key, meanwhile.
          SQLite::Statement set(*db,
                                "UPDATE meta SET encryption = ? "
                                "WHERE one = 1 AND encryption IS NULL AND serial = 0");
          set.bind(1, descriptor);
          set.exec();
          return stored_encryption(*db);
        });
    return std::make_unique<SqliteBackend>(path, std::move(db), std::move(encryption));
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB) {
      throw StateError(path.string() + ": not a SQLite database, so not an infra state");
    }
    throw StateError(path.string() + ": cannot open the state: " + e.what());
  }
}

}  // namespace infra::state
