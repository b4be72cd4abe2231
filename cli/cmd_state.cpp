// infra state SUBCOMMAND (list, show, mv, rm, pull, push), infra taint and infra untaint:
// reading and changing the state directly. Every change takes the lock and is recorded in
// the state's history as one version named after the command ("state mv", "taint").
// history and diff live in cmd_state_history.cpp.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/state_common.hpp"
#include "planner/address.hpp"
#include "planner/planner.hpp"
#include "planner/render.hpp"
#include "state/json_format.hpp"

namespace infra::cli {

std::unique_ptr<state::Backend> open_existing_state(const Ui& ui, const Args& args) {
  const StateChoice choice = chosen_state(args);
  auto backend = open_state_if_created(ui, choice);
  if (backend && !*backend) {
    ui.error("No state", "There is no state at " + choice.location() +
                             ": nothing has been applied here yet (or -state names another file).");
  }
  return backend ? std::move(*backend) : nullptr;
}

std::optional<StateWrite> open_state_for_write(const Ui& ui, const Args& args,
                                               const std::string& command, bool create) {
  args.duration("lock-timeout", std::chrono::milliseconds(0));  // a bad value before any work
  StateWrite w;
  w.backend = create ? open_state(ui, args) : open_existing_state(ui, args);
  if (!w.backend) return std::nullopt;
  auto lock = lock_state(ui, args, *w.backend, command);
  if (!lock) return std::nullopt;
  w.lock = std::move(*lock);
  try {
    w.snapshot = w.backend->read();
  } catch (const std::exception& e) {
    ui.error("Failed to read the state", e.what());
    return std::nullopt;
  }
  w.version = std::make_unique<state::VersionScope>(*w.backend, command);
  return w;
}

std::optional<planner::ObjectAddress> parse_pattern(const Ui& ui, const std::string& text) {
  auto parsed = planner::parse_object_address(text);
  if (!parsed) {
    ui.error("Invalid address \"" + text + "\"",
             "Name a module (module.app), a resource (local_file.a) or one instance "
             "(local_file.a[0], module.app[\"x\"].local_file.a).");
  }
  return parsed;
}

std::vector<const state::ResourceInstance*> matching(const state::Snapshot& snapshot,
                                                     const planner::ObjectAddress& pattern) {
  std::vector<const state::ResourceInstance*> out;
  for (const auto& inst : snapshot.instances) {
    auto parsed = planner::parse_instance_address(inst.address);
    if (parsed && pattern.contains(*parsed, 0)) out.push_back(&inst);
  }
  return out;
}

void report_no_match(const Ui& ui, const std::string& pattern) {
  ui.error("No instance in the state matches \"" + pattern + "\"",
           "\"infra state list\" lists the addresses that the state has.");
}

const state::ResourceInstance* find_instance(const Ui& ui, const state::Snapshot& snapshot,
                                             const std::string& address) {
  if (!planner::parse_instance_address(address)) {
    ui.error("Invalid address \"" + address + "\"",
             "Name one resource instance, like local_file.a, local_file.a[0] or "
             "module.app[\"x\"].local_file.a.");
    return nullptr;
  }
  if (const auto* inst = snapshot.find(address)) return inst;
  std::string detail = "\"infra state list\" lists the addresses that the state has.";
  if (auto pattern = planner::parse_object_address(address); pattern && !pattern->indexed) {
    const auto instances = matching(snapshot, *pattern);
    if (!instances.empty()) {
      detail = address + " has instances with keys; name one of them:";
      for (const auto* i : instances) detail += "\n  " + i->address;
    }
  }
  ui.error("No instance " + address + " in the state", detail);
  return nullptr;
}

std::string render_state_instance(const state::ResourceInstance& inst) {
  std::ostringstream out;
  lang::Value v = planner::instance_value(inst);
  out << "# " << inst.address << ":" << (inst.status == "tainted" ? " (tainted)" : "")
      << "\nresource \"" << inst.type << "\" \"" << inst.name << "\" {\n";
  std::size_t width = 0;
  for (const auto& [name, attr] : v.as_object()) width = std::max(width, name.size());
  for (const auto& [name, attr] : v.as_object()) {
    if (attr.is_null()) continue;
    out << "    " << name << std::string(width - name.size(), ' ') << " = "
        << planner::render_value(attr) << "\n";
  }
  out << "}\n";
  return out.str();
}

namespace {

int state_list(const Ui& ui, const Args& args) {
  auto backend = open_existing_state(ui, args);
  if (!backend) return 1;
  const state::Snapshot snapshot = backend->read();
  std::set<std::string> listed;
  const auto& patterns = args.positional;
  if (patterns.size() == 1) {
    for (const auto& inst : snapshot.instances) listed.insert(inst.address);
  }
  for (std::size_t k = 1; k < patterns.size(); ++k) {
    auto pattern = parse_pattern(ui, patterns[k]);
    if (!pattern) return 1;
    const auto found = matching(snapshot, *pattern);
    if (found.empty()) {
      report_no_match(ui, patterns[k]);
      return 1;
    }
    for (const auto* inst : found) listed.insert(inst->address);
  }
  for (const auto& address : listed) std::cout << address << "\n";
  return 0;
}

int state_show(const Ui& ui, const Args& args) {
  if (args.positional.size() != 2) throw UsageError("state show needs one ADDRESS");
  std::optional<std::int64_t> serial;
  if (auto v = args.value("version")) serial = parse_serial(*v, "-version");
  auto backend = open_existing_state(ui, args);
  if (!backend) return 1;
  state::Snapshot snapshot;
  try {
    snapshot = serial ? backend->snapshot_at(*serial) : backend->read();
  } catch (const state::StateError& e) {
    ui.error("Failed to read the state", e.what());
    return 1;
  }
  const auto* inst = find_instance(ui, snapshot, args.positional[1]);
  if (inst == nullptr) return 1;
  std::cout << render_state_instance(*inst);
  return 0;
}

/// Where each instance that `src` matches goes when moved to `dst`; nullopt after an error.
std::optional<std::vector<state::InstanceMove>> plan_moves(const Ui& ui,
                                                          const state::Snapshot& snapshot,
                                                          const std::string& src_text,
                                                          const std::string& dst_text) {
  auto src = parse_pattern(ui, src_text);
  if (!src) return std::nullopt;
  auto dst = parse_pattern(ui, dst_text);
  if (!dst) return std::nullopt;
  const std::string what = "Cannot move " + src_text + " to " + dst_text;
  if (src->resource != dst->resource) {
    ui.error(what, "A module moves to a module, and a resource or instance to a resource or instance.");
    return std::nullopt;
  }
  if (src->resource && (src->data != dst->data || src->type != dst->type)) {
    ui.error(what, "The resource types differ: an object keeps its type when it moves.");
    return std::nullopt;
  }
  const auto found = matching(snapshot, *src);
  if (found.empty()) {
    report_no_match(ui, src_text);
    return std::nullopt;
  }
  if (dst->indexed && src->resource && found.size() > 1) {
    ui.error(what, src_text + " has " + std::to_string(found.size()) +
                       " instances, and " + dst_text + " names one instance: move them one by one.");
    return std::nullopt;
  }
  std::vector<state::InstanceMove> moves;
  std::set<std::string> sources, targets;
  for (const auto* inst : found) {
    planner::InstanceAddress to = *planner::parse_instance_address(inst->address);
    if (src->resource) {
      to.modules = dst->modules;
      to.name = dst->name;
      if (dst->indexed || src->indexed) to.key = dst->key;  // unindexed dst: no key
    } else {
      const std::size_t depth = src->modules.size();
      auto modules = dst->modules;
      if (!src->indexed && !dst->indexed) modules.back().second = to.modules[depth - 1].second;
      modules.insert(modules.end(), to.modules.begin() + static_cast<long>(depth), to.modules.end());
      to.modules = std::move(modules);
    }
    const std::string target = to.str();
    if (!targets.insert(target).second) {
      ui.error(what, "Two instances would both move to " + target + ".");
      return std::nullopt;
    }
    sources.insert(inst->address);
    moves.push_back({inst->address, target, to.name});
  }
  for (const auto& m : moves) {
    if (m.from == m.to) {
      ui.error(what, "That is where " + m.from + " is already.");
      return std::nullopt;
    }
    if (snapshot.find(m.to) != nullptr && !sources.count(m.to)) {
      ui.error(what, m.to + " is in the state already. Remove it first (infra state rm " + m.to +
                         "), or choose another address.");
      return std::nullopt;
    }
  }
  return moves;
}

int state_mv(const Ui& ui, const Args& args) {
  if (args.positional.size() != 3) throw UsageError("state mv needs SOURCE and DESTINATION");
  const bool dry_run = args.flag("dry-run");
  auto w = open_state_for_write(ui, args, "state mv", false);
  if (!w) return 1;
  auto moves = plan_moves(ui, w->snapshot, args.positional[1], args.positional[2]);
  if (!moves) return 1;
  for (const auto& m : *moves) {
    std::cout << (dry_run ? "Would move " : "Move ") << m.from << " to " << m.to << "\n";
  }
  if (dry_run) return 0;
  w->backend->move_instances(*moves);
  std::cout << "Successfully moved " << moves->size()
            << (moves->size() == 1 ? " instance.\n" : " instances.\n");
  return 0;
}

int state_rm(const Ui& ui, const Args& args) {
  if (args.positional.size() < 2) throw UsageError("state rm needs at least one ADDRESS");
  const bool dry_run = args.flag("dry-run");
  auto w = open_state_for_write(ui, args, "state rm", false);
  if (!w) return 1;
  std::vector<std::string> addresses;
  std::set<std::string> seen;
  for (std::size_t k = 1; k < args.positional.size(); ++k) {
    auto pattern = parse_pattern(ui, args.positional[k]);
    if (!pattern) return 1;
    const auto found = matching(w->snapshot, *pattern);
    if (found.empty()) {
      report_no_match(ui, args.positional[k]);
      return 1;
    }
    for (const auto* inst : found) {
      if (seen.insert(inst->address).second) addresses.push_back(inst->address);
    }
  }
  for (const auto& a : addresses) std::cout << (dry_run ? "Would remove " : "Removed ") << a << "\n";
  if (dry_run) return 0;
  w->backend->remove_instances(addresses, state::Action::Forget);
  std::cout << "Successfully removed " << addresses.size()
            << (addresses.size() == 1 ? " instance" : " instances")
            << " from the state. The objects still exist; Infra no longer manages them.\n";
  return 0;
}

int state_pull(const Ui& ui, const Args& args) {
  if (args.positional.size() != 1) throw UsageError("state pull takes no arguments");
  auto backend = open_existing_state(ui, args);
  if (!backend) return 1;
  std::cout << state::snapshot_to_json(backend->read());
  return 0;
}

int state_push(const Ui& ui, const Args& args) {
  if (args.positional.size() != 2) throw UsageError("state push needs one FILE (- for standard input)");
  const std::string& file = args.positional[1];
  std::string text;
  if (file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      ui.error("Cannot read " + file, "The file does not exist or cannot be opened.");
      return 1;
    }
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  state::Snapshot pushed;
  try {
    pushed = state::snapshot_from_json(text);
  } catch (const state::StateError& e) {
    ui.error("Invalid state file " + file,
             file + ": " + e.what() + "\n\nA state file is what \"infra state pull\" prints.");
    return 1;
  }
  const bool force = args.flag("force");
  auto w = open_state_for_write(ui, args, "state push", true);
  if (!w) return 1;
  const state::Snapshot& current = w->snapshot;
  // A state that was never written has nothing to lose: any lineage may be pushed to it.
  const bool fresh = current.serial == 0 && current.instances.empty() && current.outputs.empty();
  if (!force && !fresh && pushed.lineage != current.lineage) {
    ui.error("Cannot push " + file + ": it is the state of other infrastructure",
             "The file has lineage " + pushed.lineage + ", and the state has lineage " +
                 current.lineage + ". Use -force to replace the state anyway.");
    return 1;
  }
  if (!force && !fresh && pushed.serial <= current.serial) {
    ui.error("Cannot push " + file + ": it is not newer than the state",
             "The file has serial " + std::to_string(pushed.serial) + ", and the state serial " +
                 std::to_string(current.serial) + ": the state changed since the file was "
                 "pulled. Pull again and redo the change, or use -force to replace the state "
                 "anyway.");
    return 1;
  }
  w->backend->replace_state(pushed);
  std::cout << "Pushed " << file << ": the state now has " << pushed.instances.size()
            << (pushed.instances.size() == 1 ? " instance" : " instances") << " at serial "
            << w->backend->read().serial << ".\n";
  return 0;
}

int set_taint(const Args& args, bool taint) {
  Ui ui = Ui::detect(args);
  const char* command = taint ? "taint" : "untaint";
  if (args.positional.size() != 1) throw UsageError(std::string(command) + " needs one ADDRESS");
  const std::string& address = args.positional[0];
  auto w = open_state_for_write(ui, args, command, false);
  if (!w) return 1;
  const auto* inst = find_instance(ui, w->snapshot, address);
  if (inst == nullptr) return 1;
  if (taint && inst->status == "tainted") {
    std::cout << "Resource instance " << address << " is tainted already.\n";
    return 0;
  }
  if (!taint && inst->status != "tainted") {
    ui.error("Resource instance " + address + " is not tainted",
             "Only a tainted instance can be untainted.");
    return 1;
  }
  state::ResourceInstance changed = *inst;
  changed.status = taint ? "tainted" : "ready";
  w->backend->put_instance(changed, taint ? state::Action::Taint : state::Action::Untaint);
  std::cout << "Resource instance " << address
            << (taint ? " has been marked as tainted: the next apply replaces it.\n"
                      : " has been successfully untainted.\n");
  return 0;
}

struct Subcommand {
  const char* name;
  std::vector<std::string> flags;  // of the flags `state` accepts, those this one takes
  int (*run)(const Ui&, const Args&);
};

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> kSubcommands = {
      {"list", {"state", "no-color"}, state_list},
      {"show", {"state", "version", "no-color"}, state_show},
      {"mv", {"state", "dry-run", "lock", "lock-timeout", "no-color"}, state_mv},
      {"rm", {"state", "dry-run", "lock", "lock-timeout", "no-color"}, state_rm},
      {"pull", {"state", "no-color"}, state_pull},
      {"push", {"state", "force", "lock", "lock-timeout", "no-color"}, state_push},
      {"history", {"state", "no-color"}, state_history},
      {"diff", {"state", "no-color"}, state_diff},
      {"import-terraform", {"state", "skip-unknown", "force", "lock", "lock-timeout", "no-color"},
       [](const Ui&, const Args& args) { return cmd_state_import_terraform(args); }},
  };
  return kSubcommands;
}

}  // namespace

std::int64_t parse_serial(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  long long n = -1;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || n < 0 || text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) {
    throw UsageError(what + " needs a serial (a whole number of 0 or more), got \"" + text + "\"");
  }
  return n;
}

int cmd_state(const Args& args) {
  Ui ui = Ui::detect(args);
  if (args.positional.empty()) {
    throw UsageError("state needs a subcommand: list, show, mv, rm, pull, push, history, diff, import-terraform, encrypt, decrypt or rekey");
  }
  const std::string& name = args.positional[0];
  for (const auto& sub : subcommands()) {
    if (name != sub.name) continue;
    for (const auto& [flag, value] : args.values) {
      if (std::find(sub.flags.begin(), sub.flags.end(), flag) == sub.flags.end()) {
        throw UsageError("state " + name + " does not take -" + flag);
      }
    }
    return sub.run(ui, args);
  }
  throw UsageError("unknown state subcommand \"" + name +
                   "\": use list, show, mv, rm, pull, push, history, diff, import-terraform, encrypt, decrypt or rekey");
}

int cmd_taint(const Args& args) { return set_taint(args, true); }
int cmd_untaint(const Args& args) { return set_taint(args, false); }

}  // namespace infra::cli
