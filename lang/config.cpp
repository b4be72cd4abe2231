// Config loader: reads the .infra files of a directory, parses them, and decodes the
// top-level blocks (variable, locals, resource, output, provider, infra) into a Module.
#include "lang/config.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "lang/ast.hpp"
#include "lang/eval.hpp"
#include "lang/parser.hpp"

namespace infra::lang {
namespace {

constexpr const char* kBlockTypes = "variable, locals, resource, output, provider, infra";

class Loader {
 public:
  Loader(Module& module, const std::string& text, Diagnostics& diags)
      : m_(module), text_(text), diags_(diags) {}

  void top(const Body& body) {
    for (const Attribute& a : body.attributes) {
      diags_.error(a.name_range, "Unexpected attribute \"" + a.name +
                                     "\"; only blocks are allowed at the top level of a file");
    }
    for (const Block& b : body.blocks) {
      if (b.type == "variable") {
        variable(b);
      } else if (b.type == "locals") {
        locals(b);
      } else if (b.type == "resource") {
        resource(b);
      } else if (b.type == "output") {
        output(b);
      } else if (b.type == "provider") {
        provider(b);
      } else if (b.type == "function") {
        add_function(m_.functions, b, diags_);
      } else if (b.type == "infra" || b.type == "terraform") {
        settings(b);
      } else {
        diags_.error(b.type_range, "Unsupported block type \"" + b.type +
                                       "\"; expected one of " + kBlockTypes);
      }
    }
  }

 private:
  bool labels(const Block& b, std::size_t n, const char* message) {
    if (b.labels.size() == n) return true;
    diags_.error(b.range, message);
    return false;
  }

  /// Reports a second declaration of `what`; true when `existing` is not null.
  bool duplicate(const SourceRange* existing, const std::string& what, const SourceRange& at) {
    if (existing == nullptr) return false;
    diags_.error(at, "Duplicate " + what + "; first declared at " + location(*existing));
    return true;
  }

  void unexpected(const Attribute& a, const std::string& where, const char* expected) {
    diags_.error(a.name_range, "Unexpected attribute \"" + a.name + "\" in " + where,
                 std::string("Expected one of: ") + expected + ".");
  }

  void unexpected(const Block& b, const std::string& where) {
    diags_.error(b.type_range, "Unexpected block \"" + b.type + "\" in " + where);
  }

  std::optional<Value> constant(const Expr& e) {
    Diagnostics local;
    Value v = evaluate(e, ConstantScope(), nullptr, local);
    diags_.append(local);
    if (local.has_errors()) return std::nullopt;
    return v;
  }

  std::string constant_string(const Attribute& a) {
    const auto v = constant(*a.value);
    if (!v) return {};
    if (v->kind() != Value::Kind::String) {
      diags_.error(a.value->range, "\"" + a.name + "\" must be a string");
      return {};
    }
    return v->as_string();
  }

  bool constant_bool(const Attribute& a) {
    const auto v = constant(*a.value);
    if (!v) return false;
    if (v->kind() != Value::Kind::Bool) {
      diags_.error(a.value->range, "\"" + a.name + "\" must be true or false");
      return false;
    }
    return v->as_bool();
  }

  std::string text_of(const Expr& e) const {
    const auto& r = e.range;
    if (r.end.offset > text_.size() || r.end.offset < r.begin.offset) return {};
    return text_.substr(r.begin.offset, r.end.offset - r.begin.offset);
  }

  void variable(const Block& b) {
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
      v.validations.push_back(validation(nested, where));
    }
    m_.variables.push_back(std::move(v));
  }

  Validation validation(const Block& b, const std::string& where) {
    Validation val{nullptr, nullptr, b.range};
    if (!labels(b, 0, "validation blocks take no labels")) return val;
    for (const Attribute& a : b.body->attributes) {
      if (a.name == "condition") {
        val.condition = a.value;
      } else if (a.name == "error_message") {
        val.error_message = a.value;
      } else {
        unexpected(a, "a validation block of " + where, "condition, error_message");
      }
    }
    for (const Block& nested : b.body->blocks) unexpected(nested, "a validation block");
    if (!val.condition) {
      diags_.error(b.range, "Missing required argument",
                   "A validation block needs a \"condition\": an expression that is true "
                   "for a valid value.");
    }
    if (!val.error_message) {
      diags_.error(b.range, "Missing required argument",
                   "A validation block needs an \"error_message\" that says what a valid "
                   "value is.");
    }
    return val;
  }

