// Tests of planner/generate_config.cpp: the resource block written for an adopted object.
#include <catch2/catch.hpp>

#include "planner/generate_config.hpp"

using infra::lang::Value;
using infra::providers::Attribute;
using infra::providers::BlockType;
using infra::providers::Nesting;
using infra::providers::ResourceSchema;

TEST_CASE("generated resource blocks: settable arguments, blocks, sensitive ones left null") {
  ResourceSchema schema;
  schema.type = "fake_box";
  Attribute name{.name = "name", .required = true, .description = ""};
  Attribute note{.name = "note", .optional = true, .description = ""};
  Attribute id{.name = "id", .computed = true, .description = ""};
  Attribute token{.name = "token", .optional = true, .sensitive = true, .description = ""};
  Attribute size{.name = "size", .type = "number", .optional = true, .computed = true, .description = ""};
  schema.attributes = {name, note, id, token, size};
  BlockType ports;
  ports.name = "ports";
  ports.nesting = Nesting::List;
  ports.attributes = {Attribute{.name = "internal", .type = "number", .required = true, .description = ""},
                      Attribute{.name = "id", .computed = true, .description = ""}};
  schema.blocks = {ports};
  const Value object = Value::object({
      {"name", Value::string("web ${x}")},
      {"note", Value::null()},
      {"id", Value::string("b-1")},
      {"token", Value::string("s3cret").marked_sensitive()},
      {"size", Value::number(3)},
      {"ports", Value::list({Value::object({{"internal", Value::number(80)}, {"id", Value::string("p")}}),
                             Value::object({{"internal", Value::number(443)}, {"id", Value::string("q")}})})},
  });
  const std::string text = infra::planner::resource_block_text(schema, "web", object);
  CHECK(text ==
        "resource \"fake_box\" \"web\" {\n"
        "  name = \"web $${x}\"\n"
        "  token = null # sensitive: set it\n"
        "  size = 3\n"
        "  ports {\n"
        "    internal = 80\n"
        "  }\n"
        "  ports {\n"
        "    internal = 443\n"
        "  }\n"
        "}\n");
  CHECK(text.find("s3cret") == std::string::npos);
}
