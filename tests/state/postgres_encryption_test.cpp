// Tests of the PostgreSQL store's encryption at rest against a real server
// (tests/state/pg_test_server.hpp): payloads never in clear in the tables (history
// included, checked with raw SQL), a missing or wrong key refused before anything is
// written, an altered payload detected, a passphrase, and encrypt, decrypt and rekey.
#include <catch2/catch.hpp>

#include "state/backend.hpp"
#include "state/json_format.hpp"
#include "state/postgres_backend.hpp"
#include "state/postgres_connection.hpp"
#include "tests/state/encryption_fixtures.hpp"
#include "tests/state/pg_test_server.hpp"

namespace infra::state {
namespace {

using testing::fresh_schema;
using testing::kSecret;
using testing::pg_conn_str;
using testing::secret_instance;
using testing::test_key;
using testing::test_passphrase;
using testing::write_secrets;

/// A connection of its own to the state's schema, for raw SQL.
PgConnection raw(const std::string& conn, const std::string& schema) {
  return PgConnection(conn, {"SET search_path TO \"" + schema + "\""});
}

/// Every payload of the schema, as the server holds it.
std::vector<std::string> raw_payloads(const std::string& conn, const std::string& schema) {
  PgConnection db = raw(conn, schema);
  std::vector<std::string> out;
  const PgRows rows = db.exec(
      "SELECT attributes FROM instances UNION ALL SELECT value FROM outputs UNION ALL "
      "SELECT before FROM changes WHERE before IS NOT NULL UNION ALL "
      "SELECT after FROM changes WHERE after IS NOT NULL");
  for (std::size_t r = 0; r < rows.rows.size(); ++r) out.push_back(rows.text(r, 0));
  return out;
}

/// Everything the schema's tables hold, as one text, for "nothing was written" checks.
std::string dump(const std::string& conn, const std::string& schema) {
  PgConnection db = raw(conn, schema);
  std::string out;
  for (const char* table : {"meta", "instances", "outputs", "lock", "versions", "changes"}) {
    const PgRows rows =
        db.exec(std::string("SELECT t::text FROM ") + table + " t ORDER BY t::text");
    for (std::size_t r = 0; r < rows.rows.size(); ++r) out += rows.text(r, 0) + "\n";
  }
  return out;
}

TEST_CASE("postgres encryption: payloads are stored encrypted, history included, and read back") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  Snapshot written;
  {
    auto backend = open_postgres(conn, schema, {test_key('k')});
    CHECK(backend->encryption_status() == EncryptionStatus::Encrypted);
    write_secrets(*backend);
    written = backend->read();
  }
  auto backend = open_postgres(conn, schema, {test_key('k')});
  CHECK(snapshot_to_json(backend->read()) == snapshot_to_json(written));
  CHECK(backend->history().size() == 5);
  CHECK(backend->snapshot_at(2).instances.at(1).attributes_json ==
        secret_instance("b").attributes_json);
  const auto payloads = raw_payloads(conn, schema);
  CHECK(payloads.size() == 9);
  for (const std::string& p : payloads) {
    INFO(p);
    CHECK(p.rfind("enc:v1:", 0) == 0);
  }
  CHECK(dump(conn, schema).find(kSecret) == std::string::npos);
  CHECK(dump(conn, schema).find("local_file.a") != std::string::npos);
}

TEST_CASE("postgres encryption: a missing or wrong key is refused and nothing is written") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  open_postgres(conn, schema, {test_passphrase("right words")})->put_instance(secret_instance("a"));
  const std::string before = dump(conn, schema);
  CHECK_THROWS_WITH(open_postgres(conn, schema),
                    Catch::EndsWith("(schema " + schema +
                                    "): the state is encrypted: set INFRA_STATE_ENCRYPTION_KEY or "
                                    "INFRA_STATE_PASSPHRASE"));
  CHECK_THROWS_WITH(open_postgres(conn, schema, {test_passphrase("wrong words")}),
                    Catch::EndsWith("(schema " + schema +
                                    "): cannot open the encrypted state: the passphrase in "
                                    "INFRA_STATE_PASSPHRASE is not the state's passphrase; "
                                    "nothing was read or written"));
  CHECK(dump(conn, schema) == before);
  CHECK(open_postgres(conn, schema, {test_passphrase("right words")})->read().instances.size() ==
        1);
}

TEST_CASE("postgres encryption: an altered or moved payload is detected when it is read") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  {
    auto backend = open_postgres(conn, schema, {test_key('k')});
    backend->put_instance(secret_instance("a"));
    backend->put_instance(secret_instance("b"));
  }
  raw(conn, schema).exec(
      "UPDATE instances SET attributes = (SELECT attributes FROM instances WHERE address = "
      "'local_file.b') WHERE address = 'local_file.a'");
  CHECK_THROWS_WITH(open_postgres(conn, schema, {test_key('k')})->read(),
                    Catch::EndsWith("cannot decrypt the attributes of instance local_file.a: the "
                                    "stored value was altered, or copied from another row"));
}

TEST_CASE("postgres encryption: a state in clear is encrypted, rekeyed and decrypted in place") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  write_secrets(*open_postgres(conn, schema));
  auto backend = open_postgres(conn, schema, {test_key('k')});
  CHECK(backend->encryption_status() == EncryptionStatus::ClearWithKey);
  CHECK_THROWS_WITH(backend->read(), Catch::Contains("the state is not encrypted, but "
                                                     "INFRA_STATE_ENCRYPTION_KEY is set: run "
                                                     "\"infra state encrypt\""));
  backend->change_encryption(test_key('k'));
  CHECK(backend->read().serial == 5);
  backend.reset();
  for (const std::string& p : raw_payloads(conn, schema)) CHECK(p.rfind("enc:v1:", 0) == 0);

  const StateKeys rekey{test_passphrase("new words"), test_key('k', kPreviousKeyVariable)};
  backend = open_postgres(conn, schema, rekey);
  CHECK(backend->encryption_status() == EncryptionStatus::EncryptedWithPrevious);
  backend->change_encryption(rekey.key);
  backend.reset();
  CHECK_THROWS_WITH(open_postgres(conn, schema, {test_key('k')}),
                    Catch::Contains("the state is encrypted with a passphrase"));

  backend = open_postgres(conn, schema, {test_passphrase("new words")});
  CHECK(backend->history().size() == 5);
  backend->change_encryption(std::nullopt);
  backend.reset();
  CHECK(dump(conn, schema).find(kSecret) != std::string::npos);
  auto clear = open_postgres(conn, schema);
  CHECK(clear->encryption_status() == EncryptionStatus::Clear);
  CHECK(clear->read().outputs.at(0).value_json == std::string("\"") + kSecret + "\"");
}

TEST_CASE("postgres encryption: a Backend refuses to write once another changed the encryption") {
  const std::string conn = pg_conn_str(), schema = fresh_schema();
  auto clear = open_postgres(conn, schema);
  clear->put_instance(secret_instance("a"));
  open_postgres(conn, schema, {test_key('k')})->change_encryption(test_key('k'));
  CHECK_THROWS_WITH(clear->put_instance(secret_instance("b")),
                    Catch::EndsWith("(schema " + schema +
                                    "): the state was encrypted, decrypted or given another key "
                                    "since this command opened it: run the command again"));
}

}  // namespace
}  // namespace infra::state
