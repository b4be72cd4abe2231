// Config loader: reads the .infra files of a directory, parses them, and decodes the
// top-level blocks into a Module. This file holds the dispatch, the shared checks and the
// simple blocks (variable, locals, output); see lang/config_loader.hpp for the others.
#include "lang/config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "lang/ast.hpp"
#include "lang/config_loader.hpp"
#include "lang/eval.hpp"
#include "lang/functions.hpp"
#include "lang/json_syntax.hpp"
#include "lang/parser.hpp"

namespace infra::lang {
namespace detail {

namespace {
constexpr const char* kBlockTypes =
    "variable, locals, output, resource, data, module, provider, function, infra, moved, "
    "removed, import, check";
}  // namespace

BodyPtr without(const BodyPtr& body, std::initializer_list<std::string_view> attributes,
                std::initializer_list<std::string_view> blocks) {
  const auto named = [](std::initializer_list<std::string_view> names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  const bool any = std::any_of(body->attributes.begin(), body->attributes.end(),
                               [&](const Attribute& a) { return named(attributes, a.name); }) ||
                   std::any_of(body->blocks.begin(), body->blocks.end(),
                               [&](const Block& b) { return named(blocks, b.type); });
  if (!any) return body;
  Body kept;
  kept.range = body->range;
  for (const Attribute& a : body->attributes) {
    if (!named(attributes, a.name)) kept.attributes.push_back(a);
  }
  for (const Block& b : body->blocks) {
    if (!named(blocks, b.type)) kept.blocks.push_back(b);
  }
  return std::make_shared<const Body>(std::move(kept));
}

void Loader::top(const Body& body) {
  for (const Attribute& a : body.attributes) {
    diags_.error(a.name_range, "Unexpected attribute \"" + a.name +
                                   "\"; only blocks are allowed at the top level of a file");
  }
  // Large configurations are mostly resources: room for them all at once, not by doubling.
  const auto resources = static_cast<std::size_t>(std::count_if(
      body.blocks.begin(), body.blocks.end(), [](const Block& b) { return b.type == "resource"; }));
  m_.resources.reserve(m_.resources.size() + resources);
  m_.resource_index.reserve(m_.resources.size() + resources);
  for (const Block& b : body.blocks) {
    if (b.type == "variable") {
      variable(b);
    } else if (b.type == "locals") {
      locals(b);
    } else if (b.type == "resource") {
      resource(b, ResourceMode::Managed);
    } else if (b.type == "data") {
      resource(b, ResourceMode::Data);
    } else if (b.type == "output") {
      output(b);
    } else if (b.type == "module") {
      module_call(b);
    } else if (b.type == "provider") {
      provider(b);
    } else if (b.type == "infra" || b.type == "terraform") {
      settings(b);
    } else if (b.type == "moved") {
      moved(b);
    } else if (b.type == "removed") {
      removed(b);
    } else if (b.type == "import") {
      import(b);
    } else if (b.type == "check") {
      check(b);
    } else if (b.type == "function") {
      add_function(m_.functions, b, diags_);
    } else {
      diags_.error(b.type_range, "Unsupported block type \"" + b.type + "\"; expected one of " +
                                     kBlockTypes);
    }
  }
}

bool Loader::labels(const Block& b, std::size_t n, const char* message) {
  if (b.labels.size() == n) return true;
  diags_.error(b.range, message);
  return false;
}

/// Reports a second declaration of `what`; true when `existing` is not null.
bool Loader::duplicate(const SourceRange* existing, const std::string& what,
                       const SourceRange& at) {
  if (existing == nullptr) return false;
  diags_.error(at, "Duplicate " + what + "; first declared at " + location(*existing));
  return true;
}

void Loader::unexpected(const Attribute& a, const std::string& where, const char* expected) {
  diags_.error(a.name_range, "Unexpected attribute \"" + a.name + "\" in " + where,
               std::string("Expected one of: ") + expected + ".");
}

void Loader::unexpected(const Block& b, const std::string& where) {
  diags_.error(b.type_range, "Unexpected block \"" + b.type + "\" in " + where);
}

void Loader::no_blocks(const Block& b, const std::string& where) {
  for (const Block& nested : b.body->blocks) unexpected(nested, where);
}

void Loader::missing(const Block& b, const char* name, const std::string& where) {
  diags_.error(b.range, std::string("Missing required argument \"") + name + "\" in " + where);
}

std::optional<Value> Loader::constant(const Expr& e) {
  Diagnostics local;
  Value v = evaluate(e, ConstantScope(), nullptr, local);
  diags_.append(local);
  if (local.has_errors()) return std::nullopt;
  return v;
}

std::string Loader::constant_string(const Attribute& a) {
  const auto v = constant(*a.value);
  if (!v) return {};
  if (v->kind() != Value::Kind::String) {
    diags_.error(a.value->range, "\"" + a.name + "\" must be a string");
    return {};
  }
  return v->as_string();
}

bool Loader::constant_bool(const Attribute& a) {
  const auto v = constant(*a.value);
  if (!v) return false;
  if (v->kind() != Value::Kind::Bool) {
    diags_.error(a.value->range, "\"" + a.name + "\" must be true or false");
    return false;
  }
  return v->as_bool();
}

std::string Loader::text_of(const Expr& e) const {
  const auto& r = e.range;
  if (r.end.offset > text_.size() || r.end.offset < r.begin.offset) return {};
  return text_.substr(r.begin.offset, r.end.offset - r.begin.offset);
}

void Loader::variable(const Block& b) {
  if (!labels(b, 1, "variable blocks need one label: the name")) return;
  Variable v;
  v.name = b.labels[0];
  v.range = b.range;
  const Variable* prior = m_.find_variable(v.name);
  if (duplicate(prior ? &prior->range : nullptr, "variable \"" + v.name + "\"", b.range)) return;
  const std::string where = "variable \"" + v.name + "\"";
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "type") {
      v.type = text_of(*a.value);
      v.type_expr = a.value;
    } else if (a.name == "nullable") {
      v.nullable = constant_bool(a);
    } else if (a.name == "default") {
      v.default_value = a.value;
    } else if (a.name == "description") {
      v.description = constant_string(a);
    } else if (a.name == "sensitive") {
      v.sensitive = constant_bool(a);
    } else {
      unexpected(a, where, "type, default, description, sensitive, nullable");
    }
  }
  for (const Block& nested : b.body->blocks) {
    if (nested.type != "validation") {
      unexpected(nested, where);
      continue;
    }
    v.validations.push_back(condition(nested, where));
  }
  m_.variables.push_back(std::move(v));
}

/// A validation, precondition, postcondition or assert block.
Condition Loader::condition(const Block& b, const std::string& where) {
  Condition c{nullptr, nullptr, b.range};
  const std::string what = b.type + " block";
  if (b.labels.size() != 0) {
    diags_.error(b.range, b.type + " blocks take no labels");
    return c;
  }
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "condition") {
      c.condition = a.value;
    } else if (a.name == "error_message") {
      c.error_message = a.value;
    } else {
      unexpected(a, "a " + what + " of " + where, "condition, error_message");
    }
  }
  no_blocks(b, "a " + what);
  if (!c.condition) {
    diags_.error(b.range, "Missing required argument",
                 "A " + what + " needs a \"condition\": an expression that is true when all "
                 "is well.");
  }
  if (!c.error_message) {
    diags_.error(b.range, "Missing required argument",
                 "A " + what + " needs an \"error_message\" that says what is wrong when the "
                 "condition is false.");
  }
  return c;
}

