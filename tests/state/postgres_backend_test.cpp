// Tests of state/postgres_backend.cpp against a real server (tests/state/pg_test_server.hpp):
// what is written is read back, serial, lineage, history, moves, the advisory lock across
// Backend objects and processes, and concurrent writers that lose nothing.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <regex>
#include <set>
#include <thread>

#include "state/backend.hpp"
#include "state/json_format.hpp"
#include "state/postgres_backend.hpp"
#include "tests/state/child_process.hpp"
#include "tests/state/pg_test_server.hpp"

namespace infra::state {
namespace {

using testing::fresh_schema;
using testing::pg_conn_str;
using testing::run_in_child;

ResourceInstance file(const std::string& address, const std::string& content) {
  ResourceInstance i;
  i.address = address;
  i.type = "local_file";
  const auto dot = address.rfind("local_file.") + 11;
  i.name = address.substr(dot, address.find('[', dot) - dot);
  i.provider = "local";
  i.attributes_json = R"({"content":")" + content + R"("})";
  return i;
}

std::string text(const Snapshot& s) {
  return snapshot_to_json(s);
}

TEST_CASE(
    "postgres: a fresh state has a UUID v4 lineage, serial 0 and nothing in it, kept on "
    "reopening") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto backend = open_postgres(conn, schema);
  const Snapshot s = backend->read();
  CHECK(std::regex_match(
      s.lineage,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(s.serial == 0);
  CHECK(s.instances.empty());
  CHECK(s.outputs.empty());
  CHECK_FALSE(backend->current_lock());
  CHECK(backend->history().empty());
  CHECK(backend->history_start() == 0);
  CHECK(open_postgres(conn, schema)->read().lineage == s.lineage);
  CHECK(open_postgres(conn, fresh_schema())->read().lineage != s.lineage);
}

TEST_CASE(
    "postgres: every field of an instance and of an output round-trips, sorted in byte order") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  ResourceInstance a;
  a.address = "module.app[\"x\"].local_file.a[\"k\\\"q\"]";
  a.type = "local_file";
  a.name = "a";
  a.provider = "local";
  a.schema_version = 3;
  a.attributes_json = R"({"content":"hello \"world\" ✓","id":"a","size":11})";
  a.sensitive_paths = {"content", "secret"};
  a.dependencies = {"local_file.base", "random_id.x"};
  a.status = "tainted";
  ResourceInstance upper = file("local_file.B", "b");
  ResourceInstance counted = file("local_file.c[3]", "c");
  {
    auto backend = open_postgres(conn, schema);
    backend->put_instance(a);
    backend->put_instance(counted);
    backend->put_instance(upper);
    backend->put_outputs({{"zeta", R"({"a":[1,2]})", true}, {"Alpha", "\"v\"", false}});
  }
  const Snapshot s = open_postgres(conn, schema)->read();
  CHECK(s.serial == 4);
  REQUIRE(s.instances.size() == 3);
  CHECK(s.instances[0].address == "local_file.B");
  CHECK(s.instances[1].address == "local_file.c[3]");
  CHECK(s.instances[1].index_key_json == "3");
  CHECK(s.instances[1].module.empty());
  const ResourceInstance& r = s.instances[2];
  CHECK(r.address == a.address);
  CHECK(r.type == a.type);
  CHECK(r.name == a.name);
  CHECK(r.provider == a.provider);
  CHECK(r.schema_version == 3);
  CHECK(r.attributes_json == a.attributes_json);
  CHECK(r.sensitive_paths == a.sensitive_paths);
  CHECK(r.dependencies == a.dependencies);
  CHECK(r.status == "tainted");
  CHECK(r.module == "module.app[\"x\"]");
  CHECK(r.index_key_json == R"("k\"q")");
  REQUIRE(s.outputs.size() == 2);
  CHECK(s.outputs[0].name == "Alpha");
  CHECK(s.outputs[0].value_json == "\"v\"");
  CHECK_FALSE(s.outputs[0].sensitive);
  CHECK(s.outputs[1].name == "zeta");
  CHECK(s.outputs[1].value_json == R"({"a":[1,2]})");
  CHECK(s.outputs[1].sensitive);
}

