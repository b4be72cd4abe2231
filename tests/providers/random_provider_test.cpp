// Tests of infra-provider-random through the host: for each type the life cycle (create,
// read, keepers, in-place updates, import, destroy), the character rules of strings and
// passwords over many samples, bcrypt hashes, seeds, and every validation message.
#include <catch2/catch.hpp>

#include <crypt.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>
#include <openssl/sha.h>

#include "providers/host/plugin.hpp"
#include "test_support.hpp"

using namespace infra::providers;
using namespace infra::providers::test;
using nlohmann::json;

namespace {

std::unique_ptr<Plugin> start_random() {
  return Plugin::start(bin_dir() / "infra-provider-random", "random");
}

json plan(Plugin& plugin, const std::string& type, const json& prior, const json& proposed,
          const json& unknown = json::array()) {
  return plugin.call("plan", {{"type", type},
                              {"prior_state", prior},
                              {"proposed_state", proposed},
                              {"unknown", unknown}});
}

json apply(Plugin& plugin, const std::string& type, const json& prior, const json& planned) {
  json applied = plugin.call("apply", {{"type", type},
                                       {"prior_state", prior},
                                       {"planned_state", planned["planned_state"]},
                                       {"unknown", planned["unknown"]}});
  REQUIRE(applied["diagnostics"] == json::array());
  return applied["new_state"];
}

// Plans and applies a new object from `config`.
json create(Plugin& plugin, const std::string& type, const json& config) {
  json p = plan(plugin, type, nullptr, config);
  REQUIRE(p["diagnostics"] == json::array());
  return apply(plugin, type, nullptr, p);
}

json read_back(Plugin& plugin, const std::string& type, const json& state) {
  return plugin.call("read", {{"type", type}, {"state", state}})["state"];
}

json import(Plugin& plugin, const std::string& type, const std::string& id) {
  return plugin.call("import", {{"type", type}, {"id", id}})["state"];
}

json diagnostics(Plugin& plugin, const std::string& type, const json& config,
                 const json& unknown = json::array()) {
  return plugin.call("validate", {{"type", type}, {"config", config}, {"unknown", unknown}})
      ["diagnostics"];
}

json error(const std::string& summary, const std::string& detail, const json& path) {
  return {{"severity", "error"}, {"summary", summary}, {"detail", detail}, {"path", path}};
}

// `config` with one more member.
json with(json config, const std::string& name, const json& value) {
  config[name] = value;
  return config;
}

// Plans `config` against `state` (as the host would, with the prior computed values merged
// in): the keepers change of every type forces a new value, and the deletion is clean.
void check_keepers_replace_and_destroy(Plugin& plugin, const std::string& type,
                                       const json& config) {
  json state = create(plugin, type, with(config, "keepers", {{"k", "1"}}));
  CHECK(read_back(plugin, type, state) == state);

  json same = with(state, "keepers", {{"k", "1"}});
  json p = plan(plugin, type, state, same);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == state);

  json changed = with(state, "keepers", {{"k", "2"}});
  p = plan(plugin, type, state, changed);
  CHECK(p["requires_replace"] == json({{"keepers"}}));
  CHECK_FALSE(p["unknown"].empty());
  for (const auto& path : p["unknown"]) {
    CHECK(p["planned_state"][path[0].get<std::string>()].is_null());
  }

  // A keeper known only after apply may change: a new value.
  p = plan(plugin, type, state, with(state, "keepers", {{"k", nullptr}}), {{"keepers", "k"}});
  CHECK(p["requires_replace"] == json({{"keepers"}}));

  // Removing keepers is a change too.
  p = plan(plugin, type, state, with(state, "keepers", nullptr));
  CHECK(p["requires_replace"] == json({{"keepers"}}));

  // An entry whose value is null is no keeper: adding one is recorded in place.
  json nulls = with(state, "keepers", {{"k", "1"}, {"later", nullptr}});
  p = plan(plugin, type, state, nulls);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["unknown"] == json::array());
  CHECK(p["planned_state"] == nulls);
  json updated = apply(plugin, type, state, p);
  CHECK(updated == nulls);

  json gone = plugin.call("apply", {{"type", type},
                                    {"prior_state", updated},
                                    {"planned_state", nullptr},
                                    {"unknown", json::array()}});
  CHECK(gone["new_state"].is_null());
}