void Loader::locals(const Block& b) {
  if (!labels(b, 0, "locals blocks take no labels")) return;
  no_blocks(b, "a locals block");
  for (const Attribute& a : b.body->attributes) {
    const auto prior = std::find_if(m_.locals.begin(), m_.locals.end(),
                                    [&](const Local& l) { return l.name == a.name; });
    if (duplicate(prior == m_.locals.end() ? nullptr : &prior->range,
                  "local value \"" + a.name + "\"", a.name_range)) {
      continue;
    }
    m_.locals.push_back(Local{a.name, a.value, a.name_range});
  }
}

void Loader::output(const Block& b) {
  if (!labels(b, 1, "output blocks need one label: the name")) return;
  Output o{b.labels[0], nullptr, {}, false, b.range, {}, {}};
  const auto prior = std::find_if(m_.outputs.begin(), m_.outputs.end(),
                                  [&](const Output& x) { return x.name == o.name; });
  if (duplicate(prior == m_.outputs.end() ? nullptr : &prior->range,
                "output \"" + o.name + "\"", b.range)) {
    return;
  }
  const std::string where = "output \"" + o.name + "\"";
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "value") {
      o.value = a.value;
    } else if (a.name == "description") {
      o.description = constant_string(a);
    } else if (a.name == "sensitive") {
      o.sensitive = constant_bool(a);
    } else if (a.name == "depends_on") {
      o.depends_on = depends_on(*a.value);
    } else {
      unexpected(a, where, "value, description, sensitive, depends_on");
    }
  }
  for (const Block& nested : b.body->blocks) {
    if (nested.type == "precondition") {
      o.preconditions.push_back(condition(nested, where));
    } else {
      unexpected(nested, where);
    }
  }
  if (!o.value) {
    diags_.error(b.range, "Missing required attribute \"value\" in " + where);
    return;
  }
  m_.outputs.push_back(std::move(o));
}

}  // namespace detail

