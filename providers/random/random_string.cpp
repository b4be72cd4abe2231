// random_string and random_password: `length` characters from the enabled classes (upper,
// lower, numeric, special), at least min_* of each. A password's result is sensitive and
// comes with its bcrypt hash. Both are imported by giving the value itself.
#include <crypt.h>

#include <array>
#include <memory>

#include "providers/random/common.hpp"
#include "providers/random/random_source.hpp"
#include "providers/random/resources.hpp"

namespace infra::providers::random {

namespace {

constexpr const char* kDefaultSpecial = "!@#$%&*()-_=+[]{}<>:?";
constexpr int kBcryptCost = 10;          // Terraform's, and the usual default
constexpr std::size_t kBcryptMax = 72;   // bcrypt reads no further than this

// One character class: its switch, its minimum, and the characters it means.
struct CharacterClass {
  const char* flag;
  const char* min;
  const char* what;  // for messages
  const char* characters;
};

constexpr std::array<CharacterClass, 4> kClasses{{
    {"upper", "min_upper", "uppercase letters", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
    {"lower", "min_lower", "lowercase letters", "abcdefghijklmnopqrstuvwxyz"},
    {"numeric", "min_numeric", "digits", "0123456789"},
    {"special", "min_special", "special characters", kDefaultSpecial},
}};

const std::vector<Default>& defaults() {
  static const std::vector<Default> kDefaults = {
      {"upper", true},      {"lower", true},      {"numeric", true},    {"number", true},
      {"special", true},    {"min_upper", 0},     {"min_lower", 0},     {"min_numeric", 0},
      {"min_special", 0},
  };
  return kDefaults;
}

json member(const json& object, const std::string& name) {
  auto it = object.find(name);
  return it == object.end() ? json() : *it;
}

// A bool argument, its default (true) when null; nullopt while unknown.
std::optional<bool> flag(const json& config, const json& unknown, const std::string& name) {
  if (has_path(unknown, json::array({name}))) return std::nullopt;
  const json value = member(config, name);
  return value.is_boolean() ? value.get<bool>() : true;
}

// Whether digits are allowed: `numeric`, else the deprecated `number`, else true.
std::optional<bool> numeric_flag(const json& config, const json& unknown) {
  if (!member(config, "numeric").is_null() || has_path(unknown, json::array({"numeric"}))) {
    return flag(config, unknown, "numeric");
  }
  return flag(config, unknown, "number");
}

// The characters of each class as configured; empty for a disabled class.
struct Rules {
  std::array<std::string, 4> characters;
  std::array<std::int64_t, 4> minimum{};
};

Findings check(const json& config, const json& unknown) {
  Findings out;
  const auto length = whole_number(config, unknown, "length", out, 1);
  if (is_known(config, unknown, "numeric") && is_known(config, unknown, "number") &&
      member(config, "numeric") != member(config, "number")) {
    out.push_back({"error", "conflicting numeric and number",
                   "number is the deprecated name of numeric; set only numeric",
                   json::array({"number"})});
  }
  const json override_special = member(config, "override_special");
  if (override_special.is_string()) {
    for (char c : override_special.get<std::string>()) {
      if (c < 0x20 || c > 0x7e) {
        add_error(out, "override_special",
                  "override_special may hold only printable ASCII characters, got " +
                      override_special.dump());
        break;
      }
    }
  }
  std::int64_t sum = 0;
  bool mins_known = true;
  bool any_characters = false;
  bool classes_known = true;
  for (const auto& c : kClasses) {
    const auto minimum = whole_number(config, unknown, c.min, out, 0, 1 << 20);
    if (!minimum && is_known(config, unknown, c.min)) mins_known = false;  // already reported
    if (has_path(unknown, json::array({c.min}))) mins_known = false;
    const std::int64_t m = minimum.value_or(0);
    sum += m;
    const auto enabled = std::string(c.flag) == "numeric" ? numeric_flag(config, unknown)
                                                          : flag(config, unknown, c.flag);
    if (!enabled) {
      classes_known = false;
      continue;
    }
    const bool empty_special = std::string(c.flag) == "special" && override_special.is_string() &&
                               override_special.get<std::string>().empty();
    if (*enabled && !empty_special) any_characters = true;
    if (m > 0 && !*enabled) {
      add_error(out, c.min,
                std::string(c.min) + " is " + std::to_string(m) + ", but " + c.flag +
                    " is false: no " + c.what + " may be used");
    } else if (m > 0 && empty_special) {
      add_error(out, c.min,
                std::string(c.min) + " is " + std::to_string(m) +
                    ", but override_special is empty: there are no special characters to use");
    }
  }
  if (length && mins_known && sum > *length) {
    add_error(out, "length",
              "length is " + std::to_string(*length) +
                  ", less than min_upper + min_lower + min_numeric + min_special, which is " +
                  std::to_string(sum));
  }
  if (classes_known && !any_characters) {
    out.push_back({"error", "no characters to choose from",
                   "upper, lower, numeric and special are all false, or only special is true "
                   "and override_special is empty",
                   json::array({"special"})});
  }
  return out;
}

Rules rules_of(const json& planned) {
  Rules rules;
  for (std::size_t i = 0; i < kClasses.size(); ++i) {
    const auto& c = kClasses[i];
    const bool enabled = std::string(c.flag) == "numeric"
                             ? numeric_flag(planned, json::array()).value_or(true)
                             : flag(planned, json::array(), c.flag).value_or(true);
    if (enabled) {
      const bool special = std::string(c.flag) == "special";
      rules.characters[i] =
          special ? optional_string(planned, "override_special").value_or(c.characters)
                  : c.characters;
    }
    rules.minimum[i] = planned_number(planned, c.min, 0);
  }
  return rules;
}

// min_* characters of each class, the rest from all enabled classes, then shuffled.
std::string generate(const Rules& rules, std::int64_t length, RandomSource& random) {
  std::string pool;
  for (const auto& chars : rules.characters) pool += chars;
  const auto pick = [&](const std::string& from) {
    return from[static_cast<std::size_t>(random.uniform(from.size()))];
  };
  std::string out;
  for (std::size_t i = 0; i < rules.characters.size(); ++i) {
    for (std::int64_t k = 0; k < rules.minimum[i]; ++k) out.push_back(pick(rules.characters[i]));
  }
  while (static_cast<std::int64_t>(out.size()) < length) out.push_back(pick(pool));
  random.shuffle(out);
  return out;
}

std::string bcrypt(const std::string& password) {
  RandomSource random;
  const std::string salt_bytes = random.bytes(16);
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn("$2b$", kBcryptCost, salt_bytes.data(), static_cast<int>(salt_bytes.size()),
                       setting, sizeof setting) == nullptr) {
    throw sdk::Error("no bcrypt salt could be made");
  }
  auto data = std::make_unique<crypt_data>();
  const std::string phrase = password.substr(0, kBcryptMax);
  const char* hash = crypt_r(phrase.c_str(), setting, data.get());
  if (hash == nullptr || hash[0] == '*') throw sdk::Error("the bcrypt hash could not be computed");
  return hash;
}

// The plan of both types: `number` and `numeric` hold the same value, then the defaults.
void plan(sdk::Plan& plan, const ResourceSchema& schema) {
  for (const auto& [from, to] : {std::pair{"number", "numeric"}, std::pair{"numeric", "number"}}) {
    if (member(plan.planned, to).is_null() && !plan.is_unknown(to) && !plan.is_unknown(from) &&
        !member(plan.planned, from).is_null()) {
      plan.planned[to] = plan.planned[from];
    }
  }
  fill_defaults(plan, defaults());
  finish_plan(plan, schema, defaults());
}

// The state of an imported value: the value, its length, and the defaults.
json imported(const std::string& value) {
  if (value.empty()) throw sdk::Error("invalid import id: expected the value itself, got \"\"");
  json state = {{"keepers", nullptr},
                {"length", value.size()},
                {"override_special", nullptr},
                {"result", value}};
  for (const auto& d : defaults()) state[d.name] = d.value;
  return state;
}

ResourceSchema schema(const std::string& type, bool password) {
  ResourceSchema s;
  s.type = type;
  s.description = password ? "A random password; its value is sensitive."
                           : "A random string; use random_password for secrets.";
  const auto class_flag = [](const char* name, const std::string& what) {
    return argument(name, "bool", false, "Whether " + what + " may be used; default true.");
  };
  const auto class_min = [](const char* name, const std::string& what) {
    return argument(name, "number", false, "At least this many " + what + "; default 0.");
  };
  s.attributes = {
      keepers_attribute(),
      argument("length", "number", true,
               "How many characters; at least 1 and at least the sum of the min_*."),
      class_flag("upper", "uppercase letters"),
      class_flag("lower", "lowercase letters"),
      class_flag("numeric", "digits"),
      class_flag("number", "digits (deprecated name of numeric)"),
      class_flag("special", "special characters"),
      class_min("min_upper", "uppercase letters"),
      class_min("min_lower", "lowercase letters"),
      class_min("min_numeric", "digits"),
      class_min("min_special", "special characters"),
      argument("override_special", "string", false,
               std::string("The special characters to use instead of ") + kDefaultSpecial),
      computed("result", "The generated value.", "string", password),
      computed("id", password ? "Always \"none\"." : "The same as result."),
  };
  if (password) {
    s.attributes.push_back(computed(
        "bcrypt_hash", "A bcrypt hash ($2b$, cost 10) of the result.", "string", true));
  }
  return s;
}

sdk::Resource string_resource(const std::string& type, bool password) {
  const auto finish = [password](json state) {
    const std::string result = state["result"].get<std::string>();
    state["id"] = password ? json("none") : json(result);
    if (password) state["bcrypt_hash"] = bcrypt(result);
    return state;
  };
  Callbacks callbacks;
  callbacks.validate = check;
  callbacks.create = [finish](const json& planned) {
    RandomSource random;
    json state = planned;
    state["result"] = generate(rules_of(planned), planned_number(planned, "length", 1), random);
    return finish(std::move(state));
  };
  callbacks.import = [finish](const std::string& id) { return finish(imported(id)); };
  sdk::Resource r = random_resource(schema(type, password), defaults(), std::move(callbacks));
  // number and numeric are made one before the defaults are filled in.
  r.plan = [s = r.schema](sdk::Plan& p) { plan(p, s); };
  return r;
}

}  // namespace

sdk::Resource random_string_resource() { return string_resource("random_string", false); }

sdk::Resource random_password_resource() { return string_resource("random_password", true); }

}  // namespace infra::providers::random
