// Tests of the state lock: one holder at a time, across Backend objects and processes.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <regex>

#include "state/backend.hpp"
#include "tests/state/child_process.hpp"
#include "tests/state/temp_dir.hpp"

namespace infra::state {
namespace {

using testing::run_in_child;
using testing::TempDir;

const std::string kHolderPattern = R"([^@ ]+@[^ ]+ \(pid [0-9]+\))";

TEST_CASE("lock records holder, operation, UTC time and a random id") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  LockInfo held = backend->lock("apply");
  CHECK(std::regex_match(held.holder, std::regex(kHolderPattern)));
  CHECK(held.holder.find("(pid " + std::to_string(getpid()) + ")") != std::string::npos);
  CHECK(held.operation == "apply");
  CHECK(std::regex_match(held.created,
                         std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")));
  CHECK(held.id.size() == 36);

  std::optional<LockInfo> current = backend->current_lock();
  REQUIRE(current.has_value());
  CHECK(current->id == held.id);
  CHECK(current->holder == held.holder);
  CHECK(current->operation == "apply");
  CHECK(current->created == held.created);

  backend->unlock(held.id);
  CHECK_FALSE(backend->current_lock().has_value());
  LockInfo again = backend->lock("destroy");
  CHECK(again.id != held.id);
}

TEST_CASE("a lock held by another Backend object on the same file refuses a second one") {
  TempDir dir;
  auto first = open_sqlite(dir / "state.db");
  auto second = open_sqlite(dir / "state.db");
  LockInfo held = first->lock("apply");
  try {
    second->lock("destroy");
    FAIL("expected LockedError");
  } catch (const LockedError& e) {
    CHECK(e.held().id == held.id);
    CHECK(e.held().holder == held.holder);
    CHECK(e.held().operation == "apply");
    CHECK(std::string(e.what()) == "the state is locked by " + held.holder + " for apply since " +
                                       held.created + " (lock id " + held.id + ")");
  }
  // The same object is refused too: the lock is not reentrant.
  CHECK_THROWS_AS(first->lock("apply"), LockedError);

  first->unlock(held.id);
  LockInfo taken = second->lock("destroy");
  CHECK(second->current_lock()->operation == "destroy");
  second->unlock(taken.id);
}

TEST_CASE("unlock with the wrong id leaves the lock in place") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  LockInfo held = backend->lock("apply");
  backend->unlock("not-the-id");
  REQUIRE(backend->current_lock().has_value());
  CHECK(backend->current_lock()->id == held.id);
  CHECK_THROWS_AS(backend->lock("apply"), LockedError);
  backend->unlock(held.id);
  backend->unlock(held.id);  // a second unlock is a no-op
  CHECK_FALSE(backend->current_lock().has_value());
}

TEST_CASE("a lock held by this process refuses another process") {
  TempDir dir;
  const auto path = dir / "state.db";
  auto backend = open_sqlite(path);
  LockInfo held = backend->lock("apply");

  int code = run_in_child([&] {
    auto other = open_sqlite(path);
    try {
      other->lock("plan");
      return 1;  // took a lock that was held
    } catch (const LockedError& e) {
      if (e.held().id != held.id || e.held().operation != "apply") return 2;
      if (e.held().holder.find("(pid " + std::to_string(getppid()) + ")") == std::string::npos) {
        return 3;
      }
      return 0;
    }
  });
  CHECK(code == 0);
  backend->unlock(held.id);
}

TEST_CASE("a lock taken by another process refuses this one, naming that process") {
  TempDir dir;
  const auto path = dir / "state.db";
  open_sqlite(path);  // created before the fork, so both sides see the same lineage

  int code = run_in_child([&] {
    open_sqlite(path)->lock("destroy");
    return 0;  // exits holding the lock, as a crashed apply would
  });
  REQUIRE(code == 0);

  auto backend = open_sqlite(path);
  try {
    backend->lock("apply");
    FAIL("expected LockedError");
  } catch (const LockedError& e) {
    CHECK(e.held().operation == "destroy");
    CHECK(e.held().holder.find("(pid " + std::to_string(getpid()) + ")") == std::string::npos);
    CHECK(std::string(e.what()).find("for destroy since") != std::string::npos);
    // The stuck lock is released by its id (force-unlock).
    backend->unlock(e.held().id);
  }
  CHECK_NOTHROW(backend->unlock(backend->lock("apply").id));
}

}  // namespace
}  // namespace infra::state
