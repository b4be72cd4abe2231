// Type and sensitivity functions: conversions between collection types, `type`, and the
// functions that set, remove and test the sensitive mark. The language has values, not
// types: a set is a list without duplicates (sets.cpp), a map an object, and a type is
// written as a string ("list(string)") where a function takes one.
#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

/// `v` without any sensitive mark, inside or out.
Value unmarked(const Value& v) {
  if (v.is_unknown()) return Value::unknown();
  switch (v.kind()) {
    case Value::Kind::Bool: return Value::boolean(v.as_bool());
    case Value::Kind::Number: return Value::number(v.as_number());
    case Value::Kind::String: return Value::string(v.as_string());
    case Value::Kind::List: {
      Value::List items;
      for (const Value& item : v.as_list()) items.push_back(unmarked(item));
      return Value::list(std::move(items));
    }
    case Value::Kind::Object: {
      Value::Object members;
      for (const auto& [k, item] : v.as_object()) members.emplace(k, unmarked(item));
      return Value::object(std::move(members));
    }
    default: return Value::null();
  }
}

std::string type_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "dynamic";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Number: return "number";
    case Value::Kind::String: return "string";
    case Value::Kind::List: {
      std::string out = "tuple([";
      for (std::size_t i = 0; i < v.as_list().size(); ++i) {
        out += (i ? ", " : "") + type_of(v.as_list()[i]);
      }
      return out + "])";
    }
    case Value::Kind::Object: {
      std::string out = "object({";
      bool first = true;
      for (const auto& [k, item] : v.as_object()) {
        out += (first ? "" : ", ") + k + ": " + type_of(item);
        first = false;
      }
      return out + "})";
    }
    default: return "dynamic";
  }
}

bool is_primitive(const Value& v) {
  return v.kind() == Value::Kind::Bool || v.kind() == Value::Kind::Number ||
         v.kind() == Value::Kind::String;
}

/// Elements of one collection must share a type: primitives of different kinds all become
/// strings, as Terraform unifies them. Nested collections must be of one kind.
std::optional<std::vector<Value>> unify(Args& args, std::vector<Value> items) {
  std::optional<Value::Kind> kind;
  bool mixed = false;
  for (const Value& v : items) {
    if (v.is_null()) continue;
    if (kind && *kind != v.kind()) mixed = true;
    kind = v.kind();
  }
  if (!mixed) return items;
  for (Value& v : items) {
    if (v.is_null()) continue;
    if (!is_primitive(v)) {
      args.fail("all elements must have the same type, but there are " + describe_type(v) +
                "s among other values");
      return std::nullopt;
    }
    v = Value::string(*primitive_to_string(v));
  }
  return items;
}

Value tolist(Args& args, bool as_set) {
  const Value& v = args[0];
  if (v.kind() != Value::Kind::List) {
    return args.fail("cannot convert " + describe_type(v) + " to " + (as_set ? "set" : "list"));
  }
  auto items = unify(args, v.as_list());
  if (!items) return {};
  return Value::list(as_set ? canonical_set(*items) : *items);
}

Value tomap(Args& args) {
  const Value& v = args[0];
  if (v.kind() != Value::Kind::Object) {
    return args.fail("cannot convert " + describe_type(v) + " to map");
  }
  std::vector<Value> values;
  for (const auto& [k, item] : v.as_object()) values.push_back(item);
  auto unified = unify(args, values);
  if (!unified) return {};
  Value::Object out;
  std::size_t i = 0;
  for (const auto& [k, item] : v.as_object()) out.emplace(k, (*unified)[i++]);
  return Value::object(std::move(out));
}

