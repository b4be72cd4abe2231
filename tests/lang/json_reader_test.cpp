// Tests of lang/json_reader.cpp through the JSON form: every JSON syntax error with its
// message and place (one per file), nesting capped, and no input that crashes the reader.
#include <catch2/catch.hpp>

#include "json_support.hpp"

using namespace infra::lang;
using namespace infra::lang::testing;

TEST_CASE("json: syntax errors name the place and what was found") {
  check_errors({
      {"", "1:1: expected a JSON value, found the end of the file"},
      {"{\"a\" 1}", "1:6: expected ':' after the property name, found '1'"},
      {"{\"locals\": {\"a\": 1 \"b\": 2}}",
       "1:20: expected ',' or '}' after an object member, found '\"'"},
      {"{\"locals\": {\"a\": [1 2]}}",
       "1:21: expected ',' or ']' after an array element, found '2'"},
      {"{\"locals\": {\n  \"a\": 1,\n}}",
       "3:1: expected a property name (a string) after ',', found '}'"},
      {"{locals: {}}", "1:2: expected a property name (a string) or '}', found 'locals'"},
      {"{\"locals\": {\"a\": [1,]}}", "1:21: expected a JSON value after ',', found ']'"},
      {"{\"locals\": {\"a\": [}}", "1:19: expected a JSON value or ']', found '}'"},
      {"{\"locals\": {\"a\": tru}}", "1:18: expected a JSON value, found 'tru'"},
      {"{\"locals\": {\"a\": 'x'}}", "1:18: expected a JSON value, found '''"},
      {"{} {}", "1:4: expected the end of the file after the JSON value, found '{'"},
      {"{}\n// comment", "2:1: expected the end of the file after the JSON value, found '/'"},
  });
}

TEST_CASE("json: an unclosed object or array is shown where it was opened") {
  check_errors({
      {"{\"locals\": {\n  \"a\": [1, 2",
       "2:8: expected ',' or ']' to close the array opened at 2:8, found the end of the file"},
      {"{\"locals\": {\"a\": 1}\n",
       "1:1: expected ',' or '}' to close the object opened at 1:1, found the end of the file"},
      {"{\"locals\": {\"a\": ", "1:18: expected a JSON value, found the end of the file"},
  });
}

TEST_CASE("json: errors in strings: unterminated, escapes, control characters, UTF-8") {
  check_errors({
      {"{\"locals\": {\"a\": \"abc}}", "1:18: unterminated string"},
      {"{\"locals\": {\"a\": \"abc\n\"}}", "1:18: unterminated string"},
      {"{\"locals\": {\"a\": \"abc\\", "1:18: unterminated string"},
      {R"({"locals": {"a": "a\x"}})", "1:20: invalid escape sequence \\x"},
      {R"({"locals": {"a": "a\u12g4"}})",
       "1:20: invalid escape sequence: \\u must be followed by four hexadecimal digits"},
      {R"({"locals": {"a": "\udc00"}})",
       "1:19: invalid Unicode escape \\udc00: a low surrogate without a high one"},
      {R"({"locals": {"a": "\ud83dx"}})",
       "1:19: invalid Unicode escape \\ud83d: a high surrogate must be followed by a low one, "
       "like \\udc00"},
      {"{\"locals\": {\"a\": \"a\tb\"}}",
       "1:20: a control character in a string must be written as an escape, like \\t"},
      {"{\"locals\": {\"a\": \"a\xff\"}}", "1:20: invalid UTF-8 in a string"},
      {"{\"locals\": {\"a\": \"\xed\xa0\x80\"}}", "1:19: invalid UTF-8 in a string"},
      {"{\"locals\": {\"a\": \"\xc3\"}}", "1:19: invalid UTF-8 in a string"},
      {"{\"locals\": {\"a\": \xc3\xa9}}", "1:18: expected a JSON value, found '\xc3\xa9'"},
      {"{\"locals\": {\"a\": \xff}}",
       "1:18: expected a JSON value, found a byte that is not UTF-8"},
  });
}

TEST_CASE("json: numbers as RFC 8259 writes them") {
  check_errors({
      {R"({"locals": {"a": 01}})",
       "1:18: a JSON number cannot start with 0 followed by more digits"},
      {R"({"locals": {"a": -}})", "1:19: expected a digit after '-', found '}'"},
      {R"({"locals": {"a": 1.}})", "1:20: expected a digit after the decimal point, found '}'"},
      {R"({"locals": {"a": 1e+}})", "1:21: expected a digit in the exponent, found '}'"},
      {R"({"locals": {"a": .5}})", "1:18: expected a JSON value, found '.'"},
      {R"({"locals": {"a": +1}})", "1:18: expected a JSON value, found '+'"},
  });
  CHECK(local_x("0") == "0");
  CHECK(local_x("-0") == "(neg 0)");
  CHECK(local_x("12.25E2") == "1225");
}

TEST_CASE("json: nesting deeper than the limit is an error, never a stack overflow") {
  const auto nested = [](int depth) {
    return "{\"locals\": {\"a\": " + std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']') + "}}";
  };
  CHECK(errors(nested(62)) == "no error");
  CHECK(errors(nested(63)) ==
        "1:80: JSON arrays and objects are nested too deeply (the limit is 64 levels)");
  CHECK(errors(std::string(1000000, '[')) ==
        "1:65: JSON arrays and objects are nested too deeply (the limit is 64 levels)");
}

TEST_CASE("json: a diagnostic shows the JSON line with a caret") {
  const Loaded j = load(kJsonFile, "{\n  \"locals\": {\"a\": [1 2]}\n}\n");
  CHECK(j.rendered() ==
        "Error: main.infra.json:2:22: expected ',' or ']' after an array element, found '2'\n"
        "\n"
        "  2 |   \"locals\": {\"a\": [1 2]}\n"
        "    |                      ^\n");
}

TEST_CASE("json: no prefix of a file, nor any one byte changed, crashes the reader") {
  const std::string text = R"J({"variable": {"v": {"type": "list(string)", "default": ["a\n"]}},
 "resource": {"local_file": {"a": {"content": "${var.v[0]}%{ if true }x%{ endif }",
   "lifecycle": [{"ignore_changes": ["content"]}], "count": -1.5e2}}}})J";
  REQUIRE_FALSE(load(kJsonFile, text).diags.has_errors());
  for (std::size_t n = 0; n < text.size(); ++n) {
    INFO(n);
    CHECK(load(kJsonFile, text.substr(0, n)).diags.has_errors());
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    for (const char c : {'\0', '"', '\\', '{', '[', '}', '\xff', '$'}) {
      std::string changed = text;
      changed[i] = c;
      load(kJsonFile, changed);  // reports or not, but returns
    }
  }
}