TEST_CASE("postgres: clients that open a fresh schema at once create it once") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  std::vector<pid_t> children;
  for (int c = 0; c < 4; ++c) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(ready[1]);
      char go = 0;
      int code = read(ready[0], &go, 1) == 0 ? 0 : 2;  // all start when the pipe closes
      try {
        open_postgres(conn, schema)->put_instance(file("local_file.c" + std::to_string(c), "c"));
      } catch (...) {
        code = 1;
      }
      _exit(code);
    }
    children.push_back(pid);
  }
  close(ready[0]);
  close(ready[1]);
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  auto backend = open_postgres(conn, schema);
  const Snapshot s = backend->read();
  CHECK(s.serial == 4);
  CHECK(s.instances.size() == 4);
  CHECK(backend->snapshot_at(0).lineage == s.lineage);
}

TEST_CASE("postgres: every write increments the serial by one, reads and locks do not") {
  auto backend = open_postgres(pg_conn_str(), fresh_schema());
  backend->put_instance(file("local_file.a", "1"));
  backend->put_instance(file("local_file.a", "2"));
  backend->put_outputs({{"id", R"("abc")", false}, {"list", R"([1,2,{"a":null}])", false}});
  backend->put_outputs({{"only", "null", false}});
  backend->remove_instance("local_file.absent");  // a no-op change is still a write
  backend->rename_instance("local_file.absent", "local_file.x", "x");
  CHECK(backend->read().serial == 6);
  backend->unlock(backend->lock("apply").id);
  backend->history();
  backend->snapshot_at(2);
  const Snapshot s = backend->read();
  CHECK(s.serial == 6);
  REQUIRE(s.outputs.size() == 1);
  CHECK(s.outputs[0].name == "only");
  backend->put_outputs({});
  CHECK(backend->read().outputs.empty());
  CHECK(backend->snapshot_at(3).outputs.size() == 2);
}

TEST_CASE("postgres: writes committed together fail alone: a failing write leaves the others in") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto backend = open_postgres(conn, schema);
  backend->put_instance(file("local_file.one", "1"));
  backend->put_instance(file("local_file.two", "2"));
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
            backend->rename_instance("local_file.one", "local_file.two", "two");
          } catch (const StateError& e) {
            if (std::string(e.what()).find("an instance is there already") != std::string::npos)
              ++failures;
          }
        } else {
          backend->put_instance(
              file("local_file.w" + std::to_string(t) + "_" + std::to_string(k), "w"));
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const Snapshot s = open_postgres(conn, schema)->read();
  const int good = kThreads * kWritesEach - 5;
  CHECK(failures == 5);
  CHECK(s.serial == 2 + good);  // one per successful write, none for a failed one
  CHECK(s.instances.size() == static_cast<std::size_t>(2 + good));
  CHECK(s.find("local_file.one"));
  CHECK(backend->history().size() == static_cast<std::size_t>(2 + good));
}

TEST_CASE("postgres: invalid JSON is refused before anything is written") {
  auto backend = open_postgres(pg_conn_str(), fresh_schema());
  ResourceInstance bad = file("local_file.a", "x");
  bad.attributes_json = "{not json";
  CHECK_THROWS_WITH(backend->put_instance(bad),
                    Catch::Contains("instance local_file.a: the attributes are not valid JSON"));
  CHECK(backend->read().serial == 0);
}

