// Tests of the dns provider's message format and TSIG (providers/dns/wire.cpp, tsig.cpp)
// without a server: names and their escapes and errors, messages with compressed names,
// malformed messages, and signatures that check and that do not.
#include <catch2/catch.hpp>

#include <string>

#include "providers/dns/tsig.hpp"
#include "providers/dns/wire.hpp"

using namespace infra::providers::dns;

namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out += static_cast<char>(v);
  return out;
}

std::string decoded_name(const std::string& wire) {
  std::size_t at = 0;
  return decode_name(wire, at);
}

const Key kKey{.name = "infra-test-key.", .algorithm = "hmac-sha256", .secret = "0123456789abcdef"};

// A signed update request and its MAC.
std::pair<std::string, std::string> signed_request(std::uint64_t time) {
  Message m;
  m.id = 77;
  m.flags = kOpcodeUpdate << 11;
  m.question.push_back({.name = "infra.test.", .type = rr::kSoa, .klass = kClassIn, .ttl = 0,
                        .rdata = ""});
  std::string wire = encode(m);
  const std::string mac = sign(wire, kKey, time);
  return {wire, mac};
}

// The answer to `request`, unsigned.
std::string unsigned_answer(const std::string& request) {
  Message m = decode(request);
  m.flags |= 0x8000;
  m.additional.clear();
  return encode(m);
}

std::string check(const std::string& answer, const std::string& request_mac, const Key& key,
                  std::uint64_t now) {
  return verify(answer, decode(answer), key, request_mac, now).problem;
}

}  // namespace

TEST_CASE("dns wire: names with escapes, in both directions") {
  CHECK(encode_name("www.infra.test.") == bytes({3, 'w', 'w', 'w', 5, 'i', 'n', 'f', 'r', 'a', 4,
                                                 't', 'e', 's', 't', 0}));
  CHECK(encode_name(".") == bytes({0}));
  CHECK(encode_name("WWW.Test.", true) == encode_name("www.test."));
  CHECK(encode_name("a\\.b.test.") == bytes({3, 'a', '.', 'b', 4, 't', 'e', 's', 't', 0}));
  CHECK(encode_name("\\065.test.") == encode_name("A.test."));
  CHECK(decoded_name(encode_name("a\\.b.test.")) == "a\\.b.test.");
  CHECK(decoded_name(bytes({1, 0x07, 0})) == "\\007.");
  CHECK(decoded_name(bytes({0})) == ".");
  CHECK(same_name("WWW.infra.test.", "www.INFRA.test"));
  CHECK_FALSE(same_name("www.infra.test.", "ww.infra.test."));
}

TEST_CASE("dns wire: names that cannot be encoded or decoded") {
  CHECK_THROWS_WITH(encode_name("a..b."), "empty label in name \"a..b.\"");
  CHECK_THROWS_WITH(encode_name(std::string(64, 'x') + "."),
                    "label longer than 63 bytes in name \"" + std::string(64, 'x') + ".\"");
  std::string long_name;
  for (int i = 0; i < 50; ++i) long_name += "abcde.";
  CHECK_THROWS_WITH(encode_name(long_name), "name longer than 255 bytes: \"" + long_name + "\"");
  CHECK_THROWS_WITH(encode_name("\\999.test."), "bad escape in name \"\\999.test.\"");
  CHECK_THROWS_WITH(decoded_name(bytes({3, 'a', 'b'})), "label runs past the message");
  CHECK_THROWS_WITH(decoded_name(bytes({0xC0, 0x00})), "compression pointer loop");
  CHECK_THROWS_WITH(decoded_name(bytes({0x80})), "unknown label type");
  CHECK_THROWS_WITH(decoded_name(""), "name runs past the message");
}

TEST_CASE("dns wire: a message round trip, and compressed names in answers") {
  Message m;
  m.id = 0x1234;
  m.flags = kOpcodeUpdate << 11;
  m.question.push_back({.name = "infra.test.", .type = rr::kSoa, .klass = kClassIn, .ttl = 0,
                        .rdata = ""});
  m.authority.push_back({.name = "www.infra.test.", .type = rr::kA, .klass = kClassIn,
                         .ttl = 300, .rdata = bytes({192, 0, 2, 1})});
  const Message back = decode(encode(m));
  CHECK(back.id == 0x1234);
  CHECK(back.opcode() == kOpcodeUpdate);
  REQUIRE(back.authority.size() == 1);
  CHECK(back.authority[0].name == "www.infra.test.");
  CHECK(back.authority[0].ttl == 300);
  CHECK(back.authority[0].rdata == bytes({192, 0, 2, 1}));

  // An answer whose CNAME data points back into the question's name (offset 12).
  std::string wire = bytes({0, 1, 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0});
  wire += encode_name("a.test.");
  put16(wire, rr::kCname);
  put16(wire, kClassIn);
  wire += bytes({0xC0, 12});  // owner: the question's name
  put16(wire, rr::kCname);
  put16(wire, kClassIn);
  put32(wire, 60);
  put16(wire, 4);
  wire += bytes({1, 'b', 0xC0, 14});  // "b." + "test."
  const Message answer = decode(wire);
  REQUIRE(answer.answer.size() == 1);
  CHECK(answer.answer[0].name == "a.test.");
  CHECK(answer.answer[0].rdata == encode_name("b.test."));
  CHECK(answer.rcode() == 0);
  CHECK(answer.is_response());
}

