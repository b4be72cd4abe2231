// count and for_each: see planner/expansion.hpp.
#include "planner/expansion.hpp"

#include <algorithm>
#include <set>

#include "lang/types.hpp"

namespace infra::planner {
namespace {

constexpr const char* kUnknownDetail =
    " depends on values that cannot be known until apply, so Infra cannot tell how many "
    "instances to plan. Use values known before apply (variables, locals, constants), or "
    "apply the resources it depends on first with -target.";

/// The value of a count or for_each expression; nullopt after an error in it.
std::optional<lang::Value> evaluate_argument(const lang::Expr& e, const lang::Scope& scope,
                                             const lang::FunctionTable& functions,
                                             lang::Diagnostics& diags) {
  lang::Diagnostics d;
  lang::Value v = lang::evaluate(e, scope, &functions, d);
  diags.append(d);
  if (d.has_errors()) return std::nullopt;
  return v;
}

std::optional<std::vector<Instance>> expand_count(const lang::Expr& e, const std::string& what,
                                                  const lang::Scope& scope,
                                                  const lang::FunctionTable& functions,
                                                  lang::Diagnostics& diags, bool* deferred) {
  const auto evaluated = evaluate_argument(e, scope, functions, diags);
  if (!evaluated) return std::nullopt;
  const lang::Value& v = *evaluated;
  const lang::SourceRange where = lang::range_of(e);
  if (!v.is_wholly_known()) {
    if (deferred != nullptr) *deferred = true;
    else diags.error(where, "Invalid count argument", "The \"count\" value of " + what + kUnknownDetail);
    return std::nullopt;
  }
  if (v.is_null()) {
    diags.error(where, "Invalid count argument",
                "The \"count\" value of " + what + " is null; it must be a whole number, 0 or more.");
    return std::nullopt;
  }
  auto n = v.kind() == lang::Value::Kind::Number ? v.as_number().to_int64() : std::nullopt;
  if (v.kind() == lang::Value::Kind::String) {
    lang::Conversion c = lang::convert(v, lang::Type::number());
    if (c.ok()) n = c.value.as_number().to_int64();
  }
  if (!n || *n < 0) {
    const std::string shown = v.is_sensitive() ? "(sensitive value)" : lang::to_display(v);
    diags.error(where, "Invalid count argument",
                "The \"count\" value of " + what + " must be a whole number, 0 or more; it is " +
                    shown + ".");
    return std::nullopt;
  }
  constexpr std::int64_t kMax = 10'000'000;
  if (*n > kMax) {
    diags.error(where, "Invalid count argument",
                "The \"count\" value of " + what + " is " + std::to_string(*n) +
                    "; Infra plans at most " + std::to_string(kMax) + " instances of one block.");
    return std::nullopt;
  }
  std::vector<Instance> out;
  out.reserve(static_cast<std::size_t>(*n));
  for (std::int64_t i = 0; i < *n; ++i) out.push_back({InstanceKey::of_index(i), lang::Value::null()});
  return out;
}

std::optional<std::vector<Instance>> expand_for_each(const lang::Expr& e, const std::string& what,
                                                     const lang::Scope& scope,
                                                     const lang::FunctionTable& functions,
                                                     lang::Diagnostics& diags, bool* deferred) {
  const auto evaluated = evaluate_argument(e, scope, functions, diags);
  if (!evaluated) return std::nullopt;
  const lang::Value& v = *evaluated;
  const lang::SourceRange where = lang::range_of(e);
  const std::string title = "Invalid for_each argument";
  if (v.is_unknown()) {
    if (deferred != nullptr) *deferred = true;
    else diags.error(where, title, "The \"for_each\" value of " + what + kUnknownDetail);
    return std::nullopt;
  }
  if (v.is_sensitive()) {
    diags.error(where, title,
                "The \"for_each\" value of " + what + " is sensitive. Its keys would become "
                "parts of instance addresses, shown in plans and stored in the state; use "
                "nonsensitive() on the keys if they are not secret.");
    return std::nullopt;
  }
  std::vector<Instance> out;
  if (v.kind() == lang::Value::Kind::Object) {
    for (const auto& [key, value] : v.as_object()) out.push_back({InstanceKey::of_name(key), value});
    return out;  // std::map: sorted by key
  }
  if (v.kind() != lang::Value::Kind::List) {
    diags.error(where, title,
                "The \"for_each\" value of " + what + " must be a map, or a set of strings; it is " +
                    (v.is_null() ? "null" : "a " + v.type_name()) + ".");
    return std::nullopt;
  }
  std::set<std::string> seen;
  for (const auto& item : v.as_list()) {
    if (item.is_unknown()) {
      if (deferred != nullptr) *deferred = true;
      else diags.error(where, title, "The \"for_each\" set of " + what + " has elements" + kUnknownDetail);
      return std::nullopt;
    }
    if (item.kind() != lang::Value::Kind::String) {
      diags.error(where, title,
                  "The \"for_each\" value of " + what + " must be a map, or a set of strings; it "
                  "has an element that is " + (item.is_null() ? "null" : "a " + item.type_name()) +
                      ".");
      return std::nullopt;
    }
    if (item.is_sensitive()) {
      diags.error(where, title,
                  "The \"for_each\" set of " + what + " has sensitive elements, which would "
                  "become parts of instance addresses.");
      return std::nullopt;
    }
    if (!seen.insert(item.as_string()).second) {
      diags.error(where, title,
                  "The \"for_each\" set of " + what + " has \"" + item.as_string() + "\" twice; "
                  "each key names one instance. Use toset() to drop duplicates.");
      return std::nullopt;
    }
  }
  for (const auto& key : seen) out.push_back({InstanceKey::of_name(key), lang::Value::string(key)});
  return out;
}

}  // namespace

std::optional<std::vector<Instance>> expand(const lang::ExprPtr& count,
                                            const lang::ExprPtr& for_each,
                                            const std::string& what, const lang::Scope& scope,
                                            const lang::FunctionTable& functions,
                                            lang::Diagnostics& diags, bool* deferred) {
  if (count) return expand_count(*count, what, scope, functions, diags, deferred);
  if (for_each) return expand_for_each(*for_each, what, scope, functions, diags, deferred);
  return std::vector<Instance>{Instance{}};
}

std::optional<lang::Value> InstanceScope::resolve(std::string_view root, std::string_view name,
                                                  const lang::SourceRange& where,
                                                  lang::Diagnostics& diags) const {
  if (root == "count" && name == "index" && instance_.key.kind == InstanceKey::Kind::Index) {
    return instance_.key.value();
  }
  if (root == "each" && instance_.key.kind == InstanceKey::Kind::Name) {
    if (name == "key") return instance_.key.value();
    if (name == "value") return instance_.each_value;
  }
  return outer_.resolve(root, name, where, diags);
}

lang::Value collect_instances(Repetition repetition,
                              const std::vector<std::pair<InstanceKey, lang::Value>>& values) {
  switch (repetition) {
    case Repetition::None:
      return values.empty() ? lang::Value::unknown() : values.front().second;
    case Repetition::Count: {
      lang::Value::List list;
      list.reserve(values.size());
      for (const auto& [key, v] : values) list.push_back(v);
      return lang::Value::list(std::move(list));
    }
    case Repetition::ForEach:
      break;
  }
  lang::Value::Object object;
  for (const auto& [key, v] : values) object.emplace(key.name, v);
  return lang::Value::object(std::move(object));
}

}  // namespace infra::planner