std::string IgnoredPath::to_string() const {
  const auto plain = [](const std::string& key) {
    return !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0])) &&
           std::all_of(key.begin(), key.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
           });
  };
  std::string out;
  for (const PathStep& step : steps) {
    if (const auto* i = std::get_if<std::int64_t>(&step)) {
      out += "[" + std::to_string(*i) + "]";
    } else if (const auto& key = std::get<std::string>(step); plain(key)) {
      out += (out.empty() ? "" : ".") + key;
    } else {
      out += to_display(Value::string(key)).insert(0, "[") + "]";
    }
  }
  return out;
}

namespace {

template <typename T, typename Pred>
const T* find_in(const std::vector<T>& items, Pred pred) {
  const auto it = std::find_if(items.begin(), items.end(), pred);
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const Resource* Module::find_resource(std::string_view type, std::string_view name) const {
  if (!resource_index.empty()) {
    std::string address;
    address.reserve(type.size() + name.size() + 1);
    address.append(type).append(".").append(name);
    auto it = resource_index.find(address);
    return it == resource_index.end() ? nullptr : &resources[it->second];
  }
  return find_in(resources, [&](const Resource& r) { return r.type == type && r.name == name; });
}

const Resource* Module::find_data_source(std::string_view type, std::string_view name) const {
  return find_in(data_sources,
                 [&](const Resource& r) { return r.type == type && r.name == name; });
}

const Variable* Module::find_variable(std::string_view name) const {
  return find_in(variables, [&](const Variable& v) { return v.name == name; });
}

const ModuleCall* Module::find_module_call(std::string_view name) const {
  return find_in(module_calls, [&](const ModuleCall& c) { return c.name == name; });
}

const ProviderConfig* Module::find_provider(std::string_view key) const {
  return find_in(providers, [&](const ProviderConfig& p) { return p.key() == key; });
}

void parse_into(Module& module, const std::string& file_name, std::string text,
                Diagnostics& diags) {
  const std::string& stored = module.files[file_name] = std::move(text);
  const BodyPtr body = is_json_file(file_name) ? parse_json_file(file_name, stored, diags)
                                               : parse_file(file_name, stored, diags);
  if (body) detail::Loader(module, stored, diags).top(*body);
}

Module load_module_files(const std::filesystem::path& dir, const std::filesystem::path& prefix,
                         Diagnostics& diags) {
  namespace fs = std::filesystem;
  Module module;
  module.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    diags.error("Module directory \"" + dir.string() + "\" does not exist");
    return module;
  }
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && (entry.path().extension() == ".infra" ||
                                    is_json_file(entry.path().filename().string()))) {
      paths.push_back(entry.path());
    }
  }
  if (ec) {
    diags.error("Cannot list module directory \"" + dir.string() + "\": " + ec.message());
    return module;
  }
  if (paths.empty()) {
    diags.error("No .infra files in \"" + dir.string() + "\"");
    return module;
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diags.error("Cannot read \"" + path.string() + "\"");
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    parse_into(module, (prefix / path.filename()).lexically_normal().string(), text.str(), diags);
  }
  return module;
}

}  // namespace infra::lang
