// infra state history and infra state diff: the versions the state recorded, and what
// changed between two serials. Sensitive attribute values are never printed.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/state_common.hpp"

namespace infra::cli {
namespace {

using json = nlohmann::json;

/// "2 created, 1 updated": the changes of a version counted by action.
std::string summary(const state::Version& v) {
  static const std::pair<state::Action, const char*> kWords[] = {
      {state::Action::Create, "created"},   {state::Action::Import, "imported"},
      {state::Action::Update, "updated"},   {state::Action::Move, "moved"},
      {state::Action::Taint, "tainted"},    {state::Action::Untaint, "untainted"},
      {state::Action::Delete, "deleted"},   {state::Action::Forget, "forgotten"},
  };
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  for (const auto& [action, word] : kWords) {
    const auto n = std::count_if(v.changes.begin(), v.changes.end(),
                                 [&](const state::Change& c) { return c.action == action; });
    if (n > 0) add(std::to_string(n) + " " + word);
  }
  for (const auto& c : v.changes) {
    if (c.action == state::Action::Outputs) add("outputs changed");
    if (c.action == state::Action::Lineage) add("lineage changed");
  }
  return out.empty() ? "no changes" : out;
}

}  // namespace

int state_history(const Ui& ui, const Args& args) {
  if (args.positional.size() != 1) throw UsageError("state history takes no arguments");
  auto backend = open_existing_state(ui, args);
  if (!backend) return 1;
  const auto versions = backend->history();
  const std::int64_t start = backend->history_start();
  if (versions.empty()) {
    std::cout << "No history: nothing was written to the state"
              << (start > 0 ? " since serial " + std::to_string(start) : std::string()) << ".\n";
    return 0;
  }
  std::size_t user_width = 4, command_width = 7;
  for (const auto& v : versions) {
    user_width = std::max(user_width, v.user.size());
    command_width = std::max(command_width, std::max<std::size_t>(v.command.size(), 1));
  }
  const auto pad = [](const std::string& s, std::size_t width) {
    return s + std::string(width > s.size() ? width - s.size() : 0, ' ');
  };
  std::cout << pad("SERIAL", 8) << pad("TIME", 22) << pad("USER", user_width + 2)
            << pad("COMMAND", command_width + 2) << "CHANGES\n";
  for (const auto& v : versions) {
    std::cout << pad(std::to_string(v.serial), 8) << pad(v.time, 22) << pad(v.user, user_width + 2)
              << pad(v.command.empty() ? "-" : v.command, command_width + 2) << summary(v) << "\n";
  }
  if (start > 0) std::cout << "\nHistory starts at serial " << start << ".\n";
  return 0;
}

namespace {

/// One attribute value for people: JSON, or "(sensitive value)".
std::string shown(const json& attributes, const std::string& name, bool sensitive) {
  if (!attributes.contains(name)) return "(none)";
  return sensitive ? "(sensitive value)" : attributes.at(name).dump();
}

/// The lines that say how `a` became `b` (same address), each indented.
std::vector<std::string> instance_diff(const state::ResourceInstance& a, const state::ResourceInstance& b) {
  std::vector<std::string> lines;
  const json before = json::parse(a.attributes_json), after = json::parse(b.attributes_json);
  std::set<std::string> names;
  for (const auto& [k, v] : before.items()) names.insert(k);
  for (const auto& [k, v] : after.items()) names.insert(k);
  const auto is_sensitive = [](const state::ResourceInstance& i, const std::string& name) {
    return std::find(i.sensitive_paths.begin(), i.sensitive_paths.end(), name) != i.sensitive_paths.end();
  };
  for (const auto& name : names) {
    const bool sa = is_sensitive(a, name), sb = is_sensitive(b, name);
    const bool same = before.contains(name) && after.contains(name) && before[name] == after[name];
    if (same && sa == sb) continue;
    lines.push_back("    " + name + ": " + shown(before, name, sa) + " -> " + shown(after, name, sb));
  }
  if (a.status != b.status) lines.push_back("    (status): " + a.status + " -> " + b.status);
  if (a.provider != b.provider) lines.push_back("    (provider): " + a.provider + " -> " + b.provider);
  if (a.dependencies != b.dependencies) lines.push_back("    (dependencies changed)");
  return lines;
}

}  // namespace

int state_diff(const Ui& ui, const Args& args) {
  if (args.positional.size() != 3) throw UsageError("state diff needs two serials, A and B");
  const std::int64_t from = parse_serial(args.positional[1], "state diff");
  const std::int64_t to = parse_serial(args.positional[2], "state diff");
  auto backend = open_existing_state(ui, args);
  if (!backend) return 1;
  state::Snapshot a, b;
  try {
    a = backend->snapshot_at(from);
    b = backend->snapshot_at(to);
  } catch (const state::StateError& e) {
    ui.error("Failed to read the state", e.what());
    return 1;
  }
  std::map<std::string, const state::ResourceInstance*> removed, added;
  std::vector<std::string> lines;
  for (const auto& i : a.instances) {
    if (b.find(i.address) == nullptr) removed[i.address] = &i;
  }
  for (const auto& i : b.instances) {
    if (a.find(i.address) == nullptr) added[i.address] = &i;
  }
  // An instance that left one address and appeared at another with the same object moved.
  for (auto r = removed.begin(); r != removed.end();) {
    auto m = std::find_if(added.begin(), added.end(), [&](const auto& entry) {
      return entry.second->type == r->second->type &&
             entry.second->attributes_json == r->second->attributes_json;
    });
    if (m == added.end()) {
      ++r;
      continue;
    }
    lines.push_back("> " + r->first + " moved to " + m->first);
    for (auto& line : instance_diff(*r->second, *m->second)) lines.push_back(std::move(line));
    added.erase(m);
    r = removed.erase(r);
  }
  for (const auto& [address, i] : removed) lines.push_back("- " + address + " (deleted or forgotten)");
  for (const auto& [address, i] : added) lines.push_back("+ " + address + " (created or imported)");
  for (const auto& i : b.instances) {
    const auto* old = a.find(i.address);
    if (old == nullptr) continue;
    auto detail = instance_diff(*old, i);
    if (detail.empty()) continue;
    lines.push_back("~ " + i.address);
    lines.insert(lines.end(), detail.begin(), detail.end());
  }
  std::map<std::string, const state::OutputValue*> outputs_a, outputs_b;
  for (const auto& o : a.outputs) outputs_a[o.name] = &o;
  for (const auto& o : b.outputs) outputs_b[o.name] = &o;
  std::set<std::string> output_names;
  for (const auto& [n, o] : outputs_a) output_names.insert(n);
  for (const auto& [n, o] : outputs_b) output_names.insert(n);
  for (const auto& name : output_names) {
    const auto* oa = outputs_a.count(name) ? outputs_a[name] : nullptr;
    const auto* ob = outputs_b.count(name) ? outputs_b[name] : nullptr;
    if (oa && ob && oa->value_json == ob->value_json && oa->sensitive == ob->sensitive) continue;
    const auto value = [](const state::OutputValue* o) {
      return o == nullptr ? std::string("(none)") : o->sensitive ? "(sensitive value)" : o->value_json;
    };
    lines.push_back("~ output." + name + ": " + value(oa) + " -> " + value(ob));
  }
  if (a.lineage != b.lineage) lines.push_back("~ lineage: " + a.lineage + " -> " + b.lineage);
  if (lines.empty()) {
    std::cout << "No changes between serial " << from << " and serial " << to << ".\n";
    return 0;
  }
  std::cout << "Changes from serial " << from << " to serial " << to << ":\n\n";
  for (const auto& line : lines) std::cout << line << "\n";
  return 0;
}

}  // namespace infra::cli
