// The plan, update and validation helpers shared by the random resource types.
#include "providers/random/common.hpp"

#include <charconv>
#include <cmath>

namespace infra::providers::random {

namespace {

json attr_path(const std::string& name) { return json::array({name}); }

json member(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? json() : *it;
}

const Default* find_default(const std::vector<Default>& defaults, const std::string& name) {
  for (const auto& d : defaults) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

// The entries of a keepers map that have a value.
json keepers_with_values(const json& keepers) {
  json out = json::object();
  if (!keepers.is_object()) return out;
  for (const auto& [key, value] : keepers.items()) {
    if (!value.is_null()) out[key] = value;
  }
  return out;
}

// Whether argument `name`, or something inside it (a keeper), is unknown.
bool unknown_within(const json& unknown, const std::string& name) {
  if (!unknown.is_array()) return false;
  for (const auto& path : unknown) {
    if (path.is_array() && !path.empty() && path[0] == name) return true;
  }
  return false;
}

}  // namespace

Attribute argument(std::string name, std::string type, bool required, std::string description) {
  return {.name = std::move(name),
          .type = std::move(type),
          .required = required,
          .optional = !required,
          .force_new = true,
          .description = std::move(description)};
}

Attribute computed(std::string name, std::string description, std::string type, bool sensitive) {
  return {.name = std::move(name),
          .type = std::move(type),
          .computed = true,
          .sensitive = sensitive,
          .description = std::move(description)};
}

Attribute keepers_attribute() {
  return argument("keepers", "map(string)", false,
                  "Arbitrary values that, when one with a value changes, is added or is removed, "
                  "make a new random value.");
}

void fill_defaults(sdk::Plan& plan, const std::vector<Default>& defaults) {
  for (const auto& d : defaults) {
    if (member(plan.planned, d.name).is_null() &&
        !has_path(plan.proposed_unknown, attr_path(d.name))) {
      plan.planned[d.name] = d.value;
    }
  }
}

void finish_plan(sdk::Plan& plan, const ResourceSchema& schema,
                 const std::vector<Default>& defaults) {
  plan.requires_replace = json::array();
  if (!plan.creating()) {
    for (const auto& attr : schema.attributes) {
      if (!attr.force_new) continue;
      const json path = attr_path(attr.name);
      bool changed = false;
      if (unknown_within(plan.unknown, attr.name)) {
        changed = true;
      } else if (attr.name == "keepers") {
        changed = keepers_with_values(member(plan.prior, attr.name)) !=
                  keepers_with_values(member(plan.planned, attr.name));
      } else {
        json before = member(plan.prior, attr.name);
        if (const Default* d = find_default(defaults, attr.name); d && before.is_null()) {
          before = d->value;
        }
        changed = before != member(plan.planned, attr.name);
      }
      if (changed) add_path(plan.requires_replace, path);
    }
  }
  const bool fresh = plan.creates_new_object();
  for (const auto& attr : schema.attributes) {
    if (!attr.computed) continue;
    if (fresh) {
      plan.set_unknown(attr.name);
    } else {
      plan.set_known(attr.name, member(plan.prior, attr.name));
    }
  }
}

sdk::Resource random_resource(ResourceSchema schema, std::vector<Default> defaults,
                              Callbacks callbacks) {
  sdk::Resource r;
  r.schema = std::move(schema);
  for (const auto& d : defaults) sdk::declare_default(r.schema, d.name, d.value);
  r.validate = std::move(callbacks.validate);
  // Apply checks again what validate could not see while values were unknown.
  r.create = [validate = r.validate, create = std::move(callbacks.create)](const json& planned) {
    if (validate) throw_first_error(validate(planned, json::array()));
    return create(planned);
  };
  r.import = std::move(callbacks.import);
  r.plan = [schema = r.schema, defaults = std::move(defaults)](sdk::Plan& plan) {
    fill_defaults(plan, defaults);
    finish_plan(plan, schema, defaults);
  };
  r.read = [](const json& state) { return state; };
  r.update = [schema = r.schema](const json& prior, const json& planned) {
    json state = planned;
    for (const auto& attr : schema.attributes) {
      if (attr.computed) state[attr.name] = member(prior, attr.name);
    }
    return state;
  };
  r.destroy = [](const json& /*prior*/) {};
  return r;
}

void add_error(Findings& out, const std::string& name, const std::string& detail) {
  out.push_back({"error", "invalid " + name, detail, attr_path(name)});
}

bool is_known(const json& config, const json& unknown, const std::string& name) {
  return !member(config, name).is_null() && !has_path(unknown, attr_path(name));
}

std::optional<std::int64_t> parse_int64(const std::string& text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

std::optional<std::int64_t> whole_number(const json& config, const json& unknown,
                                         const std::string& name, Findings& out,
                                         std::int64_t min, std::int64_t max) {
  if (!is_known(config, unknown, name)) return std::nullopt;
  const json value = member(config, name);
  std::optional<std::int64_t> n;
  if (value.is_number_integer()) {
    n = value.get<std::int64_t>();
    if (value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX) n.reset();
  } else if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::trunc(d) == d && d >= -9.2e18 && d <= 9.2e18) n = static_cast<std::int64_t>(d);
  } else if (value.is_string()) {
    n = parse_int64(value.get<std::string>());  // how the host sends numbers past 2^64
  }
  const std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
  if (!n) {
    add_error(out, name,
              "expected a whole number between " + std::to_string(INT64_MIN) + " and " +
                  std::to_string(INT64_MAX) + ", got " + shown);
    return std::nullopt;
  }
  if (*n < min) {
    add_error(out, name, name + " must be at least " + std::to_string(min) + ", got " + shown);
    return std::nullopt;
  }
  if (*n > max) {
    add_error(out, name, name + " must be at most " + std::to_string(max) + ", got " + shown);
    return std::nullopt;
  }
  return n;
}

void throw_first_error(const Findings& findings) {
  for (const auto& f : findings) {
    if (f.severity != "error") continue;
    throw sdk::Error(f.detail.empty() ? f.summary : f.summary + ": " + f.detail, f.path);
  }
}

std::int64_t planned_number(const json& planned, const std::string& name, std::int64_t fallback) {
  Findings ignored;
  return whole_number(planned, json::array(), name, ignored).value_or(fallback);
}

std::optional<std::string> optional_string(const json& state, const std::string& name) {
  const json value = member(state, name);
  if (!value.is_string()) return std::nullopt;
  return value.get<std::string>();
}

}  // namespace infra::providers::random
