// Tests of state/sqlite_backend.cpp and state/sqlite_schema.cpp: what is written is read
// back, the serial counts writes, the lineage stays, and foreign or newer files are refused.
#include <SQLiteCpp/SQLiteCpp.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <regex>

#include "state/backend.hpp"
#include "state/sqlite_schema.hpp"
#include "tests/state/temp_dir.hpp"

namespace infra::state {
namespace {

using testing::TempDir;

ResourceInstance sample_instance(const std::string& name) {
  ResourceInstance i;
  i.address = "local_file." + name;
  i.type = "local_file";
  i.name = name;
  i.provider = "local";
  i.schema_version = 3;
  i.attributes_json = R"({"content":"hello \"world\"","id":")" + name + R"(","size":11})";
  i.sensitive_paths = {"content", "secret"};
  i.dependencies = {"local_file.base", "random_id.x"};
  i.status = "tainted";
  return i;
}

void check_equal(const ResourceInstance& a, const ResourceInstance& b) {
  CHECK(a.address == b.address);
  CHECK(a.type == b.type);
  CHECK(a.name == b.name);
  CHECK(a.provider == b.provider);
  CHECK(a.schema_version == b.schema_version);
  CHECK(a.attributes_json == b.attributes_json);
  CHECK(a.sensitive_paths == b.sensitive_paths);
  CHECK(a.dependencies == b.dependencies);
  CHECK(a.status == b.status);
}

TEST_CASE("a fresh state has a UUID v4 lineage, serial 0 and nothing in it") {
  TempDir dir;
  auto backend = open_sqlite(dir / "nested/deeper/state.db");  // parents are created
  CHECK(std::filesystem::exists(dir / "nested/deeper/state.db"));

  Snapshot s = backend->read();
  CHECK(std::regex_match(
      s.lineage,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
  CHECK(s.serial == 0);
  CHECK(s.instances.empty());
  CHECK(s.outputs.empty());
  CHECK_FALSE(backend->current_lock().has_value());
}

TEST_CASE("two fresh states get different lineages") {
  TempDir dir;
  CHECK(open_sqlite(dir / "a.db")->read().lineage != open_sqlite(dir / "b.db")->read().lineage);
}

TEST_CASE("the database is in WAL mode with the current schema version") {
  TempDir dir;
  open_sqlite(dir / "state.db");
  SQLite::Database db((dir / "state.db").string());
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == kSqliteSchemaVersion);
  CHECK(db.execAndGet("PRAGMA application_id").getInt() == kSqliteApplicationId);
}

TEST_CASE("every field of an instance round-trips, also across reopening") {
  TempDir dir;
  const ResourceInstance written = sample_instance("a");
  {
    auto backend = open_sqlite(dir / "state.db");
    backend->put_instance(written);
    Snapshot s = backend->read();
    REQUIRE(s.instances.size() == 1);
    check_equal(s.instances[0], written);
  }
  auto reopened = open_sqlite(dir / "state.db");
  Snapshot s = reopened->read();
  REQUIRE(s.instances.size() == 1);
  check_equal(s.instances[0], written);
  REQUIRE(s.find("local_file.a") != nullptr);
}

TEST_CASE("an instance with defaults and empty lists round-trips") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  ResourceInstance i;
  i.address = "null_resource.n";
  i.type = "null_resource";
  i.name = "n";
  i.provider = "null";
  backend->put_instance(i);
  Snapshot s = backend->read();
  REQUIRE(s.instances.size() == 1);
  check_equal(s.instances[0], i);
  CHECK(s.instances[0].status == "ready");
  CHECK(s.instances[0].attributes_json == "{}");
}

TEST_CASE("put_instance replaces an instance with the same address") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  ResourceInstance i = sample_instance("a");
  backend->put_instance(i);
  i.attributes_json = R"({"id":"second"})";
  i.status = "ready";
  i.dependencies.clear();
  backend->put_instance(i);
  Snapshot s = backend->read();
  REQUIRE(s.instances.size() == 1);
  check_equal(s.instances[0], i);
}

TEST_CASE("instances are read sorted by address and outputs sorted by name") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  for (const char* name : {"m", "b", "z", "a"}) backend->put_instance(sample_instance(name));
  backend->put_outputs({{"zeta", "1", false}, {"alpha", "2", false}, {"mid", "3", false}});
  Snapshot s = backend->read();
  REQUIRE(s.instances.size() == 4);
  CHECK(s.instances[0].address == "local_file.a");
  CHECK(s.instances[1].address == "local_file.b");
  CHECK(s.instances[2].address == "local_file.m");
  CHECK(s.instances[3].address == "local_file.z");
  REQUIRE(s.outputs.size() == 3);
  CHECK(s.outputs[0].name == "alpha");
  CHECK(s.outputs[1].name == "mid");
  CHECK(s.outputs[2].name == "zeta");
}

TEST_CASE("every write increments the serial by one") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  CHECK(backend->read().serial == 0);
  backend->put_instance(sample_instance("a"));
  CHECK(backend->read().serial == 1);
  backend->put_instance(sample_instance("a"));
  CHECK(backend->read().serial == 2);
  backend->put_outputs({});
  CHECK(backend->read().serial == 3);
  backend->remove_instance("local_file.a");
  CHECK(backend->read().serial == 4);
  backend->remove_instance("local_file.absent");  // a no-op change is still a write
  CHECK(backend->read().serial == 5);

  SECTION("reads and locks do not") {
    LockInfo held = backend->lock("apply");
    backend->unlock(held.id);
    backend->read();
    CHECK(backend->read().serial == 5);
  }
}

