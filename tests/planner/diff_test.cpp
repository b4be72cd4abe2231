// Tests of planner/conform.cpp (conform_config) and planner/schema_values.cpp: nested
// blocks checked against the schema with each error at its place, and the values planning
// keeps from the prior object.
#include <catch2/catch.hpp>

#include <map>

#include <nlohmann/json.hpp>

#include "lang/ast.hpp"
#include "lang/eval.hpp"
#include "planner/diff.hpp"
#include "planner/schema_values.hpp"

using infra::lang::Value;
using infra::providers::Attribute;
using infra::providers::BlockType;
using infra::providers::Nesting;
using infra::providers::ResourceSchema;
using namespace infra::planner;

namespace {

Attribute attribute(const char* name, const char* type, bool required) {
  return {.name = name, .type = type, .required = required, .optional = !required, .description = ""};
}

Attribute computed(const char* name) {
  return {.name = name, .computed = true, .description = ""};
}

BlockType block(const char* name, Nesting nesting, std::vector<Attribute> attributes) {
  BlockType b;
  b.name = name;
  b.nesting = nesting;
  b.attributes = std::move(attributes);
  return b;
}

// fake_box: `ports` (list, at most 2), `rule` (set, at least 1), `settings` (single, with a
// nested `limit` list).
ResourceSchema box_schema() {
  ResourceSchema s;
  s.type = "fake_box";
  s.attributes = {attribute("name", "string", true), attribute("tags", "map(string)", false),
                  computed("id")};
  BlockType ports = block("ports", Nesting::List,
                          {attribute("internal", "number", true),
                           attribute("external", "number", false), computed("id")});
  ports.attributes[0].force_new = true;
  ports.max_items = 2;
  Attribute token = attribute("token", "string", false);
  token.sensitive = true;
  BlockType rule = block("rule", Nesting::Set,
                         {attribute("cidr", "string", true), attribute("action", "string", false), token});
  rule.min_items = 1;
  BlockType settings = block("settings", Nesting::Single, {attribute("mode", "string", false)});
  settings.blocks = {block("limit", Nesting::List, {attribute("cpu", "number", true)})};
  s.blocks = {ports, rule, settings};
  return s;
}

// `var.NAME` as given; an absent name is unknown.
class Vars : public infra::lang::Scope {
 public:
  explicit Vars(std::map<std::string, Value> values) : values_(std::move(values)) {}
  std::optional<Value> resolve(std::string_view, std::string_view name,
                               const infra::lang::SourceRange&,
                               infra::lang::Diagnostics&) const override {
    auto it = values_.find(std::string(name));
    return it == values_.end() ? Value::unknown() : it->second;
  }

 private:
  std::map<std::string, Value> values_;
};

struct Conformed {
  std::optional<Value> value;
  std::vector<std::string> errors;  // "LINE:COLUMN: summary: detail"
};

// Conforms the first resource of `text` (a body inside `resource "fake_box" "a" {`, which
// is line 1) to `schema`.
Conformed conform(const std::string& body, const ResourceSchema& schema = box_schema(),
                  std::map<std::string, Value> vars = {}) {
  infra::lang::Module m;
  infra::lang::Diagnostics diags;
  infra::lang::parse_into(m, "main.infra", "resource \"fake_box\" \"a\" {\n" + body + "}\n", diags);
  REQUIRE_FALSE(diags.has_errors());
  REQUIRE(m.resources.size() == 1);
  const infra::lang::Resource& r = m.resources[0];
  const Value config = infra::lang::evaluate_body(*r.body, Vars(std::move(vars)), nullptr, diags);
  REQUIRE_FALSE(diags.has_errors());
  Conformed out;
  out.value = conform_config(r, schema, config, diags);
  for (const auto& d : diags.items()) {
    REQUIRE(d.range);
    out.errors.push_back(std::to_string(d.range->begin.line) + ":" +
                         std::to_string(d.range->begin.column) + ": " + d.summary + ": " + d.detail);
  }
  return out;
}

using Errors = std::vector<std::string>;

const Value& at(const Value& v, const std::string& name) { return v.as_object().at(name); }

}  // namespace

