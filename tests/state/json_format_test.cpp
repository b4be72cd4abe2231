// Tests of state/json_format.cpp (the `state pull` document) and state/instance_address.cpp.
#include <catch2/catch.hpp>

#include "state/instance_address.hpp"
#include "state/json_format.hpp"

namespace infra::state {
namespace {

const char* kDocument = R"({
  "format_version": 1,
  "lineage": "l-1",
  "serial": 4,
  "instances": [
    {"address": "local_file.b[\"k\"]", "type": "local_file", "name": "b", "provider": "local",
     "schema_version": 1, "attributes": {"content": "x"}, "sensitive_paths": ["content"],
     "dependencies": ["local_file.a"], "status": "tainted"},
    {"address": "local_file.a", "type": "local_file", "name": "a", "provider": "local",
     "schema_version": 0, "attributes": {}, "sensitive_paths": [], "dependencies": [],
     "status": "ready"}
  ],
  "outputs": {"o": {"value": [1, 2], "sensitive": false}}
})";

TEST_CASE("a state document is read, sorted, and written back the same") {
  const Snapshot s = snapshot_from_json(kDocument);
  CHECK(s.lineage == "l-1");
  CHECK(s.serial == 4);
  REQUIRE(s.instances.size() == 2);
  CHECK(s.instances[0].address == "local_file.a");
  CHECK(s.instances[1].index_key_json == R"("k")");
  CHECK(s.instances[1].status == "tainted");
  CHECK(s.instances[1].sensitive_paths == std::vector<std::string>{"content"});
  REQUIRE(s.outputs.size() == 1);
  CHECK(s.outputs[0].value_json == "[1,2]");
  const Snapshot again = snapshot_from_json(snapshot_to_json(s));
  CHECK(snapshot_to_json(again) == snapshot_to_json(s));
}

TEST_CASE("a bad state document is refused, naming what is wrong") {
  const auto refuse = [](std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
  };
  CHECK_THROWS_WITH(snapshot_from_json("{"), "the file is not valid JSON");
  CHECK_THROWS_WITH(snapshot_from_json("[]"), "the file must hold a JSON object");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"format_version\": 1", "\"format_version\": 9")),
                    "format_version 9 is not 1, the one this infra reads");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"serial\": 4", "\"serial\": \"4\"")),
                    "\"serial\" must be an integer");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"type\": \"local_file\", \"name\": \"a\"",
                                              "\"name\": \"a\"")),
                    "instances[1]: \"type\" is missing");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"address\": \"local_file.a\"",
                                              "\"address\": \"local_file.c\"")),
                    "instances[1]: the address local_file.c does not agree with type "
                    "\"local_file\" and name \"a\"");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"address\": \"local_file.a\"",
                                              "\"address\": \"local_file..a\"")),
                    "instances[1]: \"local_file..a\" is not an instance address");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"status\": \"ready\"", "\"status\": \"odd\"")),
                    "instances[1]: \"status\" must be \"ready\" or \"tainted\", not \"odd\"");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "local_file.b[\\\"k\\\"]\", \"type\": \"local_file\", \"name\": \"b\"",
                                              "local_file.a\", \"type\": \"local_file\", \"name\": \"a\"")),
                    "the address local_file.a appears twice");
  CHECK_THROWS_WITH(snapshot_from_json(refuse(kDocument, "\"sensitive\": false", "\"sensitive\": 0")),
                    "outputs.o: \"sensitive\" must be true or false");
}

TEST_CASE("instance addresses are split into module path, type, name and key") {
  auto p = split_instance_address("module.app[\"eu\"].module.db[2].local_file.a[\"x\\\\y\"]");
  REQUIRE(p);
  CHECK(p->module == "module.app[\"eu\"].module.db[2]");
  CHECK(p->type == "local_file");
  CHECK(p->name == "a");
  CHECK(p->index_key_json == R"("x\\y")");
  p = split_instance_address("data.local_file.d");
  REQUIRE(p);
  CHECK(p->data);
  CHECK(p->index_key_json == "null");
  p = split_instance_address("module.m.data.t.n[10]");
  REQUIRE(p);
  CHECK(p->module == "module.m");
  CHECK(p->data);
  CHECK(p->index_key_json == "10");
  CHECK_FALSE(split_instance_address("local_file"));
  CHECK_FALSE(split_instance_address("local_file.a[01]"));
  CHECK_FALSE(split_instance_address("local_file.a[\"x]"));
  CHECK_FALSE(split_instance_address("module.app.local_file"));
  CHECK_FALSE(split_instance_address("local_file.a.b"));
}

}  // namespace
}  // namespace infra::state