TEST_CASE(
    "postgres: a version groups the writes of one command, with their actions and before and "
    "after") {
  auto backend = open_postgres(pg_conn_str(), fresh_schema());
  backend->put_instance(file("local_file.z", "z"));  // a lone write: a version of its own
  {
    VersionScope scope(*backend, "apply");
    backend->put_instance(file("local_file.a", "1"));
    backend->put_instance(file("local_file.a", "2"));
    backend->put_instance(file("local_file.b", "b"));
    backend->remove_instance("local_file.b");
    backend->put_outputs({{"x", "1", false}});
  }
  {
    VersionScope scope(*backend, "plan");  // writes nothing: leaves no trace
  }
  const auto versions = backend->history();
  REQUIRE(versions.size() == 2);
  const Version& v = versions[0];
  CHECK(v.command == "apply");
  CHECK(v.first_serial == 2);
  CHECK(v.serial == 6);
  CHECK(v.user.find('@') != std::string::npos);
  CHECK(v.time.size() == 20);
  REQUIRE(v.changes.size() == 5);
  CHECK(v.changes[0].action == Action::Create);
  CHECK_FALSE(v.changes[0].before_json);
  CHECK(v.changes[1].action == Action::Update);
  CHECK(instance_from_json(*v.changes[1].before_json).attributes_json == R"({"content":"1"})");
  CHECK(instance_from_json(*v.changes[1].after_json).attributes_json == R"({"content":"2"})");
  CHECK(v.changes[3].action == Action::Delete);
  CHECK_FALSE(v.changes[3].after_json);
  CHECK(v.changes[4].action == Action::Outputs);
  CHECK(v.changes[4].serial == 6);
  CHECK(versions[1].command.empty());
  CHECK(versions[1].serial == 1);

  backend->begin_version("apply");
  CHECK_THROWS_WITH(
      backend->begin_version("import"),
      Catch::EndsWith("cannot begin a version for import: the version for apply is still open"));
  backend->end_version();
}

TEST_CASE("postgres: snapshot_at gives back the state at every serial of the history") {
  auto backend = open_postgres(pg_conn_str(), fresh_schema());
  std::vector<std::string> at{text(backend->read())};
  const auto step = [&](auto&& write) {
    write();
    at.push_back(text(backend->read()));
  };
  step([&] { backend->put_instance(file("local_file.a", "1")); });
  step([&] { backend->put_instance(file("module.m[\"x\"].local_file.c[0]", "c")); });
  step([&] { backend->put_outputs({{"o", "\"v\"", true}}); });
  step([&] { backend->put_instance(file("local_file.a", "2"), Action::Taint); });
  step([&] { backend->rename_instance("local_file.a", "local_file.b", "b"); });
  step([&] { backend->remove_instances({"module.m[\"x\"].local_file.c[0]"}, Action::Forget); });
  step([&] {
    Snapshot pushed = backend->read();
    pushed.lineage = "other-lineage";
    pushed.instances.push_back(file("local_file.z", "z"));
    pushed.outputs.clear();
    backend->replace_state(pushed);
  });
  REQUIRE(backend->read().serial == 7);
  for (std::int64_t serial = 0; serial <= 7; ++serial) {
    INFO("serial " << serial);
    CHECK(text(backend->snapshot_at(serial)) == at[static_cast<std::size_t>(serial)]);
  }
  CHECK_THROWS_WITH(backend->snapshot_at(8),
                    Catch::EndsWith(": there is no serial 8 yet: the state is at serial 7"));
}

TEST_CASE(
    "postgres: a move onto an instance changes nothing, moves may swap, removes skip absent ones") {
  auto backend = open_postgres(pg_conn_str(), fresh_schema());
  backend->put_instance(file("local_file.a", "a"));
  backend->put_instance(file("local_file.b", "b"));
  CHECK_THROWS_WITH(
      backend->move_instances({{"local_file.a", "local_file.b", "b"}}),
      Catch::Contains("cannot move local_file.a to local_file.b: an instance is there already"));
  CHECK(backend->read().serial == 2);
  CHECK(backend->history().size() == 2);

  backend->move_instances(
      {{"local_file.a", "local_file.b", "b"}, {"local_file.b", "local_file.a", "a"}});
  Snapshot s = backend->read();
  CHECK(s.serial == 3);
  CHECK(s.find("local_file.a")->attributes_json == R"({"content":"b"})");
  CHECK(s.find("local_file.b")->attributes_json == R"({"content":"a"})");
  CHECK(s.find("local_file.b")->name == "b");
  const auto moved = backend->history()[0].changes;
  REQUIRE(moved.size() == 2);
  CHECK(moved[0].action == Action::Move);
  CHECK(moved[0].previous_address == "local_file.a");
  CHECK(backend->snapshot_at(2).find("local_file.a")->attributes_json == R"({"content":"a"})");

  backend->remove_instances({"local_file.a", "local_file.nope", "local_file.b"}, Action::Forget);
  CHECK(backend->read().instances.empty());
  const auto v = backend->history().at(0);
  REQUIRE(v.changes.size() == 2);
  CHECK(v.changes[0].action == Action::Forget);
  CHECK(v.changes[1].address == "local_file.b");
}

