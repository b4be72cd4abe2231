// Config loader: the blocks around resources — `module` calls, `provider` configurations,
// the settings block (`infra`, or `terraform` for configurations brought over), and the
// blocks that speak of the state: `moved`, `removed`, `import`, plus `check`.
#include <algorithm>

#include "lang/config_loader.hpp"

namespace infra::lang::detail {
namespace {

constexpr const char* kBackends = "sqlite, postgres";

bool is_local_source(const std::string& s) {
  return s.rfind("./", 0) == 0 || s.rfind("../", 0) == 0 || s == "." || s == "..";
}

/// `[0]` or `["key"]`, with the escapes of a quoted string.
std::string index_text(const Value& v) {
  if (v.kind() == Value::Kind::Number) return "[" + to_display(v) + "]";
  std::string out = "[\"";
  for (char c : v.as_string()) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"]";
}

}  // namespace

void Loader::module_call(const Block& b) {
  if (!labels(b, 1, "module blocks need one label: the name")) return;
  ModuleCall call;
  call.name = b.labels[0];
  call.range = b.range;
  const ModuleCall* prior = m_.find_module_call(call.name);
  if (duplicate(prior ? &prior->range : nullptr, "module \"" + call.name + "\"", b.range)) return;
  const std::string where = "module \"" + call.name + "\"";
  Body inputs;
  inputs.range = b.body->range;
  bool has_source = false;
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "source") {
      has_source = true;
      call.source = constant_string(a);
      call.source_range = a.value->range;
      if (!call.source.empty() && !is_local_source(call.source)) {
        diags_.error(a.value->range, "Unsupported module source \"" + call.source + "\"",
                     "Modules are directories given by a local path that starts with ./ or "
                     "../, like \"./modules/app\".");
      }
    } else if (a.name == "version") {
      diags_.error(a.name_range, "Unexpected attribute \"version\" in " + where,
                   "A module from a local path has no version; it is the directory as it is.");
    } else if (a.name == "count") {
      call.count = a.value;
    } else if (a.name == "for_each") {
      call.for_each = a.value;
    } else if (a.name == "depends_on") {
      call.depends_on = depends_on(*a.value);
    } else if (a.name == "providers") {
      module_providers(*a.value, call);
    } else {
      inputs.attributes.push_back(a);
    }
  }
  no_blocks(b, where);
  if (!has_source) missing(b, "source", where);
  if (call.count && call.for_each) {
    diags_.error(b.range, "Invalid combination of \"count\" and \"for_each\"",
                 "\"module." + call.name + "\" uses both; a block can be repeated by one of "
                 "them only.");
  }
  call.body = std::make_shared<const Body>(std::move(inputs));
  m_.module_calls.push_back(std::move(call));
}

/// `providers = { docker = docker.remote }`
void Loader::module_providers(const Expr& e, ModuleCall& call) {
  const auto* object = std::get_if<ObjectExpr>(&e.node);
  if (object == nullptr) {
    diags_.error(e.range, "providers must be a map from the module's provider names to this "
                          "module's configurations, like { docker = docker.remote }");
    return;
  }
  for (const ObjectItem& item : object->items) {
    std::optional<ProviderRef> child;
    const auto* name = std::get_if<Literal>(&item.key->node);
    if (name != nullptr && name->value.kind() == Value::Kind::String) {
      child = ProviderRef{name->value.as_string(), "", item.key->range, nullptr};  // `docker`
    } else if (std::holds_alternative<ScopeTraversal>(item.key->node)) {
      child = provider_ref(*item.key);  // `docker.remote = ...`
    } else {
      diags_.error(item.key->range, "Invalid provider name",
                   "Write the module's name for the provider, like docker or docker.remote.");
    }
    std::optional<ProviderRef> parent = provider_ref(*item.value);
    if (child && parent) call.providers.emplace_back(std::move(*child), std::move(*parent));
  }
}

