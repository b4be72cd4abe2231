// Numeric functions and the conversions between primitive types.
#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

using lang::Number;
using lang::NumberResult;

/// The value of a numeric result, or the function's error.
Value result(Args& args, const NumberResult& n) {
  if (!n) return args.fail(n.error());
  return Value::number(*n);
}

template <typename Pick>
Value extreme(Args& args, Pick better) {
  Number best;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto n = args.number(i);
    if (!n) return {};
    if (i == 0 || better(*n, best)) best = *n;
  }
  return Value::number(best);
}

template <typename F>
Value unary(Args& args, F f) {
  auto n = args.number(0);
  if (!n) return {};
  return result(args, f(*n));
}

Value parseint(Args& args) {
  auto text = args.string(0);
  auto base = args.integer(1);
  if (!text || !base) return {};
  if (*base < 2 || *base > 62) {
    return args.fail("the base must be between 2 and 62, got " + std::to_string(*base));
  }
  NumberResult n = Number::parse_integer(*text, static_cast<int>(*base));
  if (!n) {
    std::string message =
        "cannot parse \"" + *text + "\" as a base " + std::to_string(*base) + " integer";
    if (n.error() != Number::kNotANumber) message += ": it has " + n.error();
    return args.fail(message);
  }
  return Value::number(*n);
}

Value tonumber(Args& args) {
  const Value& v = args[0];
  if (v.is_null() || v.kind() == Value::Kind::Number) return v;
  if (v.kind() == Value::Kind::String) {
    NumberResult n = Number::parse(v.as_string());
    if (n) return Value::number(*n);
    std::string message = "cannot convert \"" + v.as_string() + "\" to a number";
    if (n.error() != Number::kNotANumber) message += ": it has " + n.error();
    return args.fail(message);
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
                return extreme(args, [](const Number& a, const Number& b) { return a < b; });
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
                return extreme(args, [](const Number& a, const Number& b) { return a > b; });
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
          .impl = [](Args& args) { return unary(args, [](const Number& n) { return n.abs(); }); },
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
          .impl = [](Args& args) { return unary(args, [](const Number& n) { return n.ceil(); }); },
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
          .impl = [](Args& args) { return unary(args, [](const Number& n) { return n.floor(); }); },
      },
      {
          .name = "log",
          .params = {"number", "base"},
          .doc = R"(
            The logarithm of `number` in `base`, rounded to 155 significant digits (see
            [Numbers](language.md#numbers)); exact when it is a whole number.

            ```infra
            log(16, 2)     # 4
            log(0.001, 10) # -3
            log(50, 10)    # 1.69897000433601880478626110527550697… (155 digits)
            ```
          )",
          .impl =
              [](Args& args) {
                auto n = args.number(0), base = args.number(1);
                if (!n || !base) return Value();
                return result(args, n->log(*base));
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
            return unary(args, [](const Number& n) { return Number(n.sign()); });
          },
      },
      {
          .name = "pow",
          .params = {"base", "exponent"},
          .doc = R"(
            `base` raised to the power `exponent`: exact for a whole exponent (within the
            limits of [numbers](language.md#numbers)), rounded to 155 significant digits for
            a fractional one.

            ```infra
            pow(2, 10)    # 1024
            pow(2, 100)   # 1267650600228229401496703205376
            pow(10, -3)   # 0.001
            pow(4, 0.5)   # 2
            ```
          )",
          .impl =
              [](Args& args) {
                auto base = args.number(0), exponent = args.number(1);
                if (!base || !exponent) return Value();
                return result(args, base->pow(*exponent));
              },
      },
      {
          .name = "parseint",
          .params = {"string", "base"},
          .doc = R"(
            The whole number that `string` writes in `base` (2 to 62), exact at any size.
            Letters are digits from 10 on; up to base 36 case does not matter, beyond it `A`
            is 36.

            ```infra
            parseint("FF", 16)   # 255
            parseint("-101", 2)  # -5
            parseint("ffffffffffffffffffffffffffffffff", 16)
              # 340282366920938463463374607431768211455
            ```
          )",
          .impl = parseint,
      },
      {
          .name = "tonumber",
          .params = {"value"},
          .doc = R"(
            Converts a string holding a decimal number to that number, exactly; a number
            stays, null stays null.

            ```infra
            tonumber("42")                    # 42
            tonumber("9007199254740993")      # 9007199254740993
            tonumber("-1.5e-3")               # -0.0015
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
