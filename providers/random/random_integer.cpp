// random_integer: a whole number in [min, max], the same for the same `seed`. Imported as
// "result,min,max" or "result,min,max,seed".
#include "providers/random/common.hpp"
#include "providers/random/random_source.hpp"
#include "providers/random/resources.hpp"

namespace infra::providers::random {

namespace {

Findings check(const json& config, const json& unknown) {
  Findings out;
  const auto min = whole_number(config, unknown, "min", out);
  const auto max = whole_number(config, unknown, "max", out);
  if (min && max && *min > *max) {
    add_error(out, "min",
              "min is " + std::to_string(*min) + ", greater than max, which is " +
                  std::to_string(*max));
  }
  return out;
}

// A number in [min, max]: min plus a uniform draw below the size of the range, in
// unsigned arithmetic so that the whole 64-bit range works too (its size wraps to 0).
std::int64_t draw(std::int64_t min, std::int64_t max, RandomSource& random) {
  const std::uint64_t size =
      static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min) + 1;
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(min) + random.uniform(size));
}

json with_result(json state, std::int64_t result) {
  state["result"] = result;
  state["id"] = std::to_string(result);
  return state;
}

json create(const json& planned) {
  RandomSource random(optional_string(planned, "seed"));
  return with_result(planned,
                     draw(planned_number(planned, "min", 0), planned_number(planned, "max", 0),
                          random));
}

json import(const std::string& id) {
  const auto fail = [&](const std::string& why) {
    return sdk::Error("invalid import id \"" + id + "\": " + why);
  };
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() < 3) {  // the seed, last, may hold commas itself
    const auto comma = id.find(',', start);
    if (comma == std::string::npos) break;
    parts.push_back(id.substr(start, comma - start));
    start = comma + 1;
  }
  parts.push_back(id.substr(start));
  if (parts.size() < 3) throw fail("expected \"result,min,max\" or \"result,min,max,seed\"");
  std::int64_t numbers[3];
  const char* names[3] = {"result", "min", "max"};
  for (int i = 0; i < 3; ++i) {
    auto n = parse_int64(parts[i]);
    if (!n) throw fail(std::string(names[i]) + " \"" + parts[i] + "\" is not a whole number");
    numbers[i] = *n;
  }
  const auto [result, min, max] = numbers;
  if (min > max) {
    throw fail("min " + std::to_string(min) + " is greater than max " + std::to_string(max));
  }
  if (result < min || result > max) {
    throw fail("result " + std::to_string(result) + " is not between min " + std::to_string(min) +
               " and max " + std::to_string(max));
  }
  json state = {{"keepers", nullptr},
                {"min", min},
                {"max", max},
                {"seed", parts.size() == 4 ? json(parts[3]) : json()}};
  return with_result(std::move(state), result);
}

ResourceSchema schema() {
  ResourceSchema s;
  s.type = "random_integer";
  s.description = "A random whole number in a range; the same for the same seed.";
  s.attributes = {
      keepers_attribute(),
      argument("min", "number", true, "The smallest possible result."),
      argument("max", "number", true, "The largest possible result."),
      argument("seed", "string", false,
               "Makes the result the same on each creation with the same seed."),
      computed("result", "The number.", "number"),
      computed("id", "The number, as a string."),
  };
  return s;
}

}  // namespace

sdk::Resource random_integer_resource() {
  return random_resource(schema(), {}, {.validate = check, .create = create, .import = import});
}

}  // namespace infra::providers::random