TEST_CASE("conform: blocks become lists of objects, a single block an object or null") {
  const Conformed c = conform(R"(  name = "a"
  ports {
    internal = "80"
  }
  ports {
    internal = 443
    external = 8443
  }
  rule {
    cidr  = "10.0.0.0/8"
    token = "t"
  }
  rule {
    cidr = "0.0.0.0/0"
  }
  rule {
    cidr = "0.0.0.0/0"
  }
  settings {
    limit {
      cpu = 2
    }
  }
)");
  INFO(Catch::Detail::stringify(c.errors));
  REQUIRE(c.value);
  const Value& ports = at(*c.value, "ports");
  REQUIRE(ports.as_list().size() == 2);
  CHECK(at(ports.as_list()[0], "internal") == Value::number(80));  // converted to a number
  CHECK(at(ports.as_list()[0], "external").is_null());
  CHECK(at(ports.as_list()[0], "id").is_null());
  CHECK(at(ports.as_list()[1], "external") == Value::number(8443));
  // A set: one order whatever the source order, equal blocks once.
  const Value& rules = at(*c.value, "rule");
  REQUIRE(rules.as_list().size() == 2);
  CHECK(at(rules.as_list()[0], "cidr") == Value::string("0.0.0.0/0"));
  CHECK(at(rules.as_list()[1], "token").is_sensitive());
  CHECK_FALSE(at(rules.as_list()[0], "token").is_sensitive());  // unset: nothing to hide
  CHECK_FALSE(at(rules.as_list()[1], "cidr").is_sensitive());
  const Value& settings = at(*c.value, "settings");
  CHECK(at(settings, "mode").is_null());
  CHECK(at(at(settings, "limit").as_list()[0], "cpu") == Value::number(2));

  const Conformed none = conform("  name = \"a\"\n  rule {\n    cidr = \"x\"\n  }\n");
  REQUIRE(none.value);
  CHECK(at(*none.value, "ports") == Value::list({}));
  CHECK(at(*none.value, "settings").is_null());
}