bool only_from(const std::string& s, const std::string& allowed) {
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return allowed.find(c) != std::string::npos; });
}

long count_of(const std::string& s, int (*is_class)(int)) {
  return std::count_if(s.begin(), s.end(),
                       [&](char c) { return is_class(static_cast<unsigned char>(c)) != 0; });
}

const std::string kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const std::string kLower = "abcdefghijklmnopqrstuvwxyz";
const std::string kDigits = "0123456789";
const std::string kSpecial = "!@#$%&*()-_=+[]{}<>:?";

// The seeded stream of docs/providers/random.md, written out again: SHA-256 blocks of
// seed || counter, 8 bytes per draw, rejection below 2^64 mod n.
class SeededStream {
 public:
  explicit SeededStream(std::string seed) : seed_(std::move(seed)) {}
  std::uint64_t uniform(std::uint64_t n) {
    for (;;) {
      std::uint64_t r = 0;
      for (int i = 0; i < 8; ++i) r = (r << 8) | next_byte();
      if (r >= (0 - n) % n) return r % n;
    }
  }

 private:
  unsigned char next_byte() {
    if (used_ == 32) {
      std::string input = seed_;
      for (int shift = 56; shift >= 0; shift -= 8) {
        input.push_back(static_cast<char>((counter_ >> shift) & 0xff));
      }
      ++counter_;
      SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), block_);
      used_ = 0;
    }
    return block_[used_++];
  }
  std::string seed_;
  std::uint64_t counter_ = 0;
  unsigned char block_[32] = {};
  int used_ = 32;
};

}  // namespace

TEST_CASE("random: the handshake carries the schema of the seven types") {
  auto plugin = start_random();
  const ProviderSchema& schema = plugin->schema();
  CHECK(schema.name == "random");
  std::set<std::string> types;
  for (const auto& [type, s] : schema.resources) types.insert(type);
  CHECK(types == std::set<std::string>{"random_id", "random_integer", "random_password",
                                       "random_pet", "random_shuffle", "random_string",
                                       "random_uuid"});
  for (const auto& [type, s] : schema.resources) {
    INFO(type);
    REQUIRE(s.find("keepers"));
    CHECK(s.find("keepers")->type == "map(string)");
    for (const auto& attr : s.attributes) {
      INFO(attr.name);
      CHECK(attr.force_new == (attr.required || attr.optional));  // every argument
    }
  }
  const ResourceSchema* password = schema.find("random_password");
  CHECK(password->find("result")->sensitive);
  CHECK(password->find("bcrypt_hash")->sensitive);
  CHECK(password->find("bcrypt_hash")->computed);
  CHECK_FALSE(schema.find("random_string")->find("result")->sensitive);
  CHECK_FALSE(schema.find("random_string")->find("bcrypt_hash"));
  CHECK(schema.find("random_integer")->find("result")->type == "number");
  CHECK(schema.find("random_shuffle")->find("result")->type == "list(string)");
  CHECK_FALSE(schema.find("random_uuid")->validates);
}