TEST_CASE("postgres: replace_state never moves the serial back") {
  auto backend = open_postgres(pg_conn_str(), fresh_schema());
  for (int k = 0; k < 5; ++k) backend->put_instance(file("local_file.a", std::to_string(k)));
  Snapshot pushed = backend->read();
  pushed.serial = 2;
  backend->replace_state(pushed);
  CHECK(backend->read().serial == 6);
  pushed.serial = 40;
  backend->replace_state(pushed);
  CHECK(backend->read().serial == 40);
  CHECK(backend->history()[0].serial == 40);
  CHECK(backend->history()[0].changes.empty());
}

TEST_CASE(
    "postgres: open_postgres names the server, never the password, and checks the schema name") {
  CHECK_THROWS_WITH(
      open_postgres("host=127.0.0.1 port=1 user=alice password=hunter2 dbname=infra", "s"),
      Catch::StartsWith(
          "cannot connect to the PostgreSQL state at postgresql://alice@127.0.0.1:1/infra: ") &&
          !Catch::Contains("hunter2"));
  CHECK_THROWS_WITH(
      open_postgres("postgresql://bob:hunter2@127.0.0.1:1/db", "s"),
      Catch::StartsWith(
          "cannot connect to the PostgreSQL state at postgresql://bob@127.0.0.1:1/db: ") &&
          !Catch::Contains("hunter2"));
  CHECK_THROWS_WITH(
      open_postgres("host=x password=hunter2 = oops", "s"),
      Catch::StartsWith(
          "cannot connect to the PostgreSQL state: the connection string does not parse") &&
          !Catch::Contains("hunter2"));
  for (const std::string& bad : std::vector<std::string>{
           "", "Infra", "infra-state", "9lives", "pg_state", "a\"b", std::string(64, 'a')}) {
    INFO(bad);
    CHECK_THROWS_WITH(
        open_postgres("host=127.0.0.1 port=1", bad),
        "the PostgreSQL state's schema name \"" + bad +
            "\" is not valid: use 1 to 63 lowercase letters, digits and underscores, starting "
            "with a letter or underscore and not with pg_");
  }
}

TEST_CASE("postgres: a schema of another application, or of a newer infra, is refused") {
  const std::string conn = pg_conn_str(), foreign = fresh_schema(), newer = fresh_schema();
  open_postgres(conn, newer);  // then marked as written by a newer infra, with psql
  const std::string psql = "psql -q -X '" + conn + "' -c ";
  REQUIRE(std::system((psql + "'CREATE SCHEMA " + foreign + "; CREATE TABLE " + foreign +
                       ".t (x int)' >/dev/null")
                          .c_str()) == 0);
  REQUIRE(std::system((psql + "'INSERT INTO " + newer +
                       ".schema_migrations VALUES (99, now()::text)' >/dev/null")
                          .c_str()) == 0);
  CHECK_THROWS_WITH(
      open_postgres(conn, foreign),
      Catch::EndsWith("(schema " + foreign + "): the schema holds tables, but not an infra state"));
  CHECK_THROWS_WITH(open_postgres(conn, newer),
                    Catch::EndsWith("(schema " + newer +
                                    "): the state has schema version 99, newer than version 2 that "
                                    "this build of infra knows; use a newer infra"));
}

const std::string kHolderPattern = R"([^@ ]+@[^ ]+ \(pid [0-9]+\))";

