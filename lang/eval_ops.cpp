// Operators and traversal steps. Unknown operands give unknown results, but only after
// the known operands were type-checked, so that type errors show up before apply.
#include "lang/eval_ops.hpp"

#include <cmath>

namespace infra::lang::ops {

std::string article(const std::string& type) {
  return (type == "object" || type == "unknown") ? "an " + type : "a " + type;
}

namespace {

using Kind = Value::Kind;

/// Checks that a known operand has `kind`; unknown passes.
bool expect(const Value& v, Kind kind, const char* op, const char* required,
            const SourceRange& where, Diagnostics& diags) {
  if (v.is_unknown() || v.kind() == kind) return true;
  diags.error(where, std::string("Invalid operand for \"") + op + "\": " + required +
                         " is required, not " + article(v.type_name()));
  return false;
}

}  // namespace


std::optional<Value> unary(UnaryOp op, const Value& v, const SourceRange& where,
                           Diagnostics& diags) {
  const bool sensitive = v.is_sensitive();
  if (op == UnaryOp::Not) {
    if (!expect(v, Kind::Bool, "!", "a bool", where, diags)) return std::nullopt;
    if (v.is_unknown()) return Value::unknown().marked_sensitive(sensitive);
    return Value::boolean(!v.as_bool()).marked_sensitive(sensitive);
  }
  if (!expect(v, Kind::Number, "-", "a number", where, diags)) return std::nullopt;
  if (v.is_unknown()) return Value::unknown().marked_sensitive(sensitive);
  return Value::number(-v.as_number()).marked_sensitive(sensitive);
}

std::optional<Value> binary(BinaryOp op, const Value& l, const SourceRange& l_range,
                            const Value& r, const SourceRange& r_range, Diagnostics& diags) {
  const bool sensitive = l.contains_sensitive() || r.contains_sensitive();
  const char* name = to_string(op);
  if (op == BinaryOp::Equal || op == BinaryOp::NotEqual) {
    if (!l.is_wholly_known() || !r.is_wholly_known()) {
      return Value::unknown().marked_sensitive(sensitive);
    }
    return Value::boolean((l == r) == (op == BinaryOp::Equal)).marked_sensitive(sensitive);
  }
  const bool logical = op == BinaryOp::And || op == BinaryOp::Or;
  const Kind kind = logical ? Kind::Bool : Kind::Number;
  const char* required = logical ? "a bool" : "a number";
  const bool l_ok = expect(l, kind, name, required, l_range, diags);
  const bool r_ok = expect(r, kind, name, required, r_range, diags);
  if (!l_ok || !r_ok) return std::nullopt;
  if (l.is_unknown() || r.is_unknown()) return Value::unknown().marked_sensitive(sensitive);
  if (logical) {
    const bool result = op == BinaryOp::And ? (l.as_bool() && r.as_bool())
                                            : (l.as_bool() || r.as_bool());
    return Value::boolean(result).marked_sensitive(sensitive);
  }
  const double a = l.as_number(), b = r.as_number();
  Value result;
  switch (op) {
    case BinaryOp::Less: result = Value::boolean(a < b); break;
    case BinaryOp::LessEqual: result = Value::boolean(a <= b); break;
    case BinaryOp::Greater: result = Value::boolean(a > b); break;
    case BinaryOp::GreaterEqual: result = Value::boolean(a >= b); break;
    case BinaryOp::Add: result = Value::number(a + b); break;
    case BinaryOp::Subtract: result = Value::number(a - b); break;
    case BinaryOp::Multiply: result = Value::number(a * b); break;
    case BinaryOp::Divide:
    case BinaryOp::Modulo:
      if (b == 0) {
        diags.error(r_range, op == BinaryOp::Divide ? "Division by zero" : "Modulo by zero");
        return std::nullopt;
      }
      result = Value::number(op == BinaryOp::Divide ? a / b : std::fmod(a, b));
      break;
    default: break;
  }
  return result.marked_sensitive(sensitive);
}

std::optional<Value> traverse(const Value& v, const Value& key, bool is_attribute,
                              const SourceRange& where, Diagnostics& diags) {
  const bool sensitive = v.is_sensitive() || key.is_sensitive();
  if (v.is_unknown() || key.is_unknown()) return Value::unknown().marked_sensitive(sensitive);
  switch (v.kind()) {
    case Kind::Object: {
      std::string name;
      if (key.kind() == Kind::String) {
        name = key.as_string();
      } else if (key.kind() == Kind::Number) {
        name = format_number(key.as_number());
      } else {
        diags.error(where, "An object key must be a string, not " + article(key.type_name()));
        return std::nullopt;
      }
      const auto it = v.as_object().find(name);
      if (it == v.as_object().end()) {
        diags.error(where, std::string("This object has no ") +
                               (is_attribute ? "attribute" : "element") + " \"" + name + "\"");
        return std::nullopt;
      }
      return it->second.marked_sensitive(sensitive);
    }
    case Kind::List: {
      double index = 0;
      if (key.kind() == Kind::Number) {
        index = key.as_number();
      } else if (is_attribute && !key.as_string().empty() &&
                 key.as_string().find_first_not_of("0123456789") == std::string::npos) {
        index = std::stod(key.as_string());  // legacy `list.0`
      } else if (is_attribute) {
        diags.error(where, "A list has no attribute \"" + key.as_string() +
                               "\"; use an index like [0]");
        return std::nullopt;
      } else {
        diags.error(where, "A list index must be a number, not " + article(key.type_name()));
        return std::nullopt;
      }
      const auto& list = v.as_list();
      if (index != std::floor(index)) {
        diags.error(where, "A list index must be a whole number, not " + format_number(index));
        return std::nullopt;
      }
      if (index < 0 || index >= static_cast<double>(list.size())) {
        diags.error(where, "index " + format_number(index) + " out of range for a list of " +
                               std::to_string(list.size()) +
                               (list.size() == 1 ? " element" : " elements"));
        return std::nullopt;
      }
      return list[static_cast<std::size_t>(index)].marked_sensitive(sensitive);
    }
    case Kind::Null:
      diags.error(where, is_attribute ? "Cannot get an attribute of a null value"
                                      : "Cannot index a null value");
      return std::nullopt;
    default:
      diags.error(where, std::string(is_attribute ? "Cannot get an attribute of "
                                                  : "Cannot index ") +
                             article(v.type_name()) + " value");
      return std::nullopt;
  }
}

}  // namespace infra::lang::ops
