// Plan: what apply will do, as a value. Made by make_plan (planner/planner.hpp), rendered
// by planner/render.hpp, saved and loaded by planner/plan_file.hpp, executed by apply.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lang/value.hpp"
#include "providers/protocol/paths.hpp"
#include "providers/protocol/schema.hpp"

namespace infra::planner {

/// What happens to one resource instance. Forget removes it from the state and leaves the
/// object alone (a `removed` block with `destroy = false`).
enum class Action { NoOp, Create, Update, Replace, Delete, Forget };

/// A time as RFC 3339 UTC ("2026-11-23T17:50:00Z"), and back (nullopt when malformed).
std::string format_timestamp(std::chrono::system_clock::time_point t);
std::optional<std::chrono::system_clock::time_point> parse_timestamp(const std::string& text);

/// "create", "update", "replace", "delete", "forget", "no-op".
std::string_view action_name(Action a);

/// The start of Change::reason for a replace caused by lifecycle.replace_triggered_by;
/// the reference that triggered it follows.
inline constexpr std::string_view kTriggeredBy = "replace_triggered_by ";
/// Change::reason of a replace asked for with -replace.
inline constexpr std::string_view kReplaceRequested = "replace requested";

/// A nested block type of a resource, as much as rendering needs: the attribute `name` of
/// the change's values holds the blocks, a list of objects (List, Set) or an object or
/// null (Single).
struct BlockShape {
  std::string name;
  providers::Nesting nesting = providers::Nesting::List;
  std::vector<BlockShape> blocks;  // its own nested block types
};

/// One resource instance's planned change. `before` and `after` are objects (or null for a
/// create's before and a delete's after); unknown marks in `after` are values known only
/// after apply; sensitive marks are never shown.
struct Change {
  std::string address;
  std::string type;
  std::string name;
  std::string provider;
  Action action = Action::NoOp;
  bool create_before_destroy = false;
  lang::Value before;
  lang::Value after;
  /// The paths whose change forces the replacement: ["filename"], ["ports", 0, "internal"].
  std::vector<providers::AttributePath> replace_paths;
  std::vector<BlockShape> blocks;  // which attributes hold nested blocks
  int schema_version = 0;          // of the type's schema that `after` follows
  std::vector<std::string> dependencies;   // addresses this instance depends on
  std::string reason;                      // why, when not obvious (e.g. not in configuration)
  std::string moved_from;  // the address it had in the state, when a move renames it
  std::string import_id;   // the provider's id of the object an import block adopts
};

/// An object changed outside Infra: `before` is the state, `after` what refresh read
/// (null when the object is gone).
struct Drift {
  std::string address;
  std::string type;
  std::string name;
  lang::Value before;
  lang::Value after;
  std::vector<BlockShape> blocks = {};  // which attributes hold nested blocks
};

/// One root output.
struct OutputChange {
  std::string name;
  Action action = Action::NoOp;
  lang::Value before;
  lang::Value after;
  bool sensitive = false;
};

/// Something of the configuration that this plan leaves for a further round: its count or
/// for_each is known only after apply, or it depends on something that is.
struct Deferral {
  std::string address;  // the resource, data source or module block (`module.app.local_file.x`)
  std::string reason;
};

/// The whole plan. Changes are sorted by address; NoOp changes are kept so that apply
/// knows every instance's planned values.
struct Plan {
  bool destroy = false;  // made by `destroy` (or `plan -destroy`)
  bool partial = false;  // made with -target or -exclude: apply leaves the rest alone
  bool refresh_only = false;  // made with -refresh-only: apply only records the drift
  std::vector<Drift> drift;
  std::vector<Change> changes;
  std::vector<OutputChange> outputs;
  std::vector<Deferral> deferred;  // sorted by address; apply plans them in further rounds
  std::map<std::string, lang::Value> variables;
  /// The arguments of the provider configurations that the plan's walk configured (the
  /// provider blocks that use resources, data sources or modules), by key: apply
  /// configures them with exactly these.
  std::map<std::string, lang::Value> provider_configurations;
  std::vector<std::string> warnings;

  /// The configuration as the JSON plan shows it (`configuration.root_module`, made by
  /// configuration_root_json when the plan was made); "" in plans made before it was kept.
  std::string config_root_json;

  std::string timestamp;  // when the plan was made, RFC 3339 UTC (what plantimestamp() returns)
  std::string workspace = "default";  // the workspace it was made in: infra.workspace

  // What the plan was made against; apply of a saved plan checks both.
  std::string config_hash;
  std::string lineage;
  std::int64_t serial = 0;

  /// Counts of resource changes: a replace counts as one add and one destroy.
  struct Summary {
    int add = 0;
    int change = 0;
    int destroy = 0;
    int import = 0;
    int forget = 0;
  };
  Summary summary() const;
  /// True when apply would change a resource, an output or the state (a move, an import,
  /// a forget, the drift of a refresh-only plan).
  bool has_changes() const;
};

}  // namespace infra::planner
