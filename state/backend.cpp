// The parts of state/backend.hpp that every backend shares: snapshot lookup, action
// names, the message of LockedError and VersionScope.
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

constexpr std::pair<Action, const char*> kActionNames[] = {
    {Action::Auto, "auto"},       {Action::Create, "create"},   {Action::Update, "update"},
    {Action::Delete, "delete"},   {Action::Move, "move"},       {Action::Forget, "forget"},
    {Action::Import, "import"},   {Action::Taint, "taint"},     {Action::Untaint, "untaint"},
    {Action::Outputs, "outputs"}, {Action::Lineage, "lineage"},
};

std::string describe(const LockInfo& held) {
  return "the state is locked by " + held.holder + " for " + held.operation + " since " +
         held.created + " (lock id " + held.id + ")";
}

}  // namespace

const char* action_name(Action action) {
  for (const auto& [a, name] : kActionNames) {
    if (a == action) return name;
  }
  return "unknown";
}

std::optional<Action> parse_action(std::string_view name) {
  for (const auto& [a, n] : kActionNames) {
    if (name == n) return a;
  }
  return std::nullopt;
}

VersionScope::VersionScope(Backend& backend, const std::string& command) : backend_(backend) {
  backend_.begin_version(command);
}

VersionScope::~VersionScope() { backend_.end_version(); }

LockedError::LockedError(LockInfo held)
    : std::runtime_error(describe(held)), held_(std::move(held)) {}

}  // namespace infra::state
