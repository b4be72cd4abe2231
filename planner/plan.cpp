// Small helpers of the Plan value.
#include "planner/plan.hpp"

#include <ctime>

namespace infra::planner {

std::string format_timestamp(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::optional<std::chrono::system_clock::time_point> parse_timestamp(const std::string& text) {
  std::tm utc{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &utc);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&utc));
}

std::string_view action_name(Action a) {
  switch (a) {
    case Action::NoOp:
      return "no-op";
    case Action::Create:
      return "create";
    case Action::Update:
      return "update";
    case Action::Replace:
      return "replace";
    case Action::Delete:
      return "delete";
    case Action::Forget:
      return "forget";
  }
  return "no-op";
}

Plan::Summary Plan::summary() const {
  Summary s;
  for (const auto& c : changes) {
    if (!c.import_id.empty()) ++s.import;
    switch (c.action) {
      case Action::Create:
        ++s.add;
        break;
      case Action::Update:
        ++s.change;
        break;
      case Action::Replace:
        ++s.add;
        ++s.destroy;
        break;
      case Action::Delete:
        ++s.destroy;
        break;
      case Action::Forget:
        ++s.forget;
        break;
      case Action::NoOp:
        break;
    }
  }
  return s;
}

bool Plan::has_changes() const {
  if (refresh_only) return !drift.empty();
  if (!deferred.empty()) return true;
  for (const auto& c : changes) {
    if (c.action != Action::NoOp || !c.moved_from.empty() || !c.import_id.empty()) return true;
  }
  for (const auto& o : outputs) {
    if (o.action != Action::NoOp) return true;
  }
  return false;
}

}  // namespace infra::planner
