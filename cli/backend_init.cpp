// The initialized backend and `infra init -migrate-state`: see cli/backend_init.hpp.
#include "cli/backend_init.hpp"

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "state/workspaces.hpp"

namespace infra::cli {

namespace fs = std::filesystem;
using json = nlohmann::json;

fs::path backend_record_file() { return fs::path(".infra") / "backend.json"; }

std::optional<planner::BackendSettings> recorded_backend() {
  const fs::path file = backend_record_file();
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  try {
    const json j = json::parse(text.str());
    planner::BackendSettings s;
    s.type = j.at("type").get<std::string>();
    s.path = j.value("path", s.path.string());
    s.conn_str = j.value("conn_str", "");
    s.schema_name = j.value("schema_name", "");
    s.configured = j.value("configured", true);
    return s;
  } catch (const json::exception& e) {
    throw state::StateError(file.string() + " is not a backend record (" + e.what() +
                            "); run \"infra init -reconfigure\" to write it again");
  }
}

void record_backend(const planner::BackendSettings& settings) {
  json j{{"type", settings.type}, {"configured", settings.configured}};
  if (settings.type == "sqlite") j["path"] = settings.path.string();
  else j.update({{"conn_str", settings.conn_str}, {"schema_name", settings.schema_name}});
  const fs::path file = backend_record_file();
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  const fs::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) throw state::StateError(temp.string() + ": cannot write the backend record");
  }
  // It may hold a connection string as the configuration wrote it: for its owner only.
  ::chmod(temp.c_str(), 0600);
  fs::rename(temp, file, ec);
  if (ec) throw state::StateError(file.string() + ": cannot write: " + ec.message());
}

bool same_backend(const planner::BackendSettings& a, const planner::BackendSettings& b) {
  if (a.type != b.type) return false;
  if (a.type == "sqlite") return a.path.lexically_normal() == b.path.lexically_normal();
  return a.conn_str == b.conn_str && a.schema_name == b.schema_name;
}

std::string describe_backend(const planner::BackendSettings& settings) {
  if (settings.type == "sqlite") return "sqlite (" + settings.path.string() + ")";
  return "postgres (schema " +
         (settings.schema_name.empty() ? std::string("from PG_SCHEMA_NAME or infra_state")
                                       : settings.schema_name) +
         ")";
}

std::optional<planner::BackendSettings> backend_change(const planner::BackendSettings& current) {
  auto recorded = recorded_backend();
  if (!recorded) {
    // Never initialized: the states are where the configuration says, unless a state was
    // made in the default place before the configuration named another backend.
    const planner::BackendSettings standard;
    std::error_code ec;
    if (same_backend(current, standard) || !fs::exists(standard.path, ec)) return std::nullopt;
    recorded = standard;
  }
  if (same_backend(*recorded, current)) return std::nullopt;
  return recorded;
}

