// End to end: `infra show -json` of saved plans and of the state, each document checked
// against docs/plan-json.schema.json; secrets never appear; the output is deterministic.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "harness.hpp"
#include "tests/cli/json_schema_check.hpp"

using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;
using infra::e2e::contains;
using json = nlohmann::json;

namespace {

const char* const kSchema = INFRA_SOURCE_DIR "/docs/plan-json.schema.json";

const char* kConfig = R"(
variable "password" {
  type      = string
  sensitive = true
}

resource "local_file" "a" {
  filename = "a.txt"
  content  = "pw=${var.password}"
}

resource "local_file" "b" {
  count    = 2
  filename = "b${count.index}.txt"
  content  = "b"
}

resource "infra_data" "later" {
  input = local_file.b[0].id
}

module "site" {
  source = "./site"
}

output "secret" {
  value     = var.password
  sensitive = true
}

output "file" {
  value = local_file.b[1].filename
}
)";

const char* kSite = R"(
resource "local_file" "page" {
  filename = "page.txt"
  content  = "page"
}
)";

// `show -json ARGS`, checked to succeed and to follow the schema; the parsed document.
json show_json(const Scratch& dir, const std::vector<std::string>& args, std::string* text = nullptr) {
  std::vector<std::string> all = {"show", "-json"};
  all.insert(all.end(), args.begin(), args.end());
  Result r = run_infra(dir.path(), all);
  INFO(r.all());
  REQUIRE(r.code == 0);
  CHECK(infra::testing::check_against_schema_file(kSchema, r.out) == "");
  if (text != nullptr) *text = r.out;
  return json::parse(r.out);
}

