// Tests of planner/render.cpp and planner/plan_file.cpp on a hand-made plan.
#include <catch2/catch.hpp>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "planner/plan_file.hpp"
#include "planner/render.hpp"

using infra::lang::Value;
using namespace infra::planner;

namespace {

Value obj(Value::Object o) { return Value::object(std::move(o)); }
Value str(const char* s) { return Value::string(s); }

Plan sample_plan() {
  Plan p;
  p.lineage = "lin";
  p.serial = 7;
  p.config_hash = "abc";
  p.timestamp = "2026-11-23T17:50:00Z";
  p.variables["password"] = str("hunter2").marked_sensitive();
  p.drift.push_back({"local_file.d", "local_file", "d", obj({{"content", str("old")}, {"id", str("1")}}),
                     obj({{"content", str("new")}, {"id", str("2")}})});
  Change create;
  create.address = "local_file.a";
  create.type = "local_file";
  create.name = "a";
  create.provider = "local";
  create.action = Action::Create;
  create.after = obj({{"content", str("hi\n")},
                      {"filename", str("a.txt")},
                      {"id", Value::unknown()},
                      {"password", str("hunter2").marked_sensitive()},
                      {"unset", Value::null()}});
  Change update = create;
  update.address = "local_file.b";
  update.name = "b";
  update.action = Action::Update;
  update.before = obj({{"content", str("x")}, {"filename", str("b.txt")}, {"id", str("11")}, {"mode", str("0644")}});
  update.after = obj({{"content", str("y")}, {"filename", str("b.txt")}, {"id", Value::unknown()}, {"mode", str("0644")}});
  Change replace = update;
  replace.address = "local_file.c";
  replace.name = "c";
  replace.action = Action::Replace;
  replace.replace_paths = {infra::providers::AttributePath{"filename"}};
  replace.before = obj({{"filename", str("c1")}, {"id", str("5")}});
  replace.after = obj({{"filename", str("c2")}, {"id", str("5")}});
  Change destroy = update;
  destroy.address = "local_file.z";
  destroy.name = "z";
  destroy.action = Action::Delete;
  destroy.reason = "it is not in the configuration";
  destroy.before = obj({{"filename", str("z")}, {"secret", str("s").marked_sensitive()}});
  destroy.after = Value::null();
  Change noop = update;
  noop.address = "local_file.n";
  noop.action = Action::NoOp;
  p.changes = {create, update, replace, noop, destroy};
  p.outputs.push_back({"path", Action::Create, Value::null(), str("a.txt"), false});
  p.outputs.push_back({"token", Action::Update, str("t1").marked_sensitive(), Value::unknown().marked_sensitive(), true});
  return p;
}

const char* kExpected = R"(Note: Objects have changed outside of Infra

Infra detected the following changes made outside of Infra since the last "infra apply":

  # local_file.d has changed
  ~ resource "local_file" "d" {
      ~ content = "old" -> "new"
      ~ id      = "1" -> "2"
    }

Unless you have made equivalent changes to your configuration, or ignored the relevant attributes, the following plan may include actions to undo or respond to these changes.

Resource actions are indicated with the following symbols:
  + create
  ~ update in-place
  - destroy
-/+ destroy and then create replacement

Infra will perform the following actions:

  # local_file.a will be created
  + resource "local_file" "a" {
      + content  = "hi\n"
      + filename = "a.txt"
      + id       = (known after apply)
      + password = (sensitive value)
    }

  # local_file.b will be updated in-place
  ~ resource "local_file" "b" {
      ~ content = "x" -> "y"
      ~ id      = "11" -> (known after apply)
        # (2 unchanged attributes hidden)
    }

  # local_file.c must be replaced
-/+ resource "local_file" "c" {
      ~ filename = "c1" -> "c2" # forces replacement
        id       = "5"
    }

  # local_file.z will be destroyed
  # (because it is not in the configuration)
  - resource "local_file" "z" {
      - filename = "z" -> null
      - secret   = (sensitive value) -> null
    }

Plan: 2 to add, 1 to change, 2 to destroy.

Changes to Outputs:
  + path  = "a.txt"
  ~ token = (sensitive value) -> (sensitive value)
)";

}  // namespace

TEST_CASE("the human rendering of a plan") {
  CHECK(render_plan(sample_plan(), {false}) == kExpected);
}

