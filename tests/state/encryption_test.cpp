// Tests of state/encryption.cpp and of the SQLite store's encryption at rest: keys from the
// environment, payloads that never reach the file in clear (history included), and the
// errors for a missing, wrong or malformed key, an altered payload, and a state in clear
// opened with a key, which leave the file byte for byte as it was.
#include <SQLiteCpp/SQLiteCpp.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "state/backend.hpp"
#include "state/encryption.hpp"
#include "state/json_format.hpp"
#include "state/sqlite_schema.hpp"
#include "tests/state/encryption_fixtures.hpp"
#include "tests/state/temp_dir.hpp"

namespace infra::state {
namespace {

using testing::TempDir;

using testing::kSecret;
using testing::secret_instance;
using testing::test_key;
using testing::test_passphrase;
using testing::write_secrets;

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Every text of the payload columns, read with SQLite directly.
std::vector<std::string> raw_payloads(const std::filesystem::path& path) {
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  std::vector<std::string> out;
  for (const char* sql :
       {"SELECT attributes FROM instances", "SELECT value FROM outputs",
        "SELECT before FROM changes WHERE before IS NOT NULL",
        "SELECT after FROM changes WHERE after IS NOT NULL"}) {
    SQLite::Statement query(db, sql);
    while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  }
  return out;
}

/// Sets an environment variable for the lifetime of the object.
class Environment {
 public:
  Environment(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~Environment() { ::unsetenv(name_); }
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

 private:
  const char* name_;
};

TEST_CASE("encryption: a key is 64 hex digits or the base64 of 32 bytes") {
  const std::string bytes = "0123456789abcdef0123456789ABCDEF";
  CHECK(parse_state_key("K", std::string(64, 'a')).secret == std::string(32, '\xaa'));
  CHECK(parse_state_key("K", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY=").secret == bytes);
  CHECK(parse_state_key("K", "  MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlBQkNERUY\n").secret == bytes);
  const StateKey key = parse_state_key("K", std::string(64, 'f'));
  CHECK(key.kind == StateKey::Kind::Key);
  CHECK(key.variable == "K");
  const std::string message =
      "INFRA_STATE_ENCRYPTION_KEY is not a key: give 32 bytes as base64 (44 characters, as "
      "\"openssl rand -base64 32\" prints) or as 64 hex digits";
  for (const char* bad : {"short", "not base64 at all!", "MDEyMzQ1Njc4OWFiY2RlZg==",
                          "zz23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_state_key(kKeyVariable, bad), message);
  }
}

TEST_CASE("encryption: the keys come from the environment, never both kinds at once") {
  ::unsetenv(kKeyVariable);
  ::unsetenv(kPassphraseVariable);
  CHECK_FALSE(state_key_from_environment());
  {
    Environment empty(kKeyVariable, "");  // empty counts as unset
    CHECK_FALSE(state_key_from_environment());
  }
  {
    Environment passphrase(kPassphraseVariable, "correct horse");
    const auto key = state_key_from_environment();
    REQUIRE(key);
    CHECK(key->kind == StateKey::Kind::Passphrase);
    CHECK(key->secret == "correct horse");
    CHECK(key->variable == kPassphraseVariable);
    Environment both(kKeyVariable, std::string(64, '0'));
    CHECK_THROWS_WITH(state_key_from_environment(),
                      "both INFRA_STATE_ENCRYPTION_KEY and INFRA_STATE_PASSPHRASE are set: set "
                      "only one of them");
  }
  {
    Environment bad(kPreviousKeyVariable, std::string(10, '0'));
    CHECK_THROWS_WITH(state_keys_from_environment(),
                      Catch::StartsWith("INFRA_STATE_ENCRYPTION_KEY_PREVIOUS is not a key"));
  }
  {
    Environment key(kKeyVariable, std::string(64, '1'));
    Environment previous(kPreviousPassphraseVariable, "old words");
    const StateKeys keys = state_keys_from_environment();
    REQUIRE(keys.key);
    REQUIRE(keys.previous);
    CHECK(keys.key->secret == std::string(32, '\x11'));
    CHECK(keys.previous->secret == "old words");
    CHECK(keys.previous->variable == kPreviousPassphraseVariable);
  }
}

TEST_CASE("encryption: a sealed payload opens only with its key and at its place") {
  const PayloadCodec codec = PayloadCodec::create(test_key('k'), "where");
  REQUIRE(codec.encrypted());
  const PayloadPlace a = attributes_place("local_file.a"), b = attributes_place("local_file.b");
  const std::string sealed = codec.seal(kSecret, a);
  CHECK(sealed.rfind("enc:v1:", 0) == 0);
  CHECK(sealed.find(kSecret) == std::string::npos);
  CHECK(codec.seal(kSecret, a) != sealed);  // a fresh nonce every time
  CHECK(codec.open(sealed, a) == kSecret);
  CHECK_THROWS_WITH(codec.open(sealed, b),
                    "where: cannot decrypt the attributes of instance local_file.b: the stored "
                    "value was altered, or copied from another row");
  CHECK_THROWS_WITH(codec.open(sealed, output_place("local_file.a")),
                    Catch::Contains("cannot decrypt the value of output local_file.a:"));
  std::string altered = sealed;
  altered[10] = altered[10] == 'A' ? 'B' : 'A';
  CHECK_THROWS_WITH(codec.open(altered, a),
                    Catch::StartsWith("where: cannot decrypt the attributes of instance"));
  CHECK_THROWS_WITH(codec.open("{\"content\":1}", a),
                    "where: cannot read the attributes of instance local_file.a: the stored "
                    "value is in clear in an encrypted state, so it was altered outside infra");
  CHECK_THROWS_WITH(PayloadCodec::clear("where").open(sealed, change_place(true, 3, 1)),
                    "where: cannot read history's \"after\" of serial 3, change 1: the stored "
                    "value is encrypted, but the state was opened as not encrypted (was it "
                    "encrypted meanwhile?): run the command again");
  CHECK(PayloadCodec().seal("{}", a) == "{}");

  const PayloadCodec other = PayloadCodec::unlock(*codec.descriptor(), test_key('k'), "where");
  CHECK(other.open(sealed, a) == kSecret);
  CHECK_THROWS_WITH(PayloadCodec::unlock(*codec.descriptor(), test_key('x'), "where"),
                    "the key in INFRA_STATE_ENCRYPTION_KEY is not the state's key");
  CHECK_THROWS_WITH(PayloadCodec::unlock(*codec.descriptor(), test_passphrase("p"), "where"),
                    "the state is encrypted with a key, but INFRA_STATE_PASSPHRASE holds a "
                    "passphrase");
  CHECK_THROWS_WITH(PayloadCodec::unlock("{\"version\":2}", test_key('k'), "where"),
                    "where: the state is encrypted in format version 2, which this build of "
                    "infra does not know; use a newer infra");
  CHECK_THROWS_WITH(PayloadCodec::unlock("[]", test_key('k'), "where"),
                    "where: the state's encryption settings (meta.encryption) are damaged: not a "
                    "JSON object");
}

TEST_CASE("encryption: a state created with a key is encrypted and reads back what was written") {
  TempDir dir;
  const auto path = dir / "state.db";
  Snapshot written;
  {
    auto backend = open_sqlite(path, {test_key('k')});
    CHECK(backend->encryption_status() == EncryptionStatus::Encrypted);
    write_secrets(*backend);
    written = backend->read();
  }
  auto backend = open_sqlite(path, {test_key('k')});
  CHECK(backend->encryption_status() == EncryptionStatus::Encrypted);
  const Snapshot read = backend->read();
  CHECK(snapshot_to_json(read) == snapshot_to_json(written));
  REQUIRE(read.instances.size() == 1);
  CHECK(read.instances[0].attributes_json == std::string(R"({"content":")") + kSecret + R"(-2"})");
  REQUIRE(read.outputs.size() == 1);
  CHECK(read.outputs[0].value_json == std::string("\"") + kSecret + "\"");

  const auto payloads = raw_payloads(path);
  CHECK(payloads.size() == 1 + 1 + 3 + 4);  // instance, output, befores, afters
  for (const std::string& p : payloads) {
    INFO(p);
    CHECK(p.rfind("enc:v1:", 0) == 0);
  }
  backend.reset();
  const std::string bytes = file_bytes(path);
  CHECK(bytes.size() > 4096);
  CHECK(bytes.find(kSecret) == std::string::npos);
  CHECK(bytes.find("local_file.a") != std::string::npos);  // addresses stay clear
}

TEST_CASE("encryption: history is encrypted, and reads back through history and snapshot_at") {
  TempDir dir;
  const auto path = dir / "state.db";
  auto backend = open_sqlite(path, {test_key('k')});
  write_secrets(*backend);
  const auto versions = backend->history();
  REQUIRE(versions.size() == 5);
  const Change& update = versions[2].changes.at(0);
  CHECK(update.action == Action::Update);
  REQUIRE(update.before_json);
  CHECK(update.before_json->find(kSecret) != std::string::npos);
  const Snapshot at_2 = backend->snapshot_at(2);
  REQUIRE(at_2.instances.size() == 2);
  CHECK(at_2.instances[1].attributes_json == secret_instance("b").attributes_json);
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  SQLite::Statement changes(db, "SELECT before, after FROM changes");
  int rows = 0;
  while (changes.executeStep()) {
    ++rows;
    for (int c = 0; c < 2; ++c) {
      const auto column = changes.getColumn(c);
      if (!column.isNull()) CHECK(column.getString().find(kSecret) == std::string::npos);
    }
  }
  CHECK(rows == 5);
}

TEST_CASE("encryption: an encrypted state opened without its key or with another is refused, "
          "and the file is left byte for byte") {
  TempDir dir;
  const auto path = dir / "state.db";
  {
    auto backend = open_sqlite(path, {test_key('k')});
    write_secrets(*backend);
  }
  const std::string before = file_bytes(path);
  CHECK_THROWS_WITH(open_sqlite(path),
                    path.string() + ": the state is encrypted: set INFRA_STATE_ENCRYPTION_KEY or "
                                    "INFRA_STATE_PASSPHRASE");
  CHECK_THROWS_WITH(open_sqlite(path, {test_key('x')}),
                    path.string() + ": cannot open the encrypted state: the key in "
                                    "INFRA_STATE_ENCRYPTION_KEY is not the state's key; nothing "
                                    "was read or written");
  CHECK_THROWS_WITH(open_sqlite(path, {test_passphrase("k")}),
                    path.string() + ": cannot open the encrypted state: the state is encrypted "
                                    "with a key, but INFRA_STATE_PASSPHRASE holds a passphrase; "
                                    "nothing was read or written");
  CHECK_THROWS_WITH(
      open_sqlite(path, {test_key('x'), test_key('y', kPreviousKeyVariable)}),
      path.string() + ": cannot open the encrypted state: the key in INFRA_STATE_ENCRYPTION_KEY "
                      "is not the state's key; the key in INFRA_STATE_ENCRYPTION_KEY_PREVIOUS is "
                      "not the state's key; nothing was read or written");
  CHECK(file_bytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path.string() + "-wal"));
}

TEST_CASE("encryption: an altered or moved payload is detected when it is read") {
  TempDir dir;
  const auto path = dir / "state.db";
  {
    auto backend = open_sqlite(path, {test_key('k')});
    backend->put_instance(secret_instance("a"));
    backend->put_instance(secret_instance("b"));
  }
  SECTION("one character of the ciphertext changed") {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE instances SET attributes = substr(attributes, 1, 20) || "
            "CASE substr(attributes, 21, 1) WHEN 'A' THEN 'B' ELSE 'A' END || "
            "substr(attributes, 22) WHERE address = 'local_file.a'");
  }
  SECTION("the attributes of another instance copied over") {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE instances SET attributes = (SELECT attributes FROM instances WHERE address = "
            "'local_file.b') WHERE address = 'local_file.a'");
  }
  auto backend = open_sqlite(path, {test_key('k')});
  CHECK_THROWS_WITH(backend->read(),
                    path.string() + ": cannot decrypt the attributes of instance local_file.a: "
                                    "the stored value was altered, or copied from another row");
}

TEST_CASE("encryption: a passphrase derives the key with PBKDF2 and the state's own salt") {
  TempDir dir;
  const auto path = dir / "state.db", other = dir / "other.db";
  {
    auto backend = open_sqlite(path, {test_passphrase("correct horse battery")});
    write_secrets(*backend);
    open_sqlite(other, {test_passphrase("correct horse battery")});
  }
  const auto descriptor = [](const std::filesystem::path& p) {
    SQLite::Database db(p.string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT encryption FROM meta").getString();
  };
  const std::string d = descriptor(path);
  CHECK(d.find("\"kdf\":\"PBKDF2-HMAC-SHA256\"") != std::string::npos);
  CHECK(d.find("\"iterations\":600000") != std::string::npos);
  CHECK(d.find("\"salt\":") != std::string::npos);
  CHECK(d.find("correct horse") == std::string::npos);
  CHECK(d != descriptor(other));  // another salt, another check value

  auto backend = open_sqlite(path, {test_passphrase("correct horse battery")});
  REQUIRE(backend->read().instances.size() == 1);
  CHECK(backend->read().instances[0].attributes_json.find(kSecret) != std::string::npos);
  backend.reset();
  const std::string before = file_bytes(path);
  CHECK_THROWS_WITH(open_sqlite(path, {test_passphrase("correct horse")}),
                    path.string() + ": cannot open the encrypted state: the passphrase in "
                                    "INFRA_STATE_PASSPHRASE is not the state's passphrase; "
                                    "nothing was read or written");
  CHECK_THROWS_WITH(open_sqlite(path, {test_key('k')}),
                    Catch::Contains("the state is encrypted with a passphrase, but "
                                    "INFRA_STATE_ENCRYPTION_KEY holds a key"));
  CHECK(file_bytes(path) == before);
  CHECK(file_bytes(path).find(kSecret) == std::string::npos);
}

TEST_CASE("encryption: a state in clear opened with a key refuses to read or write until "
          "change_encryption encrypts it, history included") {
  TempDir dir;
  const auto path = dir / "state.db";
  {
    auto backend = open_sqlite(path);
    write_secrets(*backend);
  }
  const std::string refusal =
      path.string() + ": the state is not encrypted, but INFRA_STATE_ENCRYPTION_KEY is set: run "
                      "\"infra state encrypt\" to encrypt it, or unset "
                      "INFRA_STATE_ENCRYPTION_KEY to use it unencrypted";
  auto backend = open_sqlite(path, {test_key('k')});
  CHECK(backend->encryption_status() == EncryptionStatus::ClearWithKey);
  CHECK_THROWS_WITH(backend->read(), refusal);
  CHECK_THROWS_WITH(backend->history(), refusal);
  CHECK_THROWS_WITH(backend->snapshot_at(1), refusal);
  CHECK_THROWS_WITH(backend->put_instance(secret_instance("c")), refusal);
  CHECK_THROWS_WITH(backend->put_outputs({}), refusal);
  const LockInfo lock = backend->lock("state encrypt");  // the lock still works

  backend->change_encryption(test_key('k'));
  backend->unlock(lock.id);
  CHECK(backend->encryption_status() == EncryptionStatus::Encrypted);
  const Snapshot encrypted = backend->read();
  CHECK(encrypted.serial == 5);  // the serial is unchanged
  CHECK(backend->history().size() == 5);
  backend.reset();
  for (const std::string& p : raw_payloads(path)) CHECK(p.rfind("enc:v1:", 0) == 0);
  CHECK(file_bytes(path).find(kSecret) == std::string::npos);
  CHECK_THROWS_WITH(open_sqlite(path), Catch::EndsWith("the state is encrypted: set "
                                                       "INFRA_STATE_ENCRYPTION_KEY or "
                                                       "INFRA_STATE_PASSPHRASE"));

  // And back: decrypted, it opens without a key and holds the same.
  backend = open_sqlite(path, {test_key('k')});
  backend->change_encryption(std::nullopt);
  CHECK(backend->encryption_status() == EncryptionStatus::Clear);
  backend->put_instance(secret_instance("c"));
  backend.reset();
  auto clear = open_sqlite(path);
  CHECK(clear->encryption_status() == EncryptionStatus::Clear);
  CHECK(clear->read().instances.size() == 2);
  CHECK(clear->history().size() == 6);
  for (const std::string& p : raw_payloads(path)) CHECK(p.rfind("enc:", 0) != 0);
}

TEST_CASE("encryption: rekey opens with the previous key and encrypts with the new one") {
  TempDir dir;
  const auto path = dir / "state.db";
  {
    auto backend = open_sqlite(path, {test_passphrase("old words")});
    write_secrets(*backend);
  }
  const StateKeys keys{test_key('n'), test_passphrase("old words", kPreviousPassphraseVariable)};
  auto backend = open_sqlite(path, keys);
  CHECK(backend->encryption_status() == EncryptionStatus::EncryptedWithPrevious);
  CHECK_THROWS_WITH(backend->read(),
                    path.string() + ": the state is still encrypted with the previous key "
                                    "(INFRA_STATE_PASSPHRASE_PREVIOUS): run \"infra state rekey\" "
                                    "to encrypt it with INFRA_STATE_ENCRYPTION_KEY");
  backend->change_encryption(keys.key);
  CHECK(backend->read().instances.size() == 1);
  backend.reset();
  CHECK(open_sqlite(path, keys)->encryption_status() == EncryptionStatus::Encrypted);
  CHECK(open_sqlite(path, {test_key('n')})->history().size() == 5);
  CHECK_THROWS_WITH(open_sqlite(path, {test_passphrase("old words")}),
                    Catch::Contains("the state is encrypted with a key"));
}

TEST_CASE("encryption: a state never written becomes encrypted when opened with a key, one "
          "written in clear does not") {
  TempDir dir;
  const auto path = dir / "state.db";
  open_sqlite(path);  // created in clear, as `infra init` without a key does
  CHECK(open_sqlite(path, {test_key('k')})->encryption_status() == EncryptionStatus::Encrypted);
  CHECK_THROWS_WITH(open_sqlite(path), Catch::EndsWith("the state is encrypted: set "
                                                       "INFRA_STATE_ENCRYPTION_KEY or "
                                                       "INFRA_STATE_PASSPHRASE"));
  const auto written = dir / "written.db";
  open_sqlite(written)->put_outputs({});
  CHECK(open_sqlite(written, {test_key('k')})->encryption_status() ==
        EncryptionStatus::ClearWithKey);
}

TEST_CASE("encryption: a Backend refuses to write once another changed the state's encryption") {
  TempDir dir;
  const auto path = dir / "state.db";
  auto clear = open_sqlite(path);
  clear->put_instance(secret_instance("a"));
  open_sqlite(path, {test_key('k')})->change_encryption(test_key('k'));
  CHECK_THROWS_WITH(clear->put_instance(secret_instance("b")),
                    path.string() + ": the state was encrypted, decrypted or given another key "
                                    "since this command opened it: run the command again");
  CHECK_THROWS_WITH(clear->read(), Catch::Contains("cannot read the attributes of instance "
                                                   "local_file.a: the stored value is encrypted, "
                                                   "but the state was opened as not encrypted"));
  auto encrypted = open_sqlite(path, {test_key('k')});
  CHECK(encrypted->read().instances.size() == 1);
}

TEST_CASE("encryption: a state of schema version 2 is migrated, in clear") {
  TempDir dir;
  const auto path = dir / "v2.db";
  {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = WAL");
    migrate_sqlite(db, path, 2);
    db.exec("UPDATE meta SET serial = 3");
    db.exec("INSERT INTO outputs VALUES ('o', '\"v\"', 0)");
  }
  auto backend = open_sqlite(path);
  CHECK(backend->encryption_status() == EncryptionStatus::Clear);
  CHECK(backend->read().outputs.at(0).value_json == "\"v\"");
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == kSqliteSchemaVersion);
  CHECK(db.execAndGet("SELECT encryption IS NULL FROM meta").getInt() == 1);
}

}  // namespace
}  // namespace infra::state