void Loader::provider(const Block& b) {
  if (!labels(b, 1, "provider blocks need one label: the name")) return;
  ProviderConfig config{b.labels[0], nullptr, b.range, {}, nullptr};
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "alias") {
      config.alias = constant_string(a);
    } else if (a.name == "for_each") {
      config.for_each = a.value;
    }
  }
  if (config.for_each && config.alias.empty()) {
    diags_.error(b.range, "Missing alias in a provider block with for_each",
                 "Resources name one configuration of a provider block with for_each as "
                 "NAME.ALIAS[KEY], so the block needs an alias.");
  }
  config.body = without(b.body, {"alias", "for_each"}, {});
  const ProviderConfig* prior = m_.find_provider(config.key());
  const std::string what = config.alias.empty()
                               ? "provider \"" + config.name + "\""
                               : "provider \"" + config.name + "\" with alias \"" +
                                     config.alias + "\"";
  if (duplicate(prior ? &prior->range : nullptr, what, b.range)) return;
  m_.providers.push_back(std::move(config));
}

void Loader::settings(const Block& b) {
  if (!labels(b, 0, "infra blocks take no labels")) return;
  const std::string where = "the " + b.type + " block";
  for (const Attribute& a : b.body->attributes) {
    if (a.name != "required_version") unexpected(a, where, "required_version");
  }
  for (const Block& nested : b.body->blocks) {
    if (nested.type == "required_providers") {
      if (labels(nested, 0, "required_providers blocks take no labels")) {
        required_providers(nested);
      }
    } else if (nested.type == "backend") {
      backend(nested);
    } else {
      unexpected(nested, where);
    }
  }
}

void Loader::backend(const Block& b) {
  if (!labels(b, 1, "backend blocks need one label: the backend type, like \"sqlite\"")) {
    return;
  }
  if (m_.backend) {
    duplicate(&m_.backend->range, "backend block", b.range);
    return;
  }
  const std::string& type = b.labels[0];
  if (type != "sqlite" && type != "postgres") {
    diags_.error(b.label_ranges.empty() ? b.range : b.label_ranges[0],
                 "Unsupported backend \"" + type + "\"",
                 std::string("The state backends are: ") + kBackends + ".");
    return;
  }
  no_blocks(b, "the backend block");
  m_.backend = Backend{type, b.body, b.range};
}

