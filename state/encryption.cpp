// See state/encryption.hpp. AES-256-GCM and PBKDF2-HMAC-SHA256 through OpenSSL's EVP
// interface; a random 12-byte nonce for every payload sealed.
#include "state/encryption.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// The 32 bytes that seal and open payloads, wiped when the last codec using them goes.
struct DataKey {
  unsigned char bytes[32] = {};
  ~DataKey() { OPENSSL_cleanse(bytes, sizeof bytes); }
};

namespace {

using json = nlohmann::json;

constexpr std::string_view kPayloadPrefix = "enc:v1:";
constexpr std::size_t kKeySize = 32, kNonceSize = 12, kTagSize = 16, kSaltSize = 16;
constexpr int kDescriptorVersion = 1;
constexpr const char* kCipherName = "AES-256-GCM";
constexpr const char* kNoKdf = "none";
constexpr const char* kPbkdf2 = "PBKDF2-HMAC-SHA256";
/// Sealed into the meta row, so that a wrong key is found when the state is opened.
constexpr const char* kCheckText = "infra state key check";
/// Bounds on a recorded iteration count, so that a damaged row cannot stall a command.
constexpr std::int64_t kMaxIterations = 100'000'000;

/// A key that is not the state's (as opposed to a damaged row): open_encryption may try
/// the previous key next.
class WrongKey : public StateError {
 public:
  using StateError::StateError;
};

using Context = std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)>;

Context new_context() {
  Context ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) throw StateError("cannot allocate a cipher context (out of memory)");
  return ctx;
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string base64_encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(data),
                                static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

/// The bytes of base64 `text` (padding optional); nullopt when it is not base64.
std::optional<std::string> base64_decode(std::string text) {
  if (text.size() % 4 == 1) return std::nullopt;
  while (text.size() % 4 != 0) text += '=';
  if (text.empty()) return std::string();
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes(text),
                                static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the zero bytes that padding stands for.
  std::size_t padding = 0;
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) ++padding;
  if (padding > 2) return std::nullopt;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::optional<std::string> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = digit(text[i]), low = digit(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

std::string random_bytes(std::size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1) {
    throw StateError("cannot draw random bytes from OpenSSL");
  }
  return out;
}

std::shared_ptr<const DataKey> derive(const StateKey& key, const std::string& salt,
                                      int iterations) {
  auto data = std::make_shared<DataKey>();
  if (key.kind == StateKey::Kind::Key) {
    if (key.secret.size() != kKeySize) throw StateError(key.variable + " is not a 32-byte key");
    std::copy(key.secret.begin(), key.secret.end(), data->bytes);
  } else if (PKCS5_PBKDF2_HMAC(key.secret.data(), static_cast<int>(key.secret.size()),
                               bytes(salt), static_cast<int>(salt.size()), iterations,
                               EVP_sha256(), kKeySize, data->bytes) != 1) {
    throw StateError("cannot derive the key from the passphrase in " + key.variable);
  }
  return data;
}

std::string seal_with(const DataKey& key, std::string_view text, std::string_view aad) {
  const std::string nonce = random_bytes(kNonceSize);
  std::string sealed = nonce + std::string(text.size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data()) + kNonceSize;
  Context ctx = new_context();
  int n = 0, m = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes, bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), out, &n, bytes(text), static_cast<int>(text.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), out + n, &m) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, out + text.size()) == 1;
  if (!ok) throw StateError("cannot encrypt with AES-256-GCM (OpenSSL failed)");
  return std::string(kPayloadPrefix) + base64_encode(sealed);
}

