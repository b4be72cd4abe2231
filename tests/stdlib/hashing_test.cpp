// Tests of stdlib/hashing.cpp, against the well-known digests of "hello" and "".
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("md5, sha1 and sha256 in lowercase hex") {
  CHECK(ok("md5", {S("hello")}) == S("5d41402abc4b2a76b9719d911017c592"));
  CHECK(ok("md5", {S("")}) == S("d41d8cd98f00b204e9800998ecf8427e"));
  CHECK(ok("sha1", {S("hello")}) == S("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"));
  CHECK(ok("sha1", {S("")}) == S("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
  CHECK(ok("sha256", {S("hello")}) ==
        S("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"));
  CHECK(ok("sha256", {S("")}) ==
        S("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

TEST_CASE("hash functions take strings only") {
  CHECK(fails("md5", {L({})}) == "md5: argument 1 must be a string, got list");
  CHECK(fails("sha1", {Null()}) == "sha1: argument 1 must be a string, got null");
  CHECK(fails("sha256", {}) == "sha256: expects 1 argument, got 0; usage: sha256(string)");
}

TEST_CASE("sha512 and the base64 digests") {
  CHECK(ok("sha512", {S("hello world")}) ==
        S("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"));
  CHECK(ok("base64sha256", {S("hello world")}) == S("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="));
  CHECK(ok("base64sha512", {S("hello world")}) ==
        S("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="));
  CHECK(fails("sha512", {L({})}) == "sha512: argument 1 must be a string, got list");
  CHECK(fails("base64sha256", {}) ==
        "base64sha256: expects 1 argument, got 0; usage: base64sha256(string)");
}

}  // namespace
}  // namespace infra::stdlib::testing
