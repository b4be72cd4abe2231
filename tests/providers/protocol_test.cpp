// Tests of providers/protocol: schema lookups and JSON form, attribute paths, framing.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "providers/protocol/framing.hpp"
#include "providers/protocol/paths.hpp"
#include "providers/protocol/schema_json.hpp"

using namespace infra::providers;
using nlohmann::json;

TEST_CASE("protocol: schema round-trips through JSON and finds by name") {
  ProviderSchema schema;
  schema.config = {{.name = "region", .optional = true, .description = ""}};
  ResourceSchema file;
  file.type = "local_file";
  file.version = 2;
  file.description = "A file.";
  // Designated initialisers name `description` too: -Wmissing-field-initializers.
  file.attributes = {
      {.name = "filename", .required = true, .force_new = true, .description = ""},
      {.name = "id", .computed = true, .description = "Hash."},
      {.name = "tags", .type = "map(string)", .optional = true, .description = ""},
      {.name = "secret", .optional = true, .sensitive = true, .description = ""},
      {.name = "mode", .optional = true, .default_json = "\"0644\"", .description = ""}};
  schema.resources.emplace("local_file", file);

  json j = schema_to_json(schema);
  CHECK(j["resources"]["local_file"]["attributes"]["filename"] ==
        json({{"type", "string"}, {"required", true}, {"force_new", true}}));
  CHECK(j["provider"]["attributes"]["region"] == json({{"type", "string"}, {"optional", true}}));
  CHECK(j["resources"]["local_file"]["attributes"]["mode"] ==
        json({{"type", "string"}, {"optional", true}, {"default", "0644"}}));

  ProviderSchema back = schema_from_json(j);
  REQUIRE(back.find("local_file"));
  CHECK(back.find("nope") == nullptr);
  const ResourceSchema& r = *back.find("local_file");
  CHECK(r.type == "local_file");
  CHECK(r.version == 2);
  CHECK(r.description == "A file.");
  REQUIRE(r.attributes.size() == 5);
  CHECK(r.attributes[0].name == "filename");  // sorted by name
  REQUIRE(r.find("id"));
  CHECK(r.find("id")->computed);
  CHECK(r.find("id")->description == "Hash.");
  CHECK(r.find("tags")->type == "map(string)");
  CHECK(r.find("secret")->sensitive);
  CHECK(r.find("filename")->force_new);
  CHECK(r.find("mode")->default_json == "\"0644\"");
  CHECK(r.find("filename")->default_json.empty());
  CHECK(r.find("missing") == nullptr);
  CHECK(back.config.at(0).name == "region");
  CHECK(schema_to_json(back) == j);
}

