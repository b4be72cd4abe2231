// Tests of state/terraform_import.cpp: a Terraform state (format version 4) in Infra's
// terms, and the errors of files that are not one.
#include "state/terraform_import.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace infra::state {
namespace {

// What `terraform show -json`'s source, terraform.tfstate, looks like after an apply of
// a configuration with a module, count, for_each, an aliased provider, a sensitive
// attribute, a tainted instance, a data source and a provider Infra does not have.
constexpr const char* kState = R"({
  "version": 4,
  "terraform_version": "1.9.5",
  "serial": 17,
  "lineage": "0f7b7e3c-6c9e-4b9f-a6a1-2f0c8d1d4e55",
  "outputs": {
    "names": {"value": ["a", "b"], "type": ["list", "string"]},
    "secret": {"value": "hunter2", "type": "string", "sensitive": true}
  },
  "resources": [
    {
      "mode": "data",
      "type": "local_file",
      "name": "seed",
      "provider": "provider[\"registry.terraform.io/hashicorp/local\"]",
      "instances": [{"schema_version": 0, "attributes": {"filename": "seed.txt"}}]
    },
    {
      "mode": "managed",
      "type": "local_file",
      "name": "plain",
      "provider": "provider[\"registry.terraform.io/hashicorp/local\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {"content": "hello", "filename": "plain.txt", "id": "aaf4c61d"},
          "sensitive_attributes": [],
          "dependencies": ["data.local_file.seed"]
        }
      ]
    },
    {
      "mode": "managed",
      "type": "local_file",
      "name": "counted",
      "provider": "provider[\"registry.terraform.io/hashicorp/local\"].backup",
      "instances": [
        {"index_key": 0, "schema_version": 1, "attributes": {"filename": "c0"}},
        {"index_key": 1, "schema_version": 1, "status": "tainted", "attributes": {"filename": "c1"}}
      ]
    },
    {
      "module": "module.app[\"eu\"]",
      "mode": "managed",
      "type": "local_sensitive_file",
      "name": "keys",
      "provider": "provider[\"registry.opentofu.org/hashicorp/local\"]",
      "instances": [
        {
          "index_key": "a \"quoted\" key",
          "schema_version": 0,
          "attributes": {"content": "k", "filename": "keys/a", "file_permission": "0600"},
          "sensitive_attributes": [
            [{"type": "get_attr", "value": "content"}],
            [{"type": "get_attr", "value": "content"}, {"type": "index", "value": {"value": 0, "type": "number"}}]
          ],
          "dependencies": ["module.app.local_file.base", "local_file.plain"]
        }
      ]
    },
    {
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "logs",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [{"schema_version": 0, "attributes": {"bucket": "logs"}}]
    },
    {
      "mode": "managed",
      "type": "local_file",
      "name": "swap",
      "provider": "module.app.provider[\"registry.terraform.io/hashicorp/local\"]",
      "instances": [
        {"schema_version": 0, "attributes": {"filename": "new"}},
        {"deposed": "8a1b2c3d", "schema_version": 0, "attributes": {"filename": "old"}}
      ]
    }
  ],
  "check_results": null
})";

TerraformImportOptions local_only(bool keep_unknown = false) {
  TerraformImportOptions o;
  o.provider_known = [](const std::string& name) { return name == "local"; };
  o.keep_unknown = keep_unknown;
  return o;
}

std::vector<std::string> addresses(const std::vector<ResourceInstance>& instances) {
  std::vector<std::string> out;
  for (const auto& i : instances) out.push_back(i.address);
  return out;
}

const ResourceInstance& find(const TerraformState& s, const std::string& address) {
  for (const auto& i : s.instances) {
    if (i.address == address) return i;
  }
  FAIL("no instance " << address);
  throw;
}

