// The backend block: see planner/backend_config.hpp.
#include "planner/backend_config.hpp"

#include <functional>
#include <map>

#include "lang/ast.hpp"
#include "lang/eval.hpp"

namespace infra::planner {

std::filesystem::path default_state_path() { return std::filesystem::path(".infra") / "state.db"; }

namespace {

/// One setting of a backend type: its name, what a valid value looks like (for messages),
/// and where the value goes.
struct Setting {
  const char* name;
  const char* expected;
  std::function<void(BackendSettings&, const std::string&)> store;
};

const std::map<std::string, std::vector<Setting>>& backend_types() {
  static const std::map<std::string, std::vector<Setting>> types{
      {"sqlite",
       {{"path", "a file name, like path = \"state/prod.db\"",
         [](BackendSettings& s, const std::string& v) { s.path = v; }}}},
      {"postgres",
       {{"conn_str", "a connection string, like conn_str = \"postgresql://infra@db.internal/infra\"",
         [](BackendSettings& s, const std::string& v) { s.conn_str = v; }},
        {"schema_name", "a schema name, like schema_name = \"infra_state\"",
         [](BackendSettings& s, const std::string& v) { s.schema_name = v; }}}},
  };
  return types;
}

std::string setting_names(const std::vector<Setting>& settings) {
  std::string out;
  for (const Setting& s : settings) out += (out.empty() ? "" : ", ") + std::string(s.name);
  return out;
}

}  // namespace

std::optional<BackendSettings> read_backend(const lang::Module& root, lang::Diagnostics& diags) {
  if (!root.backend) return BackendSettings{};
  const lang::Backend& b = *root.backend;
  auto type = backend_types().find(b.type);
  if (type == backend_types().end()) {
    // The configuration loader admits only the backends it knows; a new one needs a case.
    diags.error(b.range, "Unsupported backend \"" + b.type + "\"",
                "The state backends are: sqlite, postgres.");
    return std::nullopt;
  }
  BackendSettings settings;
  settings.type = b.type;
  settings.configured = true;
  bool ok = true;
  for (const lang::Attribute& a : b.body->attributes) {
    const Setting* setting = nullptr;
    for (const Setting& s : type->second) {
      if (a.name == s.name) setting = &s;
    }
    if (setting == nullptr) {
      diags.error(a.name_range,
                  "Unsupported argument \"" + a.name + "\" in the " + b.type + " backend",
                  "The " + b.type + " backend takes: " + setting_names(type->second) + ".");
      ok = false;
      continue;
    }
    // Terraform reads backend settings before anything else exists, so they are constants.
    lang::Diagnostics found;
    lang::Value v = lang::evaluate(*a.value, lang::ConstantScope(), nullptr, found);
    if (found.has_errors()) {
      diags.append(found);
      ok = false;
    } else if (v.kind() != lang::Value::Kind::String || v.as_string().empty()) {
      diags.error(a.value->range,
                  "The " + b.type + " backend's " + a.name + " must be a non-empty string",
                  std::string("Write ") + setting->expected + ".");
      ok = false;
    } else {
      setting->store(settings, v.as_string());
    }
  }
  if (!ok) return std::nullopt;
  return settings;
}

}  // namespace infra::planner
