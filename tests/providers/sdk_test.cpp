// Tests of providers/sdk in-process: default validate and plan logic, request handling,
// apply's state safety, and the serve loop over string streams.
#include <catch2/catch.hpp>

#include <sstream>

#include "providers/sdk/base64.hpp"
#include "providers/sdk/provider.hpp"

using namespace infra::providers;
using sdk::json;

namespace {

sdk::Resource toy_resource() {
  sdk::Resource r;
  r.schema.attributes = {
      {.name = "name", .required = true, .force_new = true, .description = ""},
      {.name = "size", .type = "number", .optional = true, .description = ""},
      {.name = "tag", .optional = true, .computed = true, .description = ""},
      {.name = "id", .computed = true, .description = ""}};
  r.create = [](const json& planned) {
    if (planned["name"] == "half") {
      throw sdk::PartialApplyError("made it, then tagging failed", {{"name", "half"}, {"id", "1"}},
                                   {"tag"});
    }
    if (planned["name"] == "fail") throw sdk::Error("no room", {"size"});
    json state = planned;
    state["id"] = "id-" + planned["name"].get<std::string>();
    return state;
  };
  r.read = [](const json& state) { return state["name"] == "gone" ? json() : state; };
  r.update = [](const json&, const json& planned) { return planned; };
  r.destroy = [](const json&) {};
  return r;
}

sdk::Provider toy_provider() {
  sdk::Provider p;
  p.name = "toy";
  p.version = "1.2.3";
  p.resources.emplace("toy_thing", toy_resource());
  return p;
}

json call(const sdk::Provider& p, const std::string& method, const json& params) {
  return sdk::handle_request(p, {{"id", 7}, {"method", method}, {"params", params}});
}

}  // namespace

TEST_CASE("sdk: the default plan replaces on force_new and makes computed values unknown") {
  sdk::Resource r = toy_resource();
  SECTION("create: computed attributes the configuration leaves null are unknown") {
    json plan = sdk::plan_resource(r, nullptr, {{"name", "a"}, {"tag", "t"}}, json::array());
    CHECK(plan["requires_replace"] == json::array());
    CHECK(plan["unknown"] == json({{"id"}}));
    CHECK(plan["planned_state"] == json({{"name", "a"}, {"tag", "t"}, {"id", nullptr}}));
  }
  json prior = {{"name", "a"}, {"size", 1}, {"tag", "old"}, {"id", "id-a"}};
  SECTION("update in place keeps the prior computed values the host merged in") {
    json plan = sdk::plan_resource(r, prior, {{"name", "a"}, {"size", 2}, {"tag", "old"},
                                              {"id", "id-a"}}, json::array());
    CHECK(plan["requires_replace"] == json::array());
    CHECK(plan["unknown"] == json::array());
    CHECK(plan["planned_state"]["id"] == "id-a");
  }
  SECTION("replace: computed-only values become unknown, configured ones stay") {
    json plan = sdk::plan_resource(r, prior, {{"name", "b"}, {"size", 1}, {"tag", "old"},
                                              {"id", "id-a"}}, json::array());
    CHECK(plan["requires_replace"] == json({{"name"}}));
    CHECK(plan["unknown"] == json({{"id"}}));
    CHECK(plan["planned_state"]["tag"] == "old");
  }
  SECTION("an unknown force_new value replaces") {
    json plan = sdk::plan_resource(r, prior, {{"name", nullptr}, {"size", 1}, {"tag", "old"},
                                              {"id", "id-a"}}, json({{"name"}}));
    CHECK(plan["requires_replace"] == json({{"name"}}));
    CHECK(plan["unknown"] == json({{"name"}, {"id"}}));
  }
  SECTION("the plan hook runs last") {
    r.plan = [](sdk::Plan& plan) {
      plan.set_known("id", "id-" + plan.planned["name"].get<std::string>());
      plan.diagnostics.push_back({"warning", "careful", "", json::array({"size"})});
    };
    json plan = sdk::plan_resource(r, nullptr, {{"name", "a"}}, json::array());
    CHECK(plan["unknown"] == json({{"tag"}}));
    CHECK(plan["planned_state"]["id"] == "id-a");
    CHECK(plan["diagnostics"] ==
          json::array({{{"severity", "warning"}, {"summary", "careful"}, {"path", {"size"}}}}));
  }
}