/// The text of `stored`; nullopt when it does not open with `key` and `aad`.
std::optional<std::string> open_with(const DataKey& key, std::string_view stored,
                                     std::string_view aad) {
  if (!stored.starts_with(kPayloadPrefix)) return std::nullopt;
  const auto sealed = base64_decode(std::string(stored.substr(kPayloadPrefix.size())));
  if (!sealed || sealed->size() < kNonceSize + kTagSize) return std::nullopt;
  const std::size_t length = sealed->size() - kNonceSize - kTagSize;
  const auto* nonce = bytes(*sealed);
  const auto* ciphertext = nonce + kNonceSize;
  std::string tag = sealed->substr(kNonceSize + length);
  std::string text(length, '\0');
  auto* out = reinterpret_cast<unsigned char*>(text.data());
  Context ctx = new_context();
  int n = 0, m = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes, nonce) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(aad), static_cast<int>(aad.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), out, &n, ciphertext, static_cast<int>(length)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), out + n, &m) == 1;
  if (!ok) return std::nullopt;
  return text;
}

/// Where the key check value is: the meta row.
constexpr std::string_view kCheckAad = "meta.encryption";

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return "";
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

/// The value of the environment variable `name`; nullopt when unset or empty.
std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<StateKey> key_from(const char* key_variable, const char* passphrase_variable) {
  const auto key = environment(key_variable);
  const auto passphrase = environment(passphrase_variable);
  if (key && passphrase) {
    throw StateError(std::string("both ") + key_variable + " and " + passphrase_variable +
                     " are set: set only one of them");
  }
  if (key) return parse_state_key(key_variable, *key);
  if (passphrase) return StateKey{StateKey::Kind::Passphrase, *passphrase, passphrase_variable};
  return std::nullopt;
}

const char* kind_name(StateKey::Kind kind) {
  return kind == StateKey::Kind::Key ? "a key" : "a passphrase";
}

/// The codec of `descriptor` with `key`; nullopt with `why` set when `key` is not the
/// state's. A StateError when the descriptor itself is not valid.
std::optional<PayloadCodec> try_unlock(const std::string& descriptor, const StateKey& key,
                                       const std::string& where, std::string& why) {
  try {
    return PayloadCodec::unlock(descriptor, key, where);
  } catch (const WrongKey& e) {
    why = e.what();
    return std::nullopt;
  }
}

}  // namespace

PayloadPlace payload_place(const PayloadColumn& column, std::string_view key,
                           std::string_view second_key) {
  PayloadPlace place;
  place.aad = std::string(column.table) + "." + column.column;
  // Each part with its length, so that no two rows give the same text.
  for (std::string_view part : {key, second_key}) {
    place.aad += ' ' + std::to_string(part.size()) + ':';
    place.aad += part;
  }
  const std::string table = column.table;
  if (table == "instances") {
    place.what = "the attributes of instance " + std::string(key);
  } else if (table == "outputs") {
    place.what = "the value of output " + std::string(key);
  } else {
    place.what = "history's \"" + std::string(column.column) + "\" of serial " +
                 std::string(key) + ", change " + std::string(second_key);
  }
  return place;
}

std::string select_payloads_sql(const PayloadColumn& column) {
  std::string sql = std::string("SELECT ") + column.row_key[0];
  if (column.row_key[1] != nullptr) sql += std::string(", ") + column.row_key[1];
  return sql + ", " + column.column + " FROM " + column.table + " WHERE " + column.column +
         " IS NOT NULL";
}

std::string update_payload_sql(const PayloadColumn& column) {
  std::string sql = std::string("UPDATE ") + column.table + " SET " + column.column +
                    " = $1 WHERE " + column.row_key[0] + " = $2";
  if (column.row_key[1] != nullptr) sql += std::string(" AND ") + column.row_key[1] + " = $3";
  return sql;
}

std::string encryption_changed(const std::string& where) {
  return where +
         ": the state was encrypted, decrypted or given another key since this command opened "
         "it: run the command again";
}

PayloadPlace attributes_place(std::string_view address) {
  return payload_place(kPayloadColumns[0], address);
}

PayloadPlace output_place(std::string_view name) {
  return payload_place(kPayloadColumns[1], name);
}

PayloadPlace change_place(bool after, std::int64_t serial, int seq) {
  return payload_place(kPayloadColumns[after ? 3 : 2], std::to_string(serial),
                       std::to_string(seq));
}

