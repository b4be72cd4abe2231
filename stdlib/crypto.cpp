// Functions with secrets or randomness: bcrypt (libxcrypt), rsadecrypt and uuid (OpenSSL),
// uuidv5 (SHA-1 names). bcrypt and uuid are impure: unknown while planning.
#include <crypt.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <cstdio>
#include <memory>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

Value bcrypt(Args& args) {
  auto s = args.string(0);
  std::optional<std::int64_t> cost = 10;
  if (args.size() > 1) cost = args.integer(1);
  if (!s || !cost) return {};
  if (*cost < 4 || *cost > 31) {
    return args.fail("the cost must be between 4 and 31, got " + std::to_string(*cost));
  }
  if (s->size() > 72) return args.fail("the string is longer than 72 bytes, the most bcrypt uses");
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2b$", static_cast<unsigned long>(*cost), nullptr, 0, salt,
                       sizeof salt) == nullptr) {
    return args.fail("no salt could be generated");
  }
  auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_rn(s->c_str(), salt, data.get(), sizeof *data);
  if (hash == nullptr || hash[0] == '*') return args.fail("the hash could not be computed");
  return Value::string(hash);
}

Value rsadecrypt(Args& args) {
  auto ciphertext = args.string(0), pem = args.string(1);
  if (!ciphertext || !pem) return {};
  auto bytes = base64_decode(*ciphertext);
  if (!bytes) return args.fail("the ciphertext must be base64-encoded");

  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem->data(),
                                                                static_cast<int>(pem->size())),
                                                BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return args.fail("the private key is not an RSA private key in PEM format");
  }
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new(key.get(), nullptr), EVP_PKEY_CTX_free);
  std::size_t size = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes->data());
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) <= 0 ||
      EVP_PKEY_decrypt(ctx.get(), nullptr, &size, in, bytes->size()) <= 0) {
    return args.fail("the ciphertext could not be decrypted with this key");
  }
  std::string out(size, '\0');
  if (EVP_PKEY_decrypt(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, in,
                       bytes->size()) <= 0) {
    return args.fail("the ciphertext could not be decrypted with this key");
  }
  out.resize(size);
  return Value::string(out);
}

std::string format_uuid(const unsigned char b[16]) {
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
                b[14], b[15]);
  return out;
}

/// The 16 bytes of a UUID in its text form, or nullopt.
std::optional<std::string> parse_uuid(const std::string& text) {
  std::string hex;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((i == 8 || i == 13 || i == 18 || i == 23) && text.size() == 36) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    if (!std::isxdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    hex += text[i];
  }
  if (hex.size() != 32) return std::nullopt;
  std::string bytes;
  for (std::size_t i = 0; i < 32; i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

Value uuid(Args& args) {
  unsigned char b[16];
  if (RAND_bytes(b, sizeof b) != 1) return args.fail("no random bytes available");
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
  return Value::string(format_uuid(b));
}

Value uuidv5(Args& args) {
  auto ns = args.string(0), name = args.string(1);
  if (!ns || !name) return {};
  // The namespaces RFC 4122 predefines.
  static const std::map<std::string, std::string, std::less<>> kNamespaces = {
      {"dns", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
      {"url", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
      {"oid", "6ba7b812-9dad-11d1-80b4-00c04fd430c8"},
      {"x500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8"},
  };
  auto known = kNamespaces.find(*ns);
  auto ns_bytes = parse_uuid(known != kNamespaces.end() ? known->second : *ns);
  if (!ns_bytes) {
    return args.fail("the namespace must be \"dns\", \"url\", \"oid\", \"x500\" or a UUID, got \"" +
                     *ns + "\"");
  }
  const std::string input = *ns_bytes + *name;
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(input.data(), input.size(), hash, &size, EVP_sha1(), nullptr);
  hash[6] = static_cast<unsigned char>((hash[6] & 0x0F) | 0x50);  // version 5
  hash[8] = static_cast<unsigned char>((hash[8] & 0x3F) | 0x80);
  return Value::string(format_uuid(hash));
}

}  // namespace

std::vector<Function> crypto_functions() {
  return {
      {
          .name = "bcrypt",
          .params = {"string", "cost?"},
          .doc = R"md(
            The bcrypt hash of `string` (at most 72 bytes) with a random salt, as `$2b$...`;
            `cost` (4 to 31, default 10) is the base-2 logarithm of the number of rounds.
            A new salt on every call, so the result is unknown until apply.

            ```infra
            bcrypt("hello world")  # "$2b$10$..." (differs on each call)
            ```
          )md",
          .impl = bcrypt,
          .impure = true,
      },
      {
          .name = "rsadecrypt",
          .params = {"ciphertext", "privatekey"},
          .doc = R"md(
            Decrypts base64 `ciphertext` encrypted with RSA (PKCS #1 v1.5 padding), using an
            RSA private key in PEM format.

            ```infra
            rsadecrypt(filebase64("${path.module}/ciphertext"), file("privatekey.pem"))
            ```
          )md",
          .impl = rsadecrypt,
      },
      {
          .name = "uuid",
          .params = {},
          .doc = R"md(
            A random (version 4) UUID; a new one on every call, so unknown until apply.

            ```infra
            uuid()  # "b5ee72a3-54dd-4ea3-9b1d-5bb1aab3a6ef"
            ```
          )md",
          .impl = uuid,
          .impure = true,
      },
      {
          .name = "uuidv5",
          .params = {"namespace", "name"},
          .doc = R"md(
            The name-based (version 5, SHA-1) UUID of `name` in `namespace`: one of "dns",
            "url", "oid" and "x500", or a UUID.

            ```infra
            uuidv5("dns", "www.terraform.io")  # "a5008fae-b28c-5ba5-96cd-82b4c53552d6"
            ```
          )md",
          .impl = uuidv5,
      },
  };
}

}  // namespace infra::stdlib