void Loader::required_providers(const Block& b) {
  no_blocks(b, "required_providers");
  for (const Attribute& a : b.body->attributes) {
    RequiredProvider p{a.name, {}, {}, a.name_range};
    const auto prior =
        std::find_if(m_.required_providers.begin(), m_.required_providers.end(),
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

/// Reads an address written as a traversal: `[module.NAME[KEY].]...[TYPE.NAME[KEY]]` or
/// `data.TYPE.NAME`. Index keys must be constant numbers or strings, except the last one
/// when `allow_dynamic_index` (import's `to` with `each.key`).
std::optional<StaticAddress> Loader::address(const Expr& e, const char* what,
                                             bool allow_dynamic_index) {
  const auto fail = [&](const std::string& detail) {
    diags_.error(e.range, std::string("Invalid address in ") + what, detail);
    return std::nullopt;
  };
  const auto* t = std::get_if<ScopeTraversal>(&e.node);
  if (t == nullptr) {
    return fail("Write the address as a reference, like local_file.a, local_file.a[\"key\"] "
                "or module.app (not a string).");
  }
  // Flatten into names, each followed by an optional index.
  struct Step {
    std::string name;
    const TraversalStep* index = nullptr;
  };
  std::vector<Step> steps{{t->root, nullptr}};
  for (const TraversalStep& s : t->steps) {
    if (!s.is_index()) {
      steps.push_back({s.name, nullptr});
    } else if (steps.back().index != nullptr) {
      return fail("Only one index may follow a name.");
    } else {
      steps.back().index = &s;
    }
  }
  StaticAddress out;
  std::size_t i = 0;
  const auto append = [&](const std::string& part, const TraversalStep* index,
                          bool last) -> bool {
    out.text += (out.text.empty() ? "" : ".") + part;
    out.unindexed = out.text;
    out.has_index = index != nullptr;
    out.last_index = index == nullptr ? nullptr : index->index;
    if (index == nullptr) return true;
    const auto* lit = std::get_if<Literal>(&index->index->node);
    if (lit != nullptr && (lit->value.kind() == Value::Kind::Number ||
                           lit->value.kind() == Value::Kind::String)) {
      out.text += index_text(lit->value);
      return true;
    }
    if (last && allow_dynamic_index) {
      out.dynamic_index = true;
      return true;
    }
    diags_.error(index->range, std::string("Invalid index in the address of ") + what,
                 "Index keys here must be constant numbers or strings, like [0] or [\"key\"].");
    return false;
  };
  while (i < steps.size() && steps[i].name == "module") {
    if (i + 1 >= steps.size()) return fail("\"module\" must be followed by the module's name.");
    if (steps[i].index != nullptr) return fail("The index goes after the module's name.");
    const bool last = i + 2 == steps.size();
    if (!append("module." + steps[i + 1].name, steps[i + 1].index, last)) return std::nullopt;
    out.is_module = true;
    i += 2;
  }
  if (i == steps.size()) return out;
  out.is_module = false;
  if (steps[i].name == "data") {
    out.is_data = true;
    if (steps[i].index != nullptr) return fail("The index goes after the data source's name.");
    out.text += (out.text.empty() ? "" : ".") + std::string("data");
    ++i;
  }
  if (steps.size() - i != 2 || steps[i].index != nullptr) {
    return fail("Expected a resource address, TYPE.NAME with an optional index, after any "
                "module. prefixes.");
  }
  if (!append(steps[i].name + "." + steps[i + 1].name, steps[i + 1].index, true)) {
    return std::nullopt;
  }
  if (out.is_data) out.unindexed = out.text.substr(0, out.text.find('['));
  return out;
}

void Loader::moved(const Block& b) {
  if (!labels(b, 0, "moved blocks take no labels")) return;
  no_blocks(b, "a moved block");
  std::optional<StaticAddress> from, to;
  Moved m;
  m.range = b.range;
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "from") {
      from = address(*a.value, "moved.from", false);
      m.from_range = a.value->range;
    } else if (a.name == "to") {
      to = address(*a.value, "moved.to", false);
      m.to_range = a.value->range;
    } else {
      unexpected(a, "a moved block", "from, to");
    }
  }
  if (!b.body->find_attribute("from")) missing(b, "from", "a moved block");
  if (!b.body->find_attribute("to")) missing(b, "to", "a moved block");
  if (!from || !to) return;
  if (from->is_data || to->is_data) {
    diags_.error(from->is_data ? m.from_range : m.to_range, "Invalid moved block",
                 "Data sources are not in the state as objects to move; move managed "
                 "resources and modules only.");
    return;
  }
  if (from->is_module != to->is_module) {
    diags_.error(b.range, "Invalid moved block",
                 "A moved block moves a resource to a resource or a module to a module; \"" +
                     from->text + "\" and \"" + to->text + "\" are not the same kind.");
    return;
  }
  if (from->text == to->text) {
    diags_.error(m.to_range, "Invalid moved block",
                 "\"from\" and \"to\" are the same address, \"" + to->text + "\".");
    return;
  }
  if (!from->is_module) {
    const auto type_of = [](const std::string& unindexed) {
      const std::size_t dot = unindexed.rfind('.');
      const std::size_t type_start = unindexed.rfind('.', dot - 1);
      return unindexed.substr(type_start == std::string::npos ? 0 : type_start + 1,
                              dot - (type_start == std::string::npos ? 0 : type_start + 1));
    };
    if (type_of(from->unindexed) != type_of(to->unindexed)) {
      diags_.error(m.to_range, "Invalid moved block",
                   "A resource keeps its type when it moves: \"" + from->text +
                       "\" cannot become \"" + to->text + "\".");
      return;
    }
  }
  for (const Moved& prior : m_.moved) {
    if (prior.from == from->text) {
      duplicate(&prior.range, "moved block from \"" + from->text + "\"", b.range);
      return;
    }
  }
  m.from = from->text;
  m.to = to->text;
  m_.moved.push_back(std::move(m));
}

void Loader::removed(const Block& b) {
  if (!labels(b, 0, "removed blocks take no labels")) return;
  Removed r;
  r.range = b.range;
  for (const Attribute& a : b.body->attributes) {
    if (a.name != "from") {
      unexpected(a, "a removed block", "from");
      continue;
    }
    r.from_range = a.value->range;
    if (auto from = address(*a.value, "removed.from", false)) {
      if (from->is_data) {
        diags_.error(a.value->range, "Invalid removed block",
                     "Data sources are not kept in the state; only managed resources and "
                     "modules can be removed.");
      } else {
        r.from = from->text;
      }
    }
  }
  bool seen_lifecycle = false;
  for (const Block& nested : b.body->blocks) {
    if (nested.type != "lifecycle" || seen_lifecycle) {
      unexpected(nested, "a removed block");
      continue;
    }
    seen_lifecycle = true;
    no_blocks(nested, "the lifecycle block of a removed block");
    for (const Attribute& a : nested.body->attributes) {
      if (a.name == "destroy") {
        r.destroy = constant_bool(a);
      } else {
        unexpected(a, "the lifecycle block of a removed block", "destroy");
      }
    }
  }
  if (!b.body->find_attribute("from")) missing(b, "from", "a removed block");
  if (r.from.empty()) return;
  m_.removed.push_back(std::move(r));
}

void Loader::import(const Block& b) {
  if (!labels(b, 0, "import blocks take no labels")) return;
  no_blocks(b, "an import block");
  Import im;
  im.range = b.range;
  std::optional<StaticAddress> to;
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "to") {
      im.to_range = a.value->range;
      to = address(*a.value, "import.to", true);
    } else if (a.name == "id") {
      im.id = a.value;
    } else if (a.name == "for_each") {
      im.for_each = a.value;
    } else if (a.name == "provider") {
      if (auto ref = provider_ref(*a.value)) im.provider = *ref;
      if (im.provider.index) {
        diags_.error(a.value->range, "Unsupported provider instance in an import block",
                     "Name a provider configuration without an instance key.");
      }
    } else {
      unexpected(a, "an import block", "to, id, for_each, provider");
    }
  }
  if (!b.body->find_attribute("to")) missing(b, "to", "an import block");
  if (!im.id) missing(b, "id", "an import block");
  if (!to || !im.id) return;
  if (to->is_module || to->is_data) {
    diags_.error(im.to_range, "Invalid import address",
                 "An import block adopts one object into a managed resource, like "
                 "local_file.a or local_file.a[\"key\"]; \"" + to->text + "\" is not one.");
    return;
  }
  if (to->dynamic_index && !im.for_each) {
    diags_.error(range_of(*to->last_index), "Invalid import address",
                 "Only an import block with for_each may compute the index of \"to\" (with "
                 "each.key or each.value); write a constant here.");
    return;
  }
  if (im.for_each && to->has_index) {
    im.to = to->unindexed;
    im.to_index = to->last_index;
  } else {
    im.to = to->text;
    for (const Import& prior : m_.imports) {
      if (!prior.for_each && prior.to == im.to) {
        duplicate(&prior.range, "import block for \"" + im.to + "\"", b.range);
        return;
      }
    }
  }
  m_.imports.push_back(std::move(im));
}

