// random_shuffle: the `input` list in a random order, `result_count` items long (repeating
// whole shuffles when that is longer than the input); the same for the same `seed`.
#include <algorithm>

#include "providers/random/common.hpp"
#include "providers/random/random_source.hpp"
#include "providers/random/resources.hpp"

namespace infra::providers::random {

namespace {

Findings check(const json& config, const json& unknown) {
  Findings out;
  whole_number(config, unknown, "result_count", out, 0);
  return out;
}

json create(const json& planned) {
  const json input = planned.value("input", json::array());
  const auto count =
      planned_number(planned, "result_count", static_cast<std::int64_t>(input.size()));
  RandomSource random(optional_string(planned, "seed"));
  json result = json::array();
  // Each pass is a Fisher-Yates shuffle of the whole input, so no item comes up more often
  // than once per pass.
  while (!input.empty() && static_cast<std::int64_t>(result.size()) < count) {
    json pass = input;
    random.shuffle(pass);
    for (auto& item : pass) {
      if (static_cast<std::int64_t>(result.size()) == count) break;
      result.push_back(std::move(item));
    }
  }
  json state = planned;
  state["result"] = std::move(result);
  state["id"] = "-";
  return state;
}

// The ID is JSON, {"input": [...], "result": [...]}: a shuffle is its input and the order
// it came out in, and only JSON carries lists of arbitrary strings unambiguously.
json import(const std::string& id) {
  const char* kExpected =
      "expected JSON such as {\"input\": [\"a\", \"b\", \"c\"], \"result\": [\"c\", \"a\"]}";
  const json parsed = json::parse(id, nullptr, false);
  auto strings = [&](const char* name) {
    if (!parsed.is_object() || !parsed.contains(name) || !parsed[name].is_array()) {
      throw sdk::Error("invalid import id: " + std::string(kExpected));
    }
    for (const auto& item : parsed[name]) {
      if (!item.is_string()) {
        throw sdk::Error("invalid import id: \"" + std::string(name) +
                         "\" holds a non-string item " + item.dump());
      }
    }
    return parsed[name];
  };
  const json input = strings("input");
  const json result = strings("result");
  for (const auto& item : result) {
    if (std::find(input.begin(), input.end(), item) == input.end()) {
      throw sdk::Error("invalid import id: the result item " + item.dump() +
                       " is not in the input");
    }
  }
  // result_count stays unset when it is the default, the length of the input.
  return {{"input", input},
          {"result", result},
          {"result_count", result.size() == input.size() ? json() : json(result.size())},
          {"seed", nullptr},
          {"keepers", nullptr},
          {"id", "-"}};
}

ResourceSchema schema() {
  ResourceSchema s;
  s.type = "random_shuffle";
  s.description = "A list in a random order; the same for the same seed.";
  s.attributes = {
      keepers_attribute(),
      argument("input", "list(string)", true, "The items to shuffle."),
      argument("result_count", "number", false,
               "How many items the result has; default the length of input."),
      argument("seed", "string", false,
               "Makes the order the same on each creation with the same seed."),
      computed("result", "The shuffled items.", "list(string)"),
      computed("id", "Always \"-\"."),
  };
  return s;
}

}  // namespace

sdk::Resource random_shuffle_resource() {
  return random_resource(schema(), {},
                         {.validate = check, .create = create, .import = import});
}

}  // namespace infra::providers::random
