// random_pet: a readable random name such as "gently-brave-otter": length - 2 adverbs, an
// adjective and an animal (fewer words drop the adverbs, then the adjective).
#include "providers/random/common.hpp"
#include "providers/random/pet_words.hpp"
#include "providers/random/random_source.hpp"
#include "providers/random/resources.hpp"

namespace infra::providers::random {

namespace {

const std::vector<Default> kDefaults = {{"length", 2}, {"separator", "-"}};

Findings check(const json& config, const json& unknown) {
  Findings out;
  whole_number(config, unknown, "length", out, 1);
  return out;
}

std::string_view pick(std::span<const std::string_view> words, RandomSource& random) {
  return words[static_cast<std::size_t>(random.uniform(words.size()))];
}

json create(const json& planned) {
  const auto length = planned_number(planned, "length", 2);
  const std::string separator = optional_string(planned, "separator").value_or("-");
  RandomSource random;
  std::string name;
  if (auto prefix = optional_string(planned, "prefix")) name = *prefix + separator;
  for (std::int64_t i = 0; i < length - 2; ++i) {
    name.append(pick(pet_adverbs(), random)).append(separator);
  }
  if (length >= 2) name.append(pick(pet_adjectives(), random)).append(separator);
  name.append(pick(pet_animals(), random));
  json state = planned;
  state["id"] = name;
  return state;
}

// The ID is the name, "[PREFIX,]NAME[,SEPARATOR]": the words are counted in what follows
// the prefix and its separator ("-" unless given).
json import(const std::string& id) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const auto comma = id.find(',', start);
    parts.push_back(id.substr(start, comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (parts.size() > 3 || id.empty()) {
    throw sdk::Error("invalid import id \"" + id +
                     "\": expected the name, as \"[PREFIX,]NAME[,SEPARATOR]\"");
  }
  const std::string separator = parts.size() == 3 ? parts[2] : "-";
  const std::string prefix = parts.size() >= 2 ? parts[0] : "";
  const std::string name = parts.size() >= 2 ? parts[1] : parts[0];
  if (separator.empty()) throw sdk::Error("invalid import id \"" + id + "\": empty separator");
  std::string words = name;
  if (!prefix.empty()) {
    if (name.rfind(prefix + separator, 0) != 0) {
      throw sdk::Error("invalid import id \"" + id + "\": the name does not start with the prefix \"" +
                       prefix + "\" and the separator \"" + separator + "\"");
    }
    words = name.substr(prefix.size() + separator.size());
  }
  std::int64_t length = 1;
  for (auto at = words.find(separator); at != std::string::npos;
       at = words.find(separator, at + separator.size())) {
    ++length;
  }
  if (words.empty()) throw sdk::Error("invalid import id \"" + id + "\": no words in the name");
  return {{"id", name},
          {"length", length},
          {"prefix", prefix.empty() ? json() : json(prefix)},
          {"separator", separator},
          {"keepers", nullptr}};
}

ResourceSchema schema() {
  ResourceSchema s;
  s.type = "random_pet";
  s.description = "A random, readable name made of words, such as \"gently-brave-otter\".";
  s.attributes = {
      keepers_attribute(),
      argument("length", "number", false, "How many words; default 2."),
      argument("prefix", "string", false, "Put before the name, with the separator."),
      argument("separator", "string", false, "Put between the words; default \"-\"."),
      computed("id", "The name."),
  };
  return s;
}

}  // namespace

sdk::Resource random_pet_resource() {
  return random_resource(schema(), kDefaults,
                         {.validate = check, .create = create, .import = import});
}

}  // namespace infra::providers::random
