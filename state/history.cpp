// See state/history.hpp. Changes keep whole before-images (instance_to_json,
// outputs_to_json), so that undoing one needs nothing but the change itself.
#include "state/history.hpp"

#include <map>
#include <string>

#include "state/json_format.hpp"

namespace infra::state {

void undo_changes(Snapshot& snapshot, const std::vector<Change>& newest_first, std::int64_t serial) {
  std::map<std::string, ResourceInstance> instances;
  for (ResourceInstance& i : snapshot.instances) instances[i.address] = std::move(i);
  for (const Change& c : newest_first) {
    if (c.action == Action::Outputs) {
      snapshot.outputs = c.before_json ? outputs_from_json(*c.before_json) : std::vector<OutputValue>{};
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

}  // namespace infra::state