namespace {

/// Whether two snapshots hold the same record: lineage, instances and outputs, attribute
/// values compared as JSON (a store may lay the text out its own way).
std::optional<std::string> snapshot_difference(const state::Snapshot& a, const state::Snapshot& b) {
  if (a.lineage != b.lineage) return "the lineage differs";
  if (a.instances.size() != b.instances.size()) return "the number of instances differs";
  for (std::size_t i = 0; i < a.instances.size(); ++i) {
    const auto& x = a.instances[i];
    const auto& y = b.instances[i];
    const bool same = x.address == y.address && x.type == y.type && x.name == y.name &&
                      x.provider == y.provider && x.schema_version == y.schema_version &&
                      json::parse(x.attributes_json) == json::parse(y.attributes_json) &&
                      x.sensitive_paths == y.sensitive_paths &&
                      x.dependencies == y.dependencies && x.status == y.status;
    if (!same) return "instance " + x.address + " differs";
  }
  if (a.outputs.size() != b.outputs.size()) return "the number of outputs differs";
  for (std::size_t i = 0; i < a.outputs.size(); ++i) {
    const auto& x = a.outputs[i];
    const auto& y = b.outputs[i];
    if (x.name != y.name || x.sensitive != y.sensitive ||
        json::parse(x.value_json) != json::parse(y.value_json)) {
      return "output " + x.name + " differs";
    }
  }
  return std::nullopt;
}

std::string count(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

/// Copies the state of `workspace` from `from` to `to`; false after printing why not.
bool migrate_workspace(const Ui& ui, const Args& args, state::Store& from, state::Store& to,
                       const std::string& workspace) {
  const StateChoice source{workspace, std::shared_ptr<state::Store>(&from, [](state::Store*) {})};
  const StateChoice target{workspace, std::shared_ptr<state::Store>(&to, [](state::Store*) {})};
  auto src = open_state(ui, source);
  if (!src) return false;
  auto src_lock = lock_state(ui, args, *src, "init -migrate-state");
  if (!src_lock) return false;
  auto dst = open_state(ui, target);
  if (!dst) return false;
  auto dst_lock = lock_state(ui, args, *dst, "init -migrate-state");
  if (!dst_lock) return false;
  const state::Snapshot snapshot = src->read();
  const state::Snapshot existing = dst->read();
  const bool target_empty = existing.instances.empty() && existing.outputs.empty();
  if (!target_empty && !snapshot_difference(snapshot, existing)) {
    // A migration stopped after this workspace, and was started again.
    std::cout << "- Workspace \"" << workspace << "\": already copied (lineage "
              << snapshot.lineage << ")\n";
    return true;
  }
  if (!target_empty && !args.flag("force-copy")) {
    ui.error("The new backend already has a state for workspace \"" + workspace + "\"",
             target.location() + " records " + count(existing.instances.size(), "resource instance") +
                 " (lineage " + existing.lineage + ", serial " + std::to_string(existing.serial) +
                 "). Nothing was copied. To replace it with the state at " + source.location() +
                 " (" + count(snapshot.instances.size(), "resource instance") +
                 ", lineage " + snapshot.lineage + "), run \"infra init -migrate-state -force-copy\".");
    return false;
  }
  {
    state::VersionScope version(*dst, "init -migrate-state");
    dst->replace_state(snapshot);
  }
  const state::Snapshot copied = dst->read();
  if (auto difference = snapshot_difference(snapshot, copied)) {
    ui.error("The copied state of workspace \"" + workspace + "\" does not match its source",
             "Reading back " + target.location() + ": " + *difference + ". The state at " +
                 source.location() + " is unchanged; the backend record still names it.");
    return false;
  }
  std::cout << "- Workspace \"" << workspace << "\": copied "
            << count(snapshot.instances.size(), "resource instance") << " and "
            << count(snapshot.outputs.size(), "output") << " (lineage " << snapshot.lineage
            << ", serial " << copied.serial << ") and checked them\n";
  return true;
}

}  // namespace

bool init_backend(const Ui& ui, const Args& args, const planner::BackendSettings& current) {
  if (args.flag("migrate-state") && args.flag("reconfigure")) {
    throw UsageError("-migrate-state and -reconfigure cannot be used together");
  }
  std::optional<planner::BackendSettings> previous;
  try {
    previous = backend_change(current);
  } catch (const std::exception& e) {
    if (!args.flag("reconfigure")) {
      ui.error("Failed to read the backend record", e.what());
      return false;
    }
  }
  if (previous && !args.flag("reconfigure")) {
    try {
      std::unique_ptr<state::Store> from = make_store(*previous);
      std::unique_ptr<state::Store> to = make_store(current);
      std::vector<std::string> workspaces;
      for (const auto& name : from->list()) {
        if (from->has_state(name)) workspaces.push_back(name);
      }
      if (!workspaces.empty() && !args.flag("migrate-state")) {
        ui.error("Backend configuration changed",
                 "The working directory was initialized with the backend " +
                     describe_backend(*previous) + ", which holds the state of " +
                     count(workspaces.size(), "workspace") + "; the configuration now names " +
                     describe_backend(current) +
                     ".\n\nRun \"infra init -migrate-state\" to copy every workspace's state to "
                     "the new backend (the old one is left as it is), or \"infra init "
                     "-reconfigure\" to use the new backend without them.");
        return false;
      }
      if (!workspaces.empty()) {
        std::cout << "Migrating the state from " << describe_backend(*previous) << " to "
                  << describe_backend(current) << "...\n";
      }
      for (const auto& name : workspaces) {
        if (!migrate_workspace(ui, args, *from, *to, name)) return false;
      }
      if (!workspaces.empty()) {
        std::cout << "The states at " << describe_backend(*previous)
                  << " are left as they were; remove them when you no longer need them.\n";
      }
    } catch (const UsageError&) {
      throw;
    } catch (const std::exception& e) {
      ui.error("Failed to migrate the state", e.what());
      return false;
    }
  }
  try {
    record_backend(current);
  } catch (const std::exception& e) {
    ui.error("Failed to record the backend", e.what());
    return false;
  }
  return true;
}

}  // namespace infra::cli
