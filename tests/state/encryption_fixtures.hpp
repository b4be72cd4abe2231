// What the encryption tests of both stores write (encryption_test.cpp,
// postgres_encryption_test.cpp): keys, and payloads of every kind that hold one secret.
#pragma once

#include <string>

#include "state/backend.hpp"
#include "state/encryption.hpp"

namespace infra::state::testing {

inline constexpr const char* kSecret = "hunter2-do-not-leak";

inline StateKey test_key(char fill, const std::string& variable = kKeyVariable) {
  return StateKey{StateKey::Kind::Key, std::string(32, fill), variable};
}

inline StateKey test_passphrase(const std::string& text,
                         const std::string& variable = kPassphraseVariable) {
  return StateKey{StateKey::Kind::Passphrase, text, variable};
}

inline ResourceInstance secret_instance(const std::string& name) {
  ResourceInstance i;
  i.address = "local_file." + name;
  i.type = "local_file";
  i.name = name;
  i.provider = "local";
  i.attributes_json = std::string(R"({"content":")") + kSecret + R"(","filename":")" + name +
                      R"(.txt"})";
  i.sensitive_paths = {"content"};
  return i;
}

/// Writes two instances, one update, one removal and the outputs: every kind of payload.
inline void write_secrets(Backend& backend) {
  backend.put_instance(secret_instance("a"));
  backend.put_instance(secret_instance("b"));
  ResourceInstance changed = secret_instance("a");
  changed.attributes_json = std::string(R"({"content":")") + kSecret + R"(-2"})";
  backend.put_instance(changed);
  backend.remove_instance("local_file.b");
  backend.put_outputs({{"token", std::string("\"") + kSecret + "\"", true}});
}

}  // namespace infra::state::testing
