// Encryption at rest of the state (docs/state.md, "Encryption at rest"): the key or
// passphrase from the environment, and how a backend stores the payloads that may hold
// secrets (instance attributes, output values, history's before and after): as they are,
// or sealed with AES-256-GCM. OpenSSL stays in encryption.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace infra::state {

/// The variables that hold the key of the state, and those that hold the key it had
/// before (for `infra state rekey`).
inline constexpr const char* kKeyVariable = "INFRA_STATE_ENCRYPTION_KEY";
inline constexpr const char* kPassphraseVariable = "INFRA_STATE_PASSPHRASE";
inline constexpr const char* kPreviousKeyVariable = "INFRA_STATE_ENCRYPTION_KEY_PREVIOUS";
inline constexpr const char* kPreviousPassphraseVariable = "INFRA_STATE_PASSPHRASE_PREVIOUS";

/// PBKDF2-HMAC-SHA256 iterations for a passphrase, recorded in each state encrypted from
/// now on (a state keeps the count it was encrypted with).
inline constexpr int kPassphraseIterations = 600'000;

/// A secret that unlocks an encrypted state: 32 key bytes, or a passphrase from which the
/// key is derived with the state's salt. The secret never appears in a message.
struct StateKey {
  enum class Kind { Key, Passphrase };
  Kind kind = Kind::Key;
  std::string secret;    // the 32 bytes of the key, or the passphrase
  std::string variable;  // where it came from, for messages: "INFRA_STATE_PASSPHRASE"
};

/// The keys a state is opened with: its key, and during a rekey the one it had before.
struct StateKeys {
  StateKeys() = default;
  StateKeys(std::optional<StateKey> key_, std::optional<StateKey> previous_ = std::nullopt)
      : key(std::move(key_)), previous(std::move(previous_)) {}

  std::optional<StateKey> key;
  std::optional<StateKey> previous;
};

/// A key given as text in `variable`: 64 hex digits or the base64 of 32 bytes (surrounding
/// white space ignored). A StateError naming the variable, never the value, otherwise.
StateKey parse_state_key(const std::string& variable, std::string_view text);

/// The key from INFRA_STATE_ENCRYPTION_KEY or INFRA_STATE_PASSPHRASE (empty counts as
/// unset); nullopt when neither is set. A StateError for a malformed key or both set.
std::optional<StateKey> state_key_from_environment();

/// The key and the previous key (INFRA_STATE_ENCRYPTION_KEY_PREVIOUS or
/// INFRA_STATE_PASSPHRASE_PREVIOUS) from the environment, checked as above.
StateKeys state_keys_from_environment();

/// How a state's payloads are stored, as the backend found them when it opened the state
/// with its keys.
enum class EncryptionStatus {
  Clear,                  // in clear, and no key was given
  Encrypted,              // encrypted, and the key given is the state's
  EncryptedWithPrevious,  // encrypted with the previous key given: only a rekey may go on
  ClearWithKey,           // in clear, but a key was given: only `state encrypt` may go on
};

/// One payload column of a state: table, column and the columns that identify a row, for
/// re-encrypting every payload (Backend::change_encryption).
struct PayloadColumn {
  const char* table;
  const char* column;
  const char* row_key[2];  // one or two columns; the second nullptr when one
};

/// Every column that holds a payload, in both stores.
inline constexpr PayloadColumn kPayloadColumns[] = {
    {"instances", "attributes", {"address", nullptr}},
    {"outputs", "value", {"name", nullptr}},
    {"changes", "before", {"serial", "seq"}},
    {"changes", "after", {"serial", "seq"}},
};

/// "SELECT address, attributes FROM instances WHERE attributes IS NOT NULL": the key
/// columns, then the payload, of every row that has one.
std::string select_payloads_sql(const PayloadColumn& column);
/// "UPDATE instances SET attributes = $1 WHERE address = $2": the payload of one row, by its
/// key columns. SQLite numbers $-named parameters in the order they appear, which is their
/// number here, so both stores bind them by position.
std::string update_payload_sql(const PayloadColumn& column);