namespace {

// A resource with a `ports` list block (internal is force_new, id computed), a `rule` set
// block (cidr force_new) and a `settings` single block (mode force_new).
sdk::Resource blocks_resource() {
  sdk::Resource r;
  r.schema.attributes = {{.name = "name", .required = true, .description = ""}};
  BlockType ports;
  ports.name = "ports";
  ports.max_items = 2;
  ports.attributes = {{.name = "internal", .type = "number", .required = true, .force_new = true,
                       .description = ""},
                      {.name = "external", .type = "number", .optional = true, .description = ""},
                      {.name = "id", .computed = true, .description = ""}};
  BlockType rule;
  rule.name = "rule";
  rule.nesting = Nesting::Set;
  rule.attributes = {{.name = "cidr", .required = true, .force_new = true, .description = ""},
                     {.name = "note", .optional = true, .description = ""}};
  BlockType settings;
  settings.name = "settings";
  settings.nesting = Nesting::Single;
  settings.attributes = {{.name = "mode", .optional = true, .force_new = true, .description = ""}};
  r.schema.blocks = {ports, rule, settings};
  return r;
}

json port(int internal, int external, json id = nullptr) {
  return {{"internal", internal}, {"external", external}, {"id", std::move(id)}};
}

json box(json ports, json rules = json::array(), json settings = nullptr) {
  return {{"name", "a"}, {"ports", std::move(ports)}, {"rule", std::move(rules)},
          {"settings", std::move(settings)}};
}

}  // namespace

TEST_CASE("sdk: requires_replace points inside blocks") {
  const sdk::Resource r = blocks_resource();
  const json prior = box({port(80, 8080, "p80"), port(443, 8443, "p443")},
                         {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}}, {{"mode", "fast"}});
  const auto replace = [&](const json& proposed, const json& unknown = json::array()) {
    return sdk::plan_resource(r, prior, proposed, unknown)["requires_replace"];
  };
  SECTION("a list block by index") {
    CHECK(replace(box({port(80, 9090, "p80"), port(443, 8443, "p443")},
                      {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}}, {{"mode", "fast"}})) ==
          json::array());
    CHECK(replace(box({port(80, 8080, "p80"), port(444, 8443, "p443")},
                      {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}}, {{"mode", "fast"}})) ==
          json({{"ports", 1, "internal"}}));
    // A removed block takes its force_new values away.
    CHECK(replace(box({port(80, 8080, "p80")}, {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}},
                      {{"mode", "fast"}})) == json({{"ports", 1, "internal"}}));
    CHECK(replace(box({port(80, 8080, "p80"), port(443, 8443, "p443")},
                      {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}}, {{"mode", "fast"}}),
                  json({{"ports", 0, "internal"}})) == json({{"ports", 0, "internal"}}));
  }
  SECTION("a set block when the force_new values of its elements change") {
    CHECK(replace(box({port(80, 8080, "p80"), port(443, 8443, "p443")},
                      {{{"cidr", "10.0.0.0/8"}, {"note", "b"}}}, {{"mode", "fast"}})) ==
          json::array());
    CHECK(replace(box({port(80, 8080, "p80"), port(443, 8443, "p443")},
                      {{{"cidr", "10.0.0.0/16"}, {"note", "a"}}}, {{"mode", "fast"}})) ==
          json({{"rule"}}));
  }
  SECTION("a single block as an object, and blocks known only after apply") {
    CHECK(replace(box({port(80, 8080, "p80"), port(443, 8443, "p443")},
                      {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}}, nullptr)) ==
          json::array({json::array({"settings", "mode"})}));
    CHECK(replace(box(nullptr, {{{"cidr", "10.0.0.0/8"}, {"note", "a"}}}, {{"mode", "fast"}}),
                  json({{"ports"}})) == json({{"ports"}}));
  }
}

TEST_CASE("sdk: computed attributes of new blocks are unknown") {
  const sdk::Resource r = blocks_resource();
  json plan = sdk::plan_resource(r, nullptr, box({port(80, 8080)}), json::array());
  CHECK(plan["unknown"] == json({{"ports", 0, "id"}}));
  // An update keeps the ids the host kept; a block added at the end gets a new one.
  const json prior = box({port(80, 8080, "p80")});
  plan = sdk::plan_resource(r, prior, box({port(80, 9090, "p80"), port(443, 8443)}), json::array());
  CHECK(plan["requires_replace"] == json({{"ports", 1, "internal"}}));
  plan = sdk::plan_resource(r, prior, box({port(80, 9090, "p80")}), json::array());
  CHECK(plan["unknown"] == json::array());
  CHECK(plan["planned_state"]["ports"][0]["id"] == "p80");
}

