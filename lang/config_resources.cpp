// Config loader: `resource` and `data` blocks with their meta-arguments (count, for_each,
// depends_on, provider, lifecycle) and the shape of their `dynamic` blocks.
#include <algorithm>

#include "lang/config_loader.hpp"

namespace infra::lang::detail {

void Loader::resource(const Block& b, ResourceMode mode) {
  std::optional<Resource> r = resource_block(b, mode);
  if (!r) return;
  const bool data = mode == ResourceMode::Data;
  // One look-up in the index both finds a duplicate and adds the resource.
  const Resource* prior = nullptr;
  if (data) {
    prior = m_.find_data_source(r->type, r->name);
  } else if (const auto [it, fresh] = m_.resource_index.try_emplace(r->address(),
                                                                    m_.resources.size());
             !fresh) {
    prior = &m_.resources[it->second];
  }
  if (duplicate(prior ? &prior->range : nullptr,
                std::string(data ? "data" : "resource") + " \"" + r->type + "\" \"" + r->name +
                    "\"",
                b.range)) {
    return;
  }
  (data ? m_.data_sources : m_.resources).push_back(std::move(*r));
}

std::optional<Resource> Loader::resource_block(const Block& b, ResourceMode mode) {
  const bool data = mode == ResourceMode::Data;
  if (!labels(b, 2, data ? "data blocks need two labels: type and name"
                         : "resource blocks need two labels: type and name")) {
    return std::nullopt;
  }
  Resource r;
  r.mode = mode;
  r.type = b.labels[0];
  r.name = b.labels[1];
  r.provider = r.type.substr(0, r.type.find('_'));
  r.range = b.range;
  const std::string where = r.address();
  for (const Attribute& a : b.body->attributes) {
    if (a.name == "depends_on") {
      r.depends_on = depends_on(*a.value);
    } else if (a.name == "count") {
      r.count = a.value;
    } else if (a.name == "for_each") {
      r.for_each = a.value;
    } else if (a.name == "provider") {
      if (auto ref = provider_ref(*a.value)) {
        r.provider = ref->name;
        r.provider_alias = ref->alias;
        r.provider_range = ref->range;
        r.provider_index = ref->index;
      }
    }
  }
  if (r.count && r.for_each) {
    diags_.error(b.range, "Invalid combination of \"count\" and \"for_each\"",
                 "\"" + where + "\" uses both; a block can be repeated by one of them only.");
  }
  bool seen_lifecycle = false;
  for (const Block& nested : b.body->blocks) {
    if (nested.type != "lifecycle") continue;
    if (seen_lifecycle) {
      diags_.error(nested.type_range, "Duplicate lifecycle block");
    } else {
      seen_lifecycle = true;
      r.lifecycle = lifecycle(nested, mode, where);
    }
  }
  r.body = without(b.body, {"depends_on", "count", "for_each", "provider"}, {"lifecycle"});
  dynamic_blocks(*r.body, where);
  return r;
}

std::vector<Reference> Loader::depends_on(const Expr& e) {
  std::vector<Reference> out;
  const auto* tuple = std::get_if<TupleExpr>(&e.node);
  if (tuple == nullptr) {
    diags_.error(e.range, "depends_on must be a list of references, like [local_file.a]");
    return out;
  }
  for (const ExprPtr& item : tuple->items) {
    const auto* t = std::get_if<ScopeTraversal>(&item->node);
    bool plain = t != nullptr && !t->steps.empty() &&
                 std::none_of(t->steps.begin(), t->steps.end(),
                              [](const TraversalStep& s) { return s.is_index(); });
    // `data.TYPE.NAME` has three names, `module.NAME` two, `TYPE.NAME` two.
    const std::size_t names = t == nullptr ? 0 : t->steps.size() + 1;
    if (plain) plain = t->root == "data" ? names == 3 : names == 2;
    for (const char* other : {"var", "local", "path", "count", "each", "self", "infra",
                              "terraform"}) {
      if (plain && t->root == other) plain = false;
    }
    if (!plain) {
      diags_.error(item->range,
                   "depends_on entries must be plain references to resources, data sources "
                   "or modules, like local_file.a, data.local_file.b or module.app");
      continue;
    }
    std::vector<std::string> parts{t->root};
    for (const auto& s : t->steps) parts.push_back(s.name);
    out.push_back(Reference{std::move(parts), item->range});
  }
  return out;
}

Lifecycle Loader::lifecycle(const Block& b, ResourceMode mode, const std::string& where) {
  Lifecycle l;
  if (!labels(b, 0, "lifecycle blocks take no labels")) return l;
  const bool data = mode == ResourceMode::Data;
  for (const Block& nested : b.body->blocks) {
    if (nested.type == "precondition") {
      l.preconditions.push_back(condition(nested, where));
    } else if (nested.type == "postcondition") {
      l.postconditions.push_back(condition(nested, where));
    } else {
      unexpected(nested, "a lifecycle block");
    }
  }
  for (const Attribute& a : b.body->attributes) {
    if (data) {
      diags_.error(a.name_range, "Unexpected attribute \"" + a.name + "\" in the lifecycle of " +
                                     where,
                   "The lifecycle block of a data source takes only precondition and "
                   "postcondition blocks.");
    } else if (a.name == "create_before_destroy" || a.name == "prevent_destroy") {
      const auto* lit = std::get_if<Literal>(&a.value->node);
      if (lit == nullptr || lit->value.kind() != Value::Kind::Bool) {
        diags_.error(a.value->range, a.name + " must be true or false");
        continue;
      }
      (a.name == "prevent_destroy" ? l.prevent_destroy : l.create_before_destroy) =
          lit->value.as_bool();
    } else if (a.name == "ignore_changes") {
      ignore_changes(*a.value, l);
    } else if (a.name == "replace_triggered_by") {
      replace_triggered_by(*a.value, l);
    } else {
      unexpected(a, "a lifecycle block",
                 "create_before_destroy, prevent_destroy, ignore_changes, replace_triggered_by");
    }
  }
  return l;
}

void Loader::ignore_changes(const Expr& e, Lifecycle& l) {
  if (const auto* t = std::get_if<ScopeTraversal>(&e.node);
      t && t->root == "all" && t->steps.empty()) {
    l.ignore_all_changes = true;
    return;
  }
  const auto* tuple = std::get_if<TupleExpr>(&e.node);
  if (tuple == nullptr) {
    diags_.error(e.range, "ignore_changes must be a list of attribute names, or all");
    return;
  }
  for (const ExprPtr& item : tuple->items) {
    if (const auto* lit = std::get_if<Literal>(&item->node);
        lit != nullptr && lit->value.kind() == Value::Kind::String) {
      // The older form: a quoted attribute name, taken whole.
      l.ignore_changes.push_back({{lit->value.as_string()}, item->range});
    } else if (auto path = ignored_path(*item)) {
      l.ignore_changes.push_back(std::move(*path));
    }
  }
}

std::optional<IgnoredPath> Loader::ignored_path(const Expr& e) {
  const auto* t = std::get_if<ScopeTraversal>(&e.node);
  if (t == nullptr) {
    diags_.error(e.range, "ignore_changes entries must be attribute names",
                 "Name an attribute, or a path into one with constant keys and indexes, "
                 "like tags, tags[\"env\"], labels.team or ports[0].external.");
    return std::nullopt;
  }
  IgnoredPath path{{t->root}, e.range};
  for (const TraversalStep& step : t->steps) {
    if (!step.is_index()) {
      path.steps.emplace_back(step.name);
      continue;
    }
    const auto* lit = std::get_if<Literal>(&step.index->node);
    const Value* key = lit != nullptr ? &lit->value : nullptr;
    if (key != nullptr && key->kind() == Value::Kind::String) {
      path.steps.emplace_back(key->as_string());
    } else if (auto i = key != nullptr && key->kind() == Value::Kind::Number
                            ? key->as_number().to_int64()
                            : std::nullopt;
               i && *i >= 0) {
      path.steps.emplace_back(*i);
    } else {
      diags_.error(step.range, "Invalid step in ignore_changes",
                   "The keys and indexes of an ignore_changes path must be constants: a "
                   "quoted key like [\"env\"] or a list index like [0].");
      return std::nullopt;
    }
  }
  return path;
}

void Loader::replace_triggered_by(const Expr& e, Lifecycle& l) {
  const auto* tuple = std::get_if<TupleExpr>(&e.node);
  if (tuple == nullptr) {
    diags_.error(e.range, "replace_triggered_by must be a list of references, like "
                          "[local_file.config] or [local_file.config.content]");
    return;
  }
  for (const ExprPtr& item : tuple->items) {
    const auto* t = std::get_if<ScopeTraversal>(&item->node);
    const bool resource = t != nullptr && !t->steps.empty() && t->root != "var" &&
                          t->root != "local" && t->root != "data" && t->root != "module" &&
                          t->root != "path" && t->root != "each" && t->root != "count";
    if (!resource) {
      diags_.error(item->range, "Invalid replace_triggered_by reference",
                   "Only managed resources and their attributes can trigger a replacement, "
                   "like local_file.config or local_file.config.content.");
      continue;
    }
    l.replace_triggered_by.push_back(item);
  }
}

std::optional<ProviderRef> Loader::provider_ref(const Expr& e) {
  const auto* t = std::get_if<ScopeTraversal>(&e.node);
  // NAME, NAME.ALIAS or NAME.ALIAS[KEY]
  const bool ok = t != nullptr && t->steps.size() <= 2 &&
                  (t->steps.empty() || !t->steps[0].is_index()) &&
                  (t->steps.size() < 2 || t->steps[1].is_index());
  if (!ok) {
    diags_.error(e.range, "Invalid provider reference",
                 "A provider is named by its local name, optionally with an alias and the key "
                 "of an instance, like docker, docker.remote or docker.hosts[\"a\"] (not a "
                 "string).");
    return std::nullopt;
  }
  return ProviderRef{t->root, t->steps.empty() ? "" : t->steps[0].name, e.range,
                     t->steps.size() == 2 ? t->steps[1].index : nullptr};
}

/// Checks the shape of `dynamic "TYPE" { for_each, iterator, labels, content { } }`
/// blocks (recursively); the evaluator expands them.
void Loader::dynamic_blocks(const Body& body, const std::string& where) {
  for (const Block& b : body.blocks) {
    if (b.type != "dynamic") {
      dynamic_blocks(*b.body, where);
      continue;
    }
    const std::string what = "the dynamic block" +
                             (b.labels.empty() ? std::string() : " \"" + b.labels[0] + "\"") +
                             " of " + where;
    if (!labels(b, 1, "dynamic blocks need one label: the type of the blocks they make")) {
      continue;
    }
    bool has_for_each = false;
    for (const Attribute& a : b.body->attributes) {
      if (a.name == "for_each") {
        has_for_each = true;
      } else if (a.name == "iterator") {
        const auto* t = std::get_if<ScopeTraversal>(&a.value->node);
        if (t == nullptr || !t->steps.empty()) {
          diags_.error(a.value->range, "The iterator of a dynamic block must be a name",
                       "Write a bare name, like iterator = rule.");
        }
      } else if (a.name != "labels") {
        unexpected(a, what, "for_each, iterator, labels");
      }
    }
    if (!has_for_each) missing(b, "for_each", what);
    const Block* content = nullptr;
    for (const Block& nested : b.body->blocks) {
      if (nested.type != "content") {
        unexpected(nested, what);
      } else if (content != nullptr) {
        diags_.error(nested.type_range, "Duplicate content block in " + what);
      } else if (labels(nested, 0, "content blocks take no labels")) {
        content = &nested;
      }
    }
    if (content == nullptr) {
      diags_.error(b.range, "Missing content block in " + what,
                   "A dynamic block makes one block per element of for_each, each with the "
                   "body of its content block.");
    } else {
      dynamic_blocks(*content->body, where);
    }
  }
}

}  // namespace infra::lang::detail