TEST_CASE("the lineage is stable across writes and reopening") {
  TempDir dir;
  std::string lineage;
  {
    auto backend = open_sqlite(dir / "state.db");
    lineage = backend->read().lineage;
    backend->put_instance(sample_instance("a"));
    CHECK(backend->read().lineage == lineage);
  }
  Snapshot s = open_sqlite(dir / "state.db")->read();
  CHECK(s.lineage == lineage);
  CHECK(s.serial == 1);
}

TEST_CASE("remove_instance removes only that instance") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(sample_instance("a"));
  backend->put_instance(sample_instance("b"));
  backend->remove_instance("local_file.a");
  Snapshot s = backend->read();
  REQUIRE(s.instances.size() == 1);
  CHECK(s.instances[0].address == "local_file.b");
  CHECK(s.find("local_file.a") == nullptr);
}

TEST_CASE("rename_instance moves an instance to a new address, keeping everything else") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_instance(sample_instance("a"));
  backend->put_instance(sample_instance("c"));
  backend->rename_instance("local_file.a", "module.app.local_file.b[0]", "b");
  Snapshot s = backend->read();
  REQUIRE(s.instances.size() == 2);
  const ResourceInstance* moved = s.find("module.app.local_file.b[0]");
  REQUIRE(moved != nullptr);
  CHECK(moved->name == "b");
  CHECK(moved->attributes_json == sample_instance("a").attributes_json);
  CHECK(moved->dependencies == sample_instance("a").dependencies);
  CHECK(s.find("local_file.a") == nullptr);
  CHECK(s.serial == 3);
  backend->rename_instance("local_file.absent", "local_file.x", "x");
  CHECK(backend->read().instances.size() == 2);
  // The target exists: an error, and nothing changes.
  CHECK_THROWS_AS(backend->rename_instance("local_file.c", "module.app.local_file.b[0]", "b"),
                  infra::state::StateError);
  CHECK(backend->read().find("local_file.c") != nullptr);
}

TEST_CASE("put_outputs replaces all outputs, every field round-trips") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  backend->put_outputs({{"id", R"("abc")", false},
                        {"password", R"("hunter2")", true},
                        {"list", R"([1,2,{"a":null}])", false}});
  Snapshot s = backend->read();
  REQUIRE(s.outputs.size() == 3);
  CHECK(s.outputs[0].name == "id");
  CHECK(s.outputs[0].value_json == R"("abc")");
  CHECK_FALSE(s.outputs[0].sensitive);
  CHECK(s.outputs[1].name == "list");
  CHECK(s.outputs[1].value_json == R"([1,2,{"a":null}])");
  CHECK(s.outputs[2].name == "password");
  CHECK(s.outputs[2].value_json == R"("hunter2")");
  CHECK(s.outputs[2].sensitive);

  backend->put_outputs({{"only", "null", false}});
  s = backend->read();
  REQUIRE(s.outputs.size() == 1);
  CHECK(s.outputs[0].name == "only");
  CHECK(s.outputs[0].value_json == "null");

  backend->put_outputs({});
  CHECK(backend->read().outputs.empty());
}

TEST_CASE("invalid JSON is refused before anything is written") {
  TempDir dir;
  auto backend = open_sqlite(dir / "state.db");
  ResourceInstance i = sample_instance("a");
  i.attributes_json = "{not json";
  CHECK_THROWS_WITH(backend->put_instance(i),
                    Catch::Matchers::Contains("instance local_file.a: the attributes are not "
                                                 "valid JSON: {not json"));
  CHECK_THROWS_AS(backend->put_instance(i), StateError);
  CHECK_THROWS_AS(backend->put_outputs({{"x", "", false}}), StateError);
  Snapshot s = backend->read();
  CHECK(s.serial == 0);
  CHECK(s.instances.empty());
}

TEST_CASE("a state with a newer schema version is refused, naming both versions") {
  TempDir dir;
  const auto path = dir / "state.db";
  open_sqlite(path)->put_instance(sample_instance("a"));
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  try {
    open_sqlite(path);
    FAIL("expected StateError");
  } catch (const StateError& e) {
    CHECK(std::string(e.what()) ==
          path.string() + ": the state has schema version 99, newer than version " +
              std::to_string(kSqliteSchemaVersion) +
              " that this build of infra knows; use a newer infra");
  }
}

TEST_CASE("a file that is not a SQLite database is refused, naming the path") {
  TempDir dir;
  const auto path = dir / "state.db";
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is certainly not a database\n";
  }
  try {
    open_sqlite(path);
    FAIL("expected StateError");
  } catch (const StateError& e) {
    CHECK(std::string(e.what()) ==
          path.string() + ": not a SQLite database, so not an infra state");
  }
}

TEST_CASE("a SQLite database of another application is refused") {
  TempDir dir;
  const auto path = dir / "other.db";
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE instances (x TEXT)");
  }
  CHECK_THROWS_WITH(open_sqlite(path),
                    path.string() + ": a SQLite database, but not an infra state");
}

TEST_CASE("a path whose parent cannot be created is a StateError") {
  TempDir dir;
  { std::ofstream(dir / "file") << "x"; }
  CHECK_THROWS_WITH(open_sqlite(dir / "file/state.db"),
                    Catch::Matchers::StartsWith((dir / "file/state.db").string() +
                                                ": cannot create the directory"));
}

}  // namespace
}  // namespace infra::state