TEST_CASE("random_id: create, read, encodings, keepers, import and destroy") {
  auto plugin = start_random();
  json p = plan(*plugin, "random_id", nullptr, {{"byte_length", 8}, {"prefix", "app-"}});
  CHECK(p["unknown"] == json({{"id"}, {"b64_url"}, {"b64_std"}, {"hex"}, {"dec"}}));
  json state = apply(*plugin, "random_id", nullptr, p);
  const std::string url = state["b64_url"];
  REQUIRE(url.rfind("app-", 0) == 0);
  CHECK(url.size() == 4 + 11);  // 8 bytes: 11 characters without padding
  CHECK(state["id"] == url);
  CHECK(state["hex"].get<std::string>().size() == 4 + 16);
  CHECK(state["b64_std"].get<std::string>().back() == '=');
  CHECK(read_back(*plugin, "random_id", state) == state);

  // Importing its b64_url value gives back every encoding.
  json imported = import(*plugin, "random_id", "app-," + url.substr(4));
  CHECK(imported == with(state, "keepers", nullptr));
  json plain = import(*plugin, "random_id", "p-9E--4w");
  CHECK(plain["byte_length"] == 6);
  CHECK(plain["prefix"].is_null());
  CHECK(plain["hex"] == "a7ef44fbee30");
  CHECK(plain["dec"] == "184646096383536");
  CHECK(plain["b64_std"] == "p+9E++4w");
  CHECK(error_of([&] { import(*plugin, "random_id", "not base64!"); }) ==
        "provider \"random\": import of random_id: invalid import id \"not base64!\": expected "
        "the b64_url value of a random_id without its prefix, after \"PREFIX,\" when it has one");

  // Two ids differ.
  CHECK(create(*plugin, "random_id", {{"byte_length", 16}})["hex"] !=
        create(*plugin, "random_id", {{"byte_length", 16}})["hex"]);

  // A new byte_length is a new value.
  p = plan(*plugin, "random_id", state, with(state, "byte_length", 9));
  CHECK(p["requires_replace"] == json({{"byte_length"}}));
  check_keepers_replace_and_destroy(*plugin, "random_id", {{"byte_length", 4}});
}

TEST_CASE("random_string: create with defaults, read, replace, import and destroy") {
  auto plugin = start_random();
  json p = plan(*plugin, "random_string", nullptr, {{"length", 12}});
  // Terraform's defaults are planned and stored.
  CHECK(p["planned_state"] == json({{"length", 12},
                                    {"upper", true},
                                    {"lower", true},
                                    {"numeric", true},
                                    {"number", true},
                                    {"special", true},
                                    {"min_upper", 0},
                                    {"min_lower", 0},
                                    {"min_numeric", 0},
                                    {"min_special", 0},
                                    {"result", nullptr},
                                    {"id", nullptr}}));
  CHECK(p["unknown"] == json({{"result"}, {"id"}}));
  json state = apply(*plugin, "random_string", nullptr, p);
  CHECK(state["result"].get<std::string>().size() == 12);
  CHECK(state["id"] == state["result"]);
  CHECK(read_back(*plugin, "random_string", state) == state);

  // The configuration leaves the defaults unset: no change.
  json config = {{"length", 12}, {"result", state["result"]}, {"id", state["id"]}};
  p = plan(*plugin, "random_string", state, config);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == state);

  // Setting a default explicitly is no change either; another value is a new string.
  p = plan(*plugin, "random_string", state, with(config, "special", true));
  CHECK(p["planned_state"] == state);
  p = plan(*plugin, "random_string", state, with(config, "special", false));
  CHECK(p["requires_replace"] == json({{"special"}}));
  CHECK(p["unknown"] == json({{"result"}, {"id"}}));

  // number is the deprecated name of numeric: switching names is no change.
  json no_digits = create(*plugin, "random_string", {{"length", 8}, {"number", false}});
  CHECK(no_digits["numeric"] == false);
  CHECK(no_digits["number"] == false);
  p = plan(*plugin, "random_string", no_digits,
           {{"length", 8}, {"numeric", false}, {"result", no_digits["result"]},
            {"id", no_digits["id"]}});
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == no_digits);

  // An imported string has the defaults; its arguments are recorded in place.
  json imported = import(*plugin, "random_string", "Hello-World");
  CHECK(imported["result"] == "Hello-World");
  CHECK(imported["id"] == "Hello-World");
  CHECK(imported["length"] == 11);
  CHECK(imported["special"] == true);
  json bare = imported;
  for (const char* name : {"upper", "lower", "numeric", "number", "special", "min_upper",
                           "min_lower", "min_numeric", "min_special"}) {
    bare[name] = nullptr;  // a state written without the defaults
  }
  p = plan(*plugin, "random_string", bare,
           {{"length", 11}, {"keepers", nullptr}, {"override_special", nullptr},
            {"result", "Hello-World"}, {"id", "Hello-World"}});
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == imported);
  CHECK(apply(*plugin, "random_string", bare, p) == imported);
  CHECK(error_of([&] { import(*plugin, "random_string", ""); }) ==
        "provider \"random\": import of random_string: invalid import id: expected the value "
        "itself, got \"\"");

  check_keepers_replace_and_destroy(*plugin, "random_string", {{"length", 5}});
}