void Loader::check(const Block& b) {
  if (!labels(b, 1, "check blocks need one label: the name")) return;
  Check c;
  c.name = b.labels[0];
  c.range = b.range;
  const std::string where = "check \"" + c.name + "\"";
  for (const Check& prior : m_.checks) {
    if (prior.name == c.name) {
      duplicate(&prior.range, where, b.range);
      return;
    }
  }
  for (const Attribute& a : b.body->attributes) unexpected(a, where, "(no attributes)");
  for (const Block& nested : b.body->blocks) {
    if (nested.type == "assert") {
      c.asserts.push_back(condition(nested, where));
    } else if (nested.type == "data") {
      if (!c.data_sources.empty()) {
        diags_.error(nested.type_range, "Too many data blocks in " + where,
                     "A check block may hold one scoped data source.");
        continue;
      }
      if (auto r = resource_block(nested, ResourceMode::Data)) {
        if (m_.find_data_source(r->type, r->name)) {
          duplicate(&m_.find_data_source(r->type, r->name)->range,
                    "data \"" + r->type + "\" \"" + r->name + "\"", nested.range);
          continue;
        }
        c.data_sources.push_back(std::move(*r));
      }
    } else {
      unexpected(nested, where);
    }
  }
  if (c.asserts.empty()) {
    diags_.error(b.range, "Missing assert block in " + where,
                 "A check block holds at least one assert { condition, error_message }.");
  }
  m_.checks.push_back(std::move(c));
}

}  // namespace infra::lang::detail
