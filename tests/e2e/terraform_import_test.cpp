// End to end: infra state import-terraform takes over a Terraform state, and the next
// plan agrees with it.
#include <catch2/catch.hpp>
#include <filesystem>

#include "harness.hpp"
#include "state/backend.hpp"

namespace infra::e2e {
namespace {

namespace fs = std::filesystem;

// The configuration Terraform applied, translated: a file, two counted ones, one in a
// module, an output, and terraform_data as infra_data.
constexpr const char* kConfig = R"(resource "local_file" "a" {
  filename        = "a.txt"
  content         = "a"
  file_permission = "0644"
}
resource "local_file" "many" {
  count           = 2
  filename        = "many-${count.index}.txt"
  content         = "b\n"
  file_permission = "0644"
}
module "m" {
  source = "./m"
}
output "greeting" {
  value = local_file.a.content
}
resource "infra_data" "release" {
  input = { version = "1.2.0", regions = ["eu", "us"] }
}
)";

constexpr const char* kModule = R"(resource "local_file" "inner" {
  for_each        = toset(["x"])
  filename        = "inner-${each.key}.txt"
  content         = "a"
  file_permission = "0644"
}
)";

// The hashes the local provider records: SHA-1 and SHA-256 of "a" and of "b\n".
constexpr const char* kSha1A = "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8";
constexpr const char* kSha256A = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
constexpr const char* kSha1B = "89e6c98d92887913cadf06b2adb97f26cde4849b";
constexpr const char* kSha256B = "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f";

// One local_file instance as Terraform writes it, with the attributes our provider keeps.
std::string instance(const std::string& key, const std::string& filename,
                     const std::string& content_json, const char* sha1, const char* sha256,
                     const std::string& extra = "") {
  return R"({)" + key + R"("schema_version": 0, "attributes": {"content": )" + content_json +
         R"(, "content_sha256": ")" + sha256 +
         R"(", "directory_permission": null, "file_permission": "0644", "filename": ")" +
         filename + R"(", "id": ")" + sha1 + R"("}, "sensitive_attributes": [])" + extra + "}";
}

const std::string kProvider = R"("provider": "provider[\"registry.terraform.io/hashicorp/local\"]")";

std::string tfstate(const std::string& a_extra = "", const std::string& more_resources = "") {
  return R"({
  "version": 4,
  "terraform_version": "1.9.5",
  "serial": 7,
  "lineage": "5e7c0c7e-1a4b-4f55-9a39-0c2b7d0b5a11",
  "outputs": {"greeting": {"value": "a", "type": "string"}},
  "resources": [
    {"mode": "data", "type": "local_file", "name": "seed", )" + kProvider + R"(,
     "instances": [{"schema_version": 0, "attributes": {"filename": "a.txt"}}]},
    {"mode": "managed", "type": "local_file", "name": "a", )" + kProvider + R"(,
     "instances": [)" + instance("", "a.txt", R"("a")", kSha1A, kSha256A, a_extra) + R"(]},
    {"mode": "managed", "type": "local_file", "name": "many", )" + kProvider + R"(,
     "instances": [)" +
         instance(R"("index_key": 0, )", "many-0.txt", R"("b\n")", kSha1B, kSha256B,
                  R"(, "dependencies": ["local_file.a"])") + ", " +
         instance(R"("index_key": 1, )", "many-1.txt", R"("b\n")", kSha1B, kSha256B) + R"(]},
    {"module": "module.m", "mode": "managed", "type": "local_file", "name": "inner", )" +
         kProvider + R"(,
     "instances": [)" + instance(R"("index_key": "x", )", "inner-x.txt", R"("a")", kSha1A, kSha256A) +
         R"(]},
    {"mode": "managed", "type": "terraform_data", "name": "release",
     "provider": "provider[\"terraform.io/builtin/terraform\"]",
     "instances": [{"schema_version": 0, "attributes": {"id": "0b8f6c1e-2d4a-7e3f-9a5b-1c2d3e4f5a6b",
       "input": {"value": {"version": "1.2.0", "regions": ["eu", "us"]},
                 "type": ["object", {"version": "string", "regions": ["tuple", ["string", "string"]]}]},
       "output": {"value": {"version": "1.2.0", "regions": ["eu", "us"]},
                  "type": ["object", {"version": "string", "regions": ["tuple", ["string", "string"]]}]},
       "triggers_replace": null}, "sensitive_attributes": []}]})" + more_resources + R"(
  ]
})";
}

