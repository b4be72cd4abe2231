// Cycle detection, levelling and the bounded-parallel walk (TBB task_group in an arena).
#include "planner/dag.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

namespace infra::planner {

std::vector<std::size_t> find_cycle(const Dag& dag) {
  enum Color : unsigned char { White, Grey, Black };
  std::vector<Color> color(dag.size(), White);
  std::vector<std::size_t> stack;  // the current DFS path
  // Iterative DFS: (node, next dependency to visit).
  std::vector<std::pair<std::size_t, std::size_t>> frames;
  for (std::size_t start = 0; start < dag.size(); ++start) {
    if (color[start] != White) continue;
    frames.push_back({start, 0});
    color[start] = Grey;
    stack.push_back(start);
    while (!frames.empty()) {
      auto& [node, next] = frames.back();
      if (next < dag.deps[node].size()) {
        std::size_t dep = dag.deps[node][next++];
        if (color[dep] == Grey) {
          auto it = std::find(stack.begin(), stack.end(), dep);
          return std::vector<std::size_t>(it, stack.end());
        }
        if (color[dep] == White) {
          color[dep] = Grey;
          stack.push_back(dep);
          frames.push_back({dep, 0});
        }
      } else {
        color[node] = Black;
        stack.pop_back();
        frames.pop_back();
      }
    }
  }
  return {};
}

std::vector<std::vector<std::size_t>> levels(const Dag& dag) {
  std::vector<int> level(dag.size(), -1);
  // Memoised longest path to a source; iterative to survive deep chains.
  for (std::size_t start = 0; start < dag.size(); ++start) {
    if (level[start] >= 0) continue;
    std::vector<std::pair<std::size_t, std::size_t>> frames{{start, 0}};
    while (!frames.empty()) {
      auto& [node, next] = frames.back();
      if (next < dag.deps[node].size()) {
        std::size_t dep = dag.deps[node][next++];
        if (level[dep] < 0) frames.push_back({dep, 0});
        continue;
      }
      int l = 0;
      for (std::size_t dep : dag.deps[node]) l = std::max(l, level[dep] + 1);
      level[node] = l;
      frames.pop_back();
    }
  }
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < dag.size(); ++i) {
    auto l = static_cast<std::size_t>(level[i]);
    if (out.size() <= l) out.resize(l + 1);
    out[l].push_back(i);
  }
  return out;
}

std::vector<NodeStatus> walk(const Dag& dag, int parallelism,
                             const std::function<bool(std::size_t)>& fn) {
  const std::size_t n = dag.size();
  std::vector<NodeStatus> status(n, NodeStatus::Skipped);
  if (n == 0) return status;
  parallelism = std::max(1, parallelism);

  std::vector<std::vector<std::size_t>> dependents(n);
  auto pending = std::make_unique<std::atomic<int>[]>(n);
  auto blocked = std::make_unique<std::atomic<bool>[]>(n);
  for (std::size_t i = 0; i < n; ++i) {
    pending[i] = static_cast<int>(dag.deps[i].size());
    blocked[i] = false;
    for (std::size_t d : dag.deps[i]) dependents[d].push_back(i);
  }

  // Provider calls block on pipes, so allow more workers than cores: up to `parallelism`
  // calls in flight. The arena caps concurrency; global_control lets TBB create the threads.
  int hw = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  tbb::global_control threads(tbb::global_control::max_allowed_parallelism,
                              static_cast<std::size_t>(std::max(hw, parallelism) + 1));
  tbb::task_arena arena(parallelism);
  tbb::task_group group;

  // Each node's status slot is written only by the task that runs or skips it.
  std::function<void(std::size_t)> run = [&](std::size_t i) {
    bool ok = false;
    if (blocked[i].load()) {
      status[i] = NodeStatus::Skipped;
    } else {
      ok = fn(i);
      status[i] = ok ? NodeStatus::Done : NodeStatus::Failed;
    }
    for (std::size_t d : dependents[i]) {
      if (!ok) blocked[d] = true;
      if (pending[d].fetch_sub(1) == 1) group.run([&run, d] { run(d); });
    }
  };
  arena.execute([&] {
    for (std::size_t i = 0; i < n; ++i) {
      if (dag.deps[i].empty()) group.run([&run, i] { run(i); });
    }
    group.wait();
  });
  return status;
}

}  // namespace infra::planner