TEST_CASE("sdk: validate checks inside blocks, at paths into them") {
  sdk::Provider p;
  p.name = "toy";
  p.resources.emplace("toy_box", blocks_resource());
  json result = call(p, "validate",
                     {{"type", "toy_box"},
                      {"config", box({{{"external", "x"}, {"id", "p"}, {"colour", 1}}, port(1, 2), port(3, 4)},
                                     {{{"note", "n"}}}, {{"mode", "m"}})},
                      {"unknown", json::array()}});
  json found = json::array();
  for (const auto& d : result["result"]["diagnostics"]) found.push_back({d["summary"], d["path"]});
  CHECK(found == json::parse(R"([
    ["wrong number of \"ports\" blocks", ["ports"]],
    ["unsupported attribute \"colour\"", ["ports", 0, "colour"]],
    ["missing required attribute \"internal\"", ["ports", 0, "internal"]],
    ["attribute \"external\" must be a number", ["ports", 0, "external"]],
    ["attribute \"id\" cannot be set", ["ports", 0, "id"]],
    ["missing required attribute \"cidr\"", ["rule", 0, "cidr"]]])"));
  json element = call(p, "validate", {{"type", "toy_box"},
                                      {"config", box({7})},
                                      {"unknown", json::array()}});
  CHECK(element["result"]["diagnostics"] ==
        json::parse(R"([{"severity": "error", "summary": "expected an object", "path": ["ports", 0]}])"));
  json unknown = call(p, "validate", {{"type", "toy_box"},
                                      {"config", box(nullptr)},
                                      {"unknown", {{"ports"}}}});
  CHECK(unknown["result"]["diagnostics"] == json::array());
}

TEST_CASE("sdk: validate checks the schema, then the resource's hook") {
  sdk::Provider p = toy_provider();
  json result = call(p, "validate",
                     {{"type", "toy_thing"},
                      {"config", {{"size", "big"}, {"id", "x"}, {"colour", "red"}}},
                      {"unknown", json::array()}});
  json paths = json::array();
  for (const auto& d : result["result"]["diagnostics"]) paths.push_back(d["path"]);
  CHECK(paths == json({{"colour"}, {"name"}, {"size"}, {"id"}}));
  CHECK(result["result"]["diagnostics"][1]["summary"] == "missing required attribute \"name\"");
  CHECK(result["result"]["diagnostics"][2]["summary"] == "attribute \"size\" must be a number");

  json ok = call(p, "validate", {{"type", "toy_thing"},
                                 {"config", {{"name", nullptr}}},
                                 {"unknown", {{"name"}}}});
  CHECK(ok["result"]["diagnostics"] == json::array());
}

TEST_CASE("sdk: requests are answered, bad ones with errors, never a crash") {
  sdk::Provider p = toy_provider();
  json hs = call(p, "handshake", {{"protocol_versions", {1}}});
  CHECK(hs["id"] == 7);
  CHECK(hs["result"]["protocol_version"] == 1);
  CHECK(hs["result"]["name"] == "toy");
  CHECK(hs["result"]["version"] == "1.2.3");
  CHECK(hs["result"]["schema"]["resources"]["toy_thing"]["attributes"]["id"]["computed"] == true);

  CHECK(call(p, "handshake", {{"protocol_versions", {99}}})["error"]["message"] ==
        "no common protocol version: the host offers [99], provider \"toy\" speaks [1]");
  CHECK(call(p, "read", {{"type", "nope"}, {"state", json::object()}})["error"]["message"] ==
        "unknown resource type \"nope\"");
  CHECK(call(p, "fly", json::object())["error"]["message"] == "unknown method \"fly\"");
  CHECK(call(p, "import", {{"type", "toy_thing"}, {"id", "x"}})["error"]["message"] ==
        "resource type toy_thing does not support import");
  CHECK(sdk::handle_request(p, json::array()) ==
        json({{"id", nullptr}, {"error", {{"message", "request is not a JSON object"}}}}));
  CHECK(sdk::handle_request(p, {{"id", "x"}, {"method", "read"}})["error"]["message"] ==
        "request without an integer id");
  CHECK(sdk::handle_request(p, {{"id", 1}, {"method", "read"}, {"params", 3}})["error"] ==
        json({{"message", "params must be an object"}}));
  CHECK(call(p, "read", {{"type", "toy_thing"}, {"state", {{"name", "gone"}}}})["result"] ==
        json({{"state", nullptr}}));
}

