// The embedded state store: one SQLite file in WAL mode with synchronous=FULL.
//
// Concurrency: every write is committed in an IMMEDIATE transaction, so writers from other
// processes (or other Backend objects) queue on SQLite's file lock, waiting up to
// kBusyTimeoutMs. One SqliteBackend may also be shared by threads: writes that arrive while
// another commits wait, and the next of them commits all that waited in one transaction
// (group commit: one sync to disk for many writes), each write in a savepoint of its own so
// that one failing write fails alone. A write returns once its transaction is durable.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <system_error>
#include <type_traits>

#include "state/backend.hpp"
#include "state/identity.hpp"
#include "state/sqlite_schema.hpp"

namespace infra::state {

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

/// How long a statement waits for another connection's write lock before failing.
constexpr int kBusyTimeoutMs = 10'000;

std::string encode_strings(const std::vector<std::string>& items) { return json(items).dump(); }

std::vector<std::string> decode_strings(const std::string& text, const std::string& what) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> items;
  bool ok = parsed.is_array();
  if (ok) {
    for (const json& item : parsed) {
      if (!item.is_string()) {
        ok = false;
        break;
      }
      items.push_back(item.get<std::string>());
    }
  }
  if (!ok) throw StateError(what + " is not a JSON list of strings: " + text);
  return items;
}