TEST_CASE("random_string: the character rules hold over many samples") {
  auto plugin = start_random();
  struct Case {
    json config;
    std::string allowed;
    long min_upper, min_lower, min_digits, min_special;
  };
  const std::vector<Case> cases = {
      {{{"length", 16}}, kUpper + kLower + kDigits + kSpecial, 0, 0, 0, 0},
      {{{"length", 10}, {"special", false}, {"upper", false}}, kLower + kDigits, 0, 0, 0, 0},
      {{{"length", 12}, {"min_upper", 3}, {"min_lower", 3}, {"min_numeric", 3},
        {"min_special", 3}},
       kUpper + kLower + kDigits + kSpecial, 3, 3, 3, 3},
      {{{"length", 6}, {"override_special", "_~"}, {"min_special", 6}}, "_~", 0, 0, 0, 6},
      {{{"length", 20}, {"lower", false}, {"numeric", false}, {"special", false}}, kUpper, 20, 0,
       0, 0},
      {{{"length", 9}, {"upper", false}, {"lower", false}, {"special", false},
        {"min_numeric", 9}},
       kDigits, 0, 0, 9, 0},
      {{{"length", 30}, {"override_special", "."}, {"min_special", 1}, {"min_numeric", 2}},
       kUpper + kLower + kDigits + ".", 0, 0, 2, 1},
  };
  const auto is_special = [](int c) { return std::isalnum(c) ? 0 : 1; };
  for (const auto& c : cases) {
    INFO(c.config.dump());
    const std::set<char> allowed(c.allowed.begin(), c.allowed.end());
    std::set<char> seen;
    // At least 60 samples, and more until every allowed character has come up: with the
    // minimums of a class taking only a few places of each sample, 60 samples miss one of
    // ~30 special characters a few times in a hundred runs; 2,000 miss none in practice.
    for (int i = 0; i < 60 || (i < 2000 && seen != allowed); ++i) {
      const std::string s = create(*plugin, "random_string", c.config)["result"];
      REQUIRE(static_cast<long>(s.size()) == c.config["length"].get<long>());
      CHECK(only_from(s, c.allowed));
      CHECK(count_of(s, std::isupper) >= c.min_upper);
      CHECK(count_of(s, std::islower) >= c.min_lower);
      CHECK(count_of(s, std::isdigit) >= c.min_digits);
      CHECK(count_of(s, is_special) >= c.min_special);
      seen.insert(s.begin(), s.end());
    }
    CHECK(seen == allowed);
  }
}

TEST_CASE("random_password: a sensitive result with a bcrypt hash that verifies") {
  auto plugin = start_random();
  auto data = std::make_unique<crypt_data>();
  const auto verifies = [&](const std::string& password, const std::string& hash) {
    const char* again = crypt_r(password.c_str(), hash.c_str(), data.get());
    return again != nullptr && hash == again;
  };
  json state = create(*plugin, "random_password", {{"length", 24}, {"min_special", 2}});
  const std::string password = state["result"];
  const std::string hash = state["bcrypt_hash"];
  CHECK(password.size() == 24);
  CHECK(state["id"] == "none");
  CHECK(hash.rfind("$2b$10$", 0) == 0);
  CHECK(hash.size() == 60);
  CHECK(verifies(password, hash));
  CHECK_FALSE(verifies(password + "x", hash));
  CHECK(read_back(*plugin, "random_password", state) == state);

  // A password longer than bcrypt reads is hashed by its first 72 bytes.
  json long_one = create(*plugin, "random_password", {{"length", 100}});
  CHECK(verifies(long_one["result"].get<std::string>().substr(0, 72), long_one["bcrypt_hash"]));

  // Import: the value given, with a fresh hash of it.
  json imported = import(*plugin, "random_password", "s3cret!pass");
  CHECK(imported["result"] == "s3cret!pass");
  CHECK(imported["length"] == 11);
  CHECK(imported["id"] == "none");
  CHECK(verifies("s3cret!pass", imported["bcrypt_hash"]));

  // Changing an argument makes a new password and hash.
  json p = plan(*plugin, "random_password", state, with(state, "length", 25));
  CHECK(p["requires_replace"] == json({{"length"}}));
  CHECK(p["unknown"] == json({{"result"}, {"id"}, {"bcrypt_hash"}}));

  check_keepers_replace_and_destroy(*plugin, "random_password", {{"length", 8}});
}

