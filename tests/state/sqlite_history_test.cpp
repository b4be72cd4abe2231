// Tests of the history of the SQLite state (state/sqlite_history.cpp and the version
// methods of state/sqlite_backend.cpp) and of the migration from schema version 1.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "state/backend.hpp"
#include "state/json_format.hpp"
#include "state/sqlite_schema.hpp"
#include "tests/state/temp_dir.hpp"

namespace infra::state {
namespace {

using testing::TempDir;

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

/// The whole snapshot as text, for comparing two of them.
std::string text(const Snapshot& s) { return snapshot_to_json(s); }

TEST_CASE("a version groups the writes of one command, with their actions and before and after") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->begin_version("apply");
  backend->put_instance(file("local_file.a", "1"));
  backend->put_instance(file("local_file.a", "2"));
  backend->put_instance(file("local_file.b", "b"));
  backend->remove_instance("local_file.b");
  backend->put_outputs({{"x", "1", false}});
  backend->end_version();

  const auto versions = backend->history();
  REQUIRE(versions.size() == 1);
  const Version& v = versions[0];
  CHECK(v.command == "apply");
  CHECK(v.first_serial == 1);
  CHECK(v.serial == 5);
  CHECK(v.user.find('@') != std::string::npos);
  CHECK(v.time.size() == 20);
  REQUIRE(v.changes.size() == 5);
  CHECK(v.changes[0].action == Action::Create);
  CHECK_FALSE(v.changes[0].before_json);
  CHECK(v.changes[1].action == Action::Update);
  CHECK(instance_from_json(*v.changes[1].before_json).attributes_json == R"({"content":"1"})");
  CHECK(instance_from_json(*v.changes[1].after_json).attributes_json == R"({"content":"2"})");
  CHECK(v.changes[2].action == Action::Create);
  CHECK(v.changes[3].action == Action::Delete);
  CHECK(v.changes[3].address == "local_file.b");
  CHECK_FALSE(v.changes[3].after_json);
  CHECK(v.changes[4].action == Action::Outputs);
  CHECK(v.changes[4].serial == 5);
}

TEST_CASE("versions are listed newest first, and writes outside a version are versions of their own") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(file("local_file.a", "1"));
  {
    VersionScope scope(*backend, "state mv");
    backend->rename_instance("local_file.a", "local_file.b", "b");
  }
  {
    VersionScope scope(*backend, "plan");  // writes nothing: leaves no trace
  }
  backend->put_instance(file("local_file.b", "b"), Action::Taint);

  const auto versions = backend->history();
  REQUIRE(versions.size() == 3);
  CHECK(versions[0].command.empty());
  CHECK(versions[0].changes.at(0).action == Action::Taint);
  CHECK(versions[1].command == "state mv");
  CHECK(versions[1].changes.at(0).action == Action::Move);
  CHECK(versions[1].changes.at(0).address == "local_file.b");
  CHECK(versions[1].changes.at(0).previous_address == "local_file.a");
  CHECK(versions[2].command.empty());
  CHECK(versions[2].serial == 1);
}

TEST_CASE("versions do not nest") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->begin_version("apply");
  CHECK_THROWS_WITH(backend->begin_version("import"),
                    (dir / "state.db").string() +
                        ": cannot begin a version for import: the version for apply is still open");
  backend->end_version();
  CHECK_NOTHROW(backend->begin_version("import"));
}

TEST_CASE("snapshot_at gives back the state at every serial of the history") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  std::vector<std::string> at{text(backend->read())};
  const auto step = [&](auto&& write) {
    write();
    at.push_back(text(backend->read()));
  };
  step([&] { backend->put_instance(file("local_file.a", "1")); });
  step([&] { backend->put_instance(file("module.m[\"x\"].local_file.c[0]", "c")); });
  step([&] { backend->put_outputs({{"o", "\"v\"", true}}); });
  step([&] { backend->put_instance(file("local_file.a", "2")); });
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
  CHECK(backend->snapshot_at(1).lineage != "other-lineage");
  CHECK_THROWS_WITH(backend->snapshot_at(8),
                    (dir / "state.db").string() +
                        ": there is no serial 8 yet: the state is at serial 7");
}

TEST_CASE("a move that would overwrite an instance changes nothing, and moves may swap") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(file("local_file.a", "a"));
  backend->put_instance(file("local_file.b", "b"));
  CHECK_THROWS_WITH(backend->move_instances({{"local_file.a", "local_file.b", "b"}}),
                    Catch::Contains("cannot move local_file.a to local_file.b: an instance is "
                                    "there already"));
  CHECK(backend->read().serial == 2);
  CHECK(backend->history().size() == 2);

  backend->move_instances({{"local_file.a", "local_file.b", "b"}, {"local_file.b", "local_file.a", "a"}});
  const Snapshot s = backend->read();
  CHECK(s.serial == 3);
  CHECK(s.find("local_file.a")->attributes_json == R"({"content":"b"})");
  CHECK(s.find("local_file.b")->attributes_json == R"({"content":"a"})");
  CHECK(s.find("local_file.b")->name == "b");
  CHECK(backend->history()[0].changes.size() == 2);
  CHECK(text(backend->snapshot_at(2)).find(R"("content": "a")") != std::string::npos);
  CHECK(backend->snapshot_at(2).find("local_file.a")->attributes_json == R"({"content":"a"})");
}

TEST_CASE("remove_instances forgets several instances in one write, skipping absent ones") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(file("local_file.a", "a"));
  backend->put_instance(file("local_file.b", "b"));
  backend->remove_instances({"local_file.a", "local_file.nope", "local_file.b"}, Action::Forget);
  CHECK(backend->read().instances.empty());
  CHECK(backend->read().serial == 3);
  const auto v = backend->history().at(0);
  CHECK(v.first_serial == 3);
  REQUIRE(v.changes.size() == 2);
  CHECK(v.changes[0].action == Action::Forget);
  CHECK(v.changes[0].address == "local_file.a");
  CHECK(v.changes[1].action == Action::Forget);
  CHECK(v.changes[1].address == "local_file.b");
  CHECK(backend->snapshot_at(2).instances.size() == 2);
}

