// Tests of stdlib/crypto.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

// A throwaway 1024-bit key and "Hello, World!" encrypted to it with PKCS #1 v1.5 padding
// (made with openssl genrsa and openssl pkeyutl -encrypt).
const char* const kPrivateKey = "-----BEGIN RSA PRIVATE KEY-----\nMIICXQIBAAKBgQDKHw5ao6zaaISg+UG3eiWTPcDm7vXPD8e6WoKp/gSMjiPpJ7l2\noD5I761tbNiJbFi4r/DtiKh7OIpHReeiD/0hXxd8fmUgVUbZlvwD7fywG2Uc2Foo\n/JLizU1C9im267hBeJKyGMv0Qb7EG9a6FKFpmnzk7/9F7WO0cbZB+Bgn2wIDAQAB\nAoGAdNi1VKLwp6bqnaDbY/WCSXfWz+pvQlAOF+aBSULnYFY/3mcvqauDtmiQ6wSU\nvgVb2REliDyLogiSsBdyjFcP7zaQcnRPDEr3tb1t0pJquOkPh86Oi3gRQhAPMjr0\n3BAlbjOmP/NR/viEfzBGetVImZDDpeW2uCoE02yUJfHn9jECQQDvU24q5qk9Xe6M\nnUb1fs3zgvS26ORafKDPzqj5NoDi9ctYM2QK07mQIVPTFxe7j07rW0ZawTtF1R0O\nHxi4jSBpAkEA2DQNUi4FE6cnpHw2P9DiJodwZT0528QXskgGF1y/XLRWS0MjUCd4\nx6H3vfMpbWtwTjcU71y4C8ajHA0KAPe9owJBAIk2JiWGlWVPo2MPEQ3TI7UHUdJE\neBfA+FnsPEiVjROSpIDvBd6HQQ53bR3LUZoBMdgSPqXtv1PsOXpNLdkxYHECQQCa\nz1LGiHtMIkHJjsONmHWG3y5E371hNp09JENwURIZQGwWAiH0D/90+u4ZTldYqTjG\nWLyd1IdYr0g2GsQSA1L/AkBYLWcWf7fjDPRjoe+jeQ3WtE8wVBVPtzSKVCE2w8Bv\nITcampbCQ3hhrVBWmtNTWZy/T+RLBPgWh6V9UAw/f+Fk\n-----END RSA PRIVATE KEY-----\n";
const char* const kCiphertext = "mM0CdYSouKoqPQlPLGMMVgC8xPUZ1U7C3/jU5Uze7NpCTfCG8ei5KE26FGQvaFkFII6Iqf2MgDOdgWAM3qj7rlkwSICGF8Il0SBTPHjzJ0abD/8M08pF6O5qaPUDwEEhXigCqfQboTqsFbLlZLpiNY/9NJRdGZKYt9xyHNKi3KI=";

TEST_CASE("rsadecrypt") {
  CHECK(ok("rsadecrypt", {S(kCiphertext), S(kPrivateKey)}) == S("Hello, World!"));
  CHECK(fails("rsadecrypt", {S("not base64!"), S(kPrivateKey)}) ==
        "rsadecrypt: the ciphertext must be base64-encoded");
  CHECK(fails("rsadecrypt", {S(kCiphertext), S("-----BEGIN RSA PRIVATE KEY-----\nxx\n")}) ==
        "rsadecrypt: the private key is not an RSA private key in PEM format");
  CHECK(fails("rsadecrypt", {S("aGVsbG8="), S(kPrivateKey)}) ==
        "rsadecrypt: the ciphertext could not be decrypted with this key");
}

TEST_CASE("bcrypt hashes with a random salt") {
  const std::string hash = ok("bcrypt", {S("hello world"), N(4)}).as_string();
  CHECK(hash.starts_with("$2b$04$"));
  CHECK(hash.size() == 60);
  CHECK(ok("bcrypt", {S("hello world"), N(4)}).as_string() != hash);
  CHECK(ok("bcrypt", {S("x")}).as_string().starts_with("$2b$10$"));
  CHECK(fails("bcrypt", {S("x"), N(3)}) == "bcrypt: the cost must be between 4 and 31, got 3");
  CHECK(fails("bcrypt", {S(std::string(73, 'a'))}) ==
        "bcrypt: the string is longer than 72 bytes, the most bcrypt uses");
}

TEST_CASE("uuid and uuidv5") {
  const std::string id = ok("uuid", {}).as_string();
  CHECK(id.size() == 36);
  CHECK(id[14] == '4');
  CHECK(ok("uuid", {}).as_string() != id);
  CHECK(ok("uuidv5", {S("dns"), S("www.terraform.io")}) ==
        S("a5008fae-b28c-5ba5-96cd-82b4c53552d6"));
  CHECK(ok("uuidv5", {S("url"), S("https://www.terraform.io/")}) ==
        S("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"));
  CHECK(ok("uuidv5", {S("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), S("www.terraform.io")}) ==
        S("a5008fae-b28c-5ba5-96cd-82b4c53552d6"));
  CHECK(fails("uuidv5", {S("nope"), S("x")}) ==
        "uuidv5: the namespace must be \"dns\", \"url\", \"oid\", \"x500\" or a UUID, got \"nope\"");
  CHECK(fails("uuid", {S("x")}) == "uuid: expects 0 arguments, got 1; usage: uuid()");
}

}  // namespace
}  // namespace infra::stdlib::testing
