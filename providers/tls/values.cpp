// Attribute access and validation helpers shared by the tls resources.
#include "providers/tls/values.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "providers/tls/ossl.hpp"

namespace infra::providers::tls {

json member(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? json() : *it;
}

std::string string_attr(const json& object, const std::string& name) {
  const json value = member(object, name);
  if (!value.is_string()) {
    throw sdk::Error("attribute \"" + name + "\" must be a known string", json::array({name}));
  }
  return value.get<std::string>();
}

std::vector<std::string> strings_attr(const json& object, const std::string& name) {
  std::vector<std::string> out;
  const json value = member(object, name);
  if (!value.is_array()) return out;
  for (const auto& item : value) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

bool bool_attr(const json& object, const std::string& name, bool fallback) {
  const json value = member(object, name);
  return value.is_boolean() ? value.get<bool>() : fallback;
}

std::optional<long long> whole_number(const json& value) {
  if (value.is_number_integer()) return value.get<long long>();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      return static_cast<long long>(d);
    }
  }
  return std::nullopt;
}

long long whole_attr(const json& object, const std::string& name, long long fallback) {
  const json value = member(object, name);
  if (value.is_null()) return fallback;
  const auto n = whole_number(value);
  if (!n) {
    throw InvalidValue("invalid " + name, "expected a whole number, got " + value.dump(),
                       json::array({name}));
  }
  return *n;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sdk::Error("cannot read " + path + ": " + std::strerror(errno));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string import_text(const std::string& id) {
  return id.rfind("-----BEGIN", 0) == 0 ? id : read_text_file(id);
}

bool is_known(const json& config, const json& unknown, const json& path) {
  if (has_path(unknown, path)) return false;
  const json* value = find_at_path(config, path);
  return value != nullptr && !value->is_null();
}

void collect(std::vector<sdk::Diagnostic>& out, const std::function<void()>& check) {
  try {
    check();
  } catch (const InvalidValue& e) {
    out.push_back({"error", e.summary(), e.detail(), e.path()});
  }
}

void check_string(std::vector<sdk::Diagnostic>& out, const json& config, const json& unknown,
                  const std::string& name, const std::function<void(const std::string&)>& check) {
  if (!is_known(config, unknown, json::array({name}))) return;
  const json value = member(config, name);
  if (!value.is_string()) return;  // the schema's checks report the type
  collect(out, [&] { check(value.get<std::string>()); });
}

json state_as_is(const json& state) { return state; }

void nothing_to_destroy(const json& /*prior*/) {}

void plan_default(sdk::Plan& plan, const std::string& name, json value) {
  if (!member(plan.planned, name).is_null() && !plan.is_unknown(name)) return;
  if (has_path(plan.proposed_unknown, json::array({name}))) return;
  plan.set_known(name, std::move(value));
}

}  // namespace infra::providers::tls
