// Tests of stdlib/text_encoding.cpp.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("base64gzip and base64gunzip round-trip") {
  const Value packed = ok("base64gzip", {S("hello world")});
  CHECK(packed.as_string().starts_with("H4sI"));  // the gzip magic number in base64
  CHECK(ok("base64gunzip", {packed}) == S("hello world"));
  CHECK(ok("base64gunzip", {S("H4sIAAAAAAAA/8pIzcnJBwQAAP//hqYQNgUAAAA=")}) == S("hello"));
  CHECK(fails("base64gunzip", {S("abc")}) ==
        "base64gunzip: the string is not valid base64: its length 3 is not a multiple of 4");
  CHECK(fails("base64gunzip", {S("aGVsbG8=")}) ==
        "base64gunzip: the decoded bytes are not valid gzip data");
}

TEST_CASE("csvdecode") {
  CHECK(ok("csvdecode", {S("a,b,c\n1,2,3\n4,5,6")}) ==
        L({O({{"a", S("1")}, {"b", S("2")}, {"c", S("3")}}),
           O({{"a", S("4")}, {"b", S("5")}, {"c", S("6")}})}));
  CHECK(ok("csvdecode", {S("name,note\r\n\"Smith, J\",\"said \"\"hi\"\"\nthen\"\r\n")}) ==
        L({O({{"name", S("Smith, J")}, {"note", S("said \"hi\"\nthen")}})}));
  CHECK(ok("csvdecode", {S("a,b\n")}) == L({}));
  CHECK(fails("csvdecode", {S("")}) == "csvdecode: missing header line");
  CHECK(fails("csvdecode", {S("a,b\n1,2,3")}) ==
        "csvdecode: row 1 has 3 fields, but the header row has 2");
  CHECK(fails("csvdecode", {S("a\n\"x")}) == "csvdecode: invalid CSV: line 2: a quoted field is not closed");
}

TEST_CASE("textencodebase64 and textdecodebase64") {
  CHECK(ok("textencodebase64", {S("Hello World"), S("UTF-16LE")}) ==
        S("SABlAGwAbABvACAAVwBvAHIAbABkAA=="));
  CHECK(ok("textdecodebase64", {S("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), S("UTF-16LE")}) ==
        S("Hello World"));
  CHECK(ok("textencodebase64", {S("é"), S("ISO-8859-1")}) == S("6Q=="));
  CHECK(fails("textencodebase64", {S("x"), S("NOPE-1")}) ==
        "textencodebase64: \"NOPE-1\" is not a supported encoding");
  CHECK(fails("textencodebase64", {S("€"), S("ISO-8859-1")}) ==
        "textencodebase64: the string has characters that ISO-8859-1 cannot encode");
  CHECK(fails("textdecodebase64", {S("!!!!"), S("UTF-8")}) ==
        "textdecodebase64: the string is not valid base64: unexpected '!' at offset 0");
}

TEST_CASE("urldecode") {
  CHECK(ok("urldecode", {S("Hello+World%21")}) == S("Hello World!"));
  CHECK(ok("urldecode", {S("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz")}) ==
        S("foo:bar@localhost?foo=bar&bar=baz"));
  CHECK(ok("urldecode", {S("%C3%A9")}) == S("é"));
  CHECK(fails("urldecode", {S("100%zz")}) == "urldecode: invalid URL escape \"%zz\"");
  CHECK(fails("urldecode", {S("%4")}) == "urldecode: invalid URL escape \"%4\"");
}

}  // namespace
}  // namespace infra::stdlib::testing
