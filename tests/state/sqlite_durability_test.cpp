// Tests that the SQLite state survives what happens to it in real life: a process killed in
// the middle of writing, and several writers at once.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "state/backend.hpp"
#include "tests/state/temp_dir.hpp"

namespace infra::state {
namespace {

using testing::TempDir;

ResourceInstance numbered(int n) {
  ResourceInstance i;
  char name[16];
  std::snprintf(name, sizeof name, "r%06d", n);
  i.address = std::string("test_thing.") + name;
  i.type = "test_thing";
  i.name = name;
  i.provider = "test";
  i.attributes_json = R"({"n":)" + std::to_string(n) + R"(,"padding":")" +
                      std::string(512, 'x') + R"("})";
  i.dependencies = {"test_thing.r000000"};
  return i;
}

TEST_CASE("a writer killed at a random instant leaves a consistent, readable state") {
  TempDir dir;
  const auto path = dir / "state.db";
  open_sqlite(path);
  std::int64_t other_writes = 0;  // writes by this process, which add no instance

  for (int round = 0; round < 3; ++round) {
    const int before = static_cast<int>(open_sqlite(path)->read().instances.size());
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // Numbers follow on, so a consistent state holds exactly instances 1..N.
      try {
        auto backend = open_sqlite(path);
        for (int n = before + 1;; ++n) backend->put_instance(numbered(n));
      } catch (...) {
      }
      _exit(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + 70 * round));
    REQUIRE(kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    REQUIRE(WIFSIGNALED(status));

    auto backend = open_sqlite(path);
    Snapshot s = backend->read();
    INFO("round " << round << ": serial " << s.serial);
    CHECK(s.instances.size() > static_cast<std::size_t>(before));  // the child wrote some
    // The serial moved exactly with the instances: no write is half there.
    CHECK(s.serial == static_cast<std::int64_t>(s.instances.size()) + other_writes);
    for (std::size_t k = 0; k < s.instances.size(); ++k) {
      const ResourceInstance expected = numbered(static_cast<int>(k) + 1);
      CHECK(s.instances[k].address == expected.address);
      CHECK(s.instances[k].attributes_json == expected.attributes_json);
      CHECK(s.instances[k].dependencies == expected.dependencies);
    }
    // And it can still be written.
    backend->put_outputs({{"round", std::to_string(round), false}});
    ++other_writes;
    CHECK(backend->read().serial == s.serial + 1);

    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  }
}

TEST_CASE("concurrent writers with separate Backend objects lose no writes") {
  TempDir dir;
  const auto path = dir / "state.db";
  open_sqlite(path);

  constexpr int kWriters = 4;
  constexpr int kWritesEach = 25;
  // Real OS threads on purpose: each stands for a separate writer with its own connection.
  std::vector<std::thread> writers;
  std::vector<std::string> errors(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      try {
        auto backend = open_sqlite(path);
        for (int k = 0; k < kWritesEach; ++k) backend->put_instance(numbered(w * 1000 + k));
      } catch (const std::exception& e) {
        errors[w] = e.what();
      }
    });
  }
  for (std::thread& t : writers) t.join();
  for (const std::string& e : errors) CHECK(e.empty());

  Snapshot s = open_sqlite(path)->read();
  CHECK(s.serial == kWriters * kWritesEach);
  CHECK(s.instances.size() == static_cast<std::size_t>(kWriters * kWritesEach));
  for (int w = 0; w < kWriters; ++w) {
    for (int k = 0; k < kWritesEach; ++k) CHECK(s.find(numbered(w * 1000 + k).address));
  }
}

TEST_CASE("one Backend object shared by several threads loses no writes") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  constexpr int kThreads = 4;
  constexpr int kWritesEach = 10;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kWritesEach; ++k) backend->put_instance(numbered(t * 1000 + k));
    });
  }
  for (std::thread& t : threads) t.join();
  Snapshot s = backend->read();
  CHECK(s.serial == kThreads * kWritesEach);
  CHECK(s.instances.size() == static_cast<std::size_t>(kThreads * kWritesEach));
}

TEST_CASE("writes committed together fail alone: a failing write leaves the others in") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(numbered(1));
  backend->put_instance(numbered(2));
  constexpr int kThreads = 8;
  constexpr int kWritesEach = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < kWritesEach; ++k) {
        if (t == 0 && k % 5 == 0) {
          // The target exists: this write fails, whatever it is committed with.
          try {
            backend->rename_instance(numbered(1).address, numbered(2).address, "n2");
          } catch (const StateError& e) {
            CHECK_THAT(e.what(), Catch::Contains("an instance is there already"));
            ++failures;
          }
        } else {
          backend->put_instance(numbered(100 + t * 1000 + k));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  Snapshot s = open_sqlite(dir / "state.db")->read();
  const int good = kThreads * kWritesEach - 5;
  CHECK(failures == 5);
  CHECK(s.serial == 2 + good);  // one per successful write, none for a failed one
  CHECK(s.instances.size() == static_cast<std::size_t>(2 + good));
  CHECK(s.find(numbered(1).address));
}

}  // namespace
}  // namespace infra::state