namespace {

/// A plan of what only the state sees: a move, an import, a forget.
Plan state_plan() {
  Plan p;
  p.timestamp = "2026-11-23T17:50:00Z";
  Change moved;
  moved.address = "local_file.new";
  moved.type = "local_file";
  moved.name = "new";
  moved.provider = "local";
  moved.moved_from = "local_file.old";
  moved.before = moved.after = obj({{"filename", str("a")}, {"id", str("1")}});
  Change imported = moved;
  imported.address = "local_file.i[\"x\"]";
  imported.name = "i";
  imported.moved_from = "";
  imported.import_id = "x.txt";
  imported.action = Action::Update;
  imported.after = obj({{"filename", str("b")}, {"id", str("1")}});
  Change forgotten = moved;
  forgotten.address = "local_file.f";
  forgotten.name = "f";
  forgotten.moved_from = "";
  forgotten.action = Action::Forget;
  forgotten.reason = "a removed block says so, with destroy = false";
  p.changes = {forgotten, imported, moved};
  return p;
}

const char* kStateExpected = R"(Resource actions are indicated with the following symbols:
  ~ update in-place
  . forget

Infra will perform the following actions:

  # local_file.f will no longer be managed by Infra, but will not be destroyed
  # (because a removed block says so, with destroy = false)
  . resource "local_file" "f" {
        id = "1"
        # (1 unchanged attribute hidden)
    }

  # local_file.i["x"] will be imported and updated in-place
  # (import id "x.txt")
  ~ resource "local_file" "i" {
      ~ filename = "a" -> "b"
        id       = "1"
    }

  # local_file.old has moved to local_file.new
    resource "local_file" "new" {
        id = "1"
        # (1 unchanged attribute hidden)
    }

Plan: 1 to import, 0 to add, 1 to change, 0 to destroy, 1 to forget.
)";

}  // namespace

TEST_CASE("moves, imports and forgets are shown and survive the plan file") {
  const Plan p = state_plan();
  CHECK(render_plan(p, {false}) == kStateExpected);
  CHECK(p.has_changes());
  const Plan back = decode_plan(encode_plan(p));
  CHECK(render_plan(back, {false}) == kStateExpected);
  CHECK(back.changes[2].moved_from == "local_file.old");
  CHECK(back.changes[0].action == Action::Forget);
  Plan only_move;
  only_move.changes = {p.changes[2]};
  CHECK(only_move.has_changes());
}

TEST_CASE("colour codes only with colour") {
  CHECK(render_plan(sample_plan(), {true}).find("\033[32m+") != std::string::npos);
  CHECK(render_plan(sample_plan(), {false}).find('\033') == std::string::npos);
}

TEST_CASE("a plan without changes says so") {
  Plan p;
  CHECK(render_plan(p, {false}) == "No changes. Your infrastructure matches the configuration.\n");
  CHECK_FALSE(p.has_changes());
}

TEST_CASE("a plan made in another workspace than default names it, also from its file") {
  Plan p;
  p.workspace = "staging";
  CHECK(render_plan(p, {false}) ==
        "Workspace: staging\n\nNo changes. Your infrastructure matches the configuration.\n");
  p.timestamp = "2026-11-23T17:50:00Z";
  CHECK(decode_plan(encode_plan(p)).workspace == "staging");
  CHECK(render_plan(sample_plan(), {false}).find("Workspace") == std::string::npos);
}

TEST_CASE("render_value quotes and escapes like the language") {
  CHECK(render_value(str("a\"b\\c\n${x}")) == R"("a\"b\\c\n$${x}")");
  CHECK(render_value(Value::list({Value::number(1), Value::boolean(true), Value::null()})) ==
        "[1, true, null]");
  CHECK(render_value(obj({{"k", str("v")}})) == R"({ k = "v" })");
}

TEST_CASE("a plan survives the plan file byte for byte") {
  Plan p = sample_plan();
  std::string text = encode_plan(p);
  Plan back = decode_plan(text);
  CHECK(encode_plan(back) == text);
  CHECK(render_plan(back, {false}) == kExpected);
  CHECK(back.variables.at("password").is_sensitive());
  CHECK(back.changes[0].after.as_object().at("id").is_unknown());
  CHECK(back.serial == 7);
}

TEST_CASE("bad plan files are refused with a reason") {
  CHECK_THROWS_WITH(decode_plan("{}"), Catch::Contains("not an Infra plan file"));
  CHECK_THROWS_WITH(decode_plan("garbage"), Catch::Contains("not an Infra plan file"));
  CHECK_THROWS_WITH(decode_plan(R"({"format":"infra-plan","format_version":99})"),
                    Catch::Contains("format version 99 is not supported"));
  CHECK_THROWS_WITH(decode_plan(R"({"format":"infra-plan","format_version":1})"),
                    Catch::Contains("malformed plan file"));
  CHECK_THROWS_WITH(load_plan("/nonexistent/x.plan"), Catch::Contains("cannot read plan file"));
}