/// Throws "<subject> not valid JSON" unless `text` is JSON; `subject` ends in "is" or "are".
void require_json(const std::string& text, const std::string& subject) {
  if (!json::accept(text)) throw StateError(subject + " not valid JSON: " + text);
}

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(fs::path path, std::unique_ptr<SQLite::Database> db)
      : path_(std::move(path)), db_(std::move(db)) {}

  Snapshot read() override {
    return guarded("cannot read the state", [&] {
      Snapshot snapshot;
      // One read transaction, so that the three queries see the same commit.
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::DEFERRED);

      SQLite::Statement meta(*db_, "SELECT lineage, serial FROM meta WHERE one = 1");
      if (!meta.executeStep()) throw StateError(path_.string() + ": the meta row is missing");
      snapshot.lineage = meta.getColumn(0).getString();
      snapshot.serial = meta.getColumn(1).getInt64();

      SQLite::Statement instances(*db_,
                                  "SELECT address, type, name, provider, schema_version, "
                                  "attributes, sensitive_paths, dependencies, status "
                                  "FROM instances ORDER BY address");
      while (instances.executeStep()) {
        ResourceInstance& i = snapshot.instances.emplace_back();
        i.address = instances.getColumn(0).getString();
        i.type = instances.getColumn(1).getString();
        i.name = instances.getColumn(2).getString();
        i.provider = instances.getColumn(3).getString();
        i.schema_version = instances.getColumn(4).getInt();
        i.attributes_json = instances.getColumn(5).getString();
        const std::string where = path_.string() + ": instance " + i.address;
        i.sensitive_paths =
            decode_strings(instances.getColumn(6).getString(), where + ": sensitive_paths");
        i.dependencies =
            decode_strings(instances.getColumn(7).getString(), where + ": dependencies");
        i.status = instances.getColumn(8).getString();
      }

      SQLite::Statement outputs(*db_, "SELECT name, value, sensitive FROM outputs ORDER BY name");
      while (outputs.executeStep()) {
        OutputValue& o = snapshot.outputs.emplace_back();
        o.name = outputs.getColumn(0).getString();
        o.value_json = outputs.getColumn(1).getString();
        o.sensitive = outputs.getColumn(2).getInt() != 0;
      }
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

  void put_instance(const ResourceInstance& instance) override {
    require_json(instance.attributes_json,
                 path_.string() + ": instance " + instance.address + ": the attributes are");
    write("cannot write instance " + instance.address, [&] { upsert(instance); });
  }

  void rename_instance(const std::string& from, const std::string& to,
                       const std::string& name) override {
    write("cannot move instance " + from + " to " + to, [&] {
      SQLite::Statement rename(*db_, "UPDATE instances SET address = ?, name = ? WHERE address = ?");
      rename.bind(1, to);
      rename.bind(2, name);
      rename.bind(3, from);
      rename.exec();
    });
  }

  void remove_instance(const std::string& address) override {
    write("cannot remove instance " + address, [&] {
      SQLite::Statement remove(*db_, "DELETE FROM instances WHERE address = ?");
      remove.bind(1, address);
      remove.exec();
    });
  }

  void put_outputs(const std::vector<OutputValue>& outputs) override {
    for (const OutputValue& o : outputs) {
      require_json(o.value_json, path_.string() + ": output " + o.name + ": the value is");
    }
    write("cannot write the outputs", [&] {
      db_->exec("DELETE FROM outputs");
      SQLite::Statement insert(*db_,
                               "INSERT OR REPLACE INTO outputs (name, value, sensitive) "
                               "VALUES (?, ?, ?)");
      for (const OutputValue& o : outputs) {
        insert.bind(1, o.name);
        insert.bind(2, o.value_json);
        insert.bind(3, o.sensitive ? 1 : 0);
        insert.exec();
        insert.reset();
      }
    });
  }

 private:
  std::optional<LockInfo> select_lock() {
    SQLite::Statement query(*db_, "SELECT id, holder, operation, created FROM lock");
    if (!query.executeStep()) return std::nullopt;
    return LockInfo{query.getColumn(0).getString(), query.getColumn(1).getString(),
                    query.getColumn(2).getString(), query.getColumn(3).getString()};
  }

  /// Inserts or replaces one instance, inside the caller's transaction.
  void upsert(const ResourceInstance& instance) {
    SQLite::Statement upsert(*db_,
                             "INSERT OR REPLACE INTO instances (address, type, name, provider, "
                             "schema_version, attributes, sensitive_paths, dependencies, "
                             "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    upsert.bind(1, instance.address);
    upsert.bind(2, instance.type);
    upsert.bind(3, instance.name);
    upsert.bind(4, instance.provider);
    upsert.bind(5, instance.schema_version);
    upsert.bind(6, instance.attributes_json);
    upsert.bind(7, encode_strings(instance.sensitive_paths));
    upsert.bind(8, encode_strings(instance.dependencies));
    upsert.bind(9, instance.status);
    upsert.exec();
  }

  /// One write waiting to be committed; it lives on its writer's stack.
  struct PendingWrite {
    const std::string* what;
    std::function<void()> change;
    bool done = false;
    std::exception_ptr error;
  };

  /// Runs `change` and the serial increment, atomically and durably: alone, or with the
  /// writes of other threads that arrive meanwhile, in one IMMEDIATE transaction.
  template <typename Change>
  void write(const std::string& what, Change&& change) {
    PendingWrite me{&what, std::function<void()>(std::ref(change)), false, nullptr};
    std::unique_lock queue_lock(queue_mutex_);
    queue_.push_back(&me);
    while (!me.done) {
      if (committing_) {
        committed_.wait(queue_lock);
        continue;
      }
      // Commit everything that waits, this write among it.
      committing_ = true;
      std::vector<PendingWrite*> batch;
      batch.swap(queue_);
      queue_lock.unlock();
      commit(batch);
      queue_lock.lock();
      committing_ = false;
      for (PendingWrite* w : batch) w->done = true;
      committed_.notify_all();
    }
    if (me.error) std::rethrow_exception(me.error);
  }

  /// Commits `batch` in one transaction, each write in its own savepoint: a write that
  /// fails is rolled back alone and gets the error.
  void commit(const std::vector<PendingWrite*>& batch) {
    std::lock_guard hold(mutex_);
    try {
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      for (PendingWrite* w : batch) {
        db_->exec("SAVEPOINT one_write");
        try {
          w->change();
          db_->exec("UPDATE meta SET serial = serial + 1 WHERE one = 1");
          db_->exec("RELEASE one_write");
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
  // Group commit: the writes waiting, whether one thread is committing, and its signal.
  std::mutex queue_mutex_;
  std::vector<PendingWrite*> queue_;
  bool committing_ = false;
  std::condition_variable committed_;
};

}  // namespace

std::unique_ptr<Backend> open_sqlite(const fs::path& path) {
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
    return std::make_unique<SqliteBackend>(path, std::move(db));
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_NOTADB) {
      throw StateError(path.string() + ": not a SQLite database, so not an infra state");
    }
    throw StateError(path.string() + ": cannot open the state: " + e.what());
  }
}

}  // namespace infra::state
