// Pure graph algorithms over a DAG of numbered nodes: cycles, topological levels, and a
// walk that runs each node after its dependencies with bounded parallelism.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace infra::planner {

/// Nodes 0..n-1; deps[i] lists the nodes that must finish before node i starts.
struct Dag {
  std::vector<std::vector<std::size_t>> deps;

  std::size_t size() const { return deps.size(); }
  std::size_t add_node() {
    deps.emplace_back();
    return deps.size() - 1;
  }
  /// Node `from` runs after node `to`.
  void add_edge(std::size_t from, std::size_t to) { deps[from].push_back(to); }
};

/// One cycle, as the nodes in it in dependency order (a depends on b depends on ... on a),
/// or empty when the graph is acyclic. The cycle found first from the lowest node is
/// returned, so the answer is deterministic.
std::vector<std::size_t> find_cycle(const Dag& dag);

/// The nodes grouped into levels: level 0 has no dependencies, each later level depends
/// only on earlier ones. Requires an acyclic graph. Nodes inside a level are sorted.
std::vector<std::vector<std::size_t>> levels(const Dag& dag);

enum class NodeStatus { Done, Failed, Skipped };

/// Runs `fn(i)` for every node once all of its dependencies have returned true, with at
/// most `parallelism` calls running at once (calls may block on I/O). A node whose
/// dependency failed or was skipped is Skipped and `fn` is not called for it. `fn` runs
/// concurrently on TBB worker threads and must be thread-safe.
std::vector<NodeStatus> walk(const Dag& dag, int parallelism,
                             const std::function<bool(std::size_t)>& fn);

}  // namespace infra::planner