// The objects Terraform made, as they are on disk.
void write_objects(const Scratch& dir) {
  dir.write("main.infra", kConfig);
  dir.write("m/main.infra", kModule);
  for (const auto& [name, content] : std::vector<std::pair<std::string, std::string>>{
           {"a.txt", "a"}, {"many-0.txt", "b\n"}, {"many-1.txt", "b\n"}, {"inner-x.txt", "a"}}) {
    dir.write(name, content);
    fs::permissions(dir.path() / name, fs::perms(0644), fs::perm_options::replace);
  }
}

TEST_CASE("import-terraform takes over a Terraform state: the plan shows no changes") {
  Scratch dir;
  write_objects(dir);
  dir.write("terraform.tfstate", tfstate());
  Result imported = run_infra(dir.path(), {"state", "import-terraform", "terraform.tfstate"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  CHECK(contains(imported.out, "Imported 5 resource instances and 1 output from terraform.tfstate "
                               "(Terraform 1.9.5, serial 7) into .infra/state.db.\n"));
  CHECK(contains(imported.out, "  + module.m.local_file.inner[\"x\"]\n"));
  CHECK(contains(imported.out, "  - data.local_file.seed: not imported, a plan reads data sources again\n"));
  CHECK(state_addresses(dir) == std::vector<std::string>{"infra_data.release", "local_file.a",
                                                         "local_file.many[0]",
                                                         "local_file.many[1]",
                                                         "module.m.local_file.inner[\"x\"]"});
  auto backend = state::open_sqlite(dir.path() / ".infra" / "state.db");
  const state::Snapshot snapshot = backend->read();
  const state::ResourceInstance* many0 = snapshot.find("local_file.many[0]");
  REQUIRE(many0 != nullptr);
  CHECK(many0->provider == "local");
  CHECK(many0->dependencies == std::vector<std::string>{"local_file.a"});
  REQUIRE(snapshot.outputs.size() == 1);
  CHECK(snapshot.outputs[0].value_json == "\"a\"");

  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "No changes."));
}