TEST_CASE("a Terraform state's managed instances get Infra addresses and provider keys") {
  const TerraformState s = convert_terraform_state(kState, "terraform.tfstate", local_only());
  CHECK(s.terraform_version == "1.9.5");
  CHECK(s.serial == 17);
  CHECK(s.lineage == "0f7b7e3c-6c9e-4b9f-a6a1-2f0c8d1d4e55");
  CHECK(addresses(s.instances) == std::vector<std::string>{
                                      "local_file.counted[0]",
                                      "local_file.counted[1]",
                                      "local_file.plain",
                                      "local_file.swap",
                                      "module.app[\"eu\"].local_sensitive_file.keys[\"a \\\"quoted\\\" key\"]",
                                  });

  const ResourceInstance& plain = find(s, "local_file.plain");
  CHECK(plain.type == "local_file");
  CHECK(plain.name == "plain");
  CHECK(plain.provider == "local");
  CHECK(plain.status == "ready");
  CHECK(nlohmann::json::parse(plain.attributes_json) ==
        nlohmann::json{{"content", "hello"}, {"filename", "plain.txt"}, {"id", "aaf4c61d"}});
  CHECK(plain.sensitive_paths.empty());
  CHECK(plain.dependencies == std::vector<std::string>{"data.local_file.seed"});

  const ResourceInstance& c0 = find(s, "local_file.counted[0]");
  CHECK(c0.provider == "local.backup");
  CHECK(c0.schema_version == 1);
  CHECK(c0.status == "ready");
  CHECK(find(s, "local_file.counted[1]").status == "tainted");

  const ResourceInstance& keys = s.instances.back();
  CHECK(keys.type == "local_sensitive_file");
  CHECK(keys.name == "keys");
  CHECK(keys.provider == "local");  // the registry host does not matter
  CHECK(keys.sensitive_paths == std::vector<std::string>{"content"});
  CHECK(keys.dependencies ==
        std::vector<std::string>{"module.app.local_file.base", "local_file.plain"});

  // A module's own provider configuration is named by the root's key.
  CHECK(find(s, "local_file.swap").provider == "local");
}

TEST_CASE("data sources, deposed objects and unknown providers are reported, not converted") {
  const TerraformState s = convert_terraform_state(kState, "terraform.tfstate", local_only());
  CHECK(s.data_sources == std::vector<std::string>{"data.local_file.seed"});
  REQUIRE(s.deposed.size() == 1);
  CHECK(s.deposed[0].address == "local_file.swap");
  REQUIRE(s.unsupported.size() == 1);
  CHECK(s.unsupported[0].address == "aws_s3_bucket.logs");
  CHECK(s.unsupported[0].type == "aws_s3_bucket");
  CHECK(s.unsupported[0].provider == "aws");
  CHECK(s.unsupported[0].reason == "provider \"aws\" is not available");
}

TEST_CASE("unknown providers' instances are converted when asked, and still reported") {
  const TerraformState s = convert_terraform_state(kState, "terraform.tfstate", local_only(true));
  CHECK(s.instances.size() == 6);
  CHECK(s.instances.front().address == "aws_s3_bucket.logs");
  CHECK(s.instances.front().provider == "aws");
  CHECK(s.unsupported.size() == 1);
}

TEST_CASE("attributes that Infra's provider does not have are left out, and missing types reported") {
  TerraformImportOptions o = local_only();
  std::vector<std::pair<std::string, std::string>> asked;
  o.resource_attributes = [&](const std::string& provider, const std::string& type)
      -> std::optional<std::vector<std::string>> {
    asked.emplace_back(provider, type);
    if (type != "local_file") return std::nullopt;
    return std::vector<std::string>{"content", "filename"};
  };
  const TerraformState s = convert_terraform_state(kState, "terraform.tfstate", o);
  CHECK(nlohmann::json::parse(find(s, "local_file.plain").attributes_json) ==
        nlohmann::json{{"content", "hello"}, {"filename", "plain.txt"}});
  CHECK(s.dropped_attributes ==
        std::map<std::string, std::vector<std::string>>{{"local_file", {"id"}}});
  REQUIRE(s.unsupported.size() == 2);
  CHECK(s.unsupported[1].address == "module.app[\"eu\"].local_sensitive_file.keys[\"a \\\"quoted\\\" key\"]");
  CHECK(s.unsupported[1].reason == "provider \"local\" has no resource type \"local_sensitive_file\"");
  CHECK(s.unsupported[0].reason == "provider \"aws\" is not available");
  CHECK(addresses(s.instances) == std::vector<std::string>{"local_file.counted[0]", "local_file.counted[1]",
                                                           "local_file.plain", "local_file.swap"});
  // Asked once per resource block of a known provider, never for data sources.
  CHECK(asked.size() == 4);
}

TEST_CASE("outputs keep their JSON value and sensitivity, sorted by name") {
  const TerraformState s = convert_terraform_state(kState, "terraform.tfstate", local_only());
  REQUIRE(s.outputs.size() == 2);
  CHECK(s.outputs[0].name == "names");
  CHECK(s.outputs[0].value_json == R"(["a","b"])");
  CHECK_FALSE(s.outputs[0].sensitive);
  CHECK(s.outputs[1].name == "secret");
  CHECK(s.outputs[1].value_json == R"("hunter2")");
  CHECK(s.outputs[1].sensitive);
}

