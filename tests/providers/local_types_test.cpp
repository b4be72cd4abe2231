// Tests of infra-provider-local's types through the host, on a real temporary directory:
// local_file's content sources and hashes, local_sensitive_file, local_directory and
// local_symlink (create, read back, update in place, replace, drift, import, destroy), the
// data sources, and every validation message.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The plugin, spoken to as the planner does, for one resource type at a time.
class Local {
 public:
  Local() : plugin_(Plugin::start(local_plugin(), "local")) {}

  Plugin& plugin() { return *plugin_; }

  json plan(const std::string& type, const json& prior, const json& proposed,
            const json& unknown = json::array()) {
    return plugin_->call("plan", {{"type", type},
                                  {"prior_state", prior},
                                  {"proposed_state", proposed},
                                  {"unknown", unknown}});
  }

  // Carries out `plan` from `prior` as the planner does: a replacement is a delete, then a
  // create. Returns the new state.
  json apply(const std::string& type, const json& prior, const json& plan) {
    REQUIRE(plan["diagnostics"] == json::array());
    json from = prior;
    if (!prior.is_null() && !plan["requires_replace"].empty()) {
      destroy(type, prior);
      from = nullptr;
    }
    json applied = plugin_->call("apply", {{"type", type},
                                           {"prior_state", from},
                                           {"planned_state", plan["planned_state"]},
                                           {"unknown", plan["unknown"]}});
    REQUIRE(applied["diagnostics"] == json::array());
    return applied["new_state"];
  }

  // plan + apply; the plan goes to `plan_out` when given.
  json change(const std::string& type, const json& prior, const json& proposed,
              json* plan_out = nullptr) {
    json p = plan(type, prior, proposed);
    if (plan_out) *plan_out = p;
    return apply(type, prior, p);
  }

  json create(const std::string& type, const json& config, json* plan_out = nullptr) {
    return change(type, nullptr, config, plan_out);
  }

  json read(const std::string& type, const json& state) {
    return plugin_->call("read", {{"type", type}, {"state", state}})["state"];
  }

  json import(const std::string& type, const std::string& id) {
    return plugin_->call("import", {{"type", type}, {"id", id}})["state"];
  }

  void destroy(const std::string& type, const json& prior) {
    json done = plugin_->call(
        "apply", {{"type", type}, {"prior_state", prior}, {"planned_state", nullptr}});
    CHECK(done["new_state"].is_null());
  }

  json validate(const std::string& type, const json& config, const json& unknown = json::array()) {
    return plugin_->call("validate", {{"type", type}, {"config", config}, {"unknown", unknown}})
        ["diagnostics"];
  }

  json read_data(const std::string& type, const json& config) {
    return plugin_->call("read_data", {{"type", type}, {"config", config}});
  }

 private:
  std::unique_ptr<Plugin> plugin_;
};

json diagnostic(const std::string& summary, const std::string& detail, const json& path) {
  json d = {{"severity", "error"}, {"summary", summary}};
  if (!detail.empty()) d["detail"] = detail;
  d["path"] = path;
  return d;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// `state` with `name` set to `value`: what the host proposes when the configuration changes.
json with(json state, const std::string& name, json value) {
  state[name] = std::move(value);
  return state;
}

const json kNoPaths = json::array();

}  // namespace

// --- local_file: content sources and hashes ------------------------------------------------