TEST_CASE("protocol: malformed schemas are errors that say where") {
  auto error_of = [](const json& j) {
    try {
      schema_from_json(j);
    } catch (const SchemaError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of(json::array()) == "schema: expected an object");
  CHECK(error_of({{"resources", {{"x", {{"attributes", {{"a", {{"required", "yes"}}}}}}}}}}) ==
        "schema.resources.x.attributes.a.required: expected true or false");
  CHECK(error_of({{"resources", {{"x", {{"version", "1"}}}}}}) ==
        "schema.resources.x.version: expected an integer");
  json both = {{"required", true}, {"computed", true}};
  CHECK(error_of({{"resources", {{"x", {{"attributes", {{"a", both}}}}}}}}) ==
        "schema.resources.x.attributes.a: an attribute cannot be both required and "
        "optional/computed");
  json computed_default = {{"computed", true}, {"default", 1}};
  CHECK(error_of({{"resources", {{"x", {{"attributes", {{"a", computed_default}}}}}}}}) ==
        "schema.resources.x.attributes.a.default: only an optional attribute has a default");
}

TEST_CASE("protocol: nested block types round-trip through JSON") {
  ResourceSchema box;
  box.type = "fake_box";
  box.attributes = {{.name = "name", .required = true, .description = ""}};
  BlockType ports;
  ports.name = "ports";
  ports.max_items = 3;
  ports.description = "Published ports.";
  ports.attributes = {{.name = "internal", .type = "number", .required = true, .force_new = true,
                       .description = ""},
                      {.name = "id", .computed = true, .description = ""}};
  BlockType limit;
  limit.name = "limit";
  limit.nesting = Nesting::Single;
  limit.min_items = 1;
  limit.attributes = {{.name = "cpu", .type = "number", .optional = true, .sensitive = true,
                       .description = ""}};
  BlockType rule;
  rule.name = "rule";
  rule.nesting = Nesting::Set;
  rule.blocks = {limit};
  box.blocks = {ports, rule};
  ProviderSchema schema;
  schema.resources.emplace("fake_box", box);
  schema.data_sources.emplace("fake_box", box);
  schema.config_blocks = {limit};

  json j = schema_to_json(schema);
  CHECK(j["resources"]["fake_box"]["blocks"]["ports"] ==
        json::parse(R"({"nesting": "list", "max_items": 3, "description": "Published ports.",
                        "attributes": {"internal": {"type": "number", "required": true, "force_new": true},
                                       "id": {"type": "string", "computed": true}}})"));
  CHECK(j["resources"]["fake_box"]["blocks"]["rule"]["blocks"]["limit"] ==
        json::parse(R"({"nesting": "single", "min_items": 1,
                        "attributes": {"cpu": {"type": "number", "optional": true, "sensitive": true}}})"));

  const ProviderSchema back = schema_from_json(j);
  CHECK(schema_to_json(back) == j);
  for (const ResourceSchema* r : {back.find("fake_box"), back.find_data_source("fake_box")}) {
    REQUIRE(r != nullptr);
    REQUIRE(r->find_block("ports"));
    CHECK(r->find_block("ports")->max_items == 3);
    CHECK(r->find_block("ports")->find("internal")->force_new);
    CHECK(r->find_block("rule")->nesting == Nesting::Set);
    const BlockType* l = r->find_block("rule")->find_block("limit");
    REQUIRE(l);
    CHECK(l->nesting == Nesting::Single);
    CHECK(l->min_items == 1);
    CHECK(l->find("cpu")->sensitive);
    CHECK(r->find_block("name") == nullptr);
  }
  REQUIRE(back.config_blocks.size() == 1);
  CHECK(back.config_blocks[0].name == "limit");
  CHECK(j["provider"]["blocks"]["limit"]["nesting"] == "single");
  // A schema without blocks says nothing of them: what protocol 1 always sent.
  ResourceSchema plain;
  plain.attributes = box.attributes;
  CHECK_FALSE(resource_schema_to_json(plain).contains("blocks"));
}

TEST_CASE("protocol: malformed block types are errors that say where") {
  auto error_of = [](const json& blocks) {
    try {
      schema_from_json({{"resources", {{"x", {{"attributes", {{"a", json::object()}}}, {"blocks", blocks}}}}}});
    } catch (const SchemaError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error_of({{"b", {{"nesting", "map"}}}}) ==
        "schema.resources.x.blocks.b.nesting: expected \"list\", \"set\" or \"single\", got \"map\"");
  CHECK(error_of({{"b", {{"min_items", -1}}}}) ==
        "schema.resources.x.blocks.b.min_items: expected a count from 0 to 1000000");
  CHECK(error_of({{"b", {{"max_items", "2"}}}}) ==
        "schema.resources.x.blocks.b.max_items: expected a count from 0 to 1000000");
  CHECK(error_of({{"b", {{"min_items", 3}, {"max_items", 2}}}}) ==
        "schema.resources.x.blocks.b: min_items is greater than max_items");
  CHECK(error_of({{"b", {{"nesting", "single"}, {"max_items", 2}}}}) ==
        "schema.resources.x.blocks.b: a single block type takes at most one block");
  CHECK(error_of({{"a", json::object()}}) ==
        "schema.resources.x.blocks.a: an attribute of the same name exists");
  CHECK(error_of({{"b", 1}}) == "schema.resources.x.blocks.b: expected an object");
  CHECK(error_of({{"b", {{"blocks", {{"c", {{"attributes", {{"d", {{"optional", 1}}}}}}}}}}}}) ==
        "schema.resources.x.blocks.b.blocks.c.attributes.d.optional: expected true or false");
  CHECK(error_of(json::array()) == "schema.resources.x.blocks: expected an object");
  CHECK(error_of({{"b", json::object()}}) == "no error");  // a list block by default
}

TEST_CASE("protocol: attribute paths convert and print") {
  json j = {"rule", 0, "port"};
  AttributePath p = path_from_json(j);
  REQUIRE(p.size() == 3);
  CHECK(std::get<std::string>(p[0]) == "rule");
  CHECK(std::get<std::int64_t>(p[1]) == 0);
  CHECK(path_to_json(p) == j);
  CHECK(to_string(p) == "rule[0].port");
  CHECK(to_string(path_from_json({"tags", "a b"})) == "tags[\"a b\"]");
  CHECK_THROWS_AS(path_from_json({"a", -1}), std::invalid_argument);
  CHECK_THROWS_AS(path_from_json("a"), std::invalid_argument);

  json value = {{"rule", {{{"port", 80}}}}};
  REQUIRE(find_at_path(value, j));
  CHECK(*find_at_path(value, j) == 80);
  CHECK(find_at_path(value, {"rule", 1}) == nullptr);
  CHECK(find_at_path(value, {"nope"}) == nullptr);

  json unknown;
  add_path(unknown, {"id"});
  add_path(unknown, {"id"});
  add_path(unknown, {"rule", 0});
  CHECK(unknown == json::array({json::array({"id"}), json::array({"rule", 0})}));
  CHECK(has_path(unknown, {"rule", 0}));
  remove_path(unknown, {"id"});
  CHECK(unknown == json::array({json::array({"rule", 0})}));
}

TEST_CASE("protocol: LineBuffer splits a stream fed in pieces") {
  LineBuffer lines;
  lines.feed("{\"id\":1}\n{\"id\"");
  CHECK(lines.next_line() == "{\"id\":1}");
  CHECK(lines.next_line() == std::nullopt);
  CHECK(lines.pending_size() == 5);
  lines.feed(":2}\n\ntail");
  CHECK(lines.next_line() == "{\"id\":2}");
  CHECK(lines.next_line() == "");
  CHECK(lines.next_line() == std::nullopt);
  CHECK(lines.take_rest() == "tail");
  CHECK(lines.pending_size() == 0);
}

TEST_CASE("a resource type that checks nothing beyond its schema says so, and the default is true") {
  using infra::providers::schema_from_json;
  using infra::providers::schema_to_json;
  infra::providers::ProviderSchema schema;
  schema.name = "x";
  infra::providers::ResourceSchema plain;
  plain.type = "x_plain";
  plain.validates = false;
  infra::providers::ResourceSchema checked;
  checked.type = "x_checked";
  schema.resources.emplace(plain.type, plain);
  schema.resources.emplace(checked.type, checked);
  const auto json = schema_to_json(schema);
  CHECK(json["resources"]["x_plain"]["validates"] == false);
  CHECK_FALSE(json["resources"]["x_checked"].contains("validates"));
  const auto back = schema_from_json(json);
  CHECK_FALSE(back.resources.at("x_plain").validates);
  CHECK(back.resources.at("x_checked").validates);
  auto bad = json;
  bad["resources"]["x_plain"]["validates"] = "no";
  CHECK_THROWS_WITH(schema_from_json(bad), Catch::Contains("schema.resources.x_plain.validates: expected true or false"));
}