TEST_CASE(
    "postgres: the lock records its holder, refuses a second one naming it, and unlocks by id") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto first = open_postgres(conn, schema);
  auto second = open_postgres(conn, schema);
  LockInfo held = first->lock("apply");
  CHECK(std::regex_match(held.holder, std::regex(kHolderPattern)));
  CHECK(held.operation == "apply");
  CHECK(std::regex_match(held.created, std::regex(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)")));
  CHECK(held.id.size() == 36);
  REQUIRE(second->current_lock());
  CHECK(second->current_lock()->id == held.id);
  try {
    second->lock("destroy");
    FAIL("expected LockedError");
  } catch (const LockedError& e) {
    CHECK(std::string(e.what()) == "the state is locked by " + held.holder + " for apply since " +
                                       held.created + " (lock id " + held.id + ")");
  }
  CHECK_THROWS_AS(first->lock("apply"), LockedError);  // not reentrant
  first->unlock("not-the-id");
  second->unlock("not-the-id");
  CHECK(first->current_lock()->id == held.id);
  // A lock of another schema is another lock.
  CHECK_NOTHROW(open_postgres(conn, fresh_schema())->lock("apply"));

  first->unlock(held.id);
  first->unlock(held.id);  // a second unlock is a no-op
  CHECK_FALSE(second->current_lock());
  LockInfo taken = second->lock("destroy");
  CHECK(first->current_lock()->operation == "destroy");
  second->unlock(taken.id);
  CHECK_FALSE(first->current_lock());
}

TEST_CASE("postgres: a lock held by another process refuses this one, naming that process") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto backend = open_postgres(conn, schema);
  LockInfo held = backend->lock("apply");
  const int code = run_in_child([&] {
    auto other = open_postgres(conn, schema);
    try {
      other->lock("plan");
      return 1;
    } catch (const LockedError& e) {
      if (e.held().id != held.id || e.held().operation != "apply") return 2;
      if (e.held().holder.find("(pid " + std::to_string(getppid()) + ")") == std::string::npos)
        return 3;
      return 0;
    }
  });
  CHECK(code == 0);
  backend->unlock(held.id);
}

/// Forks a process that takes the lock of `schema` for `operation` and then sleeps; returns
/// its pid once it holds the lock.
pid_t lock_in_child(const std::string& conn, const std::string& schema,
                    const std::string& operation) {
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    close(ready[0]);
    try {
      auto backend = open_postgres(conn, schema);
      backend->lock(operation);
      char ok = 'y';
      if (write(ready[1], &ok, 1) != 1) _exit(2);
      for (;;) pause();
    } catch (...) {
    }
    _exit(1);
  }
  close(ready[1]);
  char got = 0;
  REQUIRE(read(ready[0], &got, 1) == 1);
  close(ready[0]);
  return pid;
}

