// State: the record of what exists. A Backend stores resource instances, outputs, lineage
// and serial, and the lock that keeps two writers apart. state knows nothing of lang.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace infra::state {

/// One resource instance that exists.
struct ResourceInstance {
  std::string address;   // "local_file.a"
  std::string type;      // "local_file"
  std::string name;      // "a"
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

/// Storage of a state. Each write method is one transaction: when it returns, the change
/// is durable, and a crash at any instant leaves the previous or the new state. Every
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

  /// Inserts or replaces one instance and increments the serial.
  virtual void put_instance(const ResourceInstance& instance) = 0;
  /// Removes one instance (no-op when absent) and increments the serial.
  virtual void remove_instance(const std::string& address) = 0;
  /// Renames instance `from` to the address `to` with the resource name `name` (what a
  /// `moved` block does) and increments the serial. No-op for the instances when `from`
  /// is absent; a StateError when `to` exists.
  virtual void rename_instance(const std::string& from, const std::string& to,
                               const std::string& name) = 0;
  /// Replaces all outputs and increments the serial.
  virtual void put_outputs(const std::vector<OutputValue>& outputs) = 0;
};

/// Opens (creating when missing, with a fresh lineage) the SQLite state at `path`.
/// The parent directory is created as needed.
std::unique_ptr<Backend> open_sqlite(const std::filesystem::path& path);

}  // namespace infra::state
