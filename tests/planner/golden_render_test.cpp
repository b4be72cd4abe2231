// Golden files of the three plan formats — terminal, Markdown, JSON — over plans that
// cover every kind of change the renderers know. Each case's expected output is in
// tests/planner/golden/CASE.{txt,md,json}; run with INFRA_UPDATE_GOLDEN=1 to write them
// again, and read the diff before committing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <utility>
#include <vector>

#include "planner/plan_json.hpp"
#include "planner/render.hpp"
#include "planner/render_markdown.hpp"

using infra::lang::Value;
using namespace infra::planner;
namespace fs = std::filesystem;

namespace {

const fs::path kGolden = fs::path(INFRA_SOURCE_DIR) / "tests/planner/golden";

Change change(const std::string& address, Action action, Value before, Value after) {
  Change c;
  c.address = address;
  c.type = address.substr(0, address.find('.'));
  const std::string rest = address.substr(address.find('.') + 1);
  c.name = rest.substr(0, rest.find('['));
  c.provider = c.type.substr(0, c.type.find('_'));
  c.action = action;
  c.before = std::move(before);
  c.after = std::move(after);
  return c;
}

Value file(const std::string& name, const std::string& content) {
  return Value::object({{"filename", Value::string(name)},
                        {"content", Value::string(content)},
                        {"id", Value::string("id-" + name)}});
}

Plan base() {
  Plan p;
  p.timestamp = "2026-11-24T00:00:00Z";
  p.lineage = "00000000-0000-4000-8000-000000000000";
  p.serial = 7;
  return p;
}

Plan empty_plan() { return base(); }

Plan every_action() {
  Plan p = base();
  Change create = change("local_file.new", Action::Create, Value::null(),
                         Value::object({{"filename", Value::string("new.txt")},
                                        {"content", Value::string("hello\nworld\n")},
                                        {"id", Value::unknown()}}));
  Change update = change("local_file.conf", Action::Update,
                         file("conf.txt", "a = 1\nb = 2\nc = 3\nd = 4\n"),
                         file("conf.txt", "a = 1\nb = 20\nc = 3\nd = 4\n"));
  Change cannot = change("local_file.moved", Action::Replace, file("old.txt", "x"),
                         Value::object({{"filename", Value::string("new-place.txt")},
                                        {"content", Value::string("x")},
                                        {"id", Value::unknown()}}));
  cannot.replace_paths = {{std::string("filename")}};
  Change tainted = change("local_file.tainted", Action::Replace, file("t.txt", "t"), file("t.txt", "t"));
  tainted.reason = "tainted";
  Change asked = change("local_file.asked", Action::Replace, file("r.txt", "r"), file("r.txt", "r"));
  asked.reason = std::string(kReplaceRequested);
  Change triggered = change("infra_data.trigger", Action::Replace,
                            Value::object({{"input", Value::string("v1")}, {"id", Value::string("1")}}),
                            Value::object({{"input", Value::string("v1")}, {"id", Value::unknown()}}));
  triggered.reason = std::string(kTriggeredBy) + "infra_data.source";
  triggered.create_before_destroy = true;
  Change gone = change("local_file.gone", Action::Delete, file("gone.txt", "bye"), Value::null());
  gone.reason = "it is not in the configuration";
  Change forgotten = change("local_file.kept", Action::Forget, file("kept.txt", "k"), file("kept.txt", "k"));
  forgotten.reason = "a removed block says so, with destroy = false";
  Change moved = change("local_file.renamed", Action::NoOp, file("m.txt", "m"), file("m.txt", "m"));
  moved.moved_from = "local_file.old_name";
  Change imported = change("local_file.adopted", Action::NoOp, file("a.txt", "a"), file("a.txt", "a"));
  imported.import_id = "a.txt";
  p.changes = {asked, imported, update, gone, forgotten, cannot, create, moved, tainted, triggered};
  std::sort(p.changes.begin(), p.changes.end(),
            [](const Change& a, const Change& b) { return a.address < b.address; });
  p.outputs.push_back({"url", Action::Update, Value::string("http://a"), Value::string("http://b"), false});
  p.outputs.push_back({"new_id", Action::Create, Value::null(), Value::unknown(), false});
  p.warnings.push_back("Resource targeting is in effect");
  p.deferred.push_back({"module.site", "its for_each is known only after apply"});
  return p;
}

Plan values_in_depth() {
  Plan p = base();
  const Value before = Value::object({
      {"id", Value::string("box-1")},
      {"tags", Value::object({{"env", Value::string("dev")}, {"team", Value::string("a")},
                              {"tier", Value::string("web")}})},
      {"list", Value::list({Value::number(1), Value::number(2), Value::number(3), Value::number(4)})},
      {"set", Value::list({Value::string("a"), Value::string("b")})},
      {"policy", Value::string(R"({"Version":"1","Statement":[{"Effect":"Allow"}]})")},
      {"password", Value::string("hunter2").marked_sensitive()},
      {"settings", Value::object({{"mode", Value::string("fast")},
                                  {"token", Value::string("s3cret").marked_sensitive()}})},
      {"ports", Value::list({Value::object({{"internal", Value::number(80)}, {"external", Value::number(8080)}})})},
  });
  const Value after = Value::object({
      {"id", Value::string("box-1")},
      {"tags", Value::object({{"env", Value::string("prod")}, {"team", Value::string("a")},
                              {"tier", Value::string("web")}, {"owner", Value::string("ops")}})},
      {"list", Value::list({Value::number(1), Value::number(2), Value::number(5), Value::number(4)})},
      {"set", Value::list({Value::string("a"), Value::string("c")})},
      {"policy", Value::string(R"({"Version":"2","Statement":[{"Effect":"Allow"}]})")},
      {"password", Value::string("hunter3").marked_sensitive()},
      {"settings", Value::object({{"mode", Value::string("slow")},
                                  {"token", Value::string("t0ken").marked_sensitive()}})},
      {"ports", Value::list({Value::object({{"internal", Value::number(80)}, {"external", Value::number(9090)}}),
                             Value::object({{"internal", Value::number(443)}, {"external", Value::unknown()}})})},
  });
  Change c = change("fake_box.web", Action::Update, before, after);
  c.blocks = {BlockShape{"ports", infra::providers::Nesting::List, {}}};
  p.changes.push_back(c);
  p.drift.push_back({"local_file.notes", "local_file", "notes", file("notes.txt", "one\n"),
                     file("notes.txt", "edited\n")});
  p.drift.push_back({"local_file.lost", "local_file", "lost", file("lost.txt", "x"), Value::null()});
  return p;
}

Plan large_plan() {
  Plan p = base();
  for (int i = 0; i < 400; ++i) {
    const std::string n = std::to_string(1000 + i);
    p.changes.push_back(change("local_file.f" + n, Action::Create, Value::null(),
                               file("f" + n + ".txt", "file number " + n + " of a large plan\n")));
  }
  Change gone = change("local_file.zz_gone", Action::Delete, file("zz.txt", "z"), Value::null());
  gone.reason = "it is not in the configuration";
  p.changes.push_back(gone);
  return p;
}

const std::vector<std::pair<std::string, std::function<Plan()>>>& cases() {
  static const std::vector<std::pair<std::string, std::function<Plan()>>> kCases = {
      {"empty", empty_plan},
      {"every-action", every_action},
      {"values-in-depth", values_in_depth},
      {"large", large_plan},
  };
  return kCases;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void check_golden(const fs::path& path, const std::string& actual) {
  if (std::getenv("INFRA_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  INFO("golden file " << path.string() << " (INFRA_UPDATE_GOLDEN=1 writes it again)");
  REQUIRE(fs::exists(path));
  CHECK(read(path) == actual);
}

}  // namespace

TEST_CASE("golden plans in each format: terminal, Markdown, JSON") {
  for (const auto& [name, make] : cases()) {
    SECTION(name) {
      const Plan plan = make();
      // The large plan is there for the Markdown size limit: the other two formats of it
      // say nothing the small plans do not.
      if (name != "large") {
        check_golden(kGolden / (name + ".txt"), render_plan(plan, {false}));
        check_golden(kGolden / (name + ".json"), plan_to_json(plan, "0.1.0") + "\n");
      }
      const std::string md = render_markdown(plan);
      check_golden(kGolden / (name + ".md"), md);
      CHECK(md.size() <= 65000);
      // No secret in any of them.
      for (const std::string& text : {render_plan(plan, {false}), render_markdown(plan), plan_to_json(plan, "0.1.0")}) {
        for (const char* secret : {"hunter2", "hunter3", "s3cret", "t0ken"}) {
          CHECK(text.find(secret) == std::string::npos);
        }
      }
    }
  }
}
