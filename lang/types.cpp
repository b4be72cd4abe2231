// Types: construction, equality, notation, the type of a value, and unification.
#include "lang/types.hpp"

#include <algorithm>
#include <cctype>

namespace infra::lang {

Type Type::any() { return Type{}; }

Type Type::string() {
  Type t;
  t.kind = Kind::String;
  return t;
}

Type Type::number() {
  Type t;
  t.kind = Kind::Number;
  return t;
}

Type Type::boolean() {
  Type t;
  t.kind = Kind::Bool;
  return t;
}

namespace {

Type collection(Type::Kind kind, Type element) {
  Type t;
  t.kind = kind;
  t.elements.push_back(std::move(element));
  return t;
}

}  // namespace

Type Type::list(Type element) { return collection(Kind::List, std::move(element)); }
Type Type::set(Type element) { return collection(Kind::Set, std::move(element)); }
Type Type::map(Type element) { return collection(Kind::Map, std::move(element)); }

Type Type::tuple(std::vector<Type> elements) {
  Type t;
  t.kind = Kind::Tuple;
  t.elements = std::move(elements);
  return t;
}

Type Type::object(std::vector<ObjectAttribute> attributes) {
  Type t;
  t.kind = Kind::Object;
  t.attributes = std::move(attributes);
  std::sort(t.attributes.begin(), t.attributes.end(),
            [](const ObjectAttribute& a, const ObjectAttribute& b) { return a.name < b.name; });
  return t;
}

bool Type::is_primitive() const {
  return kind == Kind::String || kind == Kind::Number || kind == Kind::Bool;
}

bool Type::is_collection() const {
  return kind == Kind::List || kind == Kind::Set || kind == Kind::Map;
}

const ObjectAttribute* Type::find_attribute(const std::string& name) const {
  const auto it = std::lower_bound(
      attributes.begin(), attributes.end(), name,
      [](const ObjectAttribute& a, const std::string& n) { return a.name < n; });
  return it != attributes.end() && it->name == name ? &*it : nullptr;
}

bool operator==(const Type& a, const Type& b) {
  return a.kind == b.kind && a.elements == b.elements && a.attributes == b.attributes;
}

bool operator==(const ObjectAttribute& a, const ObjectAttribute& b) {
  return a.name == b.name && a.type == b.type && a.optional == b.optional &&
         a.default_value == b.default_value;
}

std::string attribute_key(const std::string& name) {
  const auto identifier_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  };
  const bool identifier =
      !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_') &&
      std::all_of(name.begin(), name.end(), identifier_char);
  return identifier ? name : to_display(Value::string(name));
}

std::string to_string(const Type& t) {
  switch (t.kind) {
    case Type::Kind::Any: return "any";
    case Type::Kind::String: return "string";
    case Type::Kind::Number: return "number";
    case Type::Kind::Bool: return "bool";
    case Type::Kind::List: return "list(" + to_string(t.element()) + ")";
    case Type::Kind::Set: return "set(" + to_string(t.element()) + ")";
    case Type::Kind::Map: return "map(" + to_string(t.element()) + ")";
    case Type::Kind::Tuple: {
      std::string out = "tuple([";
      for (std::size_t i = 0; i < t.elements.size(); ++i) {
        if (i > 0) out += ",";
        out += to_string(t.elements[i]);
      }
      return out + "])";
    }
    case Type::Kind::Object: {
      std::string out = "object({";
      bool first = true;
      for (const ObjectAttribute& a : t.attributes) {
        if (!first) out += ",";
        first = false;
        out += attribute_key(a.name) + "=";
        if (!a.optional) {
          out += to_string(a.type);
        } else if (a.default_value) {
          out += "optional(" + to_string(a.type) + "," + to_display(*a.default_value) + ")";
        } else {
          out += "optional(" + to_string(a.type) + ")";
        }
      }
      return out + "})";
    }
  }
  return "any";
}

