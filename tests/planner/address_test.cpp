// Tests of planner/address.cpp and planner/expansion.cpp: instance addresses written and
// read back; count and for_each turned into instances, with their errors.
#include <catch2/catch.hpp>

#include "lang/parser.hpp"
#include "planner/address.hpp"
#include "planner/expansion.hpp"
#include "planner/module_eval.hpp"

using namespace infra;
using planner::InstanceKey;

TEST_CASE("instance addresses are written and read back") {
  for (const std::string text :
       {"local_file.a", "local_file.a[0]", "local_file.a[\"k\"]", "data.local_file.b[12]",
        "module.app.local_file.a", "module.app[\"eu\"].module.db[3].data.x_y.z[\"q\\\"uote\"]"}) {
    auto parsed = planner::parse_instance_address(text);
    INFO(text);
    REQUIRE(parsed);
    CHECK(parsed->str() == text);
  }
  auto a = planner::parse_instance_address("module.app[\"eu\"].module.db[3].local_file.a[\"k\"]");
  REQUIRE(a);
  CHECK(a->module_address() == "module.app[\"eu\"].module.db[3]");
  CHECK(a->module_path() == "module.app.module.db");
  CHECK(a->resource() == "local_file.a");
  CHECK(a->config_address() == "module.app.module.db.local_file.a");
  CHECK(a->key == InstanceKey::of_name("k"));
  CHECK(InstanceKey::of_name("a\"b\\c").suffix() == "[\"a\\\"b\\\\c\"]");
}

TEST_CASE("malformed instance addresses are refused") {
  for (const std::string text : {"", "local_file", "local_file.", "local_file.a[", "local_file.a[-1]",
                                 "local_file.a[\"k\"", "module.app", "module.app[0]local_file.a",
                                 "local_file.a[0]x", "1abc.d", "local_file.a#deposed"}) {
    INFO(text);
    CHECK_FALSE(planner::parse_instance_address(text));
  }
}

namespace {

struct Expanded {
  lang::SourceFiles files;
  lang::Diagnostics diags;
  std::optional<std::vector<planner::Instance>> instances;
};

Expanded expand(const std::string& meta, const std::string& text) {
  Expanded out;
  out.files["x.infra"] = text;
  lang::ExprPtr e = lang::parse_expression("x.infra", out.files["x.infra"], out.diags);
  REQUIRE(e);
  planner::ModuleValues values;
  values.set_variable("later", lang::Value::unknown());  // known only after apply
  planner::ModuleScope scope(values);
  out.instances = planner::expand(meta == "count" ? e : nullptr, meta == "for_each" ? e : nullptr,
                                  "resource \"t\" \"n\"", scope, planner::functions(), out.diags);
  return out;
}

}  // namespace

TEST_CASE("count gives indexes, for_each keys in order with each.value") {
  auto counted = expand("count", "3");
  REQUIRE(counted.instances);
  REQUIRE(counted.instances->size() == 3);
  CHECK((*counted.instances)[2].key == InstanceKey::of_index(2));
  CHECK(expand("count", "\"2\"").instances->size() == 2);
  CHECK(expand("count", "0").instances->empty());

  auto map = expand("for_each", "{ b = 2, a = 1 }");
  REQUIRE(map.instances);
  REQUIRE(map.instances->size() == 2);
  CHECK((*map.instances)[0].key == InstanceKey::of_name("a"));
  CHECK((*map.instances)[0].each_value.as_number().to_int64() == 1);
  auto set = expand("for_each", "toset([\"y\", \"x\"])");
  REQUIRE(set.instances);
  CHECK((*set.instances)[0].key == InstanceKey::of_name("x"));
  CHECK((*set.instances)[0].each_value.as_string() == "x");
  auto none = planner::expand(nullptr, nullptr, "x", planner::ModuleScope(planner::ModuleValues()),
                              planner::functions(), counted.diags);
  REQUIRE(none);
  CHECK(none->size() == 1);
  CHECK(none->front().key.kind == InstanceKey::Kind::None);
}

TEST_CASE("count and for_each values that name no instances are errors") {
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {"count", "-1", "must be a whole number, 0 or more; it is -1"},
      {"count", "2.5", "it is 2.5"},
      {"count", "\"many\"", "it is \"many\""},
      {"count", "null", "is null"},
      {"count", "var.later", "cannot be known until apply"},
      {"count", "20000000", "at most 10000000 instances"},
      {"for_each", "[\"a\", \"a\"]", "has \"a\" twice"},
      {"for_each", "[1, 2]", "has an element that is a number"},
      {"for_each", "[null]", "has an element that is null"},
      {"for_each", "\"a\"", "must be a map, or a set of strings; it is a string"},
      {"for_each", "null", "it is null"},
      {"for_each", "sensitive({ a = 1 })", "is sensitive"},
      {"for_each", "[sensitive(\"a\")]", "has sensitive elements"},
      {"for_each", "[var.later]", "cannot be known until apply"},
      {"for_each", "var.later", "cannot be known until apply"},
  };
  for (const auto& [meta, text, message] : cases) {
    auto e = expand(meta, text);
    INFO(meta << " = " << text << "\n" << lang::render(e.diags, e.files));
    CHECK_FALSE(e.instances);
    CHECK(e.diags.has_errors());
    CHECK(lang::render(e.diags, e.files).find(message) != std::string::npos);
    CHECK(lang::render(e.diags, e.files).find("x.infra:1:1") != std::string::npos);
  }
}

TEST_CASE("collected instances are a value, a list by index or an object by key") {
  using lang::Value;
  const std::vector<std::pair<InstanceKey, Value>> one = {{InstanceKey{}, Value::string("v")}};
  CHECK(planner::collect_instances(planner::Repetition::None, one).as_string() == "v");
  const std::vector<std::pair<InstanceKey, Value>> two = {
      {InstanceKey::of_index(0), Value::string("a")}, {InstanceKey::of_index(1), Value::string("b")}};
  CHECK(planner::collect_instances(planner::Repetition::Count, two).as_list().size() == 2);
  const std::vector<std::pair<InstanceKey, Value>> named = {
      {InstanceKey::of_name("k"), Value::string("a")}};
  CHECK(planner::collect_instances(planner::Repetition::ForEach, named).as_object().at("k").as_string() == "a");
  CHECK(planner::collect_instances(planner::Repetition::Count, {}).as_list().empty());
}
