// Value: kinds, marks, equality and the display form used in plans and messages.
#include "lang/value.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

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
  if (const auto* l = std::get_if<List>(&data_)) {
    for (const Value& v : *l) {
      if (!v.is_wholly_known()) return false;
    }
  } else if (const auto* o = std::get_if<Object>(&data_)) {
    for (const auto& [k, v] : *o) {
      if (!v.is_wholly_known()) return false;
    }
  }
  return true;
}

bool Value::contains_sensitive() const {
  if (sensitive_) return true;
  if (const auto* l = std::get_if<List>(&data_)) {
    for (const Value& v : *l) {
      if (v.contains_sensitive()) return true;
    }
  } else if (const auto* o = std::get_if<Object>(&data_)) {
    for (const auto& [k, v] : *o) {
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
  return a.data_ == b.data_;
}

std::optional<Value> parse_number_literal(std::string_view text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return Value::number(value);
}

std::string format_number(double n) {
  if (std::isnan(n)) return "NaN";
  if (std::isinf(n)) return n > 0 ? "Infinity" : "-Infinity";
  // Integers up to 2^53 are exact in a double: print them without a fraction or exponent.
  if (n == std::floor(n) && std::fabs(n) <= 9007199254740992.0) {
    if (n == 0) return "0";  // also for -0
    return std::to_string(static_cast<long long>(n));
  }
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, n);
  return std::string(buf, r.ptr);
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
