// What the state commands (cmd_state.cpp, cmd_state_history.cpp) share: opening the
// state to read or to change it, and finding instances by address or pattern.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/common.hpp"
#include "planner/address.hpp"
#include "state/backend.hpp"

namespace infra::cli {

/// The state opened for a change: locked, read, and with a version open for `command`.
/// Members are released in reverse order: the version, the lock, then the backend.
struct StateWrite {
  std::unique_ptr<state::Backend> backend;
  std::unique_ptr<StateLock> lock;
  state::Snapshot snapshot;  // read under the lock
  std::unique_ptr<state::VersionScope> version;
};

/// Opens the state when its file exists; prints "No state" and returns nullptr otherwise.
std::unique_ptr<state::Backend> open_existing_state(const Ui& ui, const Args& args);

/// Opens (creating it when `create`), locks (honouring -lock and -lock-timeout) and
/// reads the state, and opens a version for `command`. nullopt after printing the error.
std::optional<StateWrite> open_state_for_write(const Ui& ui, const Args& args,
                                               const std::string& command, bool create);

/// `text` as a module, resource or instance address; nullopt after printing an error.
std::optional<planner::ObjectAddress> parse_pattern(const Ui& ui, const std::string& text);

/// The instances of `snapshot` that `pattern` names, in address order.
std::vector<const state::ResourceInstance*> matching(const state::Snapshot& snapshot,
                                                     const planner::ObjectAddress& pattern);

/// Prints that nothing in the state matches `pattern`.
void report_no_match(const Ui& ui, const std::string& pattern);

/// The instance at `address`; nullptr after printing why there is none.
const state::ResourceInstance* find_instance(const Ui& ui, const state::Snapshot& snapshot,
                                             const std::string& address);

/// One instance as `infra show` and `infra state show` print it, sensitive values hidden.
std::string render_state_instance(const state::ResourceInstance& instance);

/// A serial given on the command line; throws UsageError naming `what` otherwise.
std::int64_t parse_serial(const std::string& text, const std::string& what);

int state_history(const Ui& ui, const Args& args);
int state_diff(const Ui& ui, const Args& args);

}  // namespace infra::cli
