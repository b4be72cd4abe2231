// Tests of planner/dag.cpp: cycles, levels, and the bounded-parallel walk.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "planner/dag.hpp"

using infra::planner::Dag;
using infra::planner::NodeStatus;

namespace {
Dag chain(std::size_t n) {
  Dag d;
  for (std::size_t i = 0; i < n; ++i) d.add_node();
  for (std::size_t i = 1; i < n; ++i) d.add_edge(i, i - 1);
  return d;
}
}  // namespace

TEST_CASE("find_cycle finds the members of a cycle in order") {
  Dag d;
  for (int i = 0; i < 4; ++i) d.add_node();
  d.add_edge(0, 1);
  d.add_edge(1, 2);
  d.add_edge(2, 0);
  d.add_edge(3, 0);
  CHECK(infra::planner::find_cycle(d) == std::vector<std::size_t>{0, 1, 2});
  CHECK(infra::planner::find_cycle(chain(5)).empty());
  Dag self;
  self.add_node();
  self.add_edge(0, 0);
  CHECK(infra::planner::find_cycle(self) == std::vector<std::size_t>{0});
}

TEST_CASE("find_cycle and levels survive a chain of 100000 nodes") {
  Dag d = chain(100000);
  CHECK(infra::planner::find_cycle(d).empty());
  auto levels = infra::planner::levels(d);
  CHECK(levels.size() == 100000);
}

TEST_CASE("levels put every node after its dependencies") {
  Dag d;
  for (int i = 0; i < 5; ++i) d.add_node();
  d.add_edge(2, 0);
  d.add_edge(2, 1);
  d.add_edge(3, 2);
  d.add_edge(4, 0);
  auto levels = infra::planner::levels(d);
  REQUIRE(levels.size() == 3);
  CHECK(levels[0] == std::vector<std::size_t>{0, 1});
  CHECK(levels[1] == std::vector<std::size_t>{2, 4});
  CHECK(levels[2] == std::vector<std::size_t>{3});
}

TEST_CASE("walk runs every node after its dependencies") {
  Dag d = chain(50);
  std::mutex m;
  std::vector<std::size_t> order;
  auto status = infra::planner::walk(d, 4, [&](std::size_t i) {
    std::lock_guard lock(m);
    order.push_back(i);
    return true;
  });
  REQUIRE(order.size() == 50);
  for (std::size_t i = 0; i < 50; ++i) CHECK(order[i] == i);
  for (auto s : status) CHECK(s == NodeStatus::Done);
}

TEST_CASE("walk skips what depends on a failure and goes on with the rest") {
  Dag d;
  for (int i = 0; i < 4; ++i) d.add_node();
  d.add_edge(1, 0);  // 1 after 0
  d.add_edge(2, 1);  // 2 after 1
  std::atomic<int> calls{0};
  auto status = infra::planner::walk(d, 2, [&](std::size_t i) {
    ++calls;
    return i != 0;
  });
  CHECK(status[0] == NodeStatus::Failed);
  CHECK(status[1] == NodeStatus::Skipped);
  CHECK(status[2] == NodeStatus::Skipped);
  CHECK(status[3] == NodeStatus::Done);
  CHECK(calls == 2);
}

TEST_CASE("walk runs independent blocking nodes in parallel, never more than asked") {
  Dag d;
  for (int i = 0; i < 24; ++i) d.add_node();
  std::atomic<int> running{0}, peak{0};
  auto work = [&](std::size_t) {
    int now = ++running;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    --running;
    return true;
  };
  infra::planner::walk(d, 6, work);
  CHECK(peak <= 6);
  // Blocking calls must overlap even on a machine with fewer cores than that.
  CHECK(peak >= 3);
  peak = 0;
  infra::planner::walk(d, 1, work);
  CHECK(peak == 1);
}
