// State: the record of what exists. A Backend stores resource instances, outputs, lineage
// and serial, the lock that keeps two writers apart, and the history of every write
// (versions). state knows nothing of lang.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "state/encryption.hpp"

namespace infra::state {

/// One resource instance that exists.
struct ResourceInstance {
  std::string address;   // "module.app[\"x\"].local_file.a[0]"
  std::string type;      // "local_file"
  std::string name;      // "a"
  // `module` and `index_key_json` are derived from `address` by the backend when the
  // instance is written (what a caller sets there is ignored) and filled in by read().
  std::string module;                  // "module.app[\"x\"]"; "" for the root module
  std::string index_key_json = "null"; // null, a number (count) or a string (for_each)
  std::string provider;  // "local"
  int schema_version = 0;
  std::string attributes_json = "{}";          // the attributes, a JSON object
  std::vector<std::string> sensitive_paths;    // attribute names whose values are sensitive
  std::vector<std::string> dependencies;       // addresses this instance was created after
  std::string status = "ready";                // "ready" or "tainted"
};

/// One root module output.
struct OutputValue {
  std::string name;
  std::string value_json = "null";
  bool sensitive = false;
};

/// Everything the state holds at one moment.
struct Snapshot {
  std::string lineage;  // chosen when the state is created, never changes
  std::int64_t serial = 0;  // grows with every write
  std::vector<ResourceInstance> instances;  // sorted by address
  std::vector<OutputValue> outputs;         // sorted by name

  const ResourceInstance* find(std::string_view address) const;
};

/// What one write did, as history records it. Auto, accepted by put_instance only, means
/// Create when the instance was absent and Update otherwise. Outputs and Lineage are
/// changes to the state as a whole (address "").
enum class Action { Auto, Create, Update, Delete, Move, Forget, Import, Taint, Untaint, Outputs, Lineage };

/// "create", "update", ...: the name history stores and shows.
const char* action_name(Action action);
/// The action named `name`; nullopt for an unknown name.
std::optional<Action> parse_action(std::string_view name);

/// One change that a write made.
struct Change {
  std::int64_t serial = 0;        // the serial the write produced
  Action action = Action::Update;
  std::string address;            // the instance (after a move, its new address); "" for
                                  // Outputs and Lineage
  std::string previous_address;   // for Move: where it was
  // The instance before and after as one JSON object (instance_to_json), or, for Outputs,
  // the outputs as a JSON object (outputs_to_json), or, for Lineage, the lineage itself.
  std::optional<std::string> before_json;  // nullopt: it did not exist
  std::optional<std::string> after_json;   // nullopt: it no longer exists
};

/// The writes of one command (an apply, a `state mv`, ...), recorded together.
struct Version {
  std::int64_t serial = 0;   // the state's serial after the version's last write
  std::int64_t first_serial = 0;  // the serial its first write produced
  std::string time;          // UTC, ISO 8601, of its first write
  std::string user;          // "user@host"
  std::string command;       // "apply", "state mv", ...; "" for writes outside a version
  std::vector<Change> changes;  // in the order they were made
};

/// One instance to rename in move_instances.
struct InstanceMove {
  std::string from;
  std::string to;
  std::string name;  // the resource name at `to`
};

/// Who holds the lock, for what, since when.
struct LockInfo {
  std::string id;
  std::string holder;     // "user@host (pid N)"
  std::string operation;  // "apply", "destroy", ...
  std::string created;    // UTC, ISO 8601
};

/// Thrown when the state is locked by someone else.
class LockedError : public std::runtime_error {
 public:
  explicit LockedError(LockInfo held);
  const LockInfo& held() const { return held_; }

 private:
  LockInfo held_;
};

/// Thrown for a state that cannot be read or written (corrupt file, newer schema, I/O).
class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Storage of a state. Each write method is one transaction that makes the change,
/// increments the serial and records the change in the history: when it returns, all of
/// that is durable, and a crash at any instant leaves the previous or the new state. Every
/// method may be called from many threads at once (apply writes from each of its workers).
class Backend {
 public:
  virtual ~Backend() = default;

  /// Reads the whole state.
  virtual Snapshot read() = 0;

