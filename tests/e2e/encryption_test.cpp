// End to end: encryption at rest of the state. Apply with a key from the environment, the
// errors for a missing, wrong or malformed key (the state file left byte for byte, the key
// never printed), and `infra state encrypt`, `decrypt` and `rekey`.
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

// 32 bytes as base64, and another key as hex.
constexpr const char* kKey = "q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=";
constexpr const char* kOtherKey =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
constexpr const char* kPassphrase = "tide pool lantern orbit";
constexpr const char* kSecret = "launch-code-0451";

const std::string kEncryptedError =
    ".infra/state.db: the state is encrypted: set INFRA_STATE_ENCRYPTION_KEY or "
    "INFRA_STATE_PASSPHRASE";

/// Sets an environment variable, which `infra` inherits, for the lifetime of the object.
class Variable {
 public:
  Variable(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~Variable() { ::unsetenv(name_); }
  Variable(const Variable&) = delete;
  Variable& operator=(const Variable&) = delete;

 private:
  const char* name_;
};

void write_config(const Scratch& dir) {
  dir.write("main.infra", std::string(R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = ")") + kSecret + R"("
}
output "content" {
  value     = local_file.a.content
  sensitive = true
}
)");
}

std::string state_bytes(const Scratch& dir) {
  std::ifstream in(dir.path() / ".infra/state.db", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

Result ok(const Scratch& dir, const std::vector<std::string>& args) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  REQUIRE(r.code == 0);
  return r;
}

/// Runs a command that must fail with `message` in its error, printing no secret.
Result failed(const Scratch& dir, const std::vector<std::string>& args,
              const std::string& message) {
  Result r = run_infra(dir.path(), args);
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, message));
  for (const char* secret : {kKey, kOtherKey, kPassphrase, kSecret}) {
    CHECK_FALSE(contains(r.all(), secret));
  }
  return r;
}

/// failed(), and the state file is left byte for byte as it was.
Result refused(const Scratch& dir, const std::vector<std::string>& args,
               const std::string& message) {
  const std::string before = state_bytes(dir);
  Result r = failed(dir, args, message);
  CHECK(state_bytes(dir) == before);
  return r;
}

void check_no_changes(const Scratch& dir) {
  Result plan = ok(dir, {"plan", "-no-color"});
  CHECK(contains(plan.out, "No changes."));
}

TEST_CASE("e2e encryption: apply with a key encrypts the state, and without it or with "
          "another key commands fail and leave the file byte for byte") {
  Scratch dir;
  write_config(dir);
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
    ok(dir, {"apply", "-auto-approve", "-no-color"});
    check_no_changes(dir);
    Result output = ok(dir, {"output", "-raw", "content"});
    CHECK(output.out == kSecret);
    Result list = ok(dir, {"state", "list"});
    CHECK(list.out == "local_file.a\n");
  }
  const std::string bytes = state_bytes(dir);
  CHECK_FALSE(bytes.empty());
  CHECK_FALSE(contains(bytes, kSecret));
  CHECK(contains(bytes, "local_file.a"));

  for (const std::vector<std::string>& command :
       {std::vector<std::string>{"plan", "-no-color"},
        std::vector<std::string>{"apply", "-auto-approve", "-no-color"},
        std::vector<std::string>{"state", "list"}, std::vector<std::string>{"output"}}) {
    INFO(command[0]);
    Result r = refused(dir, command, "Error: Failed to open the state");
    CHECK(contains(r.err, kEncryptedError));
  }
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kOtherKey);
    refused(dir, {"plan", "-no-color"},
            ".infra/state.db: cannot open the encrypted state: the key in "
            "INFRA_STATE_ENCRYPTION_KEY is not the state's key; nothing was read or written");
  }
  {
    Variable passphrase("INFRA_STATE_PASSPHRASE", kPassphrase);
    refused(dir, {"plan", "-no-color"},
            "cannot open the encrypted state: the state is encrypted with a key, but "
            "INFRA_STATE_PASSPHRASE holds a passphrase");
  }
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", std::string(kKey).substr(0, 20));
    refused(dir, {"plan", "-no-color"},
            "INFRA_STATE_ENCRYPTION_KEY is not a key: give 32 bytes as base64 (44 characters, as "
            "\"openssl rand -base64 32\" prints) or as 64 hex digits");
  }
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
    Variable passphrase("INFRA_STATE_PASSPHRASE", kPassphrase);
    refused(dir, {"plan", "-no-color"},
            "both INFRA_STATE_ENCRYPTION_KEY and INFRA_STATE_PASSPHRASE are set: set only one of "
            "them");
  }
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
    check_no_changes(dir);
  }
}