namespace {

Value num(int n) { return Value::number(n); }
bool contains_text(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
Value list(Value::List items) { return Value::list(std::move(items)); }

Value port(int internal, int external, Value id) {
  return obj({{"external", num(external)}, {"id", std::move(id)}, {"internal", num(internal)},
              {"protocol", Value::null()}});
}

Value rule(const char* cidr) { return obj({{"action", Value::null()}, {"cidr", str(cidr)}}); }

Value settings(const char* mode) {
  return obj({{"mode", str(mode)}, {"secret", str("s3").marked_sensitive()}});
}

Change box(const char* name, Action action, Value before, Value after) {
  Change c;
  c.address = std::string("fake_box.") + name;
  c.type = "fake_box";
  c.name = name;
  c.provider = "fake";
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  c.blocks = {{"ports", infra::providers::Nesting::List, {}},
              {"rule", infra::providers::Nesting::Set, {}},
              {"settings", infra::providers::Nesting::Single, {}}};
  return c;
}

Value box_value(const char* name, Value id, Value ports, Value rules, Value single) {
  return obj({{"id", std::move(id)}, {"labels", Value::null()}, {"name", str(name)},
              {"ports", std::move(ports)}, {"rule", std::move(rules)},
              {"settings", std::move(single)}, {"tags", Value::null()}});
}

Plan blocks_plan() {
  Plan p;
  p.timestamp = "2026-11-23T17:50:00Z";
  p.changes.push_back(box("a", Action::Create, Value::null(),
                          box_value("a", Value::unknown(), list({port(80, 8080, Value::unknown())}),
                                    list({rule("10.0.0.0/8")}), settings("fast"))));
  const Value ports = list({port(80, 8080, str("port-80")), port(443, 8443, str("port-443"))});
  p.changes.push_back(box(
      "b", Action::Update,
      box_value("b", str("box-b"), ports, list({rule("10.0.0.0/8"), rule("172.16.0.0/12")}),
                settings("fast")),
      box_value("b", str("box-b"),
                list({port(80, 8081, str("port-80")), port(443, 8443, str("port-443"))}),
                list({rule("172.16.0.0/12"), rule("192.168.0.0/16")}), settings("fast"))));
  Change c = box("c", Action::Replace,
                 box_value("c", str("box-c"), list({port(80, 8080, str("port-80"))}), list({}),
                           Value::null()),
                 box_value("c", Value::unknown(), list({port(81, 8080, Value::unknown())}),
                           list({}), Value::null()));
  c.replace_paths = {{"ports", 0, "internal"}};
  p.changes.push_back(c);
  // The state marks a whole attribute sensitive when anything inside it is; the before side
  // then shows nothing of it. The settings block goes away, the ports are known after apply.
  p.changes.push_back(box("d", Action::Update,
                          box_value("d", str("box-d"), ports.marked_sensitive(), list({}),
                                    settings("slow")),
                          box_value("d", str("box-d"), Value::unknown(), list({}), Value::null())));
  return p;
}

const char* kBlocksExpected = R"(Resource actions are indicated with the following symbols:
  + create
  ~ update in-place
-/+ destroy and then create replacement

Infra will perform the following actions:

  # fake_box.a will be created
  + resource "fake_box" "a" {
      + id   = (known after apply)
      + name = "a"

      + ports {
          + external = 8080
          + id       = (known after apply)
          + internal = 80
        }

      + rule {
          + cidr = "10.0.0.0/8"
        }

      + settings {
          + mode   = "fast"
          + secret = (sensitive value)
        }
    }

  # fake_box.b will be updated in-place
  ~ resource "fake_box" "b" {
        id   = "box-b"
        name = "b"

      ~ ports {
          ~ external = 8080 -> 8081
            # (2 unchanged attributes hidden)
        }

      - rule {
          - cidr = "10.0.0.0/8" -> null
        }

      + rule {
          + cidr = "192.168.0.0/16"
        }

        # (3 unchanged blocks hidden)
    }

  # fake_box.c must be replaced
-/+ resource "fake_box" "c" {
      ~ id   = "box-c" -> (known after apply)
        name = "c"

      ~ ports {
          ~ id       = "port-80" -> (known after apply)
          ~ internal = 80 -> 81 # forces replacement
            # (1 unchanged attribute hidden)
        }
    }

  # fake_box.d will be updated in-place
  ~ resource "fake_box" "d" {
        id   = "box-d"
        name = "d"

      ~ ports = (sensitive value) -> (known after apply)

      - settings {
          - mode   = "slow" -> null
          - secret = (sensitive value) -> null
        }
    }

Plan: 2 to add, 2 to change, 1 to destroy.
)";

}  // namespace