TEST_CASE("conform: each error inside a block is at its place") {
  const std::string rule = "  rule {\n    cidr = \"x\"\n  }\n";
  SECTION("an unknown argument") {
    CHECK(conform("  name = \"a\"\n" + rule + "  ports {\n    internal = 1\n    extrnal = 2\n  }\n").errors ==
          Errors{"8:5: Unsupported argument: An argument named \"extrnal\" is not expected here: "
                 "block type \"ports\" has no such attribute."});
  }
  SECTION("a missing required argument, at the block") {
    CHECK(conform("  name = \"a\"\n" + rule + "  ports {\n    external = 2\n  }\n").errors ==
          Errors{"6:3: Missing required argument: The argument \"internal\" is required by block "
                 "type \"ports\", but no definition was found."});
  }
  SECTION("a computed-only argument set") {
    CHECK(conform("  name = \"a\"\n" + rule + "  ports {\n    internal = 1\n    id = \"p\"\n  }\n").errors ==
          Errors{"8:5: Invalid argument \"id\": \"id\" is computed by the provider and cannot be set."});
  }
  SECTION("a value of the wrong type") {
    CHECK(conform("  name = \"a\"\n" + rule + "  ports {\n    internal = [1]\n  }\n").errors ==
          Errors{"7:5: Inappropriate value for attribute \"internal\": a number is required, got list."});
  }
  SECTION("an unsupported block type, at the top and inside blocks") {
    CHECK(conform("  name = \"a\"\n" + rule + "  volume {\n  }\n  settings {\n    limits {\n    }\n  }\n"
                  "  ports {\n    internal = 1\n    x {\n    }\n  }\n").errors ==
          Errors{"6:3: Unsupported block type: Blocks of type \"volume\" are not expected here: "
                 "resource type \"fake_box\" has no block type of that name.",
                 "9:5: Unsupported block type: Blocks of type \"limits\" are not expected here: "
                 "block type \"settings\" has no block type of that name.",
                 "14:5: Unsupported block type: Blocks of type \"x\" are not expected here: block "
                 "type \"ports\" has no nested blocks."});
  }
  SECTION("an argument for a block type, a block for an argument") {
    CHECK(conform("  name = \"a\"\n" + rule + "  ports = []\n  tags {\n  }\n").errors ==
          Errors{"6:3: Unsupported argument: An argument named \"ports\" is not expected here. Did "
                 "you mean to define a block of type \"ports\"?",
                 "7:3: Unsupported block type: Blocks of type \"tags\" are not expected here. Did "
                 "you mean to define argument \"tags\"?"});
  }
  SECTION("too few blocks, at the body that needs them") {
    CHECK(conform("  name = \"a\"\n").errors ==
          Errors{"1:1: Insufficient rule blocks: At least 1 \"rule\" block is required by "
                 "resource type \"fake_box\"."});
    CHECK(conform("  name = \"a\"\n" + rule + "  settings {\n    limit {\n    }\n  }\n").errors ==
          Errors{"7:5: Missing required argument: The argument \"cpu\" is required by block type "
                 "\"limit\", but no definition was found."});
  }
  SECTION("too many blocks, at the first one too many") {
    CHECK(conform("  name = \"a\"\n" + rule +
                  "  ports {\n    internal = 1\n  }\n  ports {\n    internal = 2\n  }\n"
                  "  ports {\n    internal = 3\n  }\n").errors ==
          Errors{"12:3: Too many ports blocks: No more than 2 \"ports\" blocks are allowed in "
                 "resource type \"fake_box\"."});
  }
  SECTION("a second single block") {
    CHECK(conform("  name = \"a\"\n" + rule + "  settings {\n  }\n  settings {\n  }\n").errors ==
          Errors{"8:3: Duplicate settings block: Only one \"settings\" block is allowed: block "
                 "type \"settings\" takes a single block."});
  }
  SECTION("a resource type without blocks says so, as before") {
    ResourceSchema plain = box_schema();
    plain.blocks.clear();
    CHECK(conform("  name = \"a\"\n" + rule, plain).errors ==
          Errors{"3:3: Unsupported block type: Blocks of type \"rule\" are not expected here: "
                 "resource type \"fake_box\" has no nested blocks."});
  }
}