TEST_CASE("dns wire: messages that end early or overrun are errors") {
  CHECK_THROWS_WITH(decode(bytes({0, 1, 0})), "message ends early");
  std::string wire = bytes({0, 1, 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0});
  wire += encode_name("a.");
  put16(wire, rr::kA);
  put16(wire, kClassIn);
  put32(wire, 60);
  put16(wire, 40);  // more data than there is
  wire += bytes({1, 2, 3, 4});
  CHECK_THROWS_WITH(decode(wire), "record data runs past the message");
  CHECK(rcode_name(9) == "NOTAUTH");
  CHECK(rcode_name(42) == "RCODE 42");
  CHECK(type_name(rr::kSrv) == "SRV");
  CHECK(type_name(99) == "TYPE99");
}

TEST_CASE("dns tsig: algorithm names as users write them") {
  CHECK(normalize_algorithm("HMAC-SHA256.") == "hmac-sha256");
  CHECK(normalize_algorithm("hmac-md5.sig-alg.reg.int.") == "hmac-md5");
  CHECK(normalize_algorithm("hmac-sha512") == "hmac-sha512");
  CHECK_FALSE(normalize_algorithm("hmac-sha3").has_value());
}

TEST_CASE("dns tsig: an answer signed with the key checks, others do not") {
  const std::uint64_t now = 1700000000;
  const auto [request, mac] = signed_request(now);
  REQUIRE(decode(request).additional.size() == 1);
  CHECK(decode(request).additional[0].type == rr::kTsig);

  std::string answer = unsigned_answer(request);
  CHECK(check(answer, mac, kKey, now) == "the answer is not signed");
  sign(answer, kKey, now, mac);
  CHECK(check(answer, mac, kKey, now) == "");
  CHECK(check(answer, mac, kKey, now + 200) == "");  // inside the fudge of 300 s
  CHECK(check(answer, mac, kKey, now + 1000) ==
        "the answer was signed at a time too far from this clock's");
  CHECK(check(answer, "another request's MAC", kKey, now) ==
        "the answer's TSIG signature does not match the key");

  Key other_secret = kKey;
  other_secret.secret = "another secret";
  CHECK(check(answer, mac, other_secret, now) ==
        "the answer's TSIG signature does not match the key");
  Key other_name = kKey;
  other_name.name = "other-key.";
  CHECK(check(answer, mac, other_name, now) ==
        "the answer is signed with another key (\"infra-test-key.\")");
  Key other_algorithm = kKey;
  other_algorithm.algorithm = "hmac-sha1";
  CHECK(check(answer, mac, other_algorithm, now) ==
        "the answer is signed with another algorithm (hmac-sha256.)");

  std::string tampered = answer;
  tampered[3] ^= 0x01;  // a flag bit, inside what the MAC covers
  CHECK(check(tampered, mac, kKey, now) == "the answer's TSIG signature does not match the key");
}

TEST_CASE("dns tsig: a malformed TSIG record, and the server's TSIG error") {
  const std::uint64_t now = 1700000000;
  const auto [request, mac] = signed_request(now);
  Message m = decode(unsigned_answer(request));
  m.additional.push_back({.name = "infra-test-key.", .type = rr::kTsig, .klass = kClassAny,
                          .ttl = 0, .rdata = encode_name("hmac-sha256.") + bytes({0, 0})});
  const std::string short_record = encode(m);
  CHECK(check(short_record, mac, kKey, now) ==
        "the answer's TSIG record is malformed: message ends early");

  // A TSIG record as a server sends it with BADKEY: no MAC, error 17.
  std::string rdata = encode_name("hmac-sha256.");
  rdata += bytes({0, 0, 0, 0, 0, 0, 1, 44, 0, 0, 0, 77, 0, 17, 0, 0});
  m.additional.back().rdata = rdata;
  const std::string badkey = encode(m);
  const TsigCheck result = verify(badkey, decode(badkey), kKey, mac, now);
  CHECK(result.error == 17);
  CHECK(result.problem == "the server rejected the request's signature");
}