  /// Takes the lock for `operation`; throws LockedError naming the holder when it is held.
  virtual LockInfo lock(const std::string& operation) = 0;
  /// Releases the lock with `id`; does nothing when that lock is no longer held.
  virtual void unlock(const std::string& id) = 0;
  /// The lock currently held, if any.
  virtual std::optional<LockInfo> current_lock() = 0;

  /// Inserts or replaces one instance and increments the serial. History records it as
  /// `action` (Auto: Create or Update, whichever it is).
  virtual void put_instance(const ResourceInstance& instance, Action action) = 0;
  void put_instance(const ResourceInstance& instance) { put_instance(instance, Action::Auto); }

  /// Removes the instances at `addresses` in one write (absent ones are skipped) and
  /// increments the serial. History records each as `action`: Delete or Forget.
  virtual void remove_instances(const std::vector<std::string>& addresses, Action action) = 0;
  void remove_instance(const std::string& address) { remove_instances({address}, Action::Delete); }

  /// Renames instances in one write (what `moved` blocks and `state mv` do) and increments
  /// the serial. A move whose `from` is absent is skipped; a StateError, changing nothing,
  /// when a `to` exists and is not itself moved away in the same write.
  virtual void move_instances(const std::vector<InstanceMove>& moves) = 0;
  void rename_instance(const std::string& from, const std::string& to, const std::string& name) {
    move_instances({{from, to, name}});
  }

  /// Replaces all outputs and increments the serial.
  virtual void put_outputs(const std::vector<OutputValue>& outputs) = 0;

  /// Replaces the whole state by `snapshot` in one write (what `state push` does): its
  /// lineage, instances and outputs. The serial becomes the greater of `snapshot.serial`
  /// and the current serial + 1, so that it never goes back.
  virtual void replace_state(const Snapshot& snapshot) = 0;

  /// Opens a version for `command`: every write through this object until end_version()
  /// is recorded in it, in the write's own transaction. A version that makes no write
  /// leaves no trace. A write outside any version is recorded as a version of its own
  /// with the command "". Versions do not nest: a StateError when one is open.
  virtual void begin_version(const std::string& command) = 0;
  /// Closes the open version (no-op when none is open).
  virtual void end_version() = 0;

  /// Every recorded version, newest first, each with its changes.
  virtual std::vector<Version> history() = 0;
  /// The serial from which history is recorded: 0, or for a state migrated from schema
  /// version 1, its serial at the migration.
  virtual std::int64_t history_start() = 0;
  /// The state as it was when its serial was `serial` (serial set to `serial`). A
  /// StateError for a serial after the current one or before history_start().
  virtual Snapshot snapshot_at(std::int64_t serial) = 0;

  /// How the state's payloads (attributes, output values, history's before and after) are
  /// stored, as found when it was opened with its keys. In EncryptedWithPrevious and
  /// ClearWithKey, every method but the lock's and change_encryption throws a StateError
  /// that says which command to run.
  virtual EncryptionStatus encryption_status() = 0;
  /// Stores every payload anew, history included, encrypted with `key` (a fresh salt for a
  /// passphrase) or, for nullopt, in clear, and records it in the meta row: one
  /// transaction, the serial unchanged. The Backend then reads and writes that way.
  virtual void change_encryption(const std::optional<StateKey>& key) = 0;
};

/// Holds a version open for its lifetime (Backend::begin_version and end_version).
class VersionScope {
 public:
  VersionScope(Backend& backend, const std::string& command);
  ~VersionScope();
  VersionScope(const VersionScope&) = delete;
  VersionScope& operator=(const VersionScope&) = delete;

 private:
  Backend& backend_;
};

/// Opens (creating when missing, with a fresh lineage) the SQLite state at `path`.
/// The parent directory is created as needed. `keys` unlock an encrypted state (a
/// StateError, before anything is written, when they do not); a state never written that
/// is opened with a key becomes encrypted (state/encryption.hpp, open_encryption).
std::unique_ptr<Backend> open_sqlite(const std::filesystem::path& path,
                                     const StateKeys& keys = {});

}  // namespace infra::state