TEST_CASE("sdk: apply creates, updates, deletes and reports partial failures with state") {
  sdk::Provider p = toy_provider();
  json created = call(p, "apply", {{"type", "toy_thing"},
                                   {"prior_state", nullptr},
                                   {"planned_state", {{"name", "a"}, {"id", nullptr}}},
                                   {"unknown", {{"id"}}}});
  CHECK(created["result"]["new_state"] == json({{"name", "a"}, {"id", "id-a"}}));
  CHECK(created["result"]["diagnostics"] == json::array());

  json deleted = call(p, "apply", {{"type", "toy_thing"},
                                   {"prior_state", {{"name", "a"}}},
                                   {"planned_state", nullptr}});
  CHECK(deleted["result"]["new_state"].is_null());

  json failed = call(p, "apply", {{"type", "toy_thing"},
                                  {"prior_state", nullptr},
                                  {"planned_state", {{"name", "fail"}}}});
  CHECK(failed["error"] == json({{"message", "no room"}, {"path", {"size"}}}));

  json half = call(p, "apply", {{"type", "toy_thing"},
                                {"prior_state", nullptr},
                                {"planned_state", {{"name", "half"}}}});
  CHECK(half["result"]["new_state"] == json({{"name", "half"}, {"id", "1"}}));
  CHECK(half["result"]["diagnostics"] ==
        json::array({{{"severity", "error"},
                      {"summary", "made it, then tagging failed"},
                      {"path", {"tag"}}}}));
}

TEST_CASE("sdk: values the adopt hook accepts count as the prior's in plan and update") {
  sdk::Provider p = toy_provider();
  sdk::Resource& r = p.resources.at("toy_thing");
  // An imported toy_thing has no name; a name of two letters or more describes it.
  r.adopt = [](const json& prior, const json& proposed, std::vector<sdk::Diagnostic>& out) {
    if (!prior["name"].is_null() || !proposed["name"].is_string()) return std::vector<std::string>{};
    if (proposed["name"].get<std::string>().size() < 2) {
      out.push_back({"warning", "name refused", "too short", {"name"}});
      return std::vector<std::string>{};
    }
    return std::vector<std::string>{"name", "size"};
  };
  r.update = [](const json& prior, const json& planned) {
    json state = planned;
    state["prior_name"] = prior["name"];
    return state;
  };
  const json imported = {{"name", nullptr}, {"size", nullptr}, {"tag", "t"}, {"id", "id-x"}};
  const json proposed = {{"name", "ab"}, {"size", 3}, {"tag", "t"}, {"id", "id-x"}};
  json plan = sdk::plan_resource(r, imported, proposed, json::array());
  CHECK(plan["requires_replace"] == json::array());
  CHECK(plan["unknown"] == json::array());
  CHECK(plan["planned_state"] == proposed);
  CHECK(plan["adopted"] == json({{"name"}, {"size"}}));

  // Refused: replaced as without the hook, with its warning, and nothing adopted.
  json short_name = proposed;
  short_name["name"] = "a";
  plan = sdk::plan_resource(r, imported, short_name, json::array());
  CHECK(plan["requires_replace"] == json({{"name"}}));
  CHECK(plan["diagnostics"] == json({{{"severity", "warning"},
                                      {"summary", "name refused"},
                                      {"detail", "too short"},
                                      {"path", {"name"}}}}));
  CHECK_FALSE(plan.contains("adopted"));

  // A value known only after apply cannot be checked: not adopted.
  json unknown_name = proposed;
  unknown_name["name"] = nullptr;
  plan = sdk::plan_resource(r, imported, unknown_name, json({{"name"}}));
  CHECK(plan["requires_replace"] == json({{"name"}}));
  CHECK_FALSE(plan.contains("adopted"));

  // A state with its values adopts nothing.
  json state = proposed;
  state["name"] = "cd";
  plan = sdk::plan_resource(r, state, proposed, json::array());
  CHECK(plan["requires_replace"] == json({{"name"}}));

  // An update from the imported state sees the adopted values as the prior's.
  json updated = call(p, "apply", {{"type", "toy_thing"},
                                   {"prior_state", imported},
                                   {"planned_state", proposed},
                                   {"unknown", json::array()}});
  CHECK(updated["result"]["new_state"]["prior_name"] == "ab");
}