TEST_CASE("random_integer: results in range, seeds, import and keepers") {
  auto plugin = start_random();
  std::set<std::int64_t> seen;
  for (int i = 0; i < 200; ++i) {
    json state = create(*plugin, "random_integer", {{"min", -3}, {"max", 3}});
    const auto n = state["result"].get<std::int64_t>();
    CHECK(n >= -3);
    CHECK(n <= 3);
    CHECK(state["id"] == std::to_string(n));
    seen.insert(n);
  }
  CHECK(seen.size() == 7);
  CHECK(create(*plugin, "random_integer", {{"min", 5}, {"max", 5}})["result"] == 5);
  // The whole 64-bit range works too.
  CHECK_NOTHROW(create(*plugin, "random_integer",
                       {{"min", INT64_MIN}, {"max", INT64_MAX}})["result"].get<std::int64_t>());

  // The same seed gives the same result, as documented.
  json seeded = {{"min", 1}, {"max", 1000000}, {"seed", "build-42"}};
  json a = create(*plugin, "random_integer", seeded);
  CHECK(create(*plugin, "random_integer", seeded)["result"] == a["result"]);
  CHECK(a["result"] == 1 + static_cast<std::int64_t>(SeededStream("build-42").uniform(1000000)));
  CHECK(read_back(*plugin, "random_integer", a) == a);

  // A new seed forces a new value.
  json p = plan(*plugin, "random_integer", a, with(a, "seed", "build-43"));
  CHECK(p["requires_replace"] == json({{"seed"}}));
  CHECK(p["unknown"] == json({{"result"}, {"id"}}));

  CHECK(import(*plugin, "random_integer", "15,1,20") ==
        json({{"result", 15}, {"min", 1}, {"max", 20}, {"seed", nullptr}, {"keepers", nullptr},
              {"id", "15"}}));
  CHECK(import(*plugin, "random_integer", "15,1,20,a,b")["seed"] == "a,b");
  const auto import_error = [&](const std::string& id) {
    return error_of([&] { import(*plugin, "random_integer", id); });
  };
  const std::string prefix = "provider \"random\": import of random_integer: invalid import id ";
  CHECK(import_error("15,1") ==
        prefix + "\"15,1\": expected \"result,min,max\" or \"result,min,max,seed\"");
  CHECK(import_error("x,1,20") == prefix + "\"x,1,20\": result \"x\" is not a whole number");
  CHECK(import_error("5,1,2.5") == prefix + "\"5,1,2.5\": max \"2.5\" is not a whole number");
  CHECK(import_error("25,1,20") ==
        prefix + "\"25,1,20\": result 25 is not between min 1 and max 20");
  CHECK(import_error("5,9,1") == prefix + "\"5,9,1\": min 9 is greater than max 1");

  check_keepers_replace_and_destroy(*plugin, "random_integer", {{"min", 0}, {"max", 9}});
}

TEST_CASE("random_uuid: version 4 UUIDs, import and keepers") {
  auto plugin = start_random();
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    const std::string uuid = create(*plugin, "random_uuid", json::object())["result"];
    REQUIRE(uuid.size() == 36);
    CHECK(uuid[8] == '-');
    CHECK(uuid[13] == '-');
    CHECK(uuid[14] == '4');
    CHECK(std::string("89ab").find(uuid[19]) != std::string::npos);
    CHECK(only_from(uuid, "0123456789abcdef-"));
    seen.insert(uuid);
  }
  CHECK(seen.size() == 50);
  json imported = import(*plugin, "random_uuid", "6BA7B810-9DAD-11D1-80B4-00C04FD430C8");
  CHECK(imported == json({{"keepers", nullptr},
                          {"result", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
                          {"id", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}}));
  CHECK(error_of([&] { import(*plugin, "random_uuid", "6ba7b810-9dad-11d1-80b4"); }) ==
        "provider \"random\": import of random_uuid: invalid import id "
        "\"6ba7b810-9dad-11d1-80b4\": expected a UUID such as "
        "\"6ba7b810-9dad-41d1-80b4-00c04fd430c8\"");
  check_keepers_replace_and_destroy(*plugin, "random_uuid", json::object());
}

