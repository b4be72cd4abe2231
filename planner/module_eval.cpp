// Module scope, input variables and the configuration hash.
#include "planner/module_eval.hpp"

#include <cstdlib>
#include <cctype>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "planner/provider_set.hpp"
#include "planner/values.hpp"
#include "state/backend.hpp"
#include "stdlib/registry.hpp"

namespace infra::planner {

void ModuleValues::set_variable(const std::string& name, lang::Value v) {
  std::lock_guard lock(mutex_);
  variables_[name] = std::move(v);
}
void ModuleValues::set_local(const std::string& name, lang::Value v) {
  std::lock_guard lock(mutex_);
  locals_[name] = std::move(v);
}
void ModuleValues::set_resource(const std::string& address, lang::Value v) {
  std::lock_guard lock(mutex_);
  resources_[address] = std::move(v);
}
void ModuleValues::set_paths(std::string module, std::string root, std::string cwd) {
  std::lock_guard lock(mutex_);
  paths_["module"] = lang::Value::string(std::move(module));
  paths_["root"] = lang::Value::string(std::move(root));
  paths_["cwd"] = lang::Value::string(std::move(cwd));
}

namespace {
std::optional<lang::Value> lookup(std::mutex& m, const std::map<std::string, lang::Value>& map,
                                  const std::string& key) {
  std::lock_guard lock(m);
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<lang::Value> ModuleValues::variable(const std::string& name) const {
  return lookup(mutex_, variables_, name);
}
std::optional<lang::Value> ModuleValues::local(const std::string& name) const {
  return lookup(mutex_, locals_, name);
}
std::optional<lang::Value> ModuleValues::resource(const std::string& address) const {
  return lookup(mutex_, resources_, address);
}
std::optional<lang::Value> ModuleValues::path(const std::string& name) const {
  return lookup(mutex_, paths_, name);
}

std::optional<lang::Value> ModuleScope::resolve(std::string_view root, std::string_view name,
                                                const lang::SourceRange& where,
                                                lang::Diagnostics& diags) const {
  std::string r(root), n(name);
  std::optional<lang::Value> v;
  if (r == "var") {
    v = values_.variable(n);
  } else if (r == "local") {
    v = values_.local(n);
  } else if (r == "path") {
    v = values_.path(n);
  } else {
    // Graph building has already rejected undeclared resources; a declared one that has
    // no value yet (it failed, or was not planned) is unknown.
    v = values_.resource(r + "." + n);
    if (!v) v = lang::Value::unknown();
  }
  if (!v) diags.error(where, "Reference to undeclared name \"" + r + "." + n + "\"");
  return v;
}

const lang::FunctionTable& functions() { return stdlib::Registry::builtin(); }

namespace {

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// Converts the text of a -var or INFRA_VAR_ value to the declared type.
std::optional<lang::Value> convert_input(const lang::Variable& var, const std::string& text,
                                         std::string& error) {
  std::string type = trim(var.type);
  if (type.empty() || type == "string" || type == "any") return lang::Value::string(text);
  if (type == "number") {
    char* end = nullptr;
    std::string t = trim(text);
    double d = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size()) {
      error = "a number is required, got \"" + text + "\"";
      return std::nullopt;
    }
    return lang::Value::number(d);
  }
  if (type == "bool") {
    std::string t = trim(text);
    if (t == "true") return lang::Value::boolean(true);
    if (t == "false") return lang::Value::boolean(false);
    error = "a bool (true or false) is required, got \"" + text + "\"";
    return std::nullopt;
  }
  // Collection and structural types take JSON text.
  try {
    return parse_json_value(text);
  } catch (const std::exception&) {
    error = "a value of type " + type + " is required, written as JSON; got \"" + text + "\"";
    return std::nullopt;
  }
}

class EmptyScope : public lang::Scope {
 public:
  std::optional<lang::Value> resolve(std::string_view, std::string_view, const lang::SourceRange&,
                                     lang::Diagnostics&) const override {
    return lang::Value::null();
  }
};

}  // namespace

std::map<std::string, lang::Value> resolve_variables(
    const lang::Module& module, const std::map<std::string, std::string>& raw,
    lang::Diagnostics& diags) {
  std::map<std::string, lang::Value> out;
  for (const auto& [name, text] : raw) {
    if (module.find_variable(name) == nullptr) {
      diags.error("Value for undeclared variable \"" + name + "\"",
                  "A value was given for \"" + name +
                      "\", but no variable of that name is declared in the configuration.");
    }
  }
  for (const auto& var : module.variables) {
    std::optional<std::string> text;
    if (auto it = raw.find(var.name); it != raw.end()) {
      text = it->second;
    } else if (const char* env = std::getenv(("INFRA_VAR_" + var.name).c_str())) {
      text = env;
    }
    lang::Value value;
    if (text) {
      std::string error;
      auto v = convert_input(var, *text, error);
      if (!v) {
        // The value itself stays out of the message when the variable is sensitive.
        if (var.sensitive) error = "the value does not have the declared type " + var.type;
        diags.error(var.range, "Invalid value for variable \"" + var.name + "\"", error);
        continue;
      }
      value = *v;
    } else if (var.default_value) {
      EmptyScope scope;
      value = lang::evaluate(*var.default_value, scope, &functions(), diags);
    } else {
      diags.error(var.range, "No value for required variable \"" + var.name + "\"",
                  "Set it with -var " + var.name + "=VALUE or the environment variable INFRA_VAR_" +
                      var.name + ", or give the variable a default.");
      continue;
    }
    out[var.name] = value.marked_sensitive(var.sensitive);
  }
  return out;
}

std::string config_hash(const lang::Module& module,
                        const std::map<std::string, lang::Value>& variables) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  auto feed = [&](const std::string& s) {
    std::string len = std::to_string(s.size()) + ":";
    EVP_DigestUpdate(ctx, len.data(), len.size());
    EVP_DigestUpdate(ctx, s.data(), s.size());
  };
  for (const auto& [name, text] : module.files) {
    feed(name);
    feed(text);
  }
  for (const auto& [name, value] : variables) {
    feed(name);
    feed(to_json(value).dump());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest, &len);
  EVP_MD_CTX_free(ctx);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

// Starts and configures every provider the configuration or the state uses. Failures
// are reported at the first resource that needs the provider.
void start_providers(const lang::Module& module, const state::Snapshot& prior,
                     const ModuleValues& values, ProviderSet& providers,
                     lang::Diagnostics& diags) {
  std::map<std::string, std::optional<lang::SourceRange>> needed;
  for (const auto& r : module.resources) needed.emplace(r.provider, r.range);
  for (const auto& inst : prior.instances) needed.emplace(inst.provider, std::nullopt);
  for (const auto& [name, where] : needed) {
    providers::Plugin* plugin = nullptr;
    try {
      plugin = &providers.get(name);
    } catch (const std::exception& e) {
      lang::Diagnostic d{lang::Severity::Error, "Failed to start provider \"" + name + "\"",
                         e.what(), where};
      diags.add(std::move(d));
      continue;
    }
    nlohmann::json config = nlohmann::json::object();
    for (const auto& block : module.providers) {
      if (block.name != name) continue;
      ModuleScope scope(values);
      lang::Value v = lang::evaluate_body(*block.body, scope, &functions(), diags);
      config = to_json(v);
    }
    try {
      plugin->call("configure", {{"config", config}});
    } catch (const std::exception& e) {
      lang::Diagnostic d{lang::Severity::Error, "Failed to configure provider \"" + name + "\"",
                         e.what(), where};
      diags.add(std::move(d));
    }
  }
}

}  // namespace infra::planner
