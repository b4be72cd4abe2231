// Moves of state instances: see planner/moves.hpp.
#include "planner/moves.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "planner/address.hpp"

namespace infra::planner {
namespace {

/// One moved block, with where it is: the module steps before its addresses.
struct Statement {
  ObjectAddress from;
  ObjectAddress to;
  std::vector<std::string> path;  // the names of the module it is in
  const lang::Moved* block;
};

bool under(const InstanceAddress& a, const std::vector<std::string>& path) {
  if (a.modules.size() < path.size()) return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (a.modules[i].first != path[i]) return false;
  }
  return true;
}

/// Where `a` goes under statement `s`, or nullopt when the statement does not take it.
std::optional<InstanceAddress> destination(const InstanceAddress& a, const Statement& s) {
  const std::size_t prefix = s.path.size();
  if (!under(a, s.path) || !s.from.contains(a, prefix)) return std::nullopt;
  InstanceAddress out;
  out.modules.assign(a.modules.begin(), a.modules.begin() + static_cast<std::ptrdiff_t>(prefix));
  // The key that goes with the moved step: the target's, or the instance's own when
  // neither side names one.
  const auto moved_key = [&](const InstanceKey& own) -> std::optional<InstanceKey> {
    if (s.to.indexed) return s.to.key;
    if (s.from.indexed) return InstanceKey{};
    return own;
  };
  if (!s.from.resource) {
    const std::size_t last = prefix + s.from.modules.size() - 1;
    for (std::size_t i = 0; i < s.to.modules.size(); ++i) {
      const bool is_last = i + 1 == s.to.modules.size();
      out.modules.emplace_back(s.to.modules[i].first,
                               is_last ? *moved_key(a.modules[last].second) : s.to.modules[i].second);
    }
    out.modules.insert(out.modules.end(), a.modules.begin() + static_cast<std::ptrdiff_t>(last + 1),
                       a.modules.end());
    out.data = a.data;
    out.type = a.type;
    out.name = a.name;
    out.key = a.key;
    return out;
  }
  out.modules.insert(out.modules.end(), s.to.modules.begin(), s.to.modules.end());
  out.data = a.data;
  out.type = s.to.type;
  out.name = s.to.name;
  out.key = *moved_key(a.key);
  return out;
}

/// The resource an instance address belongs to in the configuration, if any.
const lang::Resource* resource_of(const InstanceAddress& a, const ModuleGraph& graph) {
  std::size_t m = 0;
  for (const auto& step : a.modules) {
    auto it = graph.modules[m].children.find(step.first);
    if (it == graph.modules[m].children.end()) return nullptr;
    m = it->second;
  }
  const lang::Module& config = *graph.modules[m].config;
  return a.data ? config.find_data_source(a.type, a.name) : config.find_resource(a.type, a.name);
}

std::vector<std::string> names_of(const std::string& path) {
  std::vector<std::string> out;
  auto parsed = parse_object_address(path);
  if (parsed) {
    for (const auto& step : parsed->modules) out.push_back(step.first);
  }
  return out;
}

}  // namespace

std::vector<Move> apply_moves(const ModuleGraph& graph, state::Snapshot& prior,
                              lang::Diagnostics& diags) {
  std::vector<Statement> statements;
  std::set<const lang::Module*> seen;
  for (const auto& t : graph.modules) {
    for (const auto& m : t.config->moved) {
      auto from = parse_object_address(m.from);
      auto to = parse_object_address(m.to);
      if (!from || !to) continue;  // the loader reported it
      statements.push_back({*from, *to, names_of(t.path), &m});
    }
  }
  // Current address -> the instance's index in prior, and its original address.
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < prior.instances.size(); ++i) at[prior.instances[i].address] = i;
  std::map<std::size_t, std::string> original;
  std::set<std::pair<const lang::Moved*, std::string>> warned;

  const auto move = [&](std::size_t i, const InstanceAddress& to, const lang::Moved* block) {
    const std::string target = to.str();
    auto& inst = prior.instances[i];
    if (at.count(target)) {
      if (block != nullptr && warned.insert({block, target}).second) {
        diags.add({lang::Severity::Warning, "Moved object still exists",
                   "This moved block would move " + inst.address + " to " + target +
                       ", but the state has an object there already; the move was skipped. "
                       "Remove the moved block, or the object at " + target + " first.",
                   block->range});
      }
      return false;
    }
    original.emplace(i, inst.address);
    at.erase(inst.address);
    inst.address = target;
    inst.name = to.name;
    at[target] = i;
    return true;
  };

  // Explicit moves, again and again until nothing moves: chains are followed, and each
  // statement moves an instance at most once, so cycles end.
  std::map<std::size_t, std::set<std::size_t>> used;  // instance -> statements applied
  for (bool moved = true; moved;) {
    moved = false;
    for (std::size_t si = 0; si < statements.size(); ++si) {
      for (std::size_t i = 0; i < prior.instances.size(); ++i) {
        if (used[i].count(si)) continue;
        auto a = parse_instance_address(prior.instances[i].address);
        if (!a) continue;
        auto to = destination(*a, statements[si]);
        if (!to) continue;
        used[i].insert(si);
        if (move(i, *to, statements[si].block)) moved = true;
      }
    }
  }

  // count added: TYPE.NAME -> TYPE.NAME[0]; count removed: TYPE.NAME[0] -> TYPE.NAME.
  for (std::size_t i = 0; i < prior.instances.size(); ++i) {
    auto a = parse_instance_address(prior.instances[i].address);
    if (!a || a->data) continue;
    const lang::Resource* r = resource_of(*a, graph);
    if (r == nullptr) continue;
    InstanceAddress to = *a;
    if (r->count && a->key.kind == InstanceKey::Kind::None) {
      to.key = InstanceKey::of_index(0);
    } else if (!r->count && !r->for_each && a->key == InstanceKey::of_index(0)) {
      to.key = InstanceKey{};
    } else {
      continue;
    }
    move(i, to, nullptr);
  }

  std::vector<Move> out;
  for (const auto& [i, from] : original) {
    if (from != prior.instances[i].address) out.push_back({from, prior.instances[i].address});
  }
  std::sort(prior.instances.begin(), prior.instances.end(),
            [](const auto& x, const auto& y) { return x.address < y.address; });
  std::sort(out.begin(), out.end(), [](const Move& x, const Move& y) { return x.to < y.to; });
  return out;
}

}  // namespace infra::planner