TEST_CASE("random_shuffle: permutations, result_count, seeds and keepers") {
  auto plugin = start_random();
  const json input = {"a", "b", "c", "d", "e"};
  std::set<json> orders;
  for (int i = 0; i < 100; ++i) {
    json result = create(*plugin, "random_shuffle", {{"input", input}})["result"];
    json sorted = result;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == input);
    orders.insert(result);
  }
  CHECK(orders.size() > 30);  // of 120 orders

  json state = create(*plugin, "random_shuffle", {{"input", input}, {"result_count", 2}});
  CHECK(state["result"].size() == 2);
  CHECK(state["id"] == "-");
  CHECK(read_back(*plugin, "random_shuffle", state) == state);
  // More than the input: whole shuffles one after another.
  json twelve =
      create(*plugin, "random_shuffle", {{"input", input}, {"result_count", 12}})["result"];
  REQUIRE(twelve.size() == 12);
  for (std::size_t pass = 0; pass < 2; ++pass) {
    json part(twelve.begin() + 5 * pass, twelve.begin() + 5 * (pass + 1));
    std::sort(part.begin(), part.end());
    CHECK(part == input);
  }
  CHECK(create(*plugin, "random_shuffle", {{"input", json::array()}, {"result_count", 3}})
            ["result"] == json::array());
  CHECK(create(*plugin, "random_shuffle", {{"input", input}, {"result_count", 0}})["result"] ==
        json::array());

  // The same seed gives the same order: Fisher-Yates over the documented stream.
  json seeded = {{"input", input}, {"seed", "deploy"}};
  json first = create(*plugin, "random_shuffle", seeded)["result"];
  CHECK(create(*plugin, "random_shuffle", seeded)["result"] == first);
  json expected = input;
  SeededStream stream("deploy");
  for (std::size_t i = expected.size(); i > 1; --i) {
    std::swap(expected[i - 1], expected[stream.uniform(i)]);
  }
  CHECK(first == expected);

  json p = plan(*plugin, "random_shuffle", state, with(state, "input", {"a", "b"}));
  CHECK(p["requires_replace"] == json({{"input"}}));
  check_keepers_replace_and_destroy(*plugin, "random_shuffle", {{"input", input}});
}

TEST_CASE("random_shuffle: import of an input and its order, then no change") {
  auto plugin = start_random();
  const json input = {"a", "b", "c", "d", "e"};
  json two = create(*plugin, "random_shuffle", {{"input", input}, {"result_count", 2}});
  json imported = import(*plugin, "random_shuffle",
                         json({{"input", input}, {"result", two["result"]}}).dump());
  CHECK(imported == with(with(two, "seed", nullptr), "keepers", nullptr));
  json p = plan(*plugin, "random_shuffle", imported, imported);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == imported);
  // A whole permutation leaves result_count unset, as a configuration without it has.
  json all = create(*plugin, "random_shuffle", {{"input", input}});
  CHECK(import(*plugin, "random_shuffle",
               json({{"input", input}, {"result", all["result"]}}).dump())["result_count"] ==
        nullptr);

  const std::string prefix = "provider \"random\": import of random_shuffle: invalid import id";
  CHECK(error_of([&] { import(*plugin, "random_shuffle", "a,b,c"); }) ==
        prefix + ": expected JSON such as {\"input\": [\"a\", \"b\", \"c\"], \"result\": "
                 "[\"c\", \"a\"]}");
  CHECK(error_of([&] {
          import(*plugin, "random_shuffle", R"({"input": ["a"], "result": ["z"]})");
        }) == prefix + ": the result item \"z\" is not in the input");
  CHECK(error_of([&] {
          import(*plugin, "random_shuffle", R"({"input": ["a", 1], "result": []})");
        }) == prefix + ": \"input\" holds a non-string item 1");
}

