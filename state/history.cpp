// See state/history.hpp. Changes keep whole before-images (instance_to_json,
// outputs_to_json), so that undoing one needs nothing but the change itself.
#include "state/history.hpp"

#include <map>
#include <string>

#include "state/json_format.hpp"

namespace infra::state {

std::vector<Change> replacement_changes(const Snapshot& current, const Snapshot& next) {
  std::vector<Change> changes;
  std::map<std::string, std::string> old_rows, new_rows;
  for (const ResourceInstance& i : current.instances) old_rows[i.address] = instance_to_json(i);
  for (const ResourceInstance& i : next.instances) new_rows[i.address] = instance_to_json(i);
  if (current.lineage != next.lineage) {
    changes.push_back({0, Action::Lineage, "", "", current.lineage, next.lineage});
  }
  for (const auto& [address, before] : old_rows) {
    if (!new_rows.count(address))
      changes.push_back({0, Action::Delete, address, "", before, std::nullopt});
  }
  for (const auto& [address, after] : new_rows) {
    auto it = old_rows.find(address);
    if (it == old_rows.end()) {
      changes.push_back({0, Action::Create, address, "", std::nullopt, after});
    } else if (it->second != after) {
      changes.push_back({0, Action::Update, address, "", it->second, after});
    }
  }
  return changes;
}

void undo_changes(Snapshot& snapshot, const std::vector<Change>& newest_first,
                  std::int64_t serial) {
  std::map<std::string, ResourceInstance> instances;
  for (ResourceInstance& i : snapshot.instances) instances[i.address] = std::move(i);
  for (const Change& c : newest_first) {
    if (c.action == Action::Outputs) {
      snapshot.outputs =
          c.before_json ? outputs_from_json(*c.before_json) : std::vector<OutputValue>{};
    } else if (c.action == Action::Lineage) {
      if (c.before_json) snapshot.lineage = *c.before_json;
    } else {
      if (c.after_json) instances.erase(c.address);
      if (c.before_json) {
        ResourceInstance before = instance_from_json(*c.before_json);
        instances[before.address] = std::move(before);
      }
    }
  }
  snapshot.instances.clear();
  for (auto& [address, i] : instances) snapshot.instances.push_back(std::move(i));
  snapshot.serial = serial;
}

std::string failed_moves(const std::vector<InstanceMove>& moves) {
  std::string what = "cannot move instance";
  for (const InstanceMove& m : moves) what += " " + m.from + " to " + m.to + ",";
  what.pop_back();
  return what;
}

std::string failed_removals(const std::vector<std::string>& addresses) {
  std::string what = "cannot remove instance";
  for (const std::string& a : addresses) what += " " + a + ",";
  what.pop_back();
  return what;
}

}  // namespace infra::state