/// Converts `v` to the type written `type` ("string", "list(number)", "map(any)", ...).
std::optional<Value> convert_to(Args& args, const Value& v, std::string_view type) {
  auto cannot = [&]() -> std::optional<Value> {
    args.fail("cannot convert " + describe_type(v) + " to " + std::string(type));
    return std::nullopt;
  };
  if (type == "any" || v.is_null()) return v;
  if (type == "string") {
    auto s = primitive_to_string(v);
    return s ? std::optional(Value::string(*s)) : cannot();
  }
  if (type == "number") {
    if (v.kind() == Value::Kind::Number) return v;
    auto n = v.kind() == Value::Kind::String ? parse_number(v.as_string()) : std::nullopt;
    return n ? std::optional(Value::number(*n)) : cannot();
  }
  if (type == "bool") {
    if (v.kind() == Value::Kind::Bool) return v;
    if (v.kind() == Value::Kind::String && (v.as_string() == "true" || v.as_string() == "false")) {
      return Value::boolean(v.as_string() == "true");
    }
    return cannot();
  }
  for (std::string_view collection : {"list(", "set(", "map("}) {
    if (!type.starts_with(collection) || !type.ends_with(")")) continue;
    const std::string_view element =
        type.substr(collection.size(), type.size() - collection.size() - 1);
    const bool is_map = collection == "map(";
    if (v.kind() != (is_map ? Value::Kind::Object : Value::Kind::List)) return cannot();
    if (is_map) {
      Value::Object out;
      for (const auto& [k, item] : v.as_object()) {
        auto converted = convert_to(args, item, element);
        if (!converted) return std::nullopt;
        out.emplace(k, *converted);
      }
      return Value::object(std::move(out));
    }
    Value::List out;
    for (const Value& item : v.as_list()) {
      auto converted = convert_to(args, item, element);
      if (!converted) return std::nullopt;
      out.push_back(*converted);
    }
    if (element == "any") {
      auto unified = unify(args, out);
      if (!unified) return std::nullopt;
      out = *unified;
    }
    return Value::list(collection == "set(" ? canonical_set(out) : out);
  }
  args.fail("unknown type \"" + std::string(type) +
            "\"; expected string, number, bool, any, list(T), set(T) or map(T)");
  return std::nullopt;
}

Value convert(Args& args) {
  auto type = args.string(1);
  if (!type) return {};
  std::string compact;
  for (char c : *type) {
    if (c != ' ') compact += c;
  }
  auto out = convert_to(args, args[0], compact);
  return out ? *out : Value();
}

}  // namespace

std::vector<Function> type_functions() {
  return {
      {
          .name = "convert",
          .params = {"value", "type"},
          .doc = R"md(
            Converts `value` to the type written in the string `type`: `string`, `number`,
            `bool`, `any`, or `list(T)`, `set(T)`, `map(T)` of one of them.

            ```infra
            convert(["1", 2], "list(number)")  # [1, 2]
            convert({a = 1}, "map(string)")    # {a = "1"}
            ```
          )md",
          .impl = convert,
      },
      {
          .name = "issensitive",
          .params = {"value"},
          .doc = R"md(
            Whether `value` (or anything inside it) is sensitive. Known even when the value
            is not, and never itself sensitive.

            ```infra
            issensitive(sensitive("x"))  # true
            issensitive("x")             # false
            ```
          )md",
          .impl = [](Args& args) { return Value::boolean(args[0].contains_sensitive()); },
          .handles_marks = true,
      },
      {
          .name = "nonsensitive",
          .params = {"value"},
          .doc = R"md(
            `value` without its sensitive mark, inside or out, so it may be shown. Use it
            only where you know the value reveals nothing secret, such as a hash.

            ```infra
            nonsensitive(sha256(var.password))
            ```
          )md",
          .impl = [](Args& args) { return unmarked(args[0]); },
          .handles_marks = true,
      },
      {
          .name = "sensitive",
          .params = {"value"},
          .doc = R"md(
            `value` marked sensitive: plans and outputs do not show it.

            ```infra
            sensitive("secret")  # (sensitive value)
            ```
          )md",
          .impl = [](Args& args) { return args[0].marked_sensitive(); },
          .handles_marks = true,
      },
      {
          .name = "tolist",
          .params = {"value"},
          .doc = R"md(
            `value` as a list. Primitive elements of different types all become strings.

            ```infra
            tolist(["a", "b", 3])  # ["a", "b", "3"]
            ```
          )md",
          .impl = [](Args& args) { return tolist(args, false); },
      },
      {
          .name = "tomap",
          .params = {"value"},
          .doc = R"md(
            An object as a map. Primitive values of different types all become strings.

            ```infra
            tomap({a = 1, b = "x"})  # {a = "1", b = "x"}
            ```
          )md",
          .impl = tomap,
      },
      {
          .name = "toset",
          .params = {"value"},
          .doc = R"md(
            A list as a set: duplicates removed, elements in canonical order (numbers
            ascending, strings by bytes).

            ```infra
            toset(["c", "b", "b"])  # ["b", "c"]
            ```
          )md",
          .impl = [](Args& args) { return tolist(args, true); },
      },
      {
          .name = "type",
          .params = {"value"},
          .doc = R"md(
            The type of `value` as Terraform's console writes it, from the value's shape:
            `string`, `number`, `bool`, `tuple([...])`, `object({...})`, or `dynamic` for null.

            ```infra
            type(["a", 1])  # "tuple([string, number])"
            type({a = 1})   # "object({a: number})"
            ```
          )md",
          .impl = [](Args& args) { return Value::string(type_of(args[0])); },
      },
  };
}

}  // namespace infra::stdlib