TEST_CASE("conform: dynamic blocks") {
  const std::string rule = "  rule {\n    cidr = \"x\"\n  }\n";
  const std::string dynamic_ports = R"(  dynamic "ports" {
    for_each = var.ports
    content {
      internal = ports.value
    }
  }
)";
  SECTION("make blocks like written ones") {
    const Conformed c = conform("  name = \"a\"\n" + rule + dynamic_ports, box_schema(),
                                {{"ports", Value::list({Value::number(80), Value::number(443)})}});
    REQUIRE(c.value);
    REQUIRE(at(*c.value, "ports").as_list().size() == 2);
    CHECK(at(at(*c.value, "ports").as_list()[1], "internal") == Value::number(443));
  }
  SECTION("with an unknown for_each make an unknown list, which is accepted") {
    const Conformed c = conform("  name = \"a\"\n" + rule + dynamic_ports);
    CHECK(c.errors.empty());
    REQUIRE(c.value);
    CHECK(at(*c.value, "ports").is_unknown());
  }
  SECTION("report a wrong value once, at the content's attribute") {
    CHECK(conform("  name = \"a\"\n" + rule + dynamic_ports, box_schema(),
                  {{"ports", Value::list({Value::list({}), Value::list({})})}})
              .errors == Errors{"9:7: Inappropriate value for attribute \"internal\": a number is "
                                "required, got list."});
  }
  SECTION("report too many blocks at the dynamic block's type") {
    CHECK(conform("  name = \"a\"\n" + rule + dynamic_ports, box_schema(),
                  {{"ports", Value::list({Value::number(1), Value::number(2), Value::number(3)})}})
              .errors == Errors{"6:11: Too many ports blocks: No more than 2 \"ports\" blocks are "
                                "allowed in resource type \"fake_box\"."});
  }
  SECTION("check the names in their content, known for_each or not") {
    CHECK(conform("  name = \"a\"\n" + rule +
                  "  dynamic \"ports\" {\n    for_each = var.ports\n    content {\n      port = 1\n    }\n  }\n")
              .errors ==
          Errors{"9:7: Unsupported argument: An argument named \"port\" is not expected here: block "
                 "type \"ports\" has no such attribute.",
                 "8:5: Missing required argument: The argument \"internal\" is required by block "
                 "type \"ports\", but no definition was found."});
    CHECK(conform("  name = \"a\"\n" + rule +
                  "  dynamic \"volume\" {\n    for_each = []\n    content {\n    }\n  }\n")
              .errors == Errors{"6:11: Unsupported block type: Blocks of type \"volume\" are not "
                                "expected here: resource type \"fake_box\" has no block type of "
                                "that name."});
  }
  SECTION("make at most one single block") {
    CHECK(conform("  name = \"a\"\n" + rule +
                      "  dynamic \"settings\" {\n    for_each = var.modes\n    content {\n"
                      "      mode = settings.value\n    }\n  }\n",
                  box_schema(), {{"modes", Value::list({Value::string("a"), Value::string("b")})}})
              .errors == Errors{"6:11: Duplicate settings block: Only one \"settings\" block is "
                                "allowed: block type \"settings\" takes a single block."});
  }
}

TEST_CASE("conform: the JSON form's arrays of objects are blocks, checked at the property") {
  const auto errors_of = [](const std::string& properties) {
    infra::lang::Module m;
    infra::lang::Diagnostics diags;
    infra::lang::parse_into(m, "main.infra.json",
                            "{\"resource\": {\"fake_box\": {\"a\": {\n\"name\": \"a\",\n" +
                                properties + "\n}}}}\n",
                            diags);
    REQUIRE_FALSE(diags.has_errors());
    const infra::lang::Resource& r = m.resources.at(0);
    const Value config = infra::lang::evaluate_body(*r.body, Vars({}), nullptr, diags);
    const auto value = conform_config(r, box_schema(), config, diags);
    Errors out;
    for (const auto& d : diags.items()) {
      out.push_back(std::to_string(d.range->begin.line) + ":" +
                    std::to_string(d.range->begin.column) + ": " + d.summary + ": " + d.detail);
    }
    CHECK(value.has_value() == out.empty());
    return out;
  };
  CHECK(errors_of(R"("rule": [{"cidr": "x"}], "settings": {"mode": "m"}, "ports": [{"internal": 1}])")
            .empty());
  CHECK(errors_of(R"("rule": [{"cidr": "x", "id": "y"}, 7])") ==
        Errors{"3:2: Unsupported argument: An argument named \"id\" is not expected here: block "
               "type \"rule\" has no such attribute.",
               "3:2: Inappropriate value for attribute \"rule\": a list of objects is required, "
               "got an element of type number."});
  CHECK(errors_of(R"("rule": [{"cidr": "x"}], "ports": [{"internal": 1, "id": "p"}])") ==
        Errors{"3:27: Invalid argument \"id\": \"id\" is computed by the provider and cannot be "
               "set."});
  CHECK(errors_of(R"("rule": {"cidr": "x"})") ==
        Errors{"3:2: Inappropriate value for attribute \"rule\": a list of objects is required, "
               "got object."});
}

