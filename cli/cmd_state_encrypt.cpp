// infra state encrypt, infra state decrypt and infra state rekey: encryption at rest of
// the state (docs/state.md, "Encryption at rest"). Each stores every payload anew, history
// included, in one transaction under the state lock. The keys come from the environment,
// as for every command that opens the state (open_state in cli/common.cpp); only the names
// of their variables are ever printed. Every other `state` subcommand goes on to
// cmd_state (cli/cmd_state.cpp).
#include <algorithm>
#include <functional>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/state_common.hpp"
#include "state/encryption.hpp"

namespace infra::cli {

namespace {

using state::EncryptionStatus;

/// The keys of the environment; nullopt after printing why they are not valid.
std::optional<state::StateKeys> environment_keys(const Ui& ui) {
  try {
    return state::state_keys_from_environment();
  } catch (const state::StateError& e) {
    ui.error("Invalid state encryption key", e.what());
    return std::nullopt;
  }
}

/// "the key in INFRA_STATE_ENCRYPTION_KEY": where a key comes from, never what it is.
std::string described(const state::StateKey& key) {
  return std::string(key.kind == state::StateKey::Kind::Key ? "the key" : "the passphrase") +
         " in " + key.variable;
}

/// Opens the existing state, takes its lock for `command` and runs `convert` on it;
/// 1 after printing an error.
int with_locked_state(const Ui& ui, const Args& args, const std::string& command,
                      const std::function<int(state::Backend&)>& convert) {
  args.duration("lock-timeout", std::chrono::milliseconds(0));  // a bad value before any work
  auto backend = open_existing_state(ui, args);
  if (!backend) return 1;
  auto lock = lock_state(ui, args, *backend, command);
  if (!lock) return 1;
  return convert(*backend);
}

/// Stores the state encrypted with `key` (nullopt: in clear) and says so.
int change(const Ui& ui, state::Backend& backend, const std::optional<state::StateKey>& key,
           const std::string& verb) {
  try {
    backend.change_encryption(key);
  } catch (const std::exception& e) {
    ui.error("Failed to " + verb + " the state", e.what());
    return 1;
  }
  if (key) {
    std::cout << "The state is now encrypted with " << described(*key)
              << ", history included.\n";
  } else {
    std::cout << "The state is now stored unencrypted, history included.\n";
  }
  return 0;
}

/// Stores the state encrypted with `key`, unless it is already (and says so) or is in the
/// status `wrong`, which another command must handle (`why` says which).
int encrypt_with(const Ui& ui, state::Backend& backend, const state::StateKey& key,
                 const std::string& verb, EncryptionStatus wrong, const std::string& why) {
  const EncryptionStatus status = backend.encryption_status();
  if (status == EncryptionStatus::Encrypted) {
    std::cout << "The state is already encrypted with " << described(key) << ".\n";
    return 0;
  }
  if (status == wrong) {
    ui.error("Cannot " + verb + " the state", why);
    return 1;
  }
  return change(ui, backend, key, verb);
}

int state_encrypt(const Ui& ui, const Args& args) {
  const auto keys = environment_keys(ui);
  if (!keys) return 1;
  if (!keys->key) {
    ui.error("No key to encrypt the state with",
             std::string("Set ") + state::kKeyVariable +
                 " (32 random bytes as base64, as \"openssl rand -base64 32\" prints) or " +
                 state::kPassphraseVariable + ", then run \"infra state encrypt\" again.");
    return 1;
  }
  return with_locked_state(ui, args, "state encrypt", [&](state::Backend& backend) {
    return encrypt_with(ui, backend, *keys->key, "encrypt",
                        EncryptionStatus::EncryptedWithPrevious,
                        "It is already encrypted, with the previous key: run \"infra state "
                        "rekey\" to change its key.");
  });
}

int state_decrypt(const Ui& ui, const Args& args) {
  const auto keys = environment_keys(ui);
  if (!keys) return 1;
  return with_locked_state(ui, args, "state decrypt", [&](state::Backend& backend) {
    const EncryptionStatus status = backend.encryption_status();
    if (status == EncryptionStatus::Clear || status == EncryptionStatus::ClearWithKey) {
      std::cout << "The state is not encrypted: nothing to decrypt.\n";
      return 0;
    }
    const int code = change(ui, backend, std::nullopt, "decrypt");
    if (code == 0 && keys->key) {
      std::cout << "Unset " << keys->key->variable
                << ": while it is set, commands refuse a state that is not encrypted.\n";
    }
    return code;
  });
}

int state_rekey(const Ui& ui, const Args& args) {
  const auto keys = environment_keys(ui);
  if (!keys) return 1;
  if (!keys->key || !keys->previous) {
    ui.error("infra state rekey needs the state's key and the new one",
             std::string("Set ") + state::kPreviousKeyVariable + " (or " +
                 state::kPreviousPassphraseVariable + ") to the state's key, and " +
                 state::kKeyVariable + " (or " + state::kPassphraseVariable + ") to the new one.");
    return 1;
  }
  return with_locked_state(ui, args, "state rekey", [&](state::Backend& backend) {
    const int code =
        encrypt_with(ui, backend, *keys->key, "rekey", EncryptionStatus::ClearWithKey,
                     "It is not encrypted: run \"infra state encrypt\" to encrypt it.");
    if (code == 0) std::cout << "Unset " << keys->previous->variable << ".\n";
    return code;
  });
}

struct EncryptionCommand {
  const char* name;
  int (*run)(const Ui&, const Args&);
};

constexpr EncryptionCommand kEncryptionCommands[] = {
    {"encrypt", state_encrypt},
    {"decrypt", state_decrypt},
    {"rekey", state_rekey},
};

}  // namespace

int cmd_state_with_encryption(const Args& args) {
  if (args.positional.empty()) return cmd_state(args);
  for (const auto& [name, run] : kEncryptionCommands) {
    if (args.positional[0] != name) continue;
    static const std::vector<std::string> kFlags = {"state", "lock", "lock-timeout", "no-color"};
    for (const auto& [flag, value] : args.values) {
      if (std::find(kFlags.begin(), kFlags.end(), flag) == kFlags.end()) {
        throw UsageError(std::string("state ") + name + " does not take -" + flag);
      }
    }
    if (args.positional.size() != 1) {
      throw UsageError(std::string("state ") + name + " takes no arguments");
    }
    return run(Ui::detect(args), args);
  }
  return cmd_state(args);
}

}  // namespace infra::cli