TEST_CASE("local types: local_file hashes are known at plan time") {
  TempDir dir;
  Local local;
  json plan;
  json state = local.create("local_file", {{"filename", dir / "h.txt"}, {"content", "hello"}}, &plan);
  const json expected = {
      {"id", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"},
      {"content_sha256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}};
  for (const auto& [name, value] : expected.items()) {
    INFO(name);
    CHECK(plan["planned_state"][name] == value);
    CHECK(state[name] == value);
  }
  CHECK(plan["unknown"] == kNoPaths);
}

TEST_CASE("local types: local_file read fills in what a state from another tool lacks") {
  TempDir dir;
  Local local;
  const std::string path = dir / "tf.txt";
  write(path, "hello");
  // As import-terraform keeps a Terraform state: without the attributes it did not have.
  json state = {{"filename", path},
                {"content", "hello"},
                {"file_permission", "0644"},
                {"id", "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"},
                {"content_sha256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"}};
  ::chmod(path.c_str(), 0644);
  json read = local.read("local_file", state);
  CHECK(read == with(with(with(state, "content_base64", nullptr), "source", nullptr),
                     "directory_permission", nullptr));
}

TEST_CASE("local types: local_file from content_base64 writes the decoded bytes") {
  TempDir dir;
  Local local;
  const std::string path = dir / "bin.dat";
  json plan;
  json state =
      local.create("local_file", {{"filename", path}, {"content_base64", "AAH/Ymlu"}}, &plan);
  CHECK(slurp(path) == std::string("\0\1\xff" "bin", 6));
  const char* sha256 = "757c566d08bcf11fc8a4aa10ce2577ab0c1e5d1ff14db9b3a1aab886dba650d4";
  CHECK(plan["planned_state"]["content_sha256"] == sha256);
  CHECK(state["content_sha256"] == sha256);
  CHECK(state["content_base64"] == "AAH/Ymlu");
  CHECK(local.read("local_file", state) == state);

  // Drift: the bytes show in content_base64, and the plan writes them back in place.
  write(path, "changed");
  json now = local.read("local_file", state);
  CHECK(now["content_base64"] == "Y2hhbmdlZA==");
  CHECK(now.value("content", json()).is_null());
  json restored = local.change("local_file", now, with(now, "content_base64", "AAH/Ymlu"), &plan);
  CHECK(plan["requires_replace"] == kNoPaths);
  CHECK(slurp(path) == std::string("\0\1\xff" "bin", 6));
  CHECK(restored == state);
}

TEST_CASE("local types: local_file from a source file, and drift of the copy") {
  TempDir dir;
  Local local;
  const std::string source = dir / "template.txt";
  const std::string path = dir / "copy.txt";
  write(source, "hello");
  json plan;
  json state = local.create("local_file", {{"filename", path}, {"source", source}}, &plan);
  CHECK(plan["planned_state"]["id"] == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  CHECK(slurp(path) == "hello");
  CHECK(state["source"] == source);
  CHECK(local.read("local_file", state) == state);

  // The copy edited outside: the hashes change, and the plan copies the source again.
  write(path, "edited");
  json now = local.read("local_file", state);
  CHECK(now["id"] != state["id"]);
  CHECK(now["source"] == source);
  json again = local.change("local_file", now, now, &plan);
  CHECK(plan["planned_state"]["id"] == state["id"]);
  CHECK(plan["requires_replace"] == kNoPaths);
  CHECK(slurp(path) == "hello");
  CHECK(again == state);

  // A source that does not exist yet (made by another resource during the apply): the
  // hashes are known only after apply; if it is still missing then, the apply fails.
  json later = local.plan("local_file", nullptr, {{"filename", dir / "later.txt"}, {"source", dir / "none"}});
  CHECK(later["unknown"] == json({{"id"}, {"content_sha256"}}));
  CHECK(later["planned_state"]["id"].is_null());
  CHECK(error_of([&] { local.apply("local_file", nullptr, later); }) ==
        "provider \"local\": apply of local_file: cannot read source " + (dir / "none") +
            ": no such file (at source)");
  // A source that cannot be read is an error at source, at plan time already.
  CHECK(error_of([&] {
          local.plan("local_file", nullptr, {{"filename", dir / "x.txt"}, {"source", dir.path()}});
        }) == "provider \"local\": plan of local_file: cannot read " + dir.path().string() +
                  ": Is a directory (at source)");
}

TEST_CASE("local types: local_file validation names the attribute at fault") {
  Local local;
  auto check = [&](const json& config, const std::vector<json>& expected,
                   const json& unknown = json::array()) {
    INFO(config.dump());
    CHECK(local.validate("local_file", config, unknown) == json(expected));
  };
  const std::string one_of = "set exactly one of content, content_base64 or source";
  check({{"filename", "f"}}, {diagnostic("no content", one_of, {"content"})});
  check({{"filename", "f"}, {"content", "a"}, {"source", "b"}},
        {diagnostic("conflicting content", "content and source are both set; " + one_of,
                    {"source"})});
  // A value not known yet counts as set.
  check({{"filename", "f"}, {"content", "a"}, {"content_base64", nullptr}},
        {diagnostic("conflicting content", "content and content_base64 are both set; " + one_of,
                    {"content_base64"})},
        {{"content_base64"}});
  check({{"filename", "f"}, {"content", nullptr}}, {}, {{"content"}});
  check({{"filename", "f"}, {"content_base64", "not base64!"}},
        {diagnostic("invalid content_base64",
                    "expected standard base64 with padding, such as \"aGk=\"",
                    {"content_base64"})});
  check({{"filename", "f"}, {"content_base64", "aGk"}},
        {diagnostic("invalid content_base64",
                    "expected standard base64 with padding, such as \"aGk=\"",
                    {"content_base64"})});
  check({{"filename", ""}, {"content", "a"}},
        {diagnostic("filename must not be empty", "", {"filename"})});
  for (const std::string bad : {"999", "rwx", "07777", "64", "0x64"}) {
    check({{"filename", "f"}, {"content", "a"}, {"file_permission", bad}},
          {diagnostic("invalid file_permission",
                      "expected 3 or 4 octal digits such as \"0644\", got \"" + bad + "\"",
                      {"file_permission"})});
  }
  check({{"filename", "f"}, {"content", "a"}, {"directory_permission", "8"}},
        {diagnostic("invalid directory_permission",
                    "expected 3 or 4 octal digits such as \"0644\", got \"8\"",
                    {"directory_permission"})});
}

// --- local_sensitive_file ------------------------------------------------------------------

TEST_CASE("local types: local_sensitive_file keeps its content secret and private") {
  TempDir dir;
  Local local;
  const ResourceSchema* schema = local.plugin().schema().find("local_sensitive_file");
  REQUIRE(schema);
  CHECK(schema->find("content")->sensitive);
  CHECK(schema->find("content_base64")->sensitive);
  CHECK_FALSE(schema->find("source")->sensitive);
  CHECK(schema->find("filename")->force_new);

  // Create: "0700" by default, for the file and the directories it makes.
  const std::string path = dir / "keys/id.key";
  json plan;
  json state = local.create("local_sensitive_file", {{"filename", path}, {"content", "hello"}}, &plan);
  CHECK(plan["planned_state"]["file_permission"] == "0700");
  CHECK(slurp(path) == "hello");
  CHECK(mode_of(path) == 0700);
  CHECK(mode_of(dir / "keys") == 0700);
  CHECK(state["id"] == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  CHECK(local.read("local_sensitive_file", state) == state);

  // Permission: in place.
  state = local.change("local_sensitive_file", state, with(state, "file_permission", "0600"), &plan);
  CHECK(plan["requires_replace"] == kNoPaths);
  CHECK(mode_of(path) == 0600);

  // Drift: content and permission changed outside; the plan puts both back.
  write(path, "leaked");
  ::chmod(path.c_str(), 0644);
  json now = local.read("local_sensitive_file", state);
  CHECK(now["content"] == "leaked");
  CHECK(now["file_permission"] == "0644");
  json back = local.change("local_sensitive_file", now,
                           with(with(now, "content", "hello"), "file_permission", "0600"));
  CHECK(back == state);
  CHECK(slurp(path) == "hello");
  CHECK(mode_of(path) == 0600);

  // A new filename replaces it.
  const std::string moved = dir / "keys/other.key";
  json replaced = local.change("local_sensitive_file", state, with(state, "filename", moved), &plan);
  CHECK(plan["requires_replace"] == json({{"filename"}}));
  CHECK_FALSE(fs::exists(path));
  CHECK(slurp(moved) == "hello");
  CHECK(replaced["filename"] == moved);

  // Import by path, then destroy.
  json imported = local.import("local_sensitive_file", moved);
  CHECK(imported["filename"] == moved);
  CHECK(imported["content"] == "hello");
  CHECK(imported["file_permission"] == "0600");
  CHECK(imported["id"] == state["id"]);
  local.destroy("local_sensitive_file", imported);
  CHECK_FALSE(fs::exists(moved));
  CHECK(local.read("local_sensitive_file", imported).is_null());
  CHECK(error_of([&] { local.import("local_sensitive_file", moved); }) ==
        "provider \"local\": import of local_sensitive_file: no such file: " + moved);
}

TEST_CASE("local types: local_sensitive_file validation") {
  Local local;
  CHECK(local.validate("local_sensitive_file", {{"filename", "f"}, {"sensitive_content", "x"}}) ==
        json({{{"severity", "error"},
               {"summary", "unsupported attribute \"sensitive_content\""},
               {"detail", "the resource type has no attribute of that name"},
               {"path", {"sensitive_content"}}},
              diagnostic("no content", "set exactly one of content, content_base64 or source",
                         {"content"})}));
  CHECK(local.validate("local_sensitive_file",
                       {{"filename", "f"}, {"content", "x"}, {"file_permission", "rw-------"}}) ==
        json({diagnostic("invalid file_permission",
                         "expected 3 or 4 octal digits such as \"0644\", got \"rw-------\"",
                         {"file_permission"})}));
}

// --- local_directory -----------------------------------------------------------------------

TEST_CASE("local types: local_directory life cycle on a real directory") {
  TempDir dir;
  Local local;
  const ResourceSchema* schema = local.plugin().schema().find("local_directory");
  REQUIRE(schema);
  CHECK(schema->find("path")->force_new);
  CHECK_FALSE(schema->find("permissions")->force_new);
  CHECK(schema->find("force_destroy")->type == "bool");

  // Create, with its missing parents; "0755" by default whatever the umask.
  const std::string path = dir / "a/b/c";
  json plan;
  json state = local.create("local_directory", {{"path", path}}, &plan);
  CHECK(plan["unknown"] == kNoPaths);
  CHECK(state == json({{"path", path}, {"permissions", "0755"}, {"force_destroy", false}, {"id", path}}));
  CHECK(fs::is_directory(path));
  CHECK(mode_of(path) == 0755);
  CHECK(mode_of(dir / "a") == 0755);
  CHECK(local.read("local_directory", state) == state);

  // Permissions: chmod in place.
  state = local.change("local_directory", state, with(state, "permissions", "0700"), &plan);
  CHECK(plan["requires_replace"] == kNoPaths);
  CHECK(mode_of(path) == 0700);
  CHECK(local.read("local_directory", state) == state);

  // Drift: permissions changed outside show in read, and the plan changes them back.
  ::chmod(path.c_str(), 0750);
  json now = local.read("local_directory", state);
  CHECK(now["permissions"] == "0750");
  json back = local.change("local_directory", now, with(now, "permissions", "0700"), &plan);
  CHECK(plan["requires_replace"] == kNoPaths);
  CHECK(back == state);
  CHECK(mode_of(path) == 0700);

  // A new path replaces it.
  const std::string moved = dir / "a/b/d";
  state = local.change("local_directory", state, with(state, "path", moved), &plan);
  CHECK(plan["requires_replace"] == json({{"path"}}));
  CHECK(plan["planned_state"]["id"] == moved);
  CHECK_FALSE(fs::exists(path));
  CHECK(mode_of(moved) == 0700);

  // Removed outside: read says it is gone.
  fs::remove(moved);
  CHECK(local.read("local_directory", state).is_null());
  // ... and replaced by a file: gone too, and the plan to make it again says why it cannot.
  write(moved, "x");
  CHECK(local.read("local_directory", state).is_null());
  json blocked = local.plan("local_directory", nullptr, {{"path", moved}});
  CHECK(blocked["diagnostics"] ==
        json({diagnostic("path is not a directory",
                         moved + " is a regular file; a directory cannot be made there", {"path"})}));
}

TEST_CASE("local types: local_directory is deleted only when empty unless force_destroy") {
  TempDir dir;
  Local local;
  const std::string path = dir / "data";
  json state = local.create("local_directory", {{"path", path}});
  write(path + "/one.txt", "1");
  fs::create_directory(path + "/sub");
  write(path + "/sub/two.txt", "2");

  CHECK(error_of([&] { local.destroy("local_directory", state); }) ==
        "provider \"local\": apply of local_directory: cannot delete directory " + path +
            ": it is not empty (it holds one.txt, sub/); set force_destroy = true to delete it "
            "with everything in it (at force_destroy)");
  CHECK(fs::exists(path + "/sub/two.txt"));

  // More than five entries: the first five, and how many more.
  for (int i = 0; i < 6; ++i) write(path + "/f" + std::to_string(i), "");
  CHECK(error_of([&] { local.destroy("local_directory", state); }) ==
        "provider \"local\": apply of local_directory: cannot delete directory " + path +
            ": it is not empty (it holds f0, f1, f2, f3, f4 and 3 more); set force_destroy = "
            "true to delete it with everything in it (at force_destroy)");

  // force_destroy is an in-place change; then the delete takes everything.
  json plan;
  state = local.change("local_directory", state, with(state, "force_destroy", true), &plan);
  CHECK(plan["requires_replace"] == kNoPaths);
  CHECK(state["force_destroy"] == true);
  fs::create_symlink(dir.path(), path + "/link-out");  // followed by nothing
  local.destroy("local_directory", state);
  CHECK_FALSE(fs::exists(path));
  CHECK(fs::exists(dir.path()));
  // Already gone: fine.
  local.destroy("local_directory", state);

  // Empty: deleted without force_destroy.
  json empty = local.create("local_directory", {{"path", path}});
  local.destroy("local_directory", empty);
  CHECK_FALSE(fs::exists(path));

  // Something else at its path now: left alone.
  write(path, "not mine");
  CHECK(error_of([&] { local.destroy("local_directory", empty); }) ==
        "provider \"local\": apply of local_directory: cannot delete directory " + path +
            ": it is now a regular file; left alone (at path)");
  CHECK(slurp(path) == "not mine");
}

TEST_CASE("local types: local_directory import by path") {
  TempDir dir;
  Local local;
  const std::string path = dir / "existing";
  fs::create_directory(path);
  ::chmod(path.c_str(), 0710);
  json state = local.import("local_directory", path);
  CHECK(state == json({{"path", path}, {"permissions", "0710"}, {"force_destroy", false}, {"id", path}}));
  CHECK(local.read("local_directory", state) == state);

  CHECK(error_of([&] { local.import("local_directory", dir / "nope"); }) ==
        "provider \"local\": import of local_directory: cannot import " + (dir / "nope") +
            ": no such directory");
  write(dir / "file", "x");
  CHECK(error_of([&] { local.import("local_directory", dir / "file"); }) ==
        "provider \"local\": import of local_directory: cannot import " + (dir / "file") +
            ": it is a regular file, not a directory");
}

TEST_CASE("local types: local_directory validation and plan errors") {
  TempDir dir;
  Local local;
  CHECK(local.validate("local_directory", {{"path", dir / "d"}, {"permissions", "999"}}) ==
        json({diagnostic("invalid permissions",
                         "expected 3 or 4 octal digits such as \"0644\", got \"999\"",
                         {"permissions"})}));
  CHECK(local.validate("local_directory", {{"path", dir / "d"}, {"permissions", "rwx"}}) ==
        json({diagnostic("invalid permissions",
                         "expected 3 or 4 octal digits such as \"0644\", got \"rwx\"",
                         {"permissions"})}));
  CHECK(local.validate("local_directory", {{"path", ""}}) ==
        json({diagnostic("path must not be empty", "", {"path"})}));
  CHECK(local.validate("local_directory", {{"path", "d"}, {"force_destroy", "yes"}}) ==
        json({{{"severity", "error"},
               {"summary", "attribute \"force_destroy\" must be a bool"},
               {"detail", "got \"yes\""},
               {"path", {"force_destroy"}}}}));
  CHECK(local.validate("local_directory", {{"path", nullptr}, {"permissions", nullptr}},
                       {{"path"}, {"permissions"}}) == json::array());

  // An existing directory is imported, not created over. The plan cannot tell it from the
  // old directory of a replacement at the same path (deleted before the create), so the
  // create says so.
  fs::create_directory(dir / "there");
  json planned = local.plan("local_directory", nullptr, {{"path", dir / "there"}});
  CHECK(planned["diagnostics"] == json::array());
  CHECK(error_of([&] { local.apply("local_directory", nullptr, planned); }) ==
        "provider \"local\": apply of local_directory: cannot create directory " +
            (dir / "there") +
            ": a directory already exists there; import it (its import ID is its path) to "
            "manage it (at path)");
  // Something else at the path: the plan says so already.
  write(dir / "file", "x");
  json blocked = local.plan("local_directory", nullptr, {{"path", dir / "file"}});
  CHECK(blocked["diagnostics"] ==
        json({diagnostic("path is not a directory",
                         (dir / "file") + " is a regular file; a directory cannot be made there",
                         {"path"})}));
  // ... and the apply too, when the file appeared after the plan.
  planned = local.plan("local_directory", nullptr, {{"path", dir / "late"}});
  write(dir / "late", "x");
  CHECK(error_of([&] { local.apply("local_directory", nullptr, planned); }) ==
        "provider \"local\": apply of local_directory: cannot create directory " +
            (dir / "late") + ": a regular file already exists there (at path)");
  // An unknown path: the id is unknown too, and nothing is checked yet.
  json later = local.plan("local_directory", nullptr, {{"path", nullptr}}, {{"path"}});
  CHECK(later["unknown"] == json({{"path"}, {"id"}}));
  CHECK(later["diagnostics"] == json::array());
}

TEST_CASE("local types: the local_directory data source lists entries") {
  TempDir dir;
  Local local;
  const std::string path = dir / "listed";
  fs::create_directory(path);
  ::chmod(path.c_str(), 0750);
  write(path + "/b.txt", "12345");
  fs::create_directory(path + "/a");
  fs::create_symlink("b.txt", path + "/c");
  json result = local.read_data("local_directory", {{"path", path}});
  CHECK(result["diagnostics"] == json::array());
  CHECK(result["state"] ==
        json({{"path", path},
              {"permissions", "0750"},
              {"id", path},
              {"entries",
               {{{"name", "a"}, {"type", "directory"}, {"size", 0}},
                {{"name", "b.txt"}, {"type", "file"}, {"size", 5}},
                {{"name", "c"}, {"type", "symlink"}, {"size", 0}}}}}));

  const ResourceSchema* schema = local.plugin().schema().find_data_source("local_directory");
  REQUIRE(schema);
  CHECK(schema->find("entries")->computed);
  CHECK(schema->find("entries")->type == "list(object)");

  CHECK(error_of([&] { local.read_data("local_directory", {{"path", dir / "nope"}}); }) ==
        "provider \"local\": read_data of local_directory: cannot list " + (dir / "nope") +
            ": no such directory (at path)");
  CHECK(error_of([&] { local.read_data("local_directory", {{"path", path + "/b.txt"}}); }) ==
        "provider \"local\": read_data of local_directory: cannot list " + path +
            "/b.txt: it is a regular file, not a directory (at path)");
}

// --- local_symlink -------------------------------------------------------------------------

TEST_CASE("local types: local_symlink life cycle on a real link") {
  TempDir dir;
  Local local;
  const ResourceSchema* schema = local.plugin().schema().find("local_symlink");
  REQUIRE(schema);
  CHECK(schema->find("path")->force_new);
  CHECK(schema->find("target")->force_new);
  CHECK(schema->find("id")->computed);

  write(dir / "one.txt", "1");
  write(dir / "two.txt", "2");
  const std::string path = dir / "current";
  json plan;
  json state = local.create("local_symlink", {{"path", path}, {"target", "one.txt"}}, &plan);
  CHECK(plan["planned_state"]["id"] == path);
  CHECK(state == json({{"path", path}, {"target", "one.txt"}, {"id", path}}));
  CHECK(fs::read_symlink(path) == "one.txt");
  CHECK(slurp(path) == "1");
  CHECK(local.read("local_symlink", state) == state);

  // Nothing changed: no replacement, the same state.
  json same = local.plan("local_symlink", state, state);
  CHECK(same["requires_replace"] == kNoPaths);
  CHECK(same["planned_state"] == state);

  // A new target replaces the link.
  state = local.change("local_symlink", state, with(state, "target", "two.txt"), &plan);
  CHECK(plan["requires_replace"] == json({{"target"}}));
  CHECK(fs::read_symlink(path) == "two.txt");

  // Drift: re-linked outside; the plan replaces it to point back.
  fs::remove(path);
  fs::create_symlink("one.txt", path);
  json now = local.read("local_symlink", state);
  CHECK(now["target"] == "one.txt");
  json back = local.change("local_symlink", now, with(now, "target", "two.txt"), &plan);
  CHECK(plan["requires_replace"] == json({{"target"}}));
  CHECK(back == state);
  CHECK(fs::read_symlink(path) == "two.txt");

  // A new path replaces it too.
  const std::string moved = dir / "latest";
  state = local.change("local_symlink", state, with(state, "path", moved), &plan);
  CHECK(plan["requires_replace"] == json({{"path"}}));
  CHECK_FALSE(fs::is_symlink(path));
  CHECK(fs::read_symlink(moved) == "two.txt");

  // Removed outside: gone; replaced by a regular file: gone as a link too.
  fs::remove(moved);
  CHECK(local.read("local_symlink", state).is_null());
  write(moved, "mine");
  CHECK(local.read("local_symlink", state).is_null());
  // Destroy leaves the file alone.
  CHECK(error_of([&] { local.destroy("local_symlink", state); }) ==
        "provider \"local\": apply of local_symlink: cannot delete symbolic link " + moved +
            ": it is now a regular file; left alone (at path)");
  CHECK(slurp(moved) == "mine");

  // Destroy removes the link, never what it points to; gone already is fine.
  json last = local.create("local_symlink", {{"path", dir / "l"}, {"target", dir / "one.txt"}});
  local.destroy("local_symlink", last);
  CHECK_FALSE(fs::is_symlink(dir / "l"));
  CHECK(slurp(dir / "one.txt") == "1");
  local.destroy("local_symlink", last);
}

TEST_CASE("local types: local_symlink import by path") {
  TempDir dir;
  Local local;
  fs::create_symlink("/nowhere/at/all", dir / "dangling");
  json state = local.import("local_symlink", dir / "dangling");
  CHECK(state == json({{"path", dir / "dangling"}, {"target", "/nowhere/at/all"}, {"id", dir / "dangling"}}));
  CHECK(local.read("local_symlink", state) == state);
  CHECK(error_of([&] { local.import("local_symlink", dir / "nope"); }) ==
        "provider \"local\": import of local_symlink: cannot import " + (dir / "nope") +
            ": no such symbolic link");
  fs::create_directory(dir / "d");
  CHECK(error_of([&] { local.import("local_symlink", dir / "d"); }) ==
        "provider \"local\": import of local_symlink: cannot import " + (dir / "d") +
            ": it is a directory, not a symbolic link");
}

TEST_CASE("local types: local_symlink validation and plan errors") {
  TempDir dir;
  Local local;
  CHECK(local.validate("local_symlink", {{"path", ""}, {"target", ""}}) ==
        json({diagnostic("path must not be empty", "", {"path"}),
              diagnostic("target must not be empty", "", {"target"})}));
  CHECK(local.validate("local_symlink", {{"path", "p"}}) ==
        json({{{"severity", "error"},
               {"summary", "missing required attribute \"target\""},
               {"detail", "What the link points to, stored as written (a relative target is "
                          "relative to the link's directory); it need not exist."},
               {"path", {"target"}}}}));

  // A regular file where the link should be.
  write(dir / "file", "x");
  json plan = local.plan("local_symlink", nullptr, {{"path", dir / "file"}, {"target", "t"}});
  CHECK(plan["diagnostics"] ==
        json({diagnostic("path exists and is not a symbolic link",
                         (dir / "file") + " is a regular file; remove it or choose another path",
                         {"path"})}));
  // A link to somewhere else: the plan cannot tell it from the old link of a replacement
  // (deleted before the create); the create refuses it.
  fs::create_symlink("elsewhere", dir / "link");
  plan = local.plan("local_symlink", nullptr, {{"path", dir / "link"}, {"target", "t"}});
  CHECK(plan["diagnostics"] == json::array());
  CHECK(error_of([&] { local.apply("local_symlink", nullptr, plan); }) ==
        "provider \"local\": apply of local_symlink: cannot create symbolic link " +
            (dir / "link") +
            ": a symbolic link to \"elsewhere\" already exists there; import it (its import ID "
            "is its path) or remove it (at path)");
  CHECK(fs::read_symlink(dir / "link") == "elsewhere");
  // A link that already points to the target is adopted.
  plan = local.plan("local_symlink", nullptr, {{"path", dir / "link"}, {"target", "elsewhere"}});
  CHECK(local.apply("local_symlink", nullptr, plan)["target"] == "elsewhere");

  // The apply refuses too, when the file appeared after the plan.
  json planned = local.plan("local_symlink", nullptr, {{"path", dir / "late"}, {"target", "t"}});
  write(dir / "late", "x");
  CHECK(error_of([&] { local.apply("local_symlink", nullptr, planned); }) ==
        "provider \"local\": apply of local_symlink: cannot create symbolic link " +
            (dir / "late") + ": a regular file already exists there (at path)");
  CHECK(error_of([&] {
          local.apply("local_symlink", nullptr,
                      local.plan("local_symlink", nullptr,
                                 {{"path", dir / "no/such/dir/l"}, {"target", "t"}}));
        }) == "provider \"local\": apply of local_symlink: cannot create symbolic link " +
                  (dir / "no/such/dir/l") + ": No such file or directory");
}

// --- the file data sources -----------------------------------------------------------------

TEST_CASE("local types: the local_sensitive_file data source reads secret content") {
  TempDir dir;
  Local local;
  write(dir / "secret", "hello");
  json result = local.read_data("local_sensitive_file", {{"filename", dir / "secret"}});
  CHECK(result["state"]["content"] == "hello");
  CHECK(result["state"]["content_base64"] == "aGVsbG8=");
  CHECK(result["state"]["id"] == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
  const ResourceSchema* sensitive = local.plugin().schema().find_data_source("local_sensitive_file");
  REQUIRE(sensitive);
  CHECK(sensitive->find("content")->sensitive);
  CHECK(sensitive->find("content_base64")->sensitive);
  CHECK_FALSE(local.plugin().schema().find_data_source("local_file")->find("content")->sensitive);
  CHECK(local.read_data("local_file", {{"filename", dir / "secret"}})["state"]["content_sha256"] ==
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  CHECK(error_of([&] { local.read_data("local_sensitive_file", {{"filename", dir / "nope"}}); }) ==
        "provider \"local\": read_data of local_sensitive_file: cannot read \"" + (dir / "nope") +
            "\": no such file (at filename)");
}