TEST_CASE("attributes that only Terraform's local provider has are left out by the import") {
  Scratch dir;
  write_objects(dir);
  std::string text = tfstate();
  const std::string plain = R"("directory_permission": null)";
  const std::string more = R"("content_md5": "0cc175b9", "content_base64": null, "directory_permission": null)";
  for (auto at = text.find(plain); at != std::string::npos; at = text.find(plain, at + more.size())) {
    text.replace(at, plain.size(), more);
  }
  dir.write("terraform.tfstate", text);
  Result imported = run_infra(dir.path(), {"state", "import-terraform", "terraform.tfstate"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  CHECK(contains(imported.out, "  ~ local_file: left out attributes that Infra's provider does not "
                               "have: content_md5\n"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color", "-detailed-exitcode"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "No changes."));
}

TEST_CASE("an imported tainted instance is replaced by the next plan") {
  Scratch dir;
  write_objects(dir);
  dir.write("terraform.tfstate", tfstate(R"(, "status": "tainted")"));
  Result imported = run_infra(dir.path(), {"state", "import-terraform", "terraform.tfstate"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  CHECK(contains(imported.out, "  + local_file.a (tainted)\n"));
  Result plan = run_infra(dir.path(), {"plan", "-no-color"});
  INFO(plan.all());
  CHECK(plan.code == 0);
  CHECK(contains(plan.out, "local_file.a is tainted, so it must be replaced"));
  CHECK(contains(plan.out, "1 to add, 0 to change, 1 to destroy"));
}

TEST_CASE("import-terraform refuses resources of unknown providers unless told to skip them") {
  Scratch dir;
  write_objects(dir);
  dir.write("terraform.tfstate",
            tfstate("", R"(,
    {"mode": "managed", "type": "aws_s3_bucket", "name": "logs",
     "provider": "provider[\"registry.terraform.io/hashicorp/aws\"].eu",
     "instances": [{"schema_version": 0, "attributes": {"bucket": "logs"}}]},
    {"mode": "managed", "type": "local_cabinet", "name": "key", )" + kProvider + R"(,
     "instances": [{"schema_version": 0, "attributes": {"filename": "key.pem"}}]})"));
  Result refused = run_infra(dir.path(), {"state", "import-terraform", "-no-color", "terraform.tfstate"});
  INFO(refused.all());
  CHECK(refused.code == 1);
  CHECK(contains(refused.err, "Error: Resources that Infra has no provider for"));
  CHECK(contains(refused.err, "  aws_s3_bucket  aws_s3_bucket.logs  (provider \"aws\" is not available)\n"));
  CHECK(contains(refused.err, "  local_cabinet  local_cabinet.key  (provider \"local\" has "
                              "no resource type \"local_cabinet\")\n"));
  CHECK(contains(refused.err, "-skip-unknown"));
  CHECK_FALSE(dir.exists(".infra/state.db"));

  Result skipped = run_infra(dir.path(), {"state", "import-terraform", "-skip-unknown", "terraform.tfstate"});
  INFO(skipped.all());
  CHECK(skipped.code == 0);
  CHECK(contains(skipped.out, "  - aws_s3_bucket.logs: left out, provider \"aws\" is not available\n"));
  CHECK(contains(skipped.out, "  - local_cabinet.key: left out, provider \"local\" has no "
                              "resource type \"local_cabinet\"\n"));
  CHECK(state_addresses(dir).size() == 5);
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);
}

TEST_CASE("import-terraform refuses a state that has resources, unless -force") {
  Scratch dir;
  write_objects(dir);
  dir.write("terraform.tfstate", tfstate());
  REQUIRE(run_infra(dir.path(), {"state", "import-terraform", "terraform.tfstate"}).code == 0);
  Result again = run_infra(dir.path(), {"state", "import-terraform", "-no-color", "terraform.tfstate"});
  CHECK(again.code == 1);
  CHECK(contains(again.err, "Error: The state is not empty"));
  CHECK(contains(again.err, ".infra/state.db already records 5 resource instances."));
  Result forced = run_infra(dir.path(), {"state", "import-terraform", "-force", "terraform.tfstate"});
  INFO(forced.all());
  CHECK(forced.code == 0);
  CHECK(state_addresses(dir).size() == 5);
}

TEST_CASE("import-terraform goes into the selected workspace's state") {
  Scratch dir;
  write_objects(dir);
  dir.write("terraform.tfstate", tfstate());
  REQUIRE(run_infra(dir.path(), {"workspace", "new", "migrated"}).code == 0);
  Result imported = run_infra(dir.path(), {"state", "import-terraform", "terraform.tfstate"});
  INFO(imported.all());
  REQUIRE(imported.code == 0);
  CHECK(contains(imported.out, "into .infra/workspaces/migrated/state.db (workspace \"migrated\")."));
  CHECK(state_addresses(dir).empty());
  CHECK(run_infra(dir.path(), {"plan", "-detailed-exitcode"}).code == 0);
}

TEST_CASE("import-terraform refuses other format versions, bad JSON and a held lock") {
  Scratch dir;
  write_objects(dir);
  dir.write("old.tfstate", R"({"version": 3, "serial": 1, "modules": []})");
  Result old = run_infra(dir.path(), {"state", "import-terraform", "-no-color", "old.tfstate"});
  CHECK(old.code == 1);
  CHECK(contains(old.err, "Error: Failed to read the Terraform state"));
  CHECK(contains(old.err, "old.tfstate: Terraform state format version 3 is not supported; "
                          "infra imports version 4"));

  dir.write("bad.tfstate", "{\n  \"version\": 4,\n  \"resources\": [\n    {\"mode\": }\n  ]\n}\n");
  Result bad = run_infra(dir.path(), {"state", "import-terraform", "-no-color", "bad.tfstate"});
  CHECK(bad.code == 1);
  CHECK(contains(bad.err, "bad.tfstate:4:14: not a valid JSON file: "));

  Result missing = run_infra(dir.path(), {"state", "import-terraform", "nope.tfstate"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "nope.tfstate: cannot open the file"));

  Result usage = run_infra(dir.path(), {"state", "import-terraform"});
  CHECK(usage.code == 1);
  CHECK(contains(usage.err, "state import-terraform needs the FILE to read"));
  CHECK_FALSE(dir.exists(".infra/state.db"));

  dir.write("terraform.tfstate", tfstate());
  auto backend = state::open_sqlite(dir.path() / ".infra" / "state.db");
  backend->lock("apply");
  Result locked = run_infra(dir.path(), {"state", "import-terraform", "-no-color", "terraform.tfstate"});
  CHECK(locked.code == 1);
  CHECK(contains(locked.err, "Error acquiring the state lock"));
  CHECK(backend->read().instances.empty());
}

}  // namespace
}  // namespace infra::e2e