TEST_CASE("Terraform's built-in terraform_data becomes infra_data, its values unwrapped") {
  const char* text = R"({"version": 4, "resources": [{"mode": "managed", "type": "terraform_data",
    "name": "v", "provider": "provider[\"terraform.io/builtin/terraform\"]",
    "instances": [{"schema_version": 0, "attributes": {"id": "6a3e", "input": {"value": ["a"],
    "type": ["list", "string"]}, "output": {"value": ["a"], "type": ["list", "string"]},
    "triggers_replace": null}}]},
    {"mode": "managed", "type": "local_file", "name": "f", "module": "module.m",
     "provider": "provider[\"registry.terraform.io/hashicorp/local\"]",
     "instances": [{"attributes": {}, "dependencies": ["terraform_data.v", "module.m.terraform_data.w",
     "local_file.my_terraform_data"]}]}]})";
  TerraformImportOptions o;
  o.provider_known = [](const std::string& name) { return name == "local" || name == "infra"; };
  const TerraformState s = convert_terraform_state(text, "tf.json", o);
  REQUIRE(s.instances.size() == 2);
  CHECK(s.instances[0].address == "infra_data.v");
  CHECK(s.instances[0].type == "infra_data");
  CHECK(s.instances[0].provider == "infra");
  CHECK(nlohmann::json::parse(s.instances[0].attributes_json) ==
        nlohmann::json::parse(R"({"id": "6a3e", "input": ["a"], "output": ["a"], "triggers_replace": null})"));
  CHECK(s.instances[1].dependencies == std::vector<std::string>{"infra_data.v", "module.m.infra_data.w",
                                                                "local_file.my_terraform_data"});
}

TEST_CASE("Terraform 0.12's provider.NAME form is read too") {
  const char* text = R"({"version": 4, "resources": [{"mode": "managed", "type": "local_file",
    "name": "a", "provider": "provider.local.extra", "instances": [{"attributes": {}}]},
    {"mode": "managed", "type": "local_file", "name": "b", "module": "module.m",
     "provider": "module.m.provider.local", "instances": [{"attributes": {}}]}]})";
  const TerraformState s = convert_terraform_state(text, "old.tfstate", local_only());
  REQUIRE(s.instances.size() == 2);
  CHECK(s.instances[0].provider == "local.extra");
  CHECK(s.instances[1].address == "module.m.local_file.b");
  CHECK(s.instances[1].provider == "local");
}

std::string error_of(const std::string& text) {
  try {
    convert_terraform_state(text, "tf.json", local_only());
  } catch (const TerraformStateError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("a format version other than 4 is refused, saying which") {
  CHECK(error_of(R"({"version": 3, "modules": []})") ==
        "tf.json: Terraform state format version 3 is not supported; infra imports version 4, "
        "which Terraform 0.12 and later and OpenTofu write (run a newer Terraform on it once "
        "to upgrade it)");
  CHECK(error_of(R"({"version": "4"})") == "tf.json: \"version\" must be a whole number");
  CHECK(error_of(R"({"serial": 1})") == "tf.json: missing \"version\"");
  CHECK(error_of("[1, 2]") == "tf.json: not a Terraform state: the file is not a JSON object");
}

TEST_CASE("a JSON syntax error is reported at its line and column") {
  const std::string e = error_of("{\n  \"version\": 4,\n  \"resources\": [,]\n}\n");
  CHECK(e.rfind("tf.json:3:17: not a valid JSON file: ", 0) == 0);
  CHECK(e.find("json.exception") == std::string::npos);
  CHECK(error_of("").rfind("tf.json:1:1: not a valid JSON file: ", 0) == 0);
}

TEST_CASE("a state out of shape is refused, naming the place") {
  CHECK(error_of(R"({"version": 4, "resources": {}})") ==
        "tf.json: \"resources\" must be a list");
  CHECK(error_of(R"({"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
    "provider": "provider[\"x/y/local\"]", "instances": [{"attributes": []}]}]})") ==
        "tf.json: resources[0].instances[0]: \"attributes\" must be an object");
  CHECK(error_of(R"({"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
    "provider": "local", "instances": []}]})") ==
        "tf.json: resources[0]: cannot read the provider \"local\"");
  CHECK(error_of(R"({"version": 4, "resources": [{"mode": "other", "type": "t", "name": "n",
    "provider": "provider.local", "instances": []}]})") ==
        "tf.json: resources[0]: \"mode\" must be \"managed\" or \"data\", not \"other\"");
  CHECK(error_of(R"({"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
    "provider": "provider.local", "instances": [{"status": "gone", "attributes": {}}]}]})") ==
        "tf.json: resources[0].instances[0]: unknown status \"gone\"");
  CHECK(error_of(R"({"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
    "provider": "provider.local", "instances": [{"index_key": 1.5, "attributes": {}}]}]})") ==
        "tf.json: resources[0].instances[0]: \"index_key\" must be a whole number or a string");
  CHECK(error_of(R"({"version": 4, "resources": [{"mode": "managed", "type": "t", "name": "n",
    "provider": "provider.local", "instances": [{"attributes": {}}, {"attributes": {}}]}]})") ==
        "tf.json: resources[0].instances[1]: a second instance t.n");
}

}  // namespace
}  // namespace infra::state
