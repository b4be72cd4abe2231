// Hashing functions: digests of a string's UTF-8 bytes or of a file's bytes, in lowercase
// hex or base64 (OpenSSL).
#include <openssl/evp.h>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

/// The raw digest of `bytes`.
std::string raw_digest(std::string_view bytes, const EVP_MD* algorithm) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), out, &size, algorithm, nullptr);
  return std::string(reinterpret_cast<const char*>(out), size);
}

/// The digest of argument 0 (a string, or with `from_file` a file's path), in hex or base64.
Value digest(Args& args, const EVP_MD* algorithm, bool base64 = false, bool from_file = false) {
  auto s = args.string(0);
  if (!s) return {};
  std::optional<std::string> bytes = from_file ? read_module_file(args, *s) : s;
  if (!bytes) return {};
  const std::string raw = raw_digest(*bytes, algorithm);
  return Value::string(base64 ? base64_encode(raw) : to_hex(raw));
}

/// A hash of a file's bytes: the string hashes' counterparts, for binary files too.
Function file_hash(std::string_view name, std::string_view doc, Value (*impl)(Args&)) {
  return {.name = name, .params = {"path"}, .doc = doc, .impl = impl};
}

}  // namespace

std::string to_hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xF];
  }
  return hex;
}

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
      {
          .name = "sha512",
          .params = {"string"},
          .doc = R"(
            The SHA-512 hash of `string`, in hexadecimal.

            ```infra
            sha512("hello world")  # "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
            ```
          )",
          .impl = [](Args& args) { return digest(args, EVP_sha512()); },
      },
      {
          .name = "base64sha256",
          .params = {"string"},
          .doc = R"(
            The SHA-256 hash of `string`, its raw bytes encoded in base64.

            ```infra
            base64sha256("hello world")  # "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
            ```
          )",
          .impl = [](Args& args) { return digest(args, EVP_sha256(), true); },
      },
      {
          .name = "base64sha512",
          .params = {"string"},
          .doc = R"(
            The SHA-512 hash of `string`, its raw bytes encoded in base64.

            ```infra
            base64sha512("hello world")  # "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="
            ```
          )",
          .impl = [](Args& args) { return digest(args, EVP_sha512(), true); },
      },
      file_hash("filemd5",
                "The MD5 hash of the file at `path` (relative to the module directory), in "
                "hexadecimal.",
                [](Args& args) { return digest(args, EVP_md5(), false, true); }),
      file_hash("filesha1", "The SHA-1 hash of the file at `path`, in hexadecimal.",
                [](Args& args) { return digest(args, EVP_sha1(), false, true); }),
      file_hash("filesha256", "The SHA-256 hash of the file at `path`, in hexadecimal.",
                [](Args& args) { return digest(args, EVP_sha256(), false, true); }),
      file_hash("filesha512", "The SHA-512 hash of the file at `path`, in hexadecimal.",
                [](Args& args) { return digest(args, EVP_sha512(), false, true); }),
      file_hash("filebase64sha256",
                "The SHA-256 hash of the file at `path`, its raw bytes encoded in base64.",
                [](Args& args) { return digest(args, EVP_sha256(), true, true); }),
      file_hash("filebase64sha512",
                "The SHA-512 hash of the file at `path`, its raw bytes encoded in base64.",
                [](Args& args) { return digest(args, EVP_sha512(), true, true); }),
  };
}

}  // namespace infra::stdlib
