// Tests of state/backend.cpp: snapshot lookup and the LockedError message.
#include "state/backend.hpp"

#include <catch2/catch.hpp>

namespace infra::state {
namespace {

TEST_CASE("Snapshot::find looks up an instance by address") {
  Snapshot s;
  for (const char* address : {"a.x", "b.y", "c.z"}) {
    ResourceInstance i;
    i.address = address;
    s.instances.push_back(i);
  }
  REQUIRE(s.find("b.y") != nullptr);
  CHECK(s.find("b.y")->address == "b.y");
  CHECK(s.find("a.x") == &s.instances[0]);
  CHECK(s.find("c.z") == &s.instances[2]);
  CHECK(s.find("b") == nullptr);
  CHECK(s.find("d.w") == nullptr);
  CHECK(Snapshot{}.find("a.x") == nullptr);
}

TEST_CASE("LockedError names the holder, the operation, the time and the lock id") {
  LockedError e(LockInfo{"3f2a", "root@host (pid 1234)", "apply", "2026-11-23T16:00:00Z"});
  CHECK(std::string(e.what()) ==
        "the state is locked by root@host (pid 1234) for apply since 2026-11-23T16:00:00Z "
        "(lock id 3f2a)");
  CHECK(e.held().holder == "root@host (pid 1234)");
  CHECK(e.held().operation == "apply");
}

}  // namespace
}  // namespace infra::state
