// Conversion of a Value to a Type, with the language's automatic conversions. Each step
// knows its path inside the value, so a failure says where: `.servers[1].port`.
#include <algorithm>

#include "lang/types.hpp"

namespace infra::lang {

std::string Conversion::error() const {
  return path.empty() ? message : path + ": " + message;
}

namespace {

std::string attribute_step(const std::string& name) {
  const std::string key = attribute_key(name);
  return key.front() == '"' ? "[" + key + "]" : "." + key;
}

// "a number", "a list of string", "an object": what a message says is required.
std::string describe(const Type& t) {
  switch (t.kind) {
    case Type::Kind::Any: return "a value";
    case Type::Kind::String: return "a string";
    case Type::Kind::Number: return "a number";
    case Type::Kind::Bool: return "a bool";
    case Type::Kind::List: return "a list";
    case Type::Kind::Set: return "a set";
    case Type::Kind::Map: return "a map";
    case Type::Kind::Object: return "an object";
    case Type::Kind::Tuple: return "a tuple";
  }
  return "a value";
}

// Set order for primitive elements: false before true, numbers ascending, strings by bytes.
bool set_less(const Value& a, const Value& b) {
  switch (a.kind()) {
    case Value::Kind::Bool: return !a.as_bool() && b.as_bool();
    case Value::Kind::Number: return a.as_number() < b.as_number();
    case Value::Kind::String: return a.as_string() < b.as_string();
    default: return false;
  }
}

class Converter {
 public:
  Conversion run(const Value& v, const Type& t) {
    Conversion c;
    std::optional<Value> out = convert(v, t, "");
    if (out) {
      c.value = std::move(*out);
    } else {
      c.path = std::move(fail_path_);
      c.message = std::move(fail_message_);
    }
    return c;
  }

 private:
  std::optional<Value> fail(const std::string& path, std::string message) {
    fail_path_ = path;
    fail_message_ = std::move(message);
    return std::nullopt;
  }

  std::optional<Value> required(const std::string& path, const Type& t) {
    return fail(path, describe(t) + " is required");
  }

  std::optional<Value> convert(const Value& v, const Type& t, const std::string& path) {
    const bool sensitive = v.is_sensitive();
    if (v.is_null() || v.is_unknown() || t.kind == Type::Kind::Any) return v;
    std::optional<Value> out = convert_known(v, t, path);
    if (out && sensitive) out = out->marked_sensitive();
    return out;
  }

  std::optional<Value> convert_known(const Value& v, const Type& t, const std::string& path) {
    switch (t.kind) {
      case Type::Kind::Any: return v;
      case Type::Kind::String: return to_string_value(v, t, path);
      case Type::Kind::Number: return to_number(v, t, path);
      case Type::Kind::Bool: return to_bool(v, t, path);
      case Type::Kind::List: return to_list(v, t, path);
      case Type::Kind::Set: return to_set(v, t, path);
      case Type::Kind::Map: return to_map(v, t, path);
      case Type::Kind::Tuple: return to_tuple(v, t, path);
      case Type::Kind::Object: return to_object(v, t, path);
    }
    return required(path, t);
  }

  std::optional<Value> to_string_value(const Value& v, const Type& t, const std::string& path) {
    switch (v.kind()) {
      case Value::Kind::String: return Value::string(v.as_string());
      case Value::Kind::Number: return Value::string(format_number(v.as_number()));
      case Value::Kind::Bool: return Value::string(v.as_bool() ? "true" : "false");
      default: return required(path, t);
    }
  }

  std::optional<Value> to_number(const Value& v, const Type& t, const std::string& path) {
    if (v.kind() == Value::Kind::Number) return Value::number(v.as_number());
    if (v.kind() == Value::Kind::String) {
      NumberResult n = Number::parse(v.as_string());
      if (n) return Value::number(*n);
      // A number beyond the limits says so; text that is no number at all is just refused.
      if (n.error() != Number::kNotANumber) {
        return fail(path, "cannot convert \"" + v.as_string() + "\" to a number: it has " +
                              n.error());
      }
    }
    return required(path, t);
  }

  std::optional<Value> to_bool(const Value& v, const Type& t, const std::string& path) {
    if (v.kind() == Value::Kind::Bool) return Value::boolean(v.as_bool());
    if (v.kind() == Value::Kind::String) {
      if (v.as_string() == "true") return Value::boolean(true);
      if (v.as_string() == "false") return Value::boolean(false);
    }
    return required(path, t);
  }

  // The element type of a collection; for `any`, the type the elements unify to.
  std::optional<Type> element_type(const std::vector<const Value*>& items, const Type& t,
                                   const std::string& path, const char* what) {
    if (t.element().kind != Type::Kind::Any) return t.element();
    std::vector<Type> types;
    for (const Value* item : items) types.push_back(type_of(*item));
    if (types.empty()) return Type::any();
    std::optional<Type> e = unify(types);
    if (!e) fail(path, std::string("all ") + what + " must have the same type");
    return e;
  }