TEST_CASE("e2e encryption: state encrypt and state decrypt convert a state, history included") {
  Scratch dir;
  write_config(dir);
  ok(dir, {"apply", "-auto-approve", "-no-color"});
  CHECK(contains(state_bytes(dir), kSecret));
  Result no_key = refused(dir, {"state", "encrypt"}, "Error: No key to encrypt the state with");
  CHECK(contains(no_key.err, "Set INFRA_STATE_ENCRYPTION_KEY (32 random bytes as base64"));
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
    // The state opens, so that `state encrypt` can lock it, and the first read fails.
    Result plan = failed(dir, {"plan", "-no-color"}, "Error: Failed to read the state");
    CHECK(contains(plan.err,
                   ".infra/state.db: the state is not encrypted, but INFRA_STATE_ENCRYPTION_KEY "
                   "is set: run \"infra state encrypt\" to encrypt it, or unset "
                   "INFRA_STATE_ENCRYPTION_KEY to use it unencrypted"));

    Result encrypt = ok(dir, {"state", "encrypt"});
    CHECK(encrypt.out ==
          "The state is now encrypted with the key in INFRA_STATE_ENCRYPTION_KEY, history "
          "included.\n");
    CHECK_FALSE(contains(state_bytes(dir), kSecret));
    check_no_changes(dir);
    CHECK(contains(ok(dir, {"state", "history"}).out, "apply"));
    CHECK(ok(dir, {"state", "encrypt"}).out ==
          "The state is already encrypted with the key in INFRA_STATE_ENCRYPTION_KEY.\n");
  }
  refused(dir, {"state", "decrypt"}, kEncryptedError);
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
    Result decrypt = ok(dir, {"state", "decrypt"});
    CHECK(decrypt.out ==
          "The state is now stored unencrypted, history included.\n"
          "Unset INFRA_STATE_ENCRYPTION_KEY: while it is set, commands refuse a state that is "
          "not encrypted.\n");
  }
  CHECK(contains(state_bytes(dir), kSecret));
  check_no_changes(dir);
  CHECK(ok(dir, {"state", "decrypt"}).out == "The state is not encrypted: nothing to decrypt.\n");
  failed(dir, {"state", "encrypt", "now"}, "Error: state encrypt takes no arguments");
  failed(dir, {"state", "decrypt", "-force"}, "Error: state decrypt does not take -force");
}

TEST_CASE("e2e encryption: state rekey moves a state from a passphrase to a key") {
  Scratch dir;
  write_config(dir);
  {
    Variable passphrase("INFRA_STATE_PASSPHRASE", kPassphrase);
    ok(dir, {"apply", "-auto-approve", "-no-color"});
  }
  CHECK_FALSE(contains(state_bytes(dir), kSecret));
  {
    Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
    refused(dir, {"state", "rekey"},
            "Error: infra state rekey needs the state's key and the new one");
    Variable previous("INFRA_STATE_PASSPHRASE_PREVIOUS", kPassphrase);
    failed(dir, {"plan", "-no-color"},
           ".infra/state.db: the state is still encrypted with the previous key "
           "(INFRA_STATE_PASSPHRASE_PREVIOUS): run \"infra state rekey\" to encrypt it with "
           "INFRA_STATE_ENCRYPTION_KEY");
    Result rekey = ok(dir, {"state", "rekey"});
    CHECK(rekey.out ==
          "The state is now encrypted with the key in INFRA_STATE_ENCRYPTION_KEY, history "
          "included.\nUnset INFRA_STATE_PASSPHRASE_PREVIOUS.\n");
    CHECK_FALSE(contains(rekey.all(), kPassphrase));
  }
  {
    Variable passphrase("INFRA_STATE_PASSPHRASE", kPassphrase);
    refused(dir, {"plan", "-no-color"}, "the state is encrypted with a key, but "
                                        "INFRA_STATE_PASSPHRASE holds a passphrase");
  }
  Variable key("INFRA_STATE_ENCRYPTION_KEY", kKey);
  check_no_changes(dir);
  CHECK_FALSE(contains(state_bytes(dir), kSecret));
}

}  // namespace