/// Where one payload is stored.
struct PayloadPlace {
  /// The additional authenticated data: the column and the row that hold the payload, so
  /// that a sealed value moved to another row or column does not open.
  std::string aad;
  std::string what;  // for messages: "the attributes of instance local_file.a"
};

/// The place of the payload in `column` of the row whose key columns hold `key`
/// (decimal text for serial and seq).
PayloadPlace payload_place(const PayloadColumn& column, std::string_view key,
                           std::string_view second_key = {});
/// The same for the columns the stores read and write one row at a time.
PayloadPlace attributes_place(std::string_view address);
PayloadPlace output_place(std::string_view name);
/// `after` false: history's "before" of the change; true: its "after".
PayloadPlace change_place(bool after, std::int64_t serial, int seq);

struct DataKey;

/// How a backend writes and reads payloads: as they are (the default), or sealed with
/// AES-256-GCM as "enc:v1:" followed by the base64 of nonce, ciphertext and tag.
class PayloadCodec {
 public:
  /// Payloads in clear.
  PayloadCodec() = default;
  /// Payloads in clear, in the state that `where` names (for messages).
  static PayloadCodec clear(const std::string& where);

  /// A new encryption with `key`: a fresh salt for a passphrase, and the key check value.
  /// `where` starts its messages (the state's path, or server and schema).
  static PayloadCodec create(const StateKey& key, const std::string& where);

  /// The encryption that a state's meta row records as `descriptor`, opened with `key`.
  /// A StateError when `key` is not the state's.
  static PayloadCodec unlock(const std::string& descriptor, const StateKey& key,
                             const std::string& where);

  bool encrypted() const { return key_ != nullptr; }
  /// What the meta row's `encryption` column holds: nullopt in clear, else a JSON object
  /// with the cipher, the key derivation (with its salt and iterations) and the check value.
  const std::optional<std::string>& descriptor() const { return descriptor_; }

  /// `text` as stored at `place`.
  std::string seal(const std::string& text, const PayloadPlace& place) const;
  /// seal() for a payload that may be NULL (history's before and after).
  std::optional<std::string> seal_optional(const std::optional<std::string>& text,
                                           const PayloadPlace& place) const;
  /// The text of the payload stored at `place`; a StateError naming it when it does not
  /// open: altered, moved from another row, in clear in an encrypted state, or encrypted
  /// while this codec is in clear.
  std::string open(const std::string& stored, const PayloadPlace& place) const;
  std::optional<std::string> open_optional(const std::optional<std::string>& stored,
                                           const PayloadPlace& place) const;

 private:
  std::optional<std::string> descriptor_;
  std::shared_ptr<const DataKey> key_;
  std::string where_;
};

/// Why a write is refused when the state's encryption changed since the Backend opened
/// it (another client ran `state encrypt`, `decrypt` or `rekey`), starting with `where`.
std::string encryption_changed(const std::string& where);

/// How a state opens with its keys.
struct OpenedEncryption {
  PayloadCodec codec;
  EncryptionStatus status = EncryptionStatus::Clear;
  /// For EncryptedWithPrevious and ClearWithKey: why the backend refuses to read and
  /// write, and which command to run ("...: run \"infra state encrypt\" ...").
  std::optional<std::string> refusal;
};

/// Decides how a state is read with `keys`, from its meta row: `descriptor` (the
/// `encryption` column, nullopt in clear) and `serial`. A state never written (serial 0)
/// in clear that is opened with a key becomes encrypted: `record` stores the new
/// descriptor unless another client stored one first, and returns what the row then
/// holds. A StateError, starting with `where`, when the state is encrypted and no key is
/// given, or when no key given is the state's; nothing is written then.
OpenedEncryption open_encryption(
    std::optional<std::string> descriptor, std::int64_t serial, const StateKeys& keys,
    const std::string& where,
    const std::function<std::optional<std::string>(const std::string&)>& record);

}  // namespace infra::state
