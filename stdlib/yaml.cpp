// YAML: yamldecode parses with yaml-cpp and resolves plain scalars as Terraform does (YAML
// 1.1 style: `yes` and `on` are true); yamlencode writes the block style Terraform writes,
// with keys sorted and strings double-quoted.
#include <yaml-cpp/yaml.h>

#include <cstdio>

#include <algorithm>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

struct YamlError {
  std::string message;
};

bool is_one_of(const std::string& s, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return s == w; });
}

/// A plain scalar that is a number: a decimal one, or an integer in hex (`0x1F`) or octal
/// (`0o17`) with an optional sign; nullopt when it is not one.
std::optional<Value> plain_number(const std::string& s) {
  std::string_view digits = s;
  const bool negative = digits.starts_with('-');
  if (negative || digits.starts_with('+')) digits.remove_prefix(1);
  const int base = digits.starts_with("0x") ? 16 : digits.starts_with("0o") ? 8 : 10;
  if (base != 10) digits.remove_prefix(2);
  if (base != 10 && (digits.starts_with('-') || digits.starts_with('+'))) return std::nullopt;
  lang::NumberResult n =
      base == 10 ? lang::Number::parse(s) : lang::Number::parse_integer(digits, base);
  if (!n) {
    if (n.error() == lang::Number::kNotANumber) return std::nullopt;
    throw YamlError{"the number " + s + " has " + n.error()};
  }
  return Value::number(negative && base != 10 ? n->negate() : *n);
}

/// A plain (unquoted, untagged) scalar as null, bool, number or string.
Value resolve_plain(const std::string& s) {
  if (is_one_of(s, {"", "~", "null", "Null", "NULL"})) return Value::null();
  if (is_one_of(s, {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})) {
    return Value::boolean(true);
  }
  if (is_one_of(s, {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})) {
    return Value::boolean(false);
  }
  if (is_one_of(s, {".inf", ".Inf", ".INF", "+.inf", "-.inf", ".nan", ".NaN", ".NAN"})) {
    throw YamlError{"the value " + s + " cannot be represented as a number"};
  }
  if (std::optional<Value> n = plain_number(s)) return *n;
  return Value::string(s);
}

Value from_yaml(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return Value::null();
    case YAML::NodeType::Scalar: {
      const std::string& tag = node.Tag();
      const std::string& text = node.Scalar();
      if (tag == "?") return resolve_plain(text);
      if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float") {
        Value v = resolve_plain(text);
        if (v.kind() != Value::Kind::Number) throw YamlError{"\"" + text + "\" is not a number"};
        return v;
      }
      if (tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
        return resolve_plain(text);
      }
      return Value::string(text);  // quoted, block scalars, !!str and other tags
    }
    case YAML::NodeType::Sequence: {
      Value::List items;
      for (const YAML::Node& item : node) items.push_back(from_yaml(item));
      return Value::list(std::move(items));
    }
    case YAML::NodeType::Map: {
      Value::Object members;
      for (const auto& entry : node) {
        Value key = from_yaml(entry.first);
        std::optional<std::string> name = primitive_to_string(key);
        if (!name) throw YamlError{"a mapping key must be a string, number or bool"};
        members.insert_or_assign(*name, from_yaml(entry.second));
      }
      return Value::object(std::move(members));
    }
  }
  return Value::null();
}

Value yamldecode(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(*s);
    if (documents.empty()) return Value::null();
    if (documents.size() > 1) return args.fail("the string holds more than one YAML document");
    return from_yaml(documents.front());
  } catch (const YAML::Exception& e) {
    return args.fail("invalid YAML on line " + std::to_string(e.mark.line + 1) + ", column " +
                     std::to_string(e.mark.column + 1) + ": " + e.msg);
  } catch (const YamlError& e) {
    return args.fail("invalid YAML: " + e.message);
  }
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\x%02X", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

bool is_block(const Value& v) {
  return (v.kind() == Value::Kind::List && !v.as_list().empty()) ||
         (v.kind() == Value::Kind::Object && !v.as_object().empty());
}

std::string scalar(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::Number:
      return lang::format_number(v.as_number());
    case Value::Kind::String: return quote(v.as_string());
    case Value::Kind::List: return "[]";
    default: return "{}";
  }
}

/// Writes `v` in block style at `indent`; with `inline_first` the first line continues
/// the current one ("- " of a list item).
void emit(const Value& v, std::size_t indent, bool inline_first, std::string& out) {
  const std::string pad(indent, ' ');
  bool first = true;
  auto prefix = [&] { return first && inline_first ? std::string() : pad; };
  if (v.kind() == Value::Kind::Object && !v.as_object().empty()) {
    for (const auto& [key, child] : v.as_object()) {
      out += prefix() + quote(key) + ":";
      first = false;
      if (is_block(child)) {
        out += "\n";
        // Lists under a key start at the key's column, as go-yaml writes them.
        emit(child, child.kind() == Value::Kind::List ? indent : indent + 2, false, out);
      } else {
        out += " " + scalar(child) + "\n";
      }
    }
  } else if (v.kind() == Value::Kind::List && !v.as_list().empty()) {
    for (const Value& item : v.as_list()) {
      out += prefix() + "-";
      first = false;
      if (is_block(item)) {
        out += " ";
        emit(item, indent + 2, true, out);
      } else {
        out += " " + scalar(item) + "\n";
      }
    }
  } else {
    out += scalar(v) + "\n";
  }
}

Value yamlencode(Args& args) {
  std::string out;
  emit(args[0], 0, false, out);
  return Value::string(out);
}

}  // namespace

std::vector<Function> yaml_functions() {
  return {
      {
          .name = "yamldecode",
          .params = {"string"},
          .doc = R"md(
            Parses one YAML document. Plain scalars become null, bools (`true`, `yes`, `on`,
            ...) and numbers as YAML 1.1 resolves them; quoted scalars stay strings.
            Mapping keys become strings. An empty string decodes to null.

            ```infra
            yamldecode("hello: world")         # {hello = "world"}
            yamldecode("- 1\n- 'two'\n- yes")  # [1, "two", true]
            ```
          )md",
          .impl = yamldecode,
      },
      {
          .name = "yamlencode",
          .params = {"value"},
          .doc = R"md(
            Encodes a value as YAML in block style: keys sorted, strings double-quoted.

            ```infra
            yamlencode({a = "b", c = "d"})  # "\"a\": \"b\"\n\"c\": \"d\"\n"
            yamlencode({foo = [1, 2]})      # "\"foo\":\n- 1\n- 2\n"
            ```
          )md",
          .impl = yamlencode,
      },
  };
}

}  // namespace infra::stdlib