  void locals(const Block& b) {
    if (!labels(b, 0, "locals blocks take no labels")) return;
    for (const Block& nested : b.body->blocks) unexpected(nested, "a locals block");
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

  void resource(const Block& b) {
    if (!labels(b, 2, "resource blocks need two labels: type and name")) return;
    Resource r;
    r.type = b.labels[0];
    r.name = b.labels[1];
    r.provider = r.type.substr(0, r.type.find('_'));
    r.range = b.range;
    const Resource* prior = m_.find_resource(r.type, r.name);
    if (duplicate(prior ? &prior->range : nullptr,
                  "resource \"" + r.type + "\" \"" + r.name + "\"", b.range)) {
      return;
    }
    Body body;
    body.range = b.body->range;
    for (const Attribute& a : b.body->attributes) {
      if (a.name == "depends_on") {
        r.depends_on = depends_on(*a.value);
      } else if (a.name == "count") {
        r.count = a.value;
      } else if (a.name == "for_each") {
        r.for_each = a.value;
      } else if (a.name == "provider") {
        // Provider aliases are not supported yet; the type's prefix names the provider.
      } else {
        body.attributes.push_back(a);
      }
    }
    if (r.count && r.for_each) {
      diags_.error(b.range, "A resource cannot use both count and for_each");
    }
    bool seen_lifecycle = false;
    for (const Block& nested : b.body->blocks) {
      if (nested.type != "lifecycle") {
        body.blocks.push_back(nested);
      } else if (seen_lifecycle) {
        diags_.error(nested.type_range, "Duplicate lifecycle block");
      } else {
        seen_lifecycle = true;
        r.lifecycle = lifecycle(nested);
      }
    }
    r.body = std::make_shared<const Body>(std::move(body));
    m_.resource_index.emplace(r.address(), m_.resources.size());
    m_.resources.push_back(std::move(r));
  }

  std::vector<Reference> depends_on(const Expr& e) {
    std::vector<Reference> out;
    const auto* tuple = std::get_if<TupleExpr>(&e.node);
    if (tuple == nullptr) {
      diags_.error(e.range, "depends_on must be a list of references, like [local_file.a]");
      return out;
    }
    for (const ExprPtr& item : tuple->items) {
      const auto* t = std::get_if<ScopeTraversal>(&item->node);
      if (t == nullptr || t->steps.size() != 1 || t->steps[0].is_index()) {
        diags_.error(item->range,
                     "depends_on entries must be plain references to resources, like "
                     "local_file.a");
        continue;
      }
      out.push_back(Reference{{t->root, t->steps[0].name}, item->range});
    }
    return out;
  }

  Lifecycle lifecycle(const Block& b) {
    Lifecycle l;
    if (!labels(b, 0, "lifecycle blocks take no labels")) return l;
    for (const Block& nested : b.body->blocks) unexpected(nested, "a lifecycle block");
    for (const Attribute& a : b.body->attributes) {
      if (a.name == "create_before_destroy" || a.name == "prevent_destroy") {
        const auto* lit = std::get_if<Literal>(&a.value->node);
        if (lit == nullptr || lit->value.kind() != Value::Kind::Bool) {
          diags_.error(a.value->range, a.name + " must be true or false");
          continue;
        }
        (a.name == "prevent_destroy" ? l.prevent_destroy : l.create_before_destroy) =
            lit->value.as_bool();
      } else if (a.name == "ignore_changes") {
        ignore_changes(*a.value, l);
      } else {
        unexpected(a, "a lifecycle block",
                   "create_before_destroy, prevent_destroy, ignore_changes");
      }
    }
    return l;
  }

  void ignore_changes(const Expr& e, Lifecycle& l) {
    if (const auto* t = std::get_if<ScopeTraversal>(&e.node); t && t->root == "all" &&
                                                               t->steps.empty()) {
      l.ignore_all_changes = true;
      return;
    }
    const auto* tuple = std::get_if<TupleExpr>(&e.node);
    if (tuple == nullptr) {
      diags_.error(e.range, "ignore_changes must be a list of attribute names, or all");
      return;
    }
    for (const ExprPtr& item : tuple->items) {
      const auto* t = std::get_if<ScopeTraversal>(&item->node);
      const auto* lit = std::get_if<Literal>(&item->node);
      if (t != nullptr && t->steps.empty()) {
        l.ignore_changes.push_back(t->root);
      } else if (lit != nullptr && lit->value.kind() == Value::Kind::String) {
        l.ignore_changes.push_back(lit->value.as_string());
      } else {
        diags_.error(item->range, "ignore_changes entries must be attribute names");
      }
    }
  }

  void output(const Block& b) {
    if (!labels(b, 1, "output blocks need one label: the name")) return;
    Output o{b.labels[0], nullptr, {}, false, b.range};
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
      } else {
        unexpected(a, where, "value, description, sensitive");
      }
    }
    for (const Block& nested : b.body->blocks) unexpected(nested, where);
    if (!o.value) {
      diags_.error(b.range, "Missing required attribute \"value\" in " + where);
      return;
    }
    m_.outputs.push_back(std::move(o));
  }

