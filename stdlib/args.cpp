// Checked access to function arguments, with Terraform's primitive conversions.
#include "stdlib/args.hpp"

#include <charconv>
#include <cmath>

namespace infra::stdlib {

using lang::Value;

std::optional<std::string> primitive_to_string(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::String:
      return v.as_string();
    case Value::Kind::Number:
      return lang::format_number(v.as_number());
    case Value::Kind::Bool:
      return v.as_bool() ? "true" : "false";
    default:
      return std::nullopt;
  }
}

std::optional<double> parse_number(std::string_view text) {
  // from_chars also takes "inf" and "nan", which are not numbers of the language.
  if (text.empty() || text.find_first_not_of("0123456789+-.eE") != std::string_view::npos) {
    return std::nullopt;
  }
  if (text.front() == '+') text.remove_prefix(1);
  double n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

std::optional<std::int64_t> to_integer(double n) {
  // 2^63 is exactly representable; anything at or above it does not fit.
  if (!std::isfinite(n) || std::trunc(n) != n || n >= 9223372036854775808.0 ||
      n < -9223372036854775808.0) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(n);
}

std::string describe_type(const Value& v) {
  if (v.is_unknown()) return "unknown value";
  return v.type_name();
}

Value Args::fail(const std::string& message) {
  error_ = std::string(function_) + ": " + message;
  return Value::null();
}

Value Args::fail_argument(std::size_t i, std::string_view what) {
  return fail("argument " + std::to_string(i + 1) + " must be " + std::string(what) + ", got " +
              describe_type(values_[i]));
}

std::optional<std::string> Args::string(std::size_t i) {
  if (auto s = primitive_to_string(values_[i])) return s;
  fail_argument(i, "a string");
  return std::nullopt;
}

std::optional<double> Args::number(std::size_t i) {
  const Value& v = values_[i];
  if (v.kind() == Value::Kind::Number) return v.as_number();
  if (v.kind() == Value::Kind::String) {
    if (auto n = parse_number(v.as_string())) return n;
    fail("argument " + std::to_string(i + 1) + " must be a number, got string \"" +
         v.as_string() + "\"");
    return std::nullopt;
  }
  fail_argument(i, "a number");
  return std::nullopt;
}

std::optional<std::int64_t> Args::integer(std::size_t i) {
  std::optional<double> n = number(i);
  if (!n) return std::nullopt;
  if (auto whole = to_integer(*n)) return whole;
  fail("argument " + std::to_string(i + 1) + " must be a whole number, got " +
       lang::format_number(*n));
  return std::nullopt;
}

std::optional<bool> Args::boolean(std::size_t i) {
  const Value& v = values_[i];
  if (v.kind() == Value::Kind::Bool) return v.as_bool();
  if (v.kind() == Value::Kind::String && (v.as_string() == "true" || v.as_string() == "false")) {
    return v.as_string() == "true";
  }
  fail_argument(i, "a bool");
  return std::nullopt;
}

const Value::List* Args::list(std::size_t i) {
  if (values_[i].kind() == Value::Kind::List) return &values_[i].as_list();
  fail_argument(i, "a list");
  return nullptr;
}

const Value::Object* Args::object(std::size_t i) {
  if (values_[i].kind() == Value::Kind::Object) return &values_[i].as_object();
  fail_argument(i, "a map");
  return nullptr;
}

std::optional<std::vector<std::string>> Args::string_list(std::size_t i) {
  if (values_[i].kind() != Value::Kind::List) {
    fail_argument(i, "a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  const Value::List& items = values_[i].as_list();
  for (std::size_t k = 0; k < items.size(); ++k) {
    std::optional<std::string> s = primitive_to_string(items[k]);
    if (!s) {
      fail("argument " + std::to_string(i + 1) + " must be a list of strings, but element " +
           std::to_string(k) + " is " + describe_type(items[k]));
      return std::nullopt;
    }
    out.push_back(std::move(*s));
  }
  return out;
}

}  // namespace infra::stdlib
