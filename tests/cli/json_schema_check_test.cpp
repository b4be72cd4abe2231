// Tests of tests/cli/json_schema_check.cpp, the validator the JSON output tests rely on:
// each keyword rejects a document that violates it and accepts one that does not.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/cli/json_schema_check.hpp"

using infra::testing::schema_errors;
using json = nlohmann::json;

namespace {

std::string errors_of(const json& schema, const json& doc) {
  std::string out;
  for (const auto& e : schema_errors(schema, doc)) out += e + "\n";
  return out;
}

}  // namespace

TEST_CASE("schema check: type, single and several") {
  const json schema = {{"type", "string"}};
  CHECK(errors_of(schema, "x").empty());
  CHECK(errors_of(schema, 1) == "/: expected \"string\", got number\n");
  const json either = {{"type", {"integer", "string"}}};
  CHECK(errors_of(either, 3).empty());
  CHECK(errors_of(either, 3.0).empty());
  CHECK(errors_of(either, "k").empty());
  CHECK(errors_of(either, 3.5) == "/: expected [\"integer\",\"string\"], got number\n");
  CHECK(errors_of({{"type", "boolean"}}, nullptr) == "/: expected \"boolean\", got null\n");
  CHECK(errors_of({{"type", "object"}}, json::array()) == "/: expected \"object\", got array\n");
}

TEST_CASE("schema check: properties, required and additionalProperties") {
  const json schema = json::parse(R"({
    "type": "object", "required": ["a"], "additionalProperties": false,
    "properties": {"a": {"type": "string"}, "b": {"type": "integer"}}})");
  CHECK(errors_of(schema, json::parse(R"({"a": "x", "b": 2})")).empty());
  CHECK(errors_of(schema, json::parse(R"({"b": 2})")) == "/: \"a\" is required\n");
  CHECK(errors_of(schema, json::parse(R"({"a": "x", "c": 1})")) == "/: \"c\" is not allowed\n");
  CHECK(errors_of(schema, json::parse(R"({"a": "x", "b": "2"})")) == "/b: expected \"integer\", got string\n");
  // additionalProperties as a schema checks every member that properties does not name.
  const json map = json::parse(R"({"type": "object", "additionalProperties": {"type": "boolean"}})");
  CHECK(errors_of(map, json::parse(R"({"x": true, "y": false})")).empty());
  CHECK(errors_of(map, json::parse(R"({"x": 1})")) == "/x: expected \"boolean\", got number\n");
}

TEST_CASE("schema check: items") {
  const json schema = json::parse(R"({"type": "array", "items": {"type": "string"}})");
  CHECK(errors_of(schema, json::parse(R"(["a", "b"])")).empty());
  CHECK(errors_of(schema, json::parse(R"(["a", 2])")) == "/1: expected \"string\", got number\n");
}

TEST_CASE("schema check: enum, of scalars and of arrays") {
  const json schema = json::parse(R"({"enum": ["create", ["delete", "create"]]})");
  CHECK(errors_of(schema, "create").empty());
  CHECK(errors_of(schema, json::parse(R"(["delete", "create"])")).empty());
  CHECK(errors_of(schema, "update") == "/: \"update\" is not one of [\"create\",[\"delete\",\"create\"]]\n");
  CHECK_FALSE(errors_of(schema, json::parse(R"(["create", "delete"])")).empty());
}

TEST_CASE("schema check: $ref to $defs, recursive, and unresolved") {
  const json schema = json::parse(R"({
    "$ref": "#/$defs/tree",
    "$defs": {"tree": {"type": "object", "additionalProperties": false,
                       "properties": {"name": {"type": "string"},
                                      "children": {"type": "array", "items": {"$ref": "#/$defs/tree"}}}}}})");
  CHECK(errors_of(schema, json::parse(R"({"name": "a", "children": [{"name": "b", "children": []}]})")).empty());
  CHECK(errors_of(schema, json::parse(R"({"children": [{"name": 7}]})")) ==
        "/children/0/name: expected \"string\", got number\n");
  CHECK(errors_of(json::parse(R"({"$ref": "#/$defs/missing"})"), 1) == "/: unresolved $ref \"#/$defs/missing\"\n");
}

TEST_CASE("schema check: oneOf wants exactly one match") {
  const json schema = json::parse(R"({"oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]})");
  CHECK(errors_of(schema, "s").empty());
  CHECK(errors_of(schema, 1.5).empty());
  CHECK(errors_of(schema, 2) == "/: matches 2 of oneOf, not exactly one\n");
  CHECK(errors_of(schema, true) == "/: matches 0 of oneOf, not exactly one\n");
}

TEST_CASE("schema check: anyOf wants at least one match") {
  const json schema = json::parse(R"({"anyOf": [{"type": "integer"}, {"type": "number"}]})");
  CHECK(errors_of(schema, 2).empty());
  CHECK(errors_of(schema, "2") == "/: matches none of anyOf\n");
}

TEST_CASE("schema check: boolean schemas, annotations and unsupported keywords") {
  CHECK(errors_of(true, 1).empty());
  CHECK(errors_of(false, 1) == "/: no value is allowed here\n");
  CHECK(errors_of({{"description", "anything"}, {"title", "t"}}, 1).empty());
  CHECK(errors_of({{"minimum", 3}}, 1) == "/: unsupported schema keyword \"minimum\"\n");
}

TEST_CASE("schema check: the published schema uses only the supported keywords") {
  std::string empty_state = R"({"format_version": "1.0", "terraform_version": "1.0.0"})";
  CHECK(infra::testing::check_against_schema_file(INFRA_SOURCE_DIR "/docs/plan-json.schema.json", empty_state) == "");
  CHECK(infra::testing::check_against_schema_file(INFRA_SOURCE_DIR "/docs/plan-json.schema.json",
                                                  R"({"format_version": "1.0"})") != "");
}