TEST_CASE("sdk: serve answers every request, survives garbage, stops on shutdown") {
  sdk::Provider p = toy_provider();
  std::string input =
      "{\"id\":1,\"method\":\"handshake\",\"params\":{\"protocol_versions\":[1]}}\n"
      "not json at all\n"
      "\n";
  for (int i = 2; i < 50; ++i) {
    input += "{\"id\":" + std::to_string(i) +
             ",\"method\":\"read\",\"params\":{\"type\":\"toy_thing\",\"state\":{\"name\":\"n" +
             std::to_string(i) + "\"}}}\n";
  }
  input += "{\"id\":50,\"method\":\"shutdown\",\"params\":{}}\n";
  input += "{\"id\":51,\"method\":\"read\",\"params\":{}}\n";  // after shutdown: not read
  std::istringstream in(input);
  std::ostringstream out;
  CHECK(sdk::serve(p, in, out) == 0);

  std::istringstream lines(out.str());
  std::string line;
  std::map<int, json> by_id;
  int garbage_errors = 0;
  json last;
  while (std::getline(lines, line)) {
    json response = json::parse(line);
    last = response;
    if (response["id"].is_null()) {
      ++garbage_errors;
      continue;
    }
    by_id[response["id"].get<int>()] = response;
  }
  CHECK(garbage_errors == 1);
  REQUIRE(by_id.size() == 50);
  for (int i = 2; i < 50; ++i) {
    CHECK(by_id[i]["result"]["state"]["name"] == "n" + std::to_string(i));
  }
  CHECK(by_id[50]["result"] == json::object());
  CHECK(last["id"] == 50);  // shutdown is answered after everything in flight
}

TEST_CASE("sdk: upgrade_state brings older states to the schema version, refuses newer ones") {
  sdk::Provider p = toy_provider();
  auto& thing = p.resources.at("toy_thing");
  thing.schema.version = 2;
  const json old_state = {{"label", "a"}, {"id", "id-a"}};
  // Without an upgrader, an older state is taken as it is.
  CHECK(call(p, "upgrade_state", {{"type", "toy_thing"}, {"version", 0}, {"state", old_state}}) ==
        json{{"id", 7}, {"result", {{"state", old_state}}}});
  std::vector<int> seen;
  thing.upgrade_state = [&](int version, const json& state) {
    seen.push_back(version);
    json s = state;
    s["name"] = s["label"];
    s.erase("label");
    return s;
  };
  CHECK(call(p, "upgrade_state", {{"type", "toy_thing"}, {"version", 1}, {"state", old_state}})
            ["result"]["state"] == json{{"name", "a"}, {"id", "id-a"}});
  CHECK(seen == std::vector<int>{1});
  // The current version is not the upgrader's business.
  CHECK(call(p, "upgrade_state", {{"type", "toy_thing"}, {"version", 2}, {"state", old_state}})
            ["result"]["state"] == old_state);
  CHECK(seen.size() == 1);
  CHECK(call(p, "upgrade_state", {{"type", "toy_thing"}, {"version", 3}, {"state", old_state}})
            ["error"]["message"] ==
        "the stored state of toy_thing has schema version 3, newer than version 2 that provider "
        "toy v1.2.3 knows: it was written by a newer provider; use that one (or a newer one)");
  CHECK(call(p, "upgrade_state", {{"type", "toy_thing"}, {"state", old_state}})["error"]["message"] ==
        "missing \"version\" (an integer)");
  CHECK(call(p, "upgrade_state", {{"type", "nope"}, {"version", 0}, {"state", old_state}})
            .contains("error"));
}

TEST_CASE("sdk: base64 encodes and decodes the RFC 4648 test vectors, and refuses bad text") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(sdk::base64_encode(plain) == encoded);
    CHECK(sdk::base64_decode(encoded) == std::optional<std::string>(plain));
  }
  CHECK(sdk::base64_encode(std::string("\xff\xfe\x00", 3)) == "//4A");
  for (const char* bad : {"Zg=", "Z===", "Zg==Zg==", "Zm9v!A==", "=Zm9"}) {
    INFO(bad);
    CHECK_FALSE(sdk::base64_decode(bad));
  }
}

TEST_CASE("sdk: declare_default records defaults in the schema, and only of optional attributes") {
  ResourceSchema schema;
  schema.attributes = {{.name = "mode", .optional = true, .description = ""},
                       {.name = "id", .computed = true, .description = ""}};
  BlockType ports;
  ports.name = "ports";
  ports.attributes = {{.name = "protocol", .optional = true, .description = ""}};
  schema.blocks = {ports};
  sdk::declare_default(schema, "mode", "0644");
  sdk::declare_default(schema, "ports", "protocol", "tcp");
  CHECK(schema.find("mode")->default_json == "\"0644\"");
  CHECK(schema.find_block("ports")->find("protocol")->default_json == "\"tcp\"");
  CHECK_THROWS_WITH(sdk::declare_default(schema, "id", 1), "declare_default: id is not optional");
  CHECK_THROWS_WITH(sdk::declare_default(schema, "nope", 1), "declare_default: no attribute nope");
  CHECK_THROWS_WITH(sdk::declare_default(schema, "volumes", "x", 1),
                    "declare_default: no block type volumes");
}