TEST_CASE("random_pet: words, prefix, separator and keepers") {
  auto plugin = start_random();
  const auto words = [](const std::string& name, char separator) {
    return std::count(name.begin(), name.end(), separator) + 1;
  };
  json p = plan(*plugin, "random_pet", nullptr, json::object());
  CHECK(p["planned_state"] == json({{"length", 2}, {"separator", "-"}, {"id", nullptr}}));
  json state = apply(*plugin, "random_pet", nullptr, p);
  const std::string name = state["id"];
  CHECK(words(name, '-') == 2);
  CHECK(only_from(name, kLower + "-"));
  CHECK(read_back(*plugin, "random_pet", state) == state);

  std::set<std::string> names;
  for (int i = 0; i < 30; ++i) {
    const std::string n =
        create(*plugin, "random_pet", {{"length", 4}, {"prefix", "dev"}, {"separator", "_"}})["id"];
    CHECK(n.rfind("dev_", 0) == 0);
    CHECK(words(n, '_') == 5);
    names.insert(n);
  }
  CHECK(names.size() > 25);
  CHECK(words(create(*plugin, "random_pet", {{"length", 1}})["id"], '-') == 1);

  p = plan(*plugin, "random_pet", state, with(state, "separator", "."));
  CHECK(p["requires_replace"] == json({{"separator"}}));
  // Unset arguments keep their defaults: no change.
  p = plan(*plugin, "random_pet", state, {{"id", name}});
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == state);
  check_keepers_replace_and_destroy(*plugin, "random_pet", json::object());
}

TEST_CASE("random_pet: import of a name, with a prefix and a separator, then no change") {
  auto plugin = start_random();
  json plain = create(*plugin, "random_pet", {{"length", 3}});
  json imported = import(*plugin, "random_pet", plain["id"].get<std::string>());
  CHECK(imported == with(with(plain, "keepers", nullptr), "prefix", nullptr));
  json p = plan(*plugin, "random_pet", imported, imported);
  CHECK(p["requires_replace"] == json::array());
  CHECK(p["planned_state"] == imported);

  json odd = create(*plugin, "random_pet", {{"length", 4}, {"prefix", "dev"}, {"separator", "_"}});
  CHECK(import(*plugin, "random_pet", "dev," + odd["id"].get<std::string>() + ",_") ==
        with(odd, "keepers", nullptr));

  const std::string prefix = "provider \"random\": import of random_pet: invalid import id ";
  CHECK(error_of([&] { import(*plugin, "random_pet", "dev,prod-brave-otter"); }) ==
        prefix + "\"dev,prod-brave-otter\": the name does not start with the prefix \"dev\" "
                 "and the separator \"-\"");
  CHECK(error_of([&] { import(*plugin, "random_pet", "a,b,c,d"); }) ==
        prefix + "\"a,b,c,d\": expected the name, as \"[PREFIX,]NAME[,SEPARATOR]\"");
  CHECK(error_of([&] { import(*plugin, "random_pet", "dev,dev-,-"); }) ==
        prefix + "\"dev,dev-,-\": no words in the name");
  CHECK(error_of([&] { import(*plugin, "random_pet", ""); }) ==
        prefix + "\"\": expected the name, as \"[PREFIX,]NAME[,SEPARATOR]\"");
}

TEST_CASE("random: unknown arguments plan a new value and are not reported by validate") {
  auto plugin = start_random();
  json state = create(*plugin, "random_string", {{"length", 4}});
  json p = plan(*plugin, "random_string", state, with(state, "length", nullptr), {{"length"}});
  CHECK(p["requires_replace"] == json({{"length"}}));
  CHECK(diagnostics(*plugin, "random_string", {{"length", nullptr}, {"min_upper", 9}},
                    {{"length"}}) == json::array());
  // min_* unknown: the sum cannot be checked yet.
  CHECK(diagnostics(*plugin, "random_string", {{"length", 2}, {"min_upper", nullptr}},
                    {{"min_upper"}}) == json::array());
}

