// Module scope, input variables and the configuration hash.
#include "planner/module_eval.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "lang/ast.hpp"
#include "lang/json_syntax.hpp"
#include "lang/parser.hpp"
#include "lang/types.hpp"
#include "planner/dag.hpp"
#include "planner/diff.hpp"
#include "planner/graph.hpp"
#include "planner/provider_set.hpp"
#include "planner/values.hpp"
#include "state/backend.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/registry.hpp"

namespace infra::planner {

void ModuleValues::set_function_context(const lang::Module& module, bool planning,
                                        std::chrono::system_clock::time_point plan_time) {
  set_function_context(module, module.dir, planning, plan_time);
}

void ModuleValues::set_function_context(const lang::Module& module,
                                        const std::filesystem::path& root_dir, bool planning,
                                        std::chrono::system_clock::time_point plan_time) {
  stdlib::Context context = stdlib::Context::process_default();
  // As in Terraform, relative paths in file functions are relative to the root module,
  // also in a called module (which writes "${path.module}/FILE" for its own files).
  context.module_dir = root_dir;
  context.root_dir = root_dir;
  context.planning = planning;
  context.plan_timestamp = plan_time;
  builtins_ = std::make_unique<stdlib::ModuleFunctions>(std::move(context));
  functions_ = std::make_unique<lang::DeclaredFunctions>(module.functions, *builtins_);
}

const lang::FunctionTable& ModuleValues::functions() const {
  return functions_ ? *functions_ : planner::functions();
}

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

void ModuleValues::set_output(const std::string& name, lang::Value v) {
  std::lock_guard lock(mutex_);
  outputs_[name] = std::move(v);
}
void ModuleValues::set_module_calls(std::function<lang::Value(const std::string&)> resolver) {
  std::lock_guard lock(mutex_);
  module_calls_ = std::move(resolver);
}

namespace {
std::optional<lang::Value> lookup(std::shared_mutex& m, const std::map<std::string, lang::Value>& map,
                                  const std::string& key) {
  std::shared_lock lock(m);
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
lang::Value ModuleValues::data_sources(const std::string& type) const {
  const std::string prefix = "data." + type + ".";
  lang::Value::Object out;
  std::shared_lock lock(mutex_);
  for (auto it = resources_.lower_bound(prefix);
       it != resources_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out.emplace(it->first.substr(prefix.size()), it->second);
  }
  return lang::Value::object(std::move(out));
}

std::optional<lang::Value> ModuleValues::path(const std::string& name) const {
  return lookup(mutex_, paths_, name);
}
void ModuleValues::set_workspace(std::string name) {
  std::unique_lock lock(mutex_);
  workspace_ = std::move(name);
}
std::string ModuleValues::workspace() const {
  std::shared_lock lock(mutex_);
  return workspace_;
}
std::optional<lang::Value> ModuleValues::output(const std::string& name) const {
  return lookup(mutex_, outputs_, name);
}
lang::Value ModuleValues::module_call(const std::string& name) const {
  std::function<lang::Value(const std::string&)> resolver;
  {
    std::shared_lock lock(mutex_);
    resolver = module_calls_;
  }
  return resolver ? resolver(name) : lang::Value::unknown();
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
  } else if (r == "data") {
    v = values_.data_sources(n);
  } else if (r == "module") {
    v = values_.module_call(n);
  } else if (r == "infra" || r == "terraform") {
    v = lang::Value::string(values_.workspace());
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

lang::DeclaredFunctions functions(const lang::Module& module) {
  return lang::DeclaredFunctions(module.functions, functions());
}

bool check_functions(const lang::Module& module, lang::Diagnostics& diags) {
  lang::Diagnostics found;
  lang::check_calls(
      module,
      [](std::string_view name) { return stdlib::Registry::builtin().find(name) != nullptr; },
      found);
  diags.append(found);
  return !found.has_errors();
}

namespace {

// The value of a -var or INFRA_VAR_ text for a variable of type `type`: the text itself
// for primitive types (converted by the caller), else the text read as an expression.
std::optional<lang::Value> read_input(const lang::Type& type, const std::string& name,
                                      const std::string& text, lang::Diagnostics& diags);

class EmptyScope : public lang::Scope {
 public:
  std::optional<lang::Value> resolve(std::string_view, std::string_view, const lang::SourceRange&,
                                     lang::Diagnostics&) const override {
    return lang::Value::null();
  }
};

}  // namespace

namespace {

// A scope in which only `var.NAME` is known: what a validation condition sees.
class OneVariableScope : public lang::Scope {
 public:
  OneVariableScope(const std::string& name, const lang::Value& value) : name_(name), value_(value) {}
  std::optional<lang::Value> resolve(std::string_view root, std::string_view name,
                                     const lang::SourceRange& where,
                                     lang::Diagnostics& diags) const override {
    if (root == "var" && name == name_) return value_;
    diags.error(where, "Invalid reference in variable validation",
                "The condition of a validation of variable \"" + name_ +
                    "\" may refer only to var." + name_ + ".");
    return std::nullopt;
  }

 private:
  std::string name_;
  lang::Value value_;
};

// Checks nullable and the validation blocks of `var` for `value`.
void check_variable(const lang::Variable& var, const lang::Value& value,
                    const lang::FunctionTable& table, lang::Diagnostics& diags) {
  if (value.is_null() && !value.is_unknown() && !var.nullable) {
    diags.error(var.range, "Invalid value for variable \"" + var.name + "\"",
                "The variable is declared with nullable = false, so it cannot be null.");
    return;
  }
  OneVariableScope scope(var.name, value);
  for (const auto& v : var.validations) {
    if (!v.condition || !v.error_message) continue;
    lang::Diagnostics local;
    lang::Value ok = lang::evaluate(*v.condition, scope, &table, local);
    diags.append(local);
    if (local.has_errors() || ok.is_unknown()) continue;
    if (ok.kind() != lang::Value::Kind::Bool) {
      diags.error(lang::range_of(*v.condition), "Invalid validation condition",
                  "The condition must be true or false, not " + ok.type_name() + ".");
      continue;
    }
    if (ok.as_bool()) continue;
    lang::Value message = lang::evaluate(*v.error_message, scope, &table, local);
    std::string text = message.kind() == lang::Value::Kind::String && !message.is_sensitive()
                           ? message.as_string()
                           : "The value does not pass the validation rule.";
    diags.error(lang::range_of(*v.condition), "Invalid value for variable \"" + var.name + "\"",
                text + "\n\nThis was checked by the validation rule at " +
                    lang::location(v.range) + ".");
  }
}

std::optional<lang::Value> read_input(const lang::Type& type, const std::string& name,
                                      const std::string& text, lang::Diagnostics& diags) {
  if (type.is_primitive() || type.kind == lang::Type::Kind::Any) return lang::Value::string(text);
  // Collections and structures are written in the language: -var 'ports=[80, 443]'.
  lang::ExprPtr expr = lang::parse_expression("-var " + name, text, diags);
  if (!expr) return std::nullopt;
  EmptyScope constant;
  lang::Value v = lang::evaluate(*expr, constant, &functions(), diags);
  if (diags.has_errors()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<VariableInput> load_variable_file(const std::filesystem::path& path,
                                              const std::string& shown_name,
                                              lang::SourceFiles& files, lang::Diagnostics& diags) {
  std::vector<VariableInput> out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.error("Failed to read variables file", "Cannot read \"" + shown_name + "\".");
    return out;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  files[shown_name] = ss.str();
  // Terraform reads a variables file whose name ends in .json as JSON.
  lang::BodyPtr body = shown_name.ends_with(".json")
                           ? lang::parse_json_variables_file(shown_name, files[shown_name], diags)
                           : lang::parse_file(shown_name, files[shown_name], diags);
  if (!body) return out;
  for (const auto& block : body->blocks) {
    diags.error(block.type_range, "Unexpected block \"" + block.type + "\" in a variables file",
                "A variables file holds only NAME = VALUE lines.");
  }
  EmptyScope constant;
  for (const auto& attr : lang::attributes(*body)) {
    for (const auto& ref : lang::references(*attr.expr)) {
      diags.error(ref.range, "Variables not allowed",
                  "A variables file gives constant values; it cannot refer to other names.");
    }
    lang::Value v = lang::evaluate(*attr.expr, constant, &functions(), diags);
    out.push_back({attr.name, std::nullopt, v, attr.range});
  }
  return out;
}

std::map<std::string, lang::Value> resolve_variables(const lang::Module& module,
                                                     const std::vector<VariableInput>& inputs,
                                                     lang::Diagnostics& diags) {
  std::map<std::string, lang::Value> out;
  std::map<std::string, const VariableInput*> given;
  const lang::DeclaredFunctions module_functions = functions(module);
  for (const auto& input : inputs) {
    if (module.find_variable(input.name) == nullptr) {
      lang::Diagnostic d{lang::Severity::Error, "Value for undeclared variable \"" + input.name + "\"",
                         "A value was given for \"" + input.name +
                             "\", but no variable of that name is declared in the configuration.",
                         input.range};
      diags.add(std::move(d));
      continue;
    }
    given[input.name] = &input;
  }
  for (const auto& var : module.variables) {
    lang::Type type = lang::Type::any();
    if (var.type_expr) {
      auto parsed = lang::parse_type(*var.type_expr, diags);
      if (!parsed) continue;
      type = *parsed;
    }
    std::optional<std::string> text;
    std::optional<lang::Value> value;
    std::optional<lang::SourceRange> from;
    if (auto it = given.find(var.name); it != given.end()) {
      text = it->second->text;
      value = it->second->value;
      from = it->second->range;
    } else if (const char* env = std::getenv(("INFRA_VAR_" + var.name).c_str())) {
      text = env;
    }
    if (text) {
      lang::Diagnostics parse_diags;
      value = read_input(type, var.name, *text, parse_diags);
      if (!value) {
        // The text stays out of the message when the variable is sensitive.
        if (var.sensitive) {
          diags.error(var.range, "Invalid value for variable \"" + var.name + "\"",
                      "The value given is not a valid expression of type " + lang::to_string(type) + ".");
        } else {
          diags.append(parse_diags);
        }
        continue;
      }
    } else if (!value && var.default_value) {
      EmptyScope scope;
      value = lang::evaluate(*var.default_value, scope, &module_functions, diags);
      from = lang::range_of(*var.default_value);
    } else if (!value) {
      diags.error(var.range, "No value for required variable \"" + var.name + "\"",
                  "Set it with -var " + var.name + "=VALUE, in a variables file (-var-file), "
                  "or with the environment variable INFRA_VAR_" + var.name +
                      "; or give the variable a default.");
      continue;
    }
    lang::Conversion converted = lang::convert(*value, type);
    if (!converted.ok()) {
      std::string detail = converted.error();
      if (text && !var.sensitive) detail += ", got \"" + *text + "\"";
      detail += " (the variable's type is " + lang::to_string(type) + ")";
      lang::Diagnostic d{lang::Severity::Error, "Invalid value for variable \"" + var.name + "\"",
                         detail, from ? from : std::optional<lang::SourceRange>(var.range)};
      diags.add(std::move(d));
      continue;
    }
    lang::Value marked = converted.value.marked_sensitive(var.sensitive);
    check_variable(var, marked, module_functions, diags);
    out[var.name] = std::move(marked);
  }
  return out;
}

std::optional<lang::Value> accept_variable(const lang::Variable& var, const lang::Value& value,
                                           const lang::SourceRange& where,
                                           const lang::FunctionTable& functions,
                                           lang::Diagnostics& diags) {
  lang::Type type = lang::Type::any();
  if (var.type_expr) {
    auto parsed = lang::parse_type(*var.type_expr, diags);
    if (!parsed) return std::nullopt;
    type = *parsed;
  }
  lang::Conversion converted = lang::convert(value, type);
  if (!converted.ok()) {
    diags.error(where, "Invalid value for variable \"" + var.name + "\"",
                converted.error() + " (the variable's type is " + lang::to_string(type) + ")");
    return std::nullopt;
  }
  lang::Value marked = converted.value.marked_sensitive(var.sensitive);
  lang::Diagnostics d;
  check_variable(var, marked, functions, d);
  diags.append(d);
  if (d.has_errors()) return std::nullopt;
  return marked;
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
  return stdlib::to_hex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

// Starts and configures every provider the configuration or the state uses. Failures
// are reported at the first resource that needs the provider.
namespace {

/// `each.key` and `each.value` of one instance of a provider block with for_each, over the
/// module's scope.
class EachScope : public lang::Scope {
 public:
  EachScope(const lang::Scope& outer, lang::Value key, lang::Value value)
      : outer_(outer), key_(std::move(key)), value_(std::move(value)) {}
  std::optional<lang::Value> resolve(std::string_view root, std::string_view name,
                                     const lang::SourceRange& where,
                                     lang::Diagnostics& diags) const override {
    if (root == "each" && name == "key") return key_;
    if (root == "each" && name == "value") return value_;
    return outer_.resolve(root, name, where, diags);
  }

 private:
  const lang::Scope& outer_;
  lang::Value key_;
  lang::Value value_;
};

/// `["key"]`: how an instance key is written in addresses.
std::string instance_suffix(const std::string& key) { return "[" + lang::to_display(lang::Value::string(key)) + "]"; }

/// Evaluates the locals that the provider blocks refer to (through other locals too), in
/// dependency order, into `values`: providers are configured before the plan, so their
/// arguments may use variables and locals, but not resources, data sources or modules —
/// an error at the block says so. False after an error.
bool evaluate_provider_inputs(const lang::Module& module, ModuleValues& values,
                              const std::map<std::string, std::size_t>& later,
                              lang::Diagnostics& diags) {
  if (module.providers.empty()) return true;
  lang::Diagnostics ignored;  // the plan's own graph reports what is wrong with references
  const ConfigGraph graph = build_graph(module, ignored);
  std::vector<bool> needed(graph.nodes.size(), false);
  bool ok = true;
  for (const auto& block : module.providers) {
    if (later.count(block.key())) continue;
    std::vector<lang::Reference> refs = lang::references(*block.body);
    if (block.for_each) {
      for (auto& r : lang::references(*block.for_each)) refs.push_back(std::move(r));
    }
    std::vector<std::size_t> pending;
    for (const auto& ref : refs) {
      if (ref.parts.size() < 2) continue;
      const std::string& root = ref.parts[0];
      if (root == "var" || root == "path" || root == "each" || root == "infra" ||
          root == "terraform") {
        continue;
      }
      const std::string address = root == "data" && ref.parts.size() > 2
                                      ? "data." + ref.parts[1] + "." + ref.parts[2]
                                      : root + "." + ref.parts[1];
      auto it = graph.by_address.find(address);
      if (it != graph.by_address.end()) pending.push_back(it->second);
    }
    while (!pending.empty()) {
      const std::size_t n = pending.back();
      pending.pop_back();
      if (needed[n]) continue;
      const GraphNode& node = graph.nodes[n];
      if (node.kind != GraphNode::Kind::Local && node.kind != GraphNode::Kind::Variable) continue;
      needed[n] = true;
      pending.insert(pending.end(), graph.dag.deps[n].begin(), graph.dag.deps[n].end());
    }
  }
  if (!ok) return false;
  ModuleScope scope(values);
  for (const auto& level : levels(graph.dag)) {
    for (std::size_t n : level) {
      if (!needed[n] || graph.nodes[n].kind != GraphNode::Kind::Local) continue;
      const lang::Local& local = module.locals[graph.nodes[n].index];
      lang::Diagnostics d;
      values.set_local(local.name, lang::evaluate(*local.value, scope, &values.functions(), d));
      diags.append(d);
      ok = ok && !d.has_errors();
    }
  }
  return ok;
}

}  // namespace

const providers::ProviderSchema* provider_schema(ProviderSet& providers, const std::string& name) {
  if (!providers.available(name)) return nullptr;
  try {
    return &providers.get(name).schema();
  } catch (const std::exception&) {
    return nullptr;  // it does not start: whatever uses it says so
  }
}

std::optional<std::map<std::string, lang::Value>> evaluate_provider_block(
    const lang::ProviderConfig& block, const lang::Scope& scope,
    const lang::FunctionTable& functions, const providers::ProviderSchema* schema,
    bool* unknown, lang::Diagnostics& diags) {
  std::map<std::string, lang::Value> out;
  lang::Diagnostics d;
  // Checked against the provider's schema, when there is one (else the provider is not
  // installed, which whatever uses it reports).
  const auto conform = [&](lang::Value config) -> std::optional<lang::Value> {
    if (schema == nullptr) return config;
    return conform_provider_config(block, *schema, config, diags);
  };
  if (!block.for_each) {
    lang::Value config = lang::evaluate_body(*block.body, scope, &functions, d);
    diags.append(d);
    if (d.has_errors()) return std::nullopt;
    auto conformed = conform(std::move(config));
    if (!conformed) return std::nullopt;
    out[block.key()] = std::move(*conformed);
    return out;
  }
  lang::Value each = lang::evaluate(*block.for_each, scope, &functions, d);
  diags.append(d);
  if (d.has_errors()) return std::nullopt;
  const lang::SourceRange where = lang::range_of(*block.for_each);
  if (!each.is_wholly_known() && unknown != nullptr) {
    *unknown = true;
    return out;
  }
  if (!each.is_wholly_known()) {
    diags.error(where, "Invalid provider for_each",
                "The for_each of provider \"" + block.key() + "\" must be known before "
                "planning: it may use variables and constants, not attributes of resources.");
    return std::nullopt;
  }
  std::vector<std::pair<std::string, lang::Value>> elements;
  if (each.kind() == lang::Value::Kind::Object) {
    for (const auto& [key, value] : each.as_object()) elements.emplace_back(key, value);
  } else if (each.kind() == lang::Value::Kind::List) {
    for (const auto& item : each.as_list()) {
      if (item.kind() != lang::Value::Kind::String) break;
      elements.emplace_back(item.as_string(), item);
    }
    if (elements.size() != each.as_list().size()) {
      diags.error(where, "Invalid provider for_each",
                  "The for_each of provider \"" + block.key() + "\" must be a map, or a set "
                  "of strings; a list of " + (each.as_list().empty() ? "nothing" : "other values") +
                      " does not name its instances.");
      return std::nullopt;
    }
  } else {
    diags.error(where, "Invalid provider for_each",
                "The for_each of provider \"" + block.key() + "\" must be a map, or a set of "
                "strings; it is " + (each.is_null() ? "null" : "a " + each.type_name()) + ".");
    return std::nullopt;
  }
  for (const auto& [key, value] : elements) {
    EachScope instance(scope, lang::Value::string(key), value);
    lang::Diagnostics e;
    lang::Value config = lang::evaluate_body(*block.body, instance, &functions, e);
    diags.append(e);
    if (e.has_errors()) return std::nullopt;
    auto conformed = conform(std::move(config));
    if (!conformed) return std::nullopt;
    out[block.key() + instance_suffix(key)] = std::move(*conformed);
  }
  return out;
}

namespace {

/// The configurations of the module's provider blocks but those in `later`, by key, with
/// their evaluated arguments; a block with for_each gives one per element.
std::map<std::string, nlohmann::json> provider_configurations(
    const lang::Module& module, const ModuleValues& values,
    const std::map<std::string, std::size_t>& later, ProviderSet& providers,
    lang::Diagnostics& diags) {
  std::map<std::string, nlohmann::json> out;
  ModuleScope scope(values);
  for (const auto& block : module.providers) {
    if (later.count(block.key())) continue;
    auto configs = evaluate_provider_block(block, scope, values.functions(),
                                           provider_schema(providers, block.name), nullptr, diags);
    if (!configs) continue;
    for (auto& [key, config] : *configs) out[key] = to_json(config);
  }
  return out;
}

}  // namespace

std::optional<std::string> provider_key(const lang::Resource& r, const ModuleValues& values,
                                        lang::Diagnostics& diags) {
  ModuleScope scope(values);
  return provider_key(r, scope, values.functions(), diags);
}

std::optional<std::string> provider_key(const lang::Resource& r, const lang::Scope& scope,
                                        const lang::FunctionTable& functions,
                                        lang::Diagnostics& diags) {
  if (!r.provider_index) return r.provider_key();
  lang::Diagnostics d;
  lang::Value key = lang::evaluate(*r.provider_index, scope, &functions, d);
  diags.append(d);
  if (d.has_errors()) return std::nullopt;
  if (key.is_unknown() || key.kind() != lang::Value::Kind::String) {
    diags.error(lang::range_of(*r.provider_index), "Invalid provider instance key",
                "The key of provider \"" + r.provider_key() + "\" that " + r.address() +
                    " uses must be a string known before planning (a constant, a variable or "
                    "each.key).");
    return std::nullopt;
  }
  return r.provider_key() + instance_suffix(key.as_string());
}

void start_providers(const lang::Module& module, const state::Snapshot& prior,
                     ModuleValues& values, const std::map<std::string, std::size_t>& later,
                     ProviderSet& providers, lang::Diagnostics& diags) {
  if (!evaluate_provider_inputs(module, values, later, diags)) return;
  auto configurations = provider_configurations(module, values, later, providers, diags);
  std::set<std::string> declared;
  for (const auto& [key, config] : configurations) declared.insert(key);
  providers.set_configurations(std::move(configurations));
  for (const auto& [key, node] : later) {
    providers.configure_later(
        key, "the arguments of provider \"" + key + "\" use resources, data sources or "
             "module outputs, so it is configured only while the configuration is planned "
             "or applied, once they are known");
  }
  const auto is_later = [&](const std::string& key) {
    return later.count(key.substr(0, key.find('['))) > 0;
  };
  // Every configuration in use: by a resource of the root module, or by an instance in
  // the state (which needs it to be refreshed or destroyed). Called modules' resources
  // start theirs when they are planned.
  std::map<std::string, std::optional<lang::SourceRange>> needed;
  for (const auto* list : {&module.resources, &module.data_sources}) {
    for (const auto& r : *list) {
      if (r.provider_index && (r.count || r.for_each)) continue;  // may use each.key
      if (auto key = provider_key(r, values, diags)) needed.emplace(*key, r.range);
    }
  }
  for (const auto& c : module.checks) {
    for (const auto& r : c.data_sources) {
      if (auto key = provider_key(r, values, diags)) needed.emplace(*key, r.range);
    }
  }
  for (const auto& inst : prior.instances) needed.emplace(inst.provider, std::nullopt);
  for (const auto& [key, where] : needed) {
    if (is_later(key)) continue;
    const bool aliased = key.find('.') != std::string::npos;
    if (!declared.count(key) && aliased) {
      if (!where) {
        diags.error("Provider configuration not present",
                    "There is no provider configuration \"" + key + "\", which objects in "
                    "the state still need: add it back until they are destroyed.");
      } else if (key.find('[') != std::string::npos) {
        diags.add({lang::Severity::Error, "Provider configuration not present",
                   "The provider block with for_each has no instance \"" + key + "\".", where});
      }  // else: check_provider_references reports it at the `provider` argument
      continue;
    }
    try {
      providers.get(key);
    } catch (const std::exception& e) {
      diags.add({lang::Severity::Error, "Failed to start provider \"" + key + "\"", e.what(), where});
      continue;
    }
    try {
      providers.configured(key);
    } catch (const std::exception& e) {
      diags.add({lang::Severity::Error, "Failed to configure provider \"" + key + "\"", e.what(), where});
    }
  }
}

}  // namespace infra::planner
