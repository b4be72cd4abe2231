// Numeric functions and the conversions between primitive types.
#include <algorithm>
#include <cmath>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

template <typename Pick>
Value extreme(Args& args, Pick better) {
  double best = 0;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto n = args.number(i);
    if (!n) return {};
    if (i == 0 || better(*n, best)) best = *n;
  }
  return Value::number(best);
}

Value unary(Args& args, double (*f)(double)) {
  auto n = args.number(0);
  if (!n) return {};
  return Value::number(f(*n));
}

/// The value of digit `c` in `base`, or -1. Beyond base 36 upper case letters are 36..61.
int digit_value(char c, int base) {
  int v = -1;
  if (c >= '0' && c <= '9') v = c - '0';
  else if (c >= 'a' && c <= 'z') v = c - 'a' + 10;
  else if (c >= 'A' && c <= 'Z') v = c - 'A' + (base <= 36 ? 10 : 36);
  return v < base ? v : -1;
}

Value parseint(Args& args) {
  auto text = args.string(0);
  auto base = args.integer(1);
  if (!text || !base) return {};
  if (*base < 2 || *base > 62) {
    return args.fail("the base must be between 2 and 62, got " + std::to_string(*base));
  }
  std::string_view digits = *text;
  const bool negative = digits.starts_with("-");
  if (negative || digits.starts_with("+")) digits.remove_prefix(1);
  double n = 0;
  for (char c : digits) {
    const int d = digit_value(c, static_cast<int>(*base));
    if (d < 0) { n = -1; break; }
    n = n * static_cast<double>(*base) + d;
  }
  if (digits.empty() || n < 0) {
    return args.fail("cannot parse \"" + *text + "\" as a base " + std::to_string(*base) +
                     " integer");
  }
  return Value::number(negative ? -n : n);
}

Value tonumber(Args& args) {
  const Value& v = args[0];
  if (v.is_null() || v.kind() == Value::Kind::Number) return v;
  if (v.kind() == Value::Kind::String) {
    if (auto n = parse_number(v.as_string())) return Value::number(*n);
    return args.fail("cannot convert \"" + v.as_string() + "\" to a number");
  }
  return args.fail("cannot convert " + describe_type(v) + " to a number");
}

Value tostring(Args& args) {
  const Value& v = args[0];
  if (v.is_null()) return v;
  if (auto s = primitive_to_string(v)) return Value::string(*s);
  return args.fail("cannot convert " + describe_type(v) + " to a string");
}

Value tobool(Args& args) {
  const Value& v = args[0];
  if (v.is_null() || v.kind() == Value::Kind::Bool) return v;
  if (v.kind() == Value::Kind::String) {
    if (v.as_string() == "true" || v.as_string() == "false") {
      return Value::boolean(v.as_string() == "true");
    }
    return args.fail("cannot convert \"" + v.as_string() + "\" to a bool; only \"true\" and "
                     "\"false\" can be");
  }
  return args.fail("cannot convert " + describe_type(v) + " to a bool");
}

}  // namespace

std::vector<Function> numeric_functions() {
  return {
      {
          .name = "min",
          .params = {"number", "numbers..."},
          .doc = R"(
            The smallest of the numbers.

            ```infra
            min(12, 54, 3)  # 3
            ```
          )",
          .impl =
              [](Args& args) {
                return extreme(args, [](double a, double b) { return a < b; });
              },
      },
      {
          .name = "max",
          .params = {"number", "numbers..."},
          .doc = R"(
            The largest of the numbers.

            ```infra
            max(12, 54, 3)  # 54
            ```
          )",
          .impl =
              [](Args& args) {
                return extreme(args, [](double a, double b) { return a > b; });
              },
      },
      {
          .name = "abs",
          .params = {"number"},
          .doc = R"(
            `number` without its sign.

            ```infra
            abs(-12.4)  # 12.4
            ```
          )",
          .impl = [](Args& args) { return unary(args, [](double n) { return std::fabs(n); }); },
      },
      {
          .name = "ceil",
          .params = {"number"},
          .doc = R"(
            The smallest whole number not less than `number`.

            ```infra
            ceil(4.1)  # 5
            ```
          )",
          .impl = [](Args& args) { return unary(args, [](double n) { return std::ceil(n); }); },
      },
      {
          .name = "floor",
          .params = {"number"},
          .doc = R"(
            The largest whole number not greater than `number`.

            ```infra
            floor(4.9)  # 4
            ```
          )",
          .impl = [](Args& args) { return unary(args, [](double n) { return std::floor(n); }); },
      },
      {
          .name = "log",
          .params = {"number", "base"},
          .doc = R"(
            The logarithm of `number` in `base`.

            ```infra
            log(50, 10)  # 1.6989700043360185
            log(16, 2)   # 4
            ```
          )",
          .impl =
              [](Args& args) {
                auto n = args.number(0), base = args.number(1);
                if (!n || !base) return Value();
                return Value::number(std::log(*n) / std::log(*base));
              },
      },
      {
          .name = "signum",
          .params = {"number"},
          .doc = R"(
            -1, 0 or 1: the sign of `number`.

            ```infra
            signum(-13)  # -1
            signum(0)    # 0
            signum(344)  # 1
            ```
          )",
          .impl = [](Args& args) {
            return unary(args, [](double n) { return n > 0 ? 1.0 : n < 0 ? -1.0 : 0.0; });
          },
      },
      {
          .name = "pow",
          .params = {"base", "exponent"},
          .doc = R"(
            `base` raised to the power `exponent`.

            ```infra
            pow(2, 10)  # 1024
            ```
          )",
          .impl =
              [](Args& args) {
                auto base = args.number(0), exponent = args.number(1);
                if (!base || !exponent) return Value();
                return Value::number(std::pow(*base, *exponent));
              },
      },
      {
          .name = "parseint",
          .params = {"string", "base"},
          .doc = R"(
            The whole number that `string` writes in `base` (2 to 62). Letters are digits
            from 10 on; up to base 36 case does not matter, beyond it `A` is 36.

            ```infra
            parseint("FF", 16)   # 255
            parseint("-101", 2)  # -5
            ```
          )",
          .impl = parseint,
      },
      {
          .name = "tonumber",
          .params = {"value"},
          .doc = R"(
            Converts a string holding a number to that number; a number stays, null stays
            null.

            ```infra
            tonumber("42")  # 42
            ```
          )",
          .impl = tonumber,
      },
      {
          .name = "tostring",
          .params = {"value"},
          .doc = R"(
            Converts a number or a bool to a string; a string stays, null stays null.

            ```infra
            tostring(42)    # "42"
            tostring(true)  # "true"
            ```
          )",
          .impl = tostring,
      },
      {
          .name = "tobool",
          .params = {"value"},
          .doc = R"(
            Converts the string `"true"` or `"false"` to a bool; a bool stays, null stays
            null.

            ```infra
            tobool("true")  # true
            ```
          )",
          .impl = tobool,
      },
  };
}

}  // namespace infra::stdlib
