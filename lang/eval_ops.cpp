// Operators and traversal steps. Unknown operands give unknown results, but only after
// the known operands were type-checked, so that type errors show up before apply.
#include "lang/eval_ops.hpp"

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
  return Value::number(v.as_number().negate()).marked_sensitive(sensitive);
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
  const Number& a = l.as_number();
  const Number& b = r.as_number();
  NumberResult result = Number();
  switch (op) {
    case BinaryOp::Less: return Value::boolean(a < b).marked_sensitive(sensitive);
    case BinaryOp::LessEqual: return Value::boolean(a <= b).marked_sensitive(sensitive);
    case BinaryOp::Greater: return Value::boolean(a > b).marked_sensitive(sensitive);
    case BinaryOp::GreaterEqual: return Value::boolean(a >= b).marked_sensitive(sensitive);
    case BinaryOp::Add: result = a.add(b); break;
    case BinaryOp::Subtract: result = a.subtract(b); break;
    case BinaryOp::Multiply: result = a.multiply(b); break;
    case BinaryOp::Divide:
    case BinaryOp::Modulo:
      if (b.is_zero()) {
        diags.error(r_range, op == BinaryOp::Divide ? "Division by zero" : "Modulo by zero");
        return std::nullopt;
      }
      result = op == BinaryOp::Divide ? a.divide(b) : a.modulo(b);
      break;
    default: break;
  }
  if (!result) {
    const SourceRange both{l_range.file, l_range.begin, r_range.end};
    diags.error(both, std::string("Cannot compute \"") + name + "\": " + result.error());
    return std::nullopt;
  }
  return Value::number(*result).marked_sensitive(sensitive);
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
      const auto& list = v.as_list();
      const auto out_of_range = [&](const std::string& shown) {
        diags.error(where, "index " + shown + " out of range for a list of " +
                               std::to_string(list.size()) +
                               (list.size() == 1 ? " element" : " elements"));
        return std::nullopt;
      };
      Number index;
      if (key.kind() == Kind::Number) {
        index = key.as_number();
      } else if (is_attribute && !key.as_string().empty() &&
                 key.as_string().find_first_not_of("0123456789") == std::string::npos) {
        NumberResult digits = Number::parse(key.as_string());  // legacy `list.0`
        if (!digits) return out_of_range(key.as_string());
        index = *digits;
      } else if (is_attribute) {
        diags.error(where, "A list has no attribute \"" + key.as_string() +
                               "\"; use an index like [0]");
        return std::nullopt;
      } else {
        diags.error(where, "A list index must be a number, not " + article(key.type_name()));
        return std::nullopt;
      }
      if (!index.is_integer()) {
        diags.error(where, "A list index must be a whole number, not " + format_number(index));
        return std::nullopt;
      }
      const std::optional<std::uint64_t> i = index.to_uint64();
      if (!i || *i >= list.size()) return out_of_range(format_number(index));
      return list[*i].marked_sensitive(sensitive);
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