TEST_CASE("conform: ignore_changes paths are checked against the schema at their place") {
  const Conformed ok = conform(R"(  name = "a"
  rule {
    cidr = "x"
  }
  lifecycle {
    ignore_changes = [tags["env"], ports[0].external, settings.mode, settings.limit[1].cpu, rule, "name"]
  }
)");
  CHECK(ok.errors.empty());
  const Conformed bad = conform(R"(  name = "a"
  rule {
    cidr = "x"
  }
  lifecycle {
    ignore_changes = [nme, ports[0].extrnal, ports.external, rule[0].cidr,
                      settings[0].mode, ports[0][1]]
  }
)");
  CHECK(bad.errors ==
        Errors{"7:23: Invalid lifecycle.ignore_changes: ignore_changes names \"nme\", but resource "
               "type \"fake_box\" has no such attribute.",
               "7:28: Invalid lifecycle.ignore_changes: ignore_changes names \"ports[0].extrnal\", "
               "but block type \"ports\" has no attribute \"extrnal\".",
               "7:46: Invalid lifecycle.ignore_changes: ignore_changes names \"ports.external\", "
               "but \"ports\" is a list of blocks: name one by its index, like ports[0].internal.",
               "7:62: Invalid lifecycle.ignore_changes: ignore_changes names \"rule[0].cidr\", but "
               "\"rule\" is a set of blocks, whose elements have no index: ignore_changes can name "
               "the whole set only.",
               "8:23: Invalid lifecycle.ignore_changes: ignore_changes names \"settings[0].mode\", "
               "but \"settings\" is a single block: name its attributes without an index, like "
               "settings.mode.",
               "8:41: Invalid lifecycle.ignore_changes: ignore_changes names \"ports[0][1]\", but a "
               "block has no index of its own: name one of its attributes."});
}

TEST_CASE("schema values: computed values kept from the prior object, block by block") {
  const ResourceSchema schema = box_schema();
  const auto port = [](int internal, Value id) {
    return Value::object({{"external", Value::null()}, {"id", std::move(id)},
                          {"internal", Value::number(internal)}});
  };
  const auto rule = [](const char* cidr) {
    return Value::object({{"action", Value::null()}, {"cidr", Value::string(cidr)},
                          {"token", Value::null()}});
  };
  const auto box = [](Value id, Value ports, Value rules) {
    return Value::object({{"id", std::move(id)}, {"name", Value::string("a")},
                          {"ports", std::move(ports)}, {"rule", std::move(rules)},
                          {"settings", Value::null()}, {"tags", Value::null()}});
  };
  Value prior_rule_a = rule("a");
  prior_rule_a.as_object()["action"] = Value::string("allow");
  const Value prior = box(Value::string("box"),
                          Value::list({port(80, Value::string("p80")), port(443, Value::string("p443"))}),
                          Value::list({prior_rule_a, rule("b")}));
  // A changed port keeps its index's id; a third one has none to keep.
  Value proposed = box(Value::null(),
                       Value::list({port(81, Value::null()), port(443, Value::null()), port(8, Value::null())}),
                       Value::list({rule("a")}));
  keep_computed(proposed, prior, schema);
  CHECK(at(proposed, "id") == Value::string("box"));
  const auto& ports = at(proposed, "ports").as_list();
  CHECK(at(ports[0], "id") == Value::string("p80"));
  CHECK(at(ports[1], "id") == Value::string("p443"));
  CHECK(at(ports[2], "id").is_null());
  // A set element takes only computed values, from a prior element equal in all the rest.
  CHECK(at(at(proposed, "rule").as_list()[0], "action").is_null());
}