TEST_CASE("postgres: a client killed while holding the lock frees it") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto backend = open_postgres(conn, schema);
  const pid_t pid = lock_in_child(conn, schema, "apply");
  CHECK_THROWS_AS(backend->lock("apply"), LockedError);
  REQUIRE(backend->current_lock());
  CHECK(backend->current_lock()->holder.find("(pid " + std::to_string(pid) + ")") !=
        std::string::npos);

  REQUIRE(kill(pid, SIGKILL) == 0);
  REQUIRE(waitpid(pid, nullptr, 0) == pid);
  // The server notices the closed connection at once; give it a moment all the same.
  std::optional<LockInfo> taken;
  for (int k = 0; k < 100 && !taken; ++k) {
    try {
      taken = backend->lock("apply");
    } catch (const LockedError&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  REQUIRE(taken);
  CHECK(backend->current_lock()->id == taken->id);
  backend->unlock(taken->id);
}

TEST_CASE("postgres: force-unlock ends the session of a holder that is still running") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto backend = open_postgres(conn, schema);
  const pid_t pid = lock_in_child(conn, schema, "destroy");
  std::string id;
  try {
    backend->lock("apply");
    FAIL("expected LockedError");
  } catch (const LockedError& e) {
    CHECK(e.held().operation == "destroy");
    id = e.held().id;
  }
  backend->unlock(id);
  CHECK_FALSE(backend->current_lock());
  CHECK_NOTHROW(backend->unlock(backend->lock("apply").id));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

TEST_CASE("postgres: a lost connection is opened again, unless it held the lock") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto reader = open_postgres(conn, schema);
  reader->put_instance(file("local_file.a", "a"));
  const std::string end_sessions = "psql -q -X '" + conn +
                                   "' -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE application_name = 'infra " +
                                   schema + "'\" >/dev/null";
  REQUIRE(std::system(end_sessions.c_str()) == 0);
  try {
    reader->read();  // may fail: the call that finds the connection gone
  } catch (const StateError& e) {
    CHECK(std::string(e.what()).find("cannot read the state") != std::string::npos);
  }
  CHECK(reader->read().instances.size() == 1);

  auto holder = open_postgres(conn, schema);
  const LockInfo held = holder->lock("apply");
  reader->unlock(held.id);  // force-unlock: ends the holder's session
  try {
    holder->put_instance(file("local_file.b", "b"));
  } catch (const StateError&) {
  }
  CHECK_THROWS_WITH(
      holder->put_instance(file("local_file.b", "b")),
      Catch::EndsWith(
          ": cannot write instance local_file.b: the connection to the server was lost, "
          "and with it the state lock " +
          held.id));
  CHECK(reader->read().find("local_file.b") == nullptr);
  CHECK_NOTHROW(holder->unlock(held.id));
  CHECK(holder->read().instances.size() == 1);  // connected again
  CHECK_NOTHROW(holder->unlock(holder->lock("apply").id));
}

TEST_CASE("postgres: two processes and many threads writing at once lose nothing") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto backend = open_postgres(conn, schema);
  constexpr int kPerWriter = 40;
  std::vector<pid_t> children;
  for (int w = 0; w < 2; ++w) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int code = 0;
      try {
        auto mine = open_postgres(conn, schema);
        VersionScope scope(*mine, "apply");
        for (int n = 0; n < kPerWriter; ++n) {
          mine->put_instance(
              file("local_file.p" + std::to_string(w) + "_" + std::to_string(n), "x"));
        }
      } catch (...) {
        code = 1;
      }
      _exit(code);
    }
    children.push_back(pid);
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kPerWriter / 4; ++n) {
        backend->put_instance(
            file("local_file.t" + std::to_string(t) + "_" + std::to_string(n), "y"));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK((WIFEXITED(status) && WEXITSTATUS(status) == 0));
  }
  const Snapshot s = backend->read();
  CHECK(s.instances.size() == 3 * kPerWriter);
  CHECK(s.serial == 3 * kPerWriter);
  const auto versions = backend->history();
  CHECK(versions.size() == 2 + kPerWriter);  // each process's apply, and each lone write
  std::set<std::int64_t> serials;
  for (const Version& v : versions) {
    for (const Change& c : v.changes) serials.insert(c.serial);
  }
  CHECK(serials.size() == 3 * kPerWriter);
  CHECK(backend->snapshot_at(0).instances.empty());
}

TEST_CASE(
    "postgres: a writer killed inside a version leaves every write with its history and no more") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  open_postgres(conn, schema);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      auto backend = open_postgres(conn, schema);
      backend->begin_version("apply");
      for (int n = 1;; ++n)
        backend->put_instance(file("local_file.r" + std::to_string(n), std::string(256, 'x')));
    } catch (...) {
    }
    _exit(1);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  REQUIRE(kill(pid, SIGKILL) == 0);
  REQUIRE(waitpid(pid, nullptr, 0) == pid);

  auto backend = open_postgres(conn, schema);
  const Snapshot s = backend->read();
  INFO("serial " << s.serial);
  REQUIRE(s.serial > 0);
  CHECK(s.instances.size() == static_cast<std::size_t>(s.serial));
  const auto versions = backend->history();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].serial == s.serial);
  CHECK(versions[0].changes.size() == s.instances.size());
  CHECK(backend->snapshot_at(0).instances.empty());
}

}  // namespace
}  // namespace infra::state