TEST_CASE("module path and index key are kept in their own columns, from the address") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(file("module.app[\"x\"].module.db.local_file.a[\"k\\\"q\"]", "1"));
  backend->put_instance(file("local_file.c[3]", "1"));
  const Snapshot s = backend->read();
  REQUIRE(s.instances.size() == 2);
  CHECK(s.instances[0].module.empty());
  CHECK(s.instances[0].index_key_json == "3");
  CHECK(s.instances[1].module == "module.app[\"x\"].module.db");
  CHECK(s.instances[1].index_key_json == R"("k\"q")");
  SQLite::Database db((dir / "state.db").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT module FROM instances WHERE address = 'local_file.c[3]'").getString() == "");
}

TEST_CASE("replace_state never moves the serial back") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  for (int k = 0; k < 5; ++k) backend->put_instance(file("local_file.a", std::to_string(k)));
  Snapshot pushed = backend->read();
  pushed.serial = 2;
  backend->replace_state(pushed);
  CHECK(backend->read().serial == 6);
  pushed.serial = 40;
  backend->replace_state(pushed);
  CHECK(backend->read().serial == 40);
  CHECK(backend->history()[0].serial == 40);
  CHECK(backend->history()[0].changes.empty());  // the same content: nothing changed
}

TEST_CASE("a state of schema version 1 is migrated keeping everything, and history starts there") {
  TempDir dir;
  const auto path = dir / "v1.db";
  {
    // What a build of schema version 1 wrote.
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    migrate_sqlite(db, path, 1);
    REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 1);
    db.exec(R"sql(
      UPDATE meta SET lineage = 'lineage-v1', serial = 7;
      INSERT INTO instances VALUES ('module.app["x"].local_file.a[0]', 'local_file', 'a', 'local',
        2, '{"content":"hi"}', '["content"]', '["local_file.b"]', 'tainted');
      INSERT INTO instances VALUES ('local_file.b', 'local_file', 'b', 'local', 0, '{}', '[]', '[]', 'ready');
      INSERT INTO outputs VALUES ('out', '"v"', 1);
      INSERT INTO lock VALUES (1, 'lock-id', 'someone@host (pid 1)', 'apply', '2026-01-01T00:00:00Z');
    )sql");
  }
  auto backend = open_sqlite(path);
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == kSqliteSchemaVersion);
  }
  const Snapshot s = backend->read();
  CHECK(s.lineage == "lineage-v1");
  CHECK(s.serial == 7);
  REQUIRE(s.instances.size() == 2);
  const ResourceInstance& a = s.instances[1];
  CHECK(a.address == "module.app[\"x\"].local_file.a[0]");
  CHECK(a.module == "module.app[\"x\"]");
  CHECK(a.index_key_json == "0");
  CHECK(a.schema_version == 2);
  CHECK(a.attributes_json == R"({"content":"hi"})");
  CHECK(a.sensitive_paths == std::vector<std::string>{"content"});
  CHECK(a.dependencies == std::vector<std::string>{"local_file.b"});
  CHECK(a.status == "tainted");
  CHECK(s.instances[0].module.empty());
  CHECK(s.instances[0].index_key_json == "null");
  REQUIRE(s.outputs.size() == 1);
  CHECK(s.outputs[0].sensitive);
  REQUIRE(backend->current_lock());
  CHECK(backend->current_lock()->id == "lock-id");

  CHECK(backend->history().empty());
  CHECK(backend->history_start() == 7);
  CHECK(text(backend->snapshot_at(7)) == text(s));
  CHECK_THROWS_WITH(backend->snapshot_at(6),
                    path.string() + ": serial 6 is older than the history, which starts at serial "
                                    "7 (when the state was upgraded to schema version 2)");
  backend->remove_instance("local_file.b");
  CHECK(text(backend->snapshot_at(7)) == text(s));
  CHECK(backend->history().size() == 1);

  // Opening again migrates nothing more.
  auto again = open_sqlite(path);
  CHECK(again->read().serial == 8);
  CHECK(again->history_start() == 7);
}

TEST_CASE("a writer killed inside a version leaves every write with its history and no more") {
  TempDir dir;
  const auto path = dir / "state.db";
  open_sqlite(path);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      auto backend = open_sqlite(path);
      backend->begin_version("apply");
      for (int n = 1;; ++n) {
        backend->put_instance(file("local_file.r" + std::to_string(n), std::string(256, 'x')));
      }
    } catch (...) {
    }
    _exit(1);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(kill(pid, SIGKILL) == 0);
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);

  auto backend = open_sqlite(path);
  const Snapshot s = backend->read();
  INFO("serial " << s.serial);
  REQUIRE(s.serial > 0);
  CHECK(s.instances.size() == static_cast<std::size_t>(s.serial));
  const auto versions = backend->history();
  REQUIRE(versions.size() == 1);
  CHECK(versions[0].command == "apply");
  CHECK(versions[0].serial == s.serial);  // the version row moved with each write
  REQUIRE(versions[0].changes.size() == s.instances.size());
  for (std::size_t k = 0; k < versions[0].changes.size(); ++k) {
    CHECK(versions[0].changes[k].serial == static_cast<std::int64_t>(k) + 1);
    CHECK(s.find(versions[0].changes[k].address) != nullptr);
  }
  CHECK(backend->snapshot_at(0).instances.empty());
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

}  // namespace
}  // namespace infra::state
