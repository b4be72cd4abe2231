// Small helpers of the Plan value.
#include "planner/plan.hpp"

namespace infra::planner {

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
  }
  return "no-op";
}

Plan::Summary Plan::summary() const {
  Summary s;
  for (const auto& c : changes) {
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
      case Action::NoOp:
        break;
    }
  }
  return s;
}

bool Plan::has_changes() const {
  for (const auto& c : changes) {
    if (c.action != Action::NoOp) return true;
  }
  for (const auto& o : outputs) {
    if (o.action != Action::NoOp) return true;
  }
  return false;
}

}  // namespace infra::planner
