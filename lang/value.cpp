// Value: kinds, marks, equality and the display form used in plans and messages.
#include "lang/value.hpp"

#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace infra::lang {

Value::Kind Value::kind() const {
  if (unknown_) return Kind::Unknown;
  switch (data_.index()) {
    case 1: return Kind::Bool;
    case 2: return Kind::Number;
    case 3: return Kind::String;
    case 4: return Kind::List;
    case 5: return Kind::Object;
    default: return Kind::Null;
  }
}

bool Value::is_wholly_known() const {
  if (unknown_) return false;
  if (const auto* l = std::get_if<ListPtr>(&data_)) {
    for (const Value& v : **l) {
      if (!v.is_wholly_known()) return false;
    }
  } else if (const auto* o = std::get_if<ObjectPtr>(&data_)) {
    for (const auto& [k, v] : **o) {
      if (!v.is_wholly_known()) return false;
    }
  }
  return true;
}

bool Value::contains_sensitive() const {
  if (sensitive_) return true;
  if (const auto* l = std::get_if<ListPtr>(&data_)) {
    for (const Value& v : **l) {
      if (v.contains_sensitive()) return true;
    }
  } else if (const auto* o = std::get_if<ObjectPtr>(&data_)) {
    for (const auto& [k, v] : **o) {
      if (v.contains_sensitive()) return true;
    }
  }
  return false;
}

std::string Value::type_name() const {
  switch (kind()) {
    case Kind::Null: return "null";
    case Kind::Bool: return "bool";
    case Kind::Number: return "number";
    case Kind::String: return "string";
    case Kind::List: return "list";
    case Kind::Object: return "object";
    case Kind::Unknown: return "unknown";
  }
  return "unknown";
}

bool operator==(const Value& a, const Value& b) {
  if (a.unknown_ || b.unknown_) return false;
  if (a.data_.index() != b.data_.index()) return false;
  if (const auto* l = std::get_if<Value::ListPtr>(&a.data_)) {
    const auto& r = std::get<Value::ListPtr>(b.data_);
    return **l == *r;
  }
  if (const auto* o = std::get_if<Value::ObjectPtr>(&a.data_)) {
    const auto& r = std::get<Value::ObjectPtr>(b.data_);
    return **o == *r;
  }
  return a.data_ == b.data_;
}

Value Value::number(double n) {
  std::optional<Number> exact = Number::from_double(n);
  if (!exact) throw std::domain_error("a number of the language is finite");
  return number(std::move(*exact));
}

std::optional<Value> parse_number_literal(std::string_view text) {
  NumberResult n = Number::parse(text);
  if (!n) return std::nullopt;
  return Value::number(*n);
}

namespace {

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  // A literal "${" would be read back as an interpolation.
  std::string escaped;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if ((out[i] == '$' || out[i] == '%') && i + 1 < out.size() && out[i + 1] == '{') {
      escaped += out[i];
    }
    escaped += out[i];
  }
  return escaped + "\"";
}

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) {
    return false;
  }
  for (const char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  }
  return true;
}

}  // namespace

std::string to_display(const Value& v) {
  if (v.is_sensitive()) return "(sensitive value)";
  switch (v.kind()) {
    case Value::Kind::Unknown: return "(known after apply)";
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
    case Value::Kind::Number: return format_number(v.as_number());
    case Value::Kind::String: return quote(v.as_string());
    case Value::Kind::List: {
      std::string out = "[";
      for (const Value& item : v.as_list()) {
        if (out.size() > 1) out += ", ";
        out += to_display(item);
      }
      return out + "]";
    }
    case Value::Kind::Object: {
      if (v.as_object().empty()) return "{}";
      std::string out = "{ ";
      bool first = true;
      for (const auto& [k, item] : v.as_object()) {
        if (!first) out += ", ";
        first = false;
        out += (is_identifier(k) ? k : quote(k)) + " = " + to_display(item);
      }
      return out + " }";
    }
  }
  return "null";
}

}  // namespace infra::lang
