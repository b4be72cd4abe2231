// Checked access to function arguments, with Terraform's primitive conversions.
#include "stdlib/args.hpp"

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

std::optional<lang::Number> parse_number(std::string_view text) {
  lang::NumberResult n = lang::Number::parse(text);
  if (!n) return std::nullopt;
  return *n;
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

std::optional<lang::Number> Args::number(std::size_t i) {
  const Value& v = values_[i];
  if (v.kind() == Value::Kind::Number) return v.as_number();
  if (v.kind() == Value::Kind::String) {
    lang::NumberResult n = lang::Number::parse(v.as_string());
    if (n) return *n;
    std::string message = "argument " + std::to_string(i + 1) +
                          " must be a number, got string \"" + v.as_string() + "\"";
    if (n.error() != lang::Number::kNotANumber) message += ", which has " + n.error();
    fail(message);
    return std::nullopt;
  }
  fail_argument(i, "a number");
  return std::nullopt;
}

std::optional<std::int64_t> Args::integer(std::size_t i) {
  std::optional<lang::Number> n = number(i);
  if (!n) return std::nullopt;
  if (auto whole = n->to_int64()) return whole;
  fail("argument " + std::to_string(i + 1) + " must be a whole number" +
       (n->is_integer() ? " within 64 bits" : "") + ", got " + lang::format_number(*n));
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