  void provider(const Block& b) {
    if (!labels(b, 1, "provider blocks need one label: the name")) return;
    const auto prior = std::find_if(m_.providers.begin(), m_.providers.end(),
                                    [&](const ProviderConfig& p) { return p.name == b.labels[0]; });
    if (duplicate(prior == m_.providers.end() ? nullptr : &prior->range,
                  "provider \"" + b.labels[0] + "\"", b.range)) {
      return;
    }
    m_.providers.push_back(ProviderConfig{b.labels[0], b.body, b.range});
  }

  void settings(const Block& b) {
    if (!labels(b, 0, "infra blocks take no labels")) return;
    const std::string where = "the " + b.type + " block";
    for (const Attribute& a : b.body->attributes) {
      if (a.name != "required_version") unexpected(a, where, "required_version");
    }
    for (const Block& nested : b.body->blocks) {
      if (nested.type != "required_providers") {
        unexpected(nested, where);
      } else if (labels(nested, 0, "required_providers blocks take no labels")) {
        required_providers(nested);
      }
    }
  }

  void required_providers(const Block& b) {
    for (const Block& nested : b.body->blocks) unexpected(nested, "required_providers");
    for (const Attribute& a : b.body->attributes) {
      RequiredProvider p{a.name, {}, {}, a.name_range};
      const auto prior = std::find_if(
          m_.required_providers.begin(), m_.required_providers.end(),
          [&](const RequiredProvider& x) { return x.name == p.name; });
      if (duplicate(prior == m_.required_providers.end() ? nullptr : &prior->range,
                    "required provider \"" + p.name + "\"", a.name_range)) {
        continue;
      }
      const auto v = constant(*a.value);
      if (!v) continue;
      if (v->kind() == Value::Kind::String) {  // legacy form: NAME = "VERSION"
        p.version = v->as_string();
      } else if (v->kind() == Value::Kind::Object) {
        for (const auto& [key, item] : v->as_object()) {
          if ((key != "source" && key != "version") || item.kind() != Value::Kind::String) {
            diags_.error(a.value->range, "required_providers entries take source and version "
                                         "strings; \"" + key + "\" is not one of them");
            continue;
          }
          (key == "source" ? p.source : p.version) = item.as_string();
        }
      } else {
        diags_.error(a.value->range,
                     "required_providers entries must be objects like "
                     "{ source = \"...\", version = \"...\" }");
        continue;
      }
      m_.required_providers.push_back(std::move(p));
    }
  }

  Module& m_;
  const std::string& text_;
  Diagnostics& diags_;
};

}  // namespace

const Resource* Module::find_resource(std::string_view type, std::string_view name) const {
  if (!resource_index.empty()) {
    std::string address;
    address.reserve(type.size() + name.size() + 1);
    address.append(type).append(".").append(name);
    auto it = resource_index.find(address);
    return it == resource_index.end() ? nullptr : &resources[it->second];
  }
  for (const Resource& r : resources) {
    if (r.type == type && r.name == name) return &r;
  }
  return nullptr;
}

const Variable* Module::find_variable(std::string_view name) const {
  for (const Variable& v : variables) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

void parse_into(Module& module, const std::string& file_name, std::string text,
                Diagnostics& diags) {
  const std::string& stored = module.files[file_name] = std::move(text);
  const BodyPtr body = parse_file(file_name, stored, diags);
  if (body) Loader(module, stored, diags).top(*body);
}

Module load_module(const std::filesystem::path& dir, Diagnostics& diags) {
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
    if (entry.is_regular_file() && entry.path().extension() == ".infra") {
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
    parse_into(module, path.filename().string(), text.str(), diags);
  }
  return module;
}

}  // namespace infra::lang
