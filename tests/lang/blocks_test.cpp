// Tests of the blocks inside resource bodies: `dynamic` blocks as lang/eval_body.cpp
// expands them, and the references lang/references.cpp reports from them.
#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/dump.hpp"

using namespace infra::lang;
using infra::lang::testing::MapScope;

namespace {

struct Evaluated {
  Value value;
  Diagnostics diags;
};

Evaluated evaluate_text(const std::string& text, const MapScope& scope = {}) {
  Evaluated out;
  BodyPtr body = parse_file("test.infra", text, out.diags);
  REQUIRE(body);
  out.value = evaluate_body(*body, scope, nullptr, out.diags);
  return out;
}

std::string render_all(const Diagnostics& diags) { return render(diags, {}); }

}  // namespace

TEST_CASE("a dynamic block makes one block per element, with the iterator's key and value") {
  MapScope scope;
  scope.values["var.ports"] = Value::object(
      {{"http", Value::number(80)}, {"https", Value::number(443)}});
  auto r = evaluate_text(R"(name = "web"
port {
  internal = 22
}
dynamic "port" {
  for_each = var.ports
  content {
    internal = port.value
    name     = port.key
  }
}
dynamic "volume" {
  for_each = ["a", "b"]
  iterator = v
  content {
    path = "/data/${v.value}"
    index = v.key
  }
}
)",
                         scope);
  INFO(render_all(r.diags));
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(to_display(r.value) ==
        "{ name = \"web\", port = [{ internal = 22 }, { internal = 80, name = \"http\" }, "
        "{ internal = 443, name = \"https\" }], volume = [{ index = 0, path = \"/data/a\" }, "
        "{ index = 1, path = \"/data/b\" }] }");
}

TEST_CASE("a dynamic block over an unknown collection makes an unknown list of blocks") {
  MapScope scope;
  scope.values["var.ports"] = Value::unknown();
  auto r = evaluate_text(R"(dynamic "port" {
  for_each = var.ports
  content {
    internal = port.value
  }
}
)",
                         scope);
  REQUIRE_FALSE(r.diags.has_errors());
  REQUIRE(r.value.as_object().count("port") == 1);
  CHECK(r.value.as_object().at("port").is_unknown());
}

TEST_CASE("dynamic blocks nest, each with its own iterator") {
  auto r = evaluate_text(R"(dynamic "rule" {
  for_each = { web = [80, 443], db = [5432] }
  content {
    name = rule.key
    dynamic "port" {
      for_each = rule.value
      content {
        number = port.value
        of     = rule.key
      }
    }
  }
}
)");
  INFO(render_all(r.diags));
  REQUIRE_FALSE(r.diags.has_errors());
  CHECK(to_display(r.value) ==
        "{ rule = [{ name = \"db\", port = [{ number = 5432, of = \"db\" }] }, "
        "{ name = \"web\", port = [{ number = 80, of = \"web\" }, "
        "{ number = 443, of = \"web\" }] }] }");
}

TEST_CASE("dynamic blocks: errors for a null for_each, a non-collection and labels") {
  auto null_each = evaluate_text("dynamic \"p\" {\n  for_each = null\n  content {}\n}\n");
  CHECK(render_all(null_each.diags).find("Invalid dynamic for_each value") != std::string::npos);
  auto number = evaluate_text("dynamic \"p\" {\n  for_each = 3\n  content {}\n}\n");
  CHECK(number.diags.has_errors());
  auto labels = evaluate_text(
      "dynamic \"p\" {\n  for_each = [1]\n  labels = [\"x\"]\n  content {}\n}\n");
  CHECK(render_all(labels.diags).find("test.infra:3:3: Unexpected labels in the dynamic block") !=
        std::string::npos);
}

TEST_CASE("the iterator of a dynamic block is not a reference, and its for_each is") {
  Diagnostics diags;
  BodyPtr body = parse_file("test.infra", R"(dynamic "port" {
  for_each = var.ports
  iterator = p
  content {
    internal = p.value
    external = local.offset
    same     = port.value
  }
}
)",
                            diags);
  REQUIRE(body);
  std::vector<std::string> refs;
  for (const Reference& r : references(*body)) {
    std::string s;
    for (const auto& p : r.parts) s += (s.empty() ? "" : ".") + p;
    refs.push_back(s);
  }
  // With `iterator = p`, `port` is not bound: it is a reference (to an undeclared name).
  CHECK(refs == std::vector<std::string>{"var.ports", "local.offset", "port.value"});
}