TEST_CASE("nested blocks are shown block by block, and survive the plan file") {
  const Plan p = blocks_plan();
  CHECK(render_plan(p, {false}) == kBlocksExpected);
  const Plan back = decode_plan(encode_plan(p));
  CHECK(render_plan(back, {false}) == kBlocksExpected);
  REQUIRE(back.changes[2].replace_paths.size() == 1);
  CHECK(infra::providers::to_string(back.changes[2].replace_paths[0]) == "ports[0].internal");
  REQUIRE(back.changes[0].blocks.size() == 3);
  CHECK(back.changes[0].blocks[1].nesting == infra::providers::Nesting::Set);
}

TEST_CASE("a deleted resource shows its blocks, and unchanged blocks fold into one line") {
  Plan p;
  const Value ports = list({port(80, 8080, str("port-80"))});
  p.changes.push_back(box("z", Action::Delete,
                          box_value("z", str("box-z"), ports, list({}), Value::null()),
                          Value::null()));
  p.changes.push_back(box("y", Action::Update,
                          box_value("y", str("box-y"), ports, list({rule("10.0.0.0/8")}), Value::null()),
                          box_value("y", str("box-y2"), ports, list({rule("10.0.0.0/8")}), Value::null())));
  const std::string text = render_plan(p, {false});
  INFO(text);
  CHECK(contains_text(text, R"(  - resource "fake_box" "z" {
      - id   = "box-z" -> null
      - name = "z" -> null

      - ports {
          - external = 8080 -> null
          - id       = "port-80" -> null
          - internal = 80 -> null
        }
    }
)"));
  CHECK(contains_text(text, R"(      ~ id   = "box-y" -> "box-y2"
        name = "y"

        # (2 unchanged blocks hidden)
    }
)"));
}

TEST_CASE("drift shows nested blocks as blocks, also from a saved plan") {
  Plan p;
  p.timestamp = "2026-11-23T17:50:00Z";
  const Value before = box_value("d", str("box-d"), list({port(80, 8080, str("port-80"))}),
                                 list({}), Value::null());
  const Value after = box_value("d", str("box-d"), list({port(80, 9090, str("port-80"))}),
                                list({}), Value::null());
  const Change shape = box("d", Action::NoOp, before, after);
  p.drift.push_back({shape.address, shape.type, shape.name, before, after, shape.blocks});
  p.drift.push_back({"fake_box.gone", "fake_box", "gone", before, Value::null(), shape.blocks});
  for (const Plan& plan : {p, decode_plan(encode_plan(p))}) {
    const std::string text = render_plan(plan, {false});
    INFO(text);
    CHECK(contains_text(text, R"(  # fake_box.d has changed
  ~ resource "fake_box" "d" {
        id   = "box-d"
        name = "d"

      ~ ports {
          ~ external = 8080 -> 9090
            # (2 unchanged attributes hidden)
        }
    }
)"));
    CHECK(contains_text(text, R"(      - ports {
          - external = 8080 -> null)"));
    CHECK_FALSE(contains_text(text, "ports = ["));
  }
}

TEST_CASE("plan files written before paths read their replace_paths as one-step paths") {
  nlohmann::json j = nlohmann::json::parse(encode_plan(sample_plan()));
  REQUIRE(j["changes"][2]["replace_paths"] == nlohmann::json::parse(R"([["filename"]])"));
  j["changes"][2]["replace_paths"] = nlohmann::json::parse(R"(["filename"])");
  const Plan back = decode_plan(j.dump());
  REQUIRE(back.changes[2].replace_paths.size() == 1);
  CHECK(back.changes[2].replace_paths[0] == infra::providers::AttributePath{"filename"});
  CHECK(render_plan(back, {false}) == kExpected);
  j["changes"][2]["replace_paths"] = nlohmann::json::parse(R"([[-1]])");
  CHECK_THROWS_WITH(decode_plan(j.dump()), Catch::Contains("malformed plan file"));
  j["changes"][2]["replace_paths"] = nlohmann::json::array();
  j["changes"][2]["blocks"] = nlohmann::json::parse(R"([{"name": "b", "nesting": "map"}])");
  CHECK_THROWS_WITH(decode_plan(j.dump()), Catch::Contains("malformed plan file: unknown block nesting \"map\""));
}