  std::optional<Value::List> elements(const Value& v, const Type& t, const std::string& path,
                                      const char* what) {
    if (v.kind() != Value::Kind::List) {
      required(path, t);
      return std::nullopt;
    }
    std::vector<const Value*> items;
    for (const Value& item : v.as_list()) items.push_back(&item);
    const std::optional<Type> element = element_type(items, t, path, what);
    if (!element) return std::nullopt;
    Value::List out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::optional<Value> e = convert(*items[i], *element, path + "[" + std::to_string(i) + "]");
      if (!e) return std::nullopt;
      out.push_back(std::move(*e));
    }
    return out;
  }

  std::optional<Value> to_list(const Value& v, const Type& t, const std::string& path) {
    std::optional<Value::List> items = elements(v, t, path, "list elements");
    if (!items) return std::nullopt;
    return Value::list(std::move(*items));
  }

  std::optional<Value> to_set(const Value& v, const Type& t, const std::string& path) {
    std::optional<Value::List> items = elements(v, t, path, "set elements");
    if (!items) return std::nullopt;
    Value::List unique;
    Value::List rest;  // nulls and unknowns, which are never merged
    for (Value& item : *items) {
      if (item.is_null() || !item.is_wholly_known()) {
        rest.push_back(std::move(item));
        continue;
      }
      const auto same = std::find(unique.begin(), unique.end(), item);
      if (same == unique.end()) {
        unique.push_back(std::move(item));
      } else {
        *same = same->marked_sensitive(item.is_sensitive());
      }
    }
    const bool primitive = std::all_of(unique.begin(), unique.end(), [&](const Value& e) {
      return e.kind() == unique.front().kind() &&
             (e.kind() == Value::Kind::String || e.kind() == Value::Kind::Number ||
              e.kind() == Value::Kind::Bool);
    });
    if (primitive) std::stable_sort(unique.begin(), unique.end(), set_less);
    for (Value& item : rest) unique.push_back(std::move(item));
    return Value::list(std::move(unique));
  }

  std::optional<Value> to_map(const Value& v, const Type& t, const std::string& path) {
    if (v.kind() != Value::Kind::Object) return required(path, t);
    std::vector<const Value*> items;
    for (const auto& [name, item] : v.as_object()) items.push_back(&item);
    const std::optional<Type> element = element_type(items, t, path, "map elements");
    if (!element) return std::nullopt;
    Value::Object out;
    for (const auto& [name, item] : v.as_object()) {
      std::optional<Value> e = convert(item, *element, path + attribute_step(name));
      if (!e) return std::nullopt;
      out.emplace(name, std::move(*e));
    }
    return Value::object(std::move(out));
  }

  std::optional<Value> to_tuple(const Value& v, const Type& t, const std::string& path) {
    if (v.kind() != Value::Kind::List) return required(path, t);
    const Value::List& items = v.as_list();
    if (items.size() != t.elements.size()) {
      return fail(path, "a tuple of " + std::to_string(t.elements.size()) +
                            " elements is required, got " + std::to_string(items.size()));
    }
    Value::List out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string step = "[" + std::to_string(i) + "]";
      std::optional<Value> e = convert(items[i], t.elements[i], path + step);
      if (!e) return std::nullopt;
      out.push_back(std::move(*e));
    }
    return Value::list(std::move(out));
  }

  std::optional<Value> to_object(const Value& v, const Type& t, const std::string& path) {
    if (v.kind() != Value::Kind::Object) return required(path, t);
    const Value::Object& members = v.as_object();
    for (const auto& [name, item] : members) {
      if (t.find_attribute(name) == nullptr) {
        return fail(path, "unsupported attribute \"" + name + "\"");
      }
    }
    Value::Object out;
    for (const ObjectAttribute& a : t.attributes) {
      const auto it = members.find(a.name);
      if (it == members.end() && !a.optional) {
        return fail(path, "attribute \"" + a.name + "\" is required");
      }
      if (it == members.end() || (it->second.is_null() && a.optional)) {
        // A null given for an optional attribute keeps its sensitive mark.
        const bool sensitive = it != members.end() && it->second.is_sensitive();
        out.emplace(a.name, a.default_value.value_or(Value::null()).marked_sensitive(sensitive));
        continue;
      }
      std::optional<Value> e = convert(it->second, a.type, path + attribute_step(a.name));
      if (!e) return std::nullopt;
      out.emplace(a.name, std::move(*e));
    }
    return Value::object(std::move(out));
  }

  std::string fail_path_;
  std::string fail_message_;
};

}  // namespace

Conversion convert(const Value& v, const Type& t) { return Converter().run(v, t); }

}  // namespace infra::lang