Type type_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown: return Type::any();
    case Value::Kind::Bool: return Type::boolean();
    case Value::Kind::Number: return Type::number();
    case Value::Kind::String: return Type::string();
    case Value::Kind::List: {
      std::vector<Type> elements;
      for (const Value& item : v.as_list()) elements.push_back(type_of(item));
      return Type::tuple(std::move(elements));
    }
    case Value::Kind::Object: {
      std::vector<ObjectAttribute> attributes;
      for (const auto& [name, item] : v.as_object()) {
        attributes.push_back(ObjectAttribute{name, type_of(item), false, std::nullopt});
      }
      return Type::object(std::move(attributes));
    }
  }
  return Type::any();
}

namespace {

// Every type is known not to be Any, and there is at least one.
std::optional<Type> unify_known(const std::vector<Type>& types) {
  const Type& first = types.front();
  if (std::all_of(types.begin(), types.end(), [&](const Type& t) { return t == first; })) {
    return first;
  }
  const auto all = [&](auto pred) { return std::all_of(types.begin(), types.end(), pred); };
  const auto any_of_kind = [&](Type::Kind k) {
    return std::any_of(types.begin(), types.end(), [&](const Type& t) { return t.kind == k; });
  };

  if (all([](const Type& t) { return t.is_primitive(); })) {
    // Numbers and bools both convert to strings, but not to each other.
    if (any_of_kind(Type::Kind::String)) return Type::string();
    return std::nullopt;
  }

  // A collection kind with its structural counterpart: list/set with tuples, map with
  // objects. The element types of all of them must unify.
  for (const Type::Kind kind : {Type::Kind::List, Type::Kind::Set, Type::Kind::Map}) {
    if (!any_of_kind(kind)) continue;
    const Type::Kind structural = kind == Type::Kind::Map ? Type::Kind::Object : Type::Kind::Tuple;
    if (!all([&](const Type& t) { return t.kind == kind || t.kind == structural; })) {
      return std::nullopt;
    }
    std::vector<Type> elements;
    for (const Type& t : types) {
      if (t.kind == kind) elements.push_back(t.element());
      for (const Type& e : t.elements) {
        if (t.kind == Type::Kind::Tuple) elements.push_back(e);
      }
      for (const ObjectAttribute& a : t.attributes) elements.push_back(a.type);
    }
    if (elements.empty()) return first;
    std::optional<Type> element = unify(elements);
    if (!element) return std::nullopt;
    Type result = first;
    result.kind = kind;
    result.attributes.clear();
    result.elements = {std::move(*element)};
    return result;
  }

  if (all([&](const Type& t) {
        return t.kind == Type::Kind::Tuple && t.elements.size() == first.elements.size();
      })) {
    std::vector<Type> elements;
    for (std::size_t i = 0; i < first.elements.size(); ++i) {
      std::vector<Type> column;
      for (const Type& t : types) column.push_back(t.elements[i]);
      std::optional<Type> e = unify(column);
      if (!e) return std::nullopt;
      elements.push_back(std::move(*e));
    }
    return Type::tuple(std::move(elements));
  }

  const auto same_names = [&](const Type& t) {
    return t.kind == Type::Kind::Object && t.attributes.size() == first.attributes.size() &&
           std::equal(t.attributes.begin(), t.attributes.end(), first.attributes.begin(),
                      [](const ObjectAttribute& a, const ObjectAttribute& b) {
                        return a.name == b.name;
                      });
  };
  if (all(same_names)) {
    std::vector<ObjectAttribute> attributes;
    for (std::size_t i = 0; i < first.attributes.size(); ++i) {
      std::vector<Type> column;
      for (const Type& t : types) column.push_back(t.attributes[i].type);
      std::optional<Type> a = unify(column);
      if (!a) return std::nullopt;
      attributes.push_back(ObjectAttribute{first.attributes[i].name, std::move(*a), false,
                                           std::nullopt});
    }
    return Type::object(std::move(attributes));
  }
  return std::nullopt;
}

}  // namespace

std::optional<Type> unify(const std::vector<Type>& types) {
  std::vector<Type> known;
  for (const Type& t : types) {
    if (t.kind != Type::Kind::Any) known.push_back(t);
  }
  if (known.empty()) return types.empty() ? std::nullopt : std::optional<Type>(Type::any());
  return unify_known(known);
}

}  // namespace infra::lang
