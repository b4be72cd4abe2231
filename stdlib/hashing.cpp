// Hashing functions: digests of a string's UTF-8 bytes, in lowercase hex (OpenSSL).
#include <openssl/evp.h>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

Value digest(Args& args, const EVP_MD* algorithm) {
  auto s = args.string(0);
  if (!s) return {};
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(s->data(), s->size(), bytes, &size, algorithm, nullptr) != 1) {
    return args.fail("the hash could not be computed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[bytes[i] >> 4];
    hex += kHex[bytes[i] & 0xF];
  }
  return Value::string(hex);
}

}  // namespace

std::vector<Function> hashing_functions() {
  return {
      {
          .name = "md5",
          .params = {"string"},
          .doc = R"(
            The MD5 hash of `string`, in hexadecimal. Not for security: only to compare
            with systems that use it.

            ```infra
            md5("hello")  # "5d41402abc4b2a76b9719d911017c592"
            ```
          )",
          .impl = [](Args& args) { return digest(args, EVP_md5()); },
      },
      {
          .name = "sha1",
          .params = {"string"},
          .doc = R"(
            The SHA-1 hash of `string`, in hexadecimal.

            ```infra
            sha1("hello")  # "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
            ```
          )",
          .impl = [](Args& args) { return digest(args, EVP_sha1()); },
      },
      {
          .name = "sha256",
          .params = {"string"},
          .doc = R"(
            The SHA-256 hash of `string`, in hexadecimal.

            ```infra
            sha256("hello")  # "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
            ```
          )",
          .impl = [](Args& args) { return digest(args, EVP_sha256()); },
      },
  };
}

}  // namespace infra::stdlib