TEST_CASE("random: every validation error names its attribute") {
  auto plugin = start_random();
  const auto one = [&](const std::string& type, const json& config) {
    json d = diagnostics(*plugin, type, config);
    INFO(type << " " << config.dump() << ": " << d.dump());
    REQUIRE(d.size() == 1);
    return d[0];
  };
  CHECK(one("random_id", {{"byte_length", 0}}) ==
        error("invalid byte_length", "byte_length must be at least 1, got 0", {"byte_length"}));
  CHECK(one("random_id", {{"byte_length", 1.5}}) ==
        error("invalid byte_length",
              "expected a whole number between -9223372036854775808 and 9223372036854775807, "
              "got 1.5",
              {"byte_length"}));
  CHECK(one("random_string", {{"length", 0}}) ==
        error("invalid length", "length must be at least 1, got 0", {"length"}));
  CHECK(one("random_password", {{"length", -4}}) ==
        error("invalid length", "length must be at least 1, got -4", {"length"}));
  CHECK(one("random_string", {{"length", 4}, {"min_upper", 2}, {"min_numeric", 3}}) ==
        error("invalid length",
              "length is 4, less than min_upper + min_lower + min_numeric + min_special, which "
              "is 5",
              {"length"}));
  CHECK(one("random_string", {{"length", 4}, {"min_lower", -1}}) ==
        error("invalid min_lower", "min_lower must be at least 0, got -1", {"min_lower"}));
  CHECK(one("random_string", {{"length", 4}, {"upper", false}, {"min_upper", 2}}) ==
        error("invalid min_upper",
              "min_upper is 2, but upper is false: no uppercase letters may be used",
              {"min_upper"}));
  CHECK(one("random_password", {{"length", 4}, {"number", false}, {"min_numeric", 1}}) ==
        error("invalid min_numeric",
              "min_numeric is 1, but numeric is false: no digits may be used", {"min_numeric"}));
  CHECK(one("random_string", {{"length", 4}, {"override_special", ""}, {"min_special", 1}}) ==
        error("invalid min_special",
              "min_special is 1, but override_special is empty: there are no special characters "
              "to use",
              {"min_special"}));
  CHECK(one("random_string", {{"length", 4}, {"override_special", "é"}}) ==
        error("invalid override_special",
              "override_special may hold only printable ASCII characters, got \"é\"",
              {"override_special"}));
  CHECK(one("random_string",
            {{"length", 4}, {"upper", false}, {"lower", false}, {"numeric", false},
             {"special", false}}) ==
        error("no characters to choose from",
              "upper, lower, numeric and special are all false, or only special is true and "
              "override_special is empty",
              {"special"}));
  CHECK(one("random_string", {{"length", 4}, {"numeric", true}, {"number", false}}) ==
        error("conflicting numeric and number",
              "number is the deprecated name of numeric; set only numeric", {"number"}));
  CHECK(one("random_integer", {{"min", 10}, {"max", 1}}) ==
        error("invalid min", "min is 10, greater than max, which is 1", {"min"}));
  CHECK(one("random_integer", {{"min", 1}, {"max", 1e20}}) ==
        error("invalid max",
              "expected a whole number between -9223372036854775808 and 9223372036854775807, "
              "got 1e+20",
              {"max"}));
  CHECK(one("random_shuffle", {{"input", {"a"}}, {"result_count", -1}}) ==
        error("invalid result_count", "result_count must be at least 0, got -1",
              {"result_count"}));
  CHECK(one("random_pet", {{"length", 0}}) ==
        error("invalid length", "length must be at least 1, got 0", {"length"}));
  CHECK(one("random_integer", {{"min", 1}}) ==
        json({{"severity", "error"},
              {"summary", "missing required attribute \"max\""},
              {"detail", "The largest possible result."},
              {"path", {"max"}}}));

  // apply checks again what was unknown during validate, with the path.
  try {
    plugin->call("apply", {{"type", "random_integer"},
                           {"prior_state", nullptr},
                           {"planned_state", {{"min", 3}, {"max", 2}}},
                           {"unknown", json::array()}});
    FAIL("apply with min > max succeeded");
  } catch (const ProviderError& e) {
    CHECK(std::string(e.what()) ==
          "provider \"random\": apply of random_integer: invalid min: min is 3, greater than "
          "max, which is 2 (at min)");
    REQUIRE(e.path().size() == 1);
    CHECK(std::get<std::string>(e.path()[0]) == "min");
  }
}