const json* find_change(const json& doc, const std::string& address) {
  for (const auto& rc : doc["resource_changes"]) {
    if (rc["address"] == address) return &rc;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("show -json of a saved plan follows the schema and hides the secret") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  dir.write("site/main.infra", kSite);
  Result plan = run_infra(dir.path(), {"plan", "-out=p.plan", "-var", "password=Sup3rS3cret!"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);

  std::string first, second;
  json doc = show_json(dir, {"p.plan"}, &first);
  show_json(dir, {"p.plan"}, &second);
  CHECK(first == second);
  CHECK_FALSE(contains(first, "Sup3rS3cret"));
  CHECK(doc["format_version"] == "1.2");
  CHECK(doc["variables"]["password"] == json::object());
  CHECK(doc["applyable"] == true);
  CHECK(doc["complete"] == true);

  const json* a = find_change(doc, "local_file.a");
  REQUIRE(a != nullptr);
  CHECK((*a)["change"]["actions"] == json({"create"}));
  CHECK((*a)["change"]["after"]["filename"] == "a.txt");
  CHECK_FALSE((*a)["change"]["after"].contains("content"));
  CHECK((*a)["change"]["after_sensitive"]["content"] == true);
  const json* later = find_change(doc, "infra_data.later");
  REQUIRE(later != nullptr);
  CHECK((*later)["change"]["after_unknown"] == json::parse(R"({"id": true})"));
  CHECK_FALSE((*later)["change"]["after"].contains("id"));
  CHECK((*later)["provider_name"] == "infra");
  const json* b1 = find_change(doc, "local_file.b[1]");
  REQUIRE(b1 != nullptr);
  CHECK((*b1)["index"] == 1);
  const json* page = find_change(doc, "module.site.local_file.page");
  REQUIRE(page != nullptr);
  CHECK((*page)["module_address"] == "module.site");

  std::vector<std::string> addresses;
  for (const auto& rc : doc["resource_changes"]) addresses.push_back(rc["address"]);
  CHECK(std::is_sorted(addresses.begin(), addresses.end()));
  CHECK(doc["planned_values"]["root_module"]["child_modules"][0]["address"] == "module.site");
  CHECK(doc["output_changes"]["secret"]["after_sensitive"] == true);
  CHECK(doc["output_changes"]["file"]["after"] == "b1.txt");
  CHECK(doc["planned_values"]["outputs"]["secret"] == json::parse(R"({"sensitive": true})"));
}

TEST_CASE("show -json after apply: a no-op plan, an update and the state") {
  Scratch dir;
  dir.write("main.infra", kConfig);
  dir.write("site/main.infra", kSite);
  Result apply = run_infra(dir.path(), {"apply", "-auto-approve", "-var", "password=Sup3rS3cret!"});
  INFO(apply.all());
  REQUIRE(apply.code == 0);

  std::string state_text;
  json state = show_json(dir, {}, &state_text);
  CHECK_FALSE(contains(state_text, "Sup3rS3cret"));
  CHECK(state["format_version"] == "1.0");
  const json& root = state["values"]["root_module"];
  CHECK(root["resources"].size() == 4);
  CHECK(root["child_modules"][0]["resources"][0]["address"] == "module.site.local_file.page");
  CHECK(state["values"]["outputs"]["secret"] == json::parse(R"({"sensitive": true})"));
  CHECK(state["values"]["outputs"]["file"]["value"] == "b1.txt");
  std::string again;
  show_json(dir, {}, &again);
  CHECK(again == state_text);

  // The content of b changes; the count shrinks to 1 and b[1] goes.
  std::string config = kConfig;
  config.replace(config.find("count    = 2"), 12, "count    = 1");
  config.replace(config.find("content  = \"b\""), 14, "content  = \"B\"");
  config.replace(config.find("local_file.b[1].filename"), 24, "local_file.b[0].filename");
  dir.write("main.infra", config);
  Result plan = run_infra(dir.path(), {"plan", "-out=next.plan", "-var", "password=Sup3rS3cret!"});
  INFO(plan.all());
  REQUIRE(plan.code == 0);
  std::string text;
  json doc = show_json(dir, {"next.plan"}, &text);
  CHECK_FALSE(contains(text, "Sup3rS3cret"));
  const json* b0 = find_change(doc, "local_file.b[0]");
  REQUIRE(b0 != nullptr);
  CHECK((*b0)["change"]["before"]["content"] == "b");
  CHECK((*b0)["change"]["after"]["content"] == "B");
  const json* b1 = find_change(doc, "local_file.b[1]");
  REQUIRE(b1 != nullptr);
  CHECK((*b1)["change"]["actions"] == json({"delete"}));
  CHECK((*b1)["action_reason"] == "delete_because_count_index");
  const json* a = find_change(doc, "local_file.a");
  REQUIRE(a != nullptr);
  CHECK((*a)["change"]["actions"] == json({"no-op"}));
  CHECK(doc["prior_state"]["values"]["root_module"]["resources"].size() == 4);
  CHECK(doc["output_changes"]["file"]["actions"] == json({"update"}));
}

TEST_CASE("show -json of an empty state, and of a missing or corrupt plan file") {
  Scratch dir;
  dir.write("main.infra", infra::e2e::kOneFile);
  json doc = show_json(dir, {});
  CHECK(doc.size() == 2);
  CHECK(doc["format_version"] == "1.0");

  Result missing = run_infra(dir.path(), {"show", "-json", "nope.plan"});
  CHECK(missing.code == 1);
  CHECK(missing.out.empty());
  CHECK(contains(missing.err, "Failed to read the plan"));
  CHECK(contains(missing.err, "cannot read plan file nope.plan"));

  dir.write("bad.plan", "{\"format\": \"infra-plan\", \"format_version\": 1, \"destroy\": tru");
  Result corrupt = run_infra(dir.path(), {"show", "-json", "bad.plan"});
  CHECK(corrupt.code == 1);
  CHECK(corrupt.out.empty());
  CHECK(contains(corrupt.err, "bad.plan: not an Infra plan file"));
}

TEST_CASE("show -json keeps the configuration: expressions, constants, outputs, variables and calls") {
  Scratch dir;
  dir.write("main.infra", std::string(kConfig) + R"(
resource "local_file" "literal" {
  filename = "l.txt"
  content  = sensitive("hunter2-literal")
}
)");
  dir.write("site/main.infra", kSite);
  REQUIRE(run_infra(dir.path(), {"plan", "-out=p.plan", "-var", "password=Sup3rS3cret!"}).code == 0);
  std::string text;
  const json doc = show_json(dir, {"p.plan"}, &text);
  CHECK_FALSE(contains(text, "hunter2-literal"));
  const json& root = doc["configuration"]["root_module"];
  auto resource = [&](const std::string& address) -> const json& {
    for (const auto& r : root["resources"]) {
      if (r["address"] == address) return r;
    }
    FAIL("no configuration of " << address);
    return root;
  };
  const json& a = resource("local_file.a");
  CHECK(a["provider_config_key"] == "local");
  CHECK(a["expressions"]["filename"] == json::parse(R"({"constant_value": "a.txt"})"));
  CHECK(a["expressions"]["content"] == json::parse(R"({"references": ["var.password"]})"));
  const json& b = resource("local_file.b");
  CHECK(b["count_expression"] == json::parse(R"({"constant_value": 2})"));
  CHECK(b["expressions"]["filename"] == json::parse(R"({"references": ["count.index"]})"));
  CHECK(resource("infra_data.later")["expressions"]["input"] ==
        json::parse(R"({"references": ["local_file.b"]})"));
  // A literal made sensitive is not shown, and the attribute is still listed.
  CHECK(resource("local_file.literal")["expressions"]["content"] == json::object());
  CHECK(root["outputs"]["secret"] ==
        json::parse(R"({"expression": {"references": ["var.password"]}, "sensitive": true})"));
  CHECK(root["outputs"]["file"]["expression"] == json::parse(R"({"references": ["local_file.b"]})"));
  CHECK(root["variables"]["password"] == json::parse(R"({"sensitive": true})"));
  CHECK(root["module_calls"]["site"]["source"] == "./site");
  CHECK(root["module_calls"]["site"]["module"]["resources"][0]["address"] == "local_file.page");
}