TEST_CASE("schema values: keep_prior_at keeps an ignored path's prior value") {
  const ResourceSchema schema = box_schema();
  const auto tags = [](Value::Object members) { return Value::object(std::move(members)); };
  const auto object = [&](Value t, int external) {
    return Value::object(
        {{"tags", std::move(t)},
         {"ports", Value::list({Value::object({{"external", Value::number(external)},
                                                {"internal", Value::number(80)}})})}});
  };
  const Value prior = object(tags({{"env", Value::string("prod")}}), 8080);
  Value proposed = object(tags({{"env", Value::string("dev")}, {"team", Value::string("x")}}), 9090);
  keep_prior_at(proposed, prior, {std::string("tags"), std::string("env")}, schema);
  keep_prior_at(proposed, prior, {std::string("tags"), std::string("team")}, schema);
  keep_prior_at(proposed, prior, {std::string("ports"), std::int64_t{0}, std::string("external")}, schema);
  CHECK(at(proposed, "tags") == tags({{"env", Value::string("prod")}}));
  CHECK(at(at(proposed, "ports").as_list()[0], "external") == Value::number(8080));
  // A path the prior object does not reach leaves the configuration alone.
  keep_prior_at(proposed, prior, {std::string("ports"), std::int64_t{3}, std::string("external")}, schema);
  keep_prior_at(proposed, prior, {std::string("name")}, schema);
  CHECK(proposed.as_object().count("name") == 0);
  CHECK(at(proposed, "ports").as_list().size() == 1);
}

TEST_CASE("schema values: sensitive attributes inside blocks are marked") {
  Value v = Value::object(
      {{"rule", Value::list({Value::object({{"cidr", Value::string("x")}, {"token", Value::string("t")}}),
                             Value::object({{"cidr", Value::string("y")}, {"token", Value::null()}})})},
       {"settings", Value::null()}});
  v = mark_schema_sensitive(std::move(v), box_schema());
  const Value& r = at(v, "rule").as_list()[0];
  CHECK(at(r, "token").is_sensitive());
  CHECK_FALSE(at(r, "cidr").is_sensitive());
  CHECK_FALSE(at(v, "rule").is_sensitive());
  CHECK_FALSE(at(at(v, "rule").as_list()[1], "token").is_sensitive());
  const auto shapes = block_shapes(box_schema());
  REQUIRE(shapes.size() == 3);
  CHECK(shapes[2].name == "settings");
  CHECK(shapes[2].blocks.at(0).name == "limit");
}

TEST_CASE("conform: a required argument set to null is missing, at its place") {
  auto c = conform("  name = null\n  rule {\n    cidr = \"10.0.0.0/8\"\n  }\n");
  CHECK_FALSE(c.value);
  CHECK(c.errors == Errors{"2:3: Missing required argument: The argument \"name\" is required "
                           "by resource type \"fake_box\", but its value is null."});
}

namespace {

// A provider whose `plan` returns the proposed state and which counts its requests.
class CountingPlugin : public infra::providers::Plugin {
 public:
  explicit CountingPlugin(ResourceSchema schema) {
    schema_.name = "fake";
    schema_.resources.emplace(schema.type, std::move(schema));
  }
  const infra::providers::ProviderSchema& schema() const override { return schema_; }
  nlohmann::json call(std::string_view method, const nlohmann::json& params) override {
    ++calls[std::string(method)];
    if (method == "plan") return {{"planned_state", params.at("proposed_state")}};
    return {{"diagnostics", nlohmann::json::array()}};
  }
  void shutdown() override {}
  std::map<std::string, int> calls;

 private:
  infra::providers::ProviderSchema schema_;
};

}  // namespace

TEST_CASE("plan_resource asks for validate only when the resource type has rules of its own") {
  ResourceSchema schema;
  schema.type = "fake_thing";
  schema.attributes = {attribute("name", "string", true)};
  infra::lang::Module m;
  infra::lang::Diagnostics diags;
  infra::lang::parse_into(m, "main.infra", "resource \"fake_thing\" \"a\" {\n  name = \"a\"\n}\n", diags);
  REQUIRE(m.resources.size() == 1);
  const auto& r = m.resources[0];
  const Value config = Value::object({{"name", Value::string("a")}});
  for (bool validates : {true, false}) {
    schema.validates = validates;
    CountingPlugin plugin(schema);
    auto change = plan_resource(r, schema, config, Value::null(), false, plugin, diags);
    REQUIRE(change);
    CHECK(change->action == Action::Create);
    CHECK(plugin.calls["plan"] == 1);
    CHECK(plugin.calls["validate"] == (validates ? 1 : 0));
  }
}