StateKey parse_state_key(const std::string& variable, std::string_view text) {
  const std::string value = trimmed(text);
  std::optional<std::string> key;
  if (value.size() == 2 * kKeySize) key = hex_decode(value);
  if (!key) key = base64_decode(value);
  if (!key || key->size() != kKeySize) {
    throw StateError(variable +
                     " is not a key: give 32 bytes as base64 (44 characters, as \"openssl rand "
                     "-base64 32\" prints) or as 64 hex digits");
  }
  return StateKey{StateKey::Kind::Key, std::move(*key), variable};
}

std::optional<StateKey> state_key_from_environment() {
  return key_from(kKeyVariable, kPassphraseVariable);
}

StateKeys state_keys_from_environment() {
  StateKeys keys{state_key_from_environment(),
                 key_from(kPreviousKeyVariable, kPreviousPassphraseVariable)};
  return keys;
}

PayloadCodec PayloadCodec::clear(const std::string& where) {
  PayloadCodec codec;
  codec.where_ = where;
  return codec;
}

PayloadCodec PayloadCodec::create(const StateKey& key, const std::string& where) {
  json d = {{"version", kDescriptorVersion}, {"cipher", kCipherName}};
  std::string salt;
  if (key.kind == StateKey::Kind::Passphrase) {
    salt = random_bytes(kSaltSize);
    d["kdf"] = kPbkdf2;
    d["iterations"] = kPassphraseIterations;
    d["salt"] = base64_encode(salt);
  } else {
    d["kdf"] = kNoKdf;
  }
  PayloadCodec codec;
  codec.key_ = derive(key, salt, kPassphraseIterations);
  codec.where_ = where;
  d["check"] = seal_with(*codec.key_, kCheckText, kCheckAad);
  codec.descriptor_ = d.dump();
  return codec;
}

PayloadCodec PayloadCodec::unlock(const std::string& descriptor, const StateKey& key,
                                  const std::string& where) {
  const std::string bad =
      where + ": the state's encryption settings (meta.encryption) are damaged: ";
  json d = json::parse(descriptor, nullptr, false);
  if (!d.is_object()) throw StateError(bad + "not a JSON object");
  const auto text = [&](const char* name) {
    if (!d.contains(name) || !d[name].is_string()) {
      throw StateError(bad + "\"" + name + "\" is missing or not a string");
    }
    return d[name].get<std::string>();
  };
  if (!d.contains("version") || !d["version"].is_number_integer()) {
    throw StateError(bad + "\"version\" is missing or not a whole number");
  }
  if (d["version"].get<std::int64_t>() != kDescriptorVersion) {
    throw StateError(where + ": the state is encrypted in format version " + d["version"].dump() +
                     ", which this build of infra does not know; use a newer infra");
  }
  if (text("cipher") != kCipherName) {
    throw StateError(bad + "the cipher \"" + text("cipher") + "\" is not " + kCipherName);
  }
  const std::string kdf = text("kdf");
  const auto state_kind = kdf == kPbkdf2 ? StateKey::Kind::Passphrase : StateKey::Kind::Key;
  if (kdf != kPbkdf2 && kdf != kNoKdf) throw StateError(bad + "unknown kdf \"" + kdf + "\"");
  if (key.kind != state_kind) {
    throw WrongKey(std::string("the state is encrypted with ") + kind_name(state_kind) +
                   ", but " + key.variable + " holds " + kind_name(key.kind));
  }
  std::string salt;
  int iterations = 0;
  if (state_kind == StateKey::Kind::Passphrase) {
    const auto decoded = base64_decode(text("salt"));
    if (!decoded || decoded->size() < kSaltSize) throw StateError(bad + "the salt is not valid");
    salt = *decoded;
    if (!d.contains("iterations") || !d["iterations"].is_number_integer() ||
        d["iterations"].get<std::int64_t>() < 1 ||
        d["iterations"].get<std::int64_t>() > kMaxIterations) {
      throw StateError(bad + "\"iterations\" is not a whole number from 1 to " +
                       std::to_string(kMaxIterations));
    }
    iterations = d["iterations"].get<int>();
  }
  PayloadCodec codec;
  codec.key_ = derive(key, salt, iterations);
  codec.where_ = where;
  codec.descriptor_ = descriptor;
  if (open_with(*codec.key_, text("check"), kCheckAad) != kCheckText) {
    throw WrongKey(std::string("the ") + (key.kind == StateKey::Kind::Key ? "key" : "passphrase") +
                   " in " + key.variable + " is not the state's " +
                   (key.kind == StateKey::Kind::Key ? "key" : "passphrase"));
  }
  return codec;
}

