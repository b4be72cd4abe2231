// The parts of state/backend.hpp that every backend shares: snapshot lookup and the
// message of LockedError.
#include "state/backend.hpp"

#include <algorithm>

namespace infra::state {

const ResourceInstance* Snapshot::find(std::string_view address) const {
  // Instances are sorted by address (Backend::read guarantees it).
  auto it = std::lower_bound(
      instances.begin(), instances.end(), address,
      [](const ResourceInstance& i, std::string_view a) { return i.address < a; });
  if (it == instances.end() || it->address != address) return nullptr;
  return &*it;
}

namespace {

std::string describe(const LockInfo& held) {
  return "the state is locked by " + held.holder + " for " + held.operation + " since " +
         held.created + " (lock id " + held.id + ")";
}

}  // namespace

LockedError::LockedError(LockInfo held)
    : std::runtime_error(describe(held)), held_(std::move(held)) {}

}  // namespace infra::state