std::string PayloadCodec::seal(const std::string& text, const PayloadPlace& place) const {
  if (!key_) return text;
  return seal_with(*key_, text, place.aad);
}

std::optional<std::string> PayloadCodec::seal_optional(const std::optional<std::string>& text,
                                                       const PayloadPlace& place) const {
  if (!text) return std::nullopt;
  return seal(*text, place);
}

std::string PayloadCodec::open(const std::string& stored, const PayloadPlace& place) const {
  const std::string& what = place.what;
  const bool sealed = std::string_view(stored).starts_with(kPayloadPrefix);
  if (!key_) {
    if (!sealed) return stored;
    throw StateError(where_ + ": cannot read " + what +
                     ": the stored value is encrypted, but the state was opened as not "
                     "encrypted (was it encrypted meanwhile?): run the command again");
  }
  if (!sealed) {
    throw StateError(where_ + ": cannot read " + what +
                     ": the stored value is in clear in an encrypted state, so it was altered "
                     "outside infra");
  }
  auto text = open_with(*key_, stored, place.aad);
  if (!text) {
    throw StateError(where_ + ": cannot decrypt " + what +
                     ": the stored value was altered, or copied from another row");
  }
  return std::move(*text);
}

std::optional<std::string> PayloadCodec::open_optional(const std::optional<std::string>& stored,
                                                       const PayloadPlace& place) const {
  if (!stored) return std::nullopt;
  return open(*stored, place);
}

OpenedEncryption open_encryption(
    std::optional<std::string> descriptor, std::int64_t serial, const StateKeys& keys,
    const std::string& where,
    const std::function<std::optional<std::string>(const std::string&)>& record) {
  if (!descriptor) {
    if (!keys.key) return {PayloadCodec::clear(where), EncryptionStatus::Clear, {}};
    if (serial == 0) {
      // Nothing was ever written in clear: the state is encrypted from its first write.
      PayloadCodec fresh = PayloadCodec::create(*keys.key, where);
      descriptor = record(*fresh.descriptor());
      if (descriptor == fresh.descriptor()) return {fresh, EncryptionStatus::Encrypted, {}};
    }
    if (!descriptor) {
      return {PayloadCodec::clear(where), EncryptionStatus::ClearWithKey,
              where + ": the state is not encrypted, but " + keys.key->variable +
                  " is set: run \"infra state encrypt\" to encrypt it, or unset " +
                  keys.key->variable + " to use it unencrypted"};
    }
  }
  if (!keys.key) {
    throw StateError(where + ": the state is encrypted: set " + kKeyVariable + " or " +
                     kPassphraseVariable);
  }
  std::string why_key, why_previous;
  if (auto codec = try_unlock(*descriptor, *keys.key, where, why_key)) {
    return {std::move(*codec), EncryptionStatus::Encrypted, {}};
  }
  if (keys.previous) {
    if (auto codec = try_unlock(*descriptor, *keys.previous, where, why_previous)) {
      return {std::move(*codec), EncryptionStatus::EncryptedWithPrevious,
              where + ": the state is still encrypted with the previous key (" +
                  keys.previous->variable + "): run \"infra state rekey\" to encrypt it with " +
                  keys.key->variable};
    }
    why_key += "; " + why_previous;
  }
  throw StateError(where + ": cannot open the encrypted state: " + why_key +
                   "; nothing was read or written");
}

}  // namespace infra::state
