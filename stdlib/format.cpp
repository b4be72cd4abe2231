// format(spec, values...): printf-style formatting with Terraform's verbs.
#include <algorithm>
#include <cctype>
#include <string>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

/// One parsed `%[flags][[index]][width][.precision]verb`.
struct Directive {
  std::string flags;
  std::size_t width = 0;
  bool has_width = false;
  std::size_t precision = 0;
  bool has_precision = false;
  char verb = 0;
  int number = 0;  // 1 for the first directive, for messages
};

std::string ordinal_name(const Directive& d) {
  return "verb " + std::to_string(d.number) + " (%" + std::string(1, d.verb) + ")";
}

/// Pads `text` to the directive's width, in characters.
std::string pad(std::string text, const Directive& d) {
  const std::size_t length = decode_utf8(text).size();
  if (!d.has_width || length >= d.width) return text;
  const std::string fill(d.width - length, ' ');
  return d.flags.find('-') != std::string::npos ? text + fill : fill + text;
}

bool has_flag(const Directive& d, char flag) { return d.flags.find(flag) != std::string::npos; }

/// "-" for a negative number; for others "+" or " " as the flags ask, else nothing.
std::string sign_text(const Directive& d, const lang::Number& n) {
  if (n.sign() < 0) return "-";
  if (has_flag(d, '+')) return "+";
  return has_flag(d, ' ') ? " " : "";
}

/// A whole number as Go's fmt writes a big.Int, which Terraform uses: [spaces][sign]
/// [prefix][zeros]digits[spaces]. Zero with precision 0 writes nothing.
std::string format_integer(const Directive& d, const lang::Number& n) {
  const int base = d.verb == 'd' ? 10 : d.verb == 'o' ? 8 : d.verb == 'b' ? 2 : 16;
  std::string digits = *n.integer_digits(base);
  if (d.verb == 'X') {
    for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const std::string sign = sign_text(d, n);
  std::string prefix;
  if (has_flag(d, '#') && d.verb != 'd') {
    prefix = d.verb == 'o' ? "0" : d.verb == 'b' ? "0b" : d.verb == 'x' ? "0x" : "0X";
  }
  std::size_t zeros = 0;
  if (d.has_precision) {
    if (digits == "0" && d.precision == 0) return "";
    if (digits.size() < d.precision) zeros = d.precision - digits.size();
  }
  const std::size_t length = sign.size() + prefix.size() + zeros + digits.size();
  std::size_t left = 0, right = 0;
  if (d.has_width && length < d.width) {
    if (has_flag(d, '-')) {
      right = d.width - length;
    } else if (has_flag(d, '0') && !d.has_precision) {
      zeros += d.width - length;
    } else {
      left = d.width - length;
    }
  }
  return std::string(left, ' ') + sign + prefix + std::string(zeros, '0') + digits +
         std::string(right, ' ');
}

/// Rounds the digits of `d` to the first `n` (half to even; they are exact), as Go's
/// decimal.round.
void round_digits(lang::Number::Decimal& d, std::int64_t n) {
  if (n < 0 || n >= static_cast<std::int64_t>(d.digits.size())) return;
  const auto k = static_cast<std::size_t>(n);
  const bool half = d.digits[k] == '5' && k + 1 == d.digits.size();
  const bool up = half ? k > 0 && (d.digits[k - 1] - '0') % 2 != 0 : d.digits[k] >= '5';
  d.digits.resize(k);
  if (up) {
    while (!d.digits.empty() && d.digits.back() == '9') d.digits.pop_back();
    if (d.digits.empty()) {
      d.digits = "1";
      ++d.point;
    } else {
      ++d.digits.back();
    }
  }
  d.digits.erase(d.digits.find_last_not_of('0') + 1);
  if (d.digits.empty()) d.point = 0;
}

/// The digit at position `i` of 0.DIGITS, or '0'.
char digit_at(const lang::Number::Decimal& d, std::int64_t i) {
  return i >= 0 && i < static_cast<std::int64_t>(d.digits.size())
             ? d.digits[static_cast<std::size_t>(i)]
             : '0';
}

/// d.ddde±XX with `precision` digits after the point.
std::string scientific(const lang::Number::Decimal& d, std::int64_t precision, char e) {
  std::string out(1, digit_at(d, 0));
  if (precision > 0) {
    out += '.';
    for (std::int64_t i = 1; i <= precision; ++i) out += digit_at(d, i);
  }
  const std::int64_t exponent = d.digits.empty() ? 0 : d.point - 1;
  const std::string digits = std::to_string(exponent < 0 ? -exponent : exponent);
  return out + e + (exponent < 0 ? '-' : '+') + (digits.size() < 2 ? "0" : "") + digits;
}

/// ddd.ddd with `precision` digits after the point.
std::string fixed(const lang::Number::Decimal& d, std::int64_t precision) {
  std::string out;
  if (d.point > 0) {
    for (std::int64_t i = 0; i < d.point; ++i) out += digit_at(d, i);
  } else {
    out = "0";
  }
  if (precision > 0) {
    out += '.';
    for (std::int64_t i = 0; i < precision; ++i) out += digit_at(d, d.point + i);
  }
  return out;
}

/// |n| in %e, %f or %g form as Go's big.Float.Text writes it; precision -1 is the
/// shortest form that is exact.
std::string float_text(const lang::Number& n, char verb, std::int64_t precision) {
  lang::Number::Decimal d = n.decimal();
  const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(verb)));
  const auto size = static_cast<std::int64_t>(d.digits.size());
  const bool shortest = precision < 0;
  if (shortest) {
    precision = lower == 'e'   ? size - 1
                : lower == 'f' ? std::max<std::int64_t>(size - d.point, 0)
                               : size;
  } else if (lower == 'e') {
    round_digits(d, 1 + precision);
  } else if (lower == 'f') {
    round_digits(d, d.point + precision);
  } else {
    if (precision == 0) precision = 1;
    round_digits(d, precision);
  }
  const char e = verb == 'E' || verb == 'G' ? 'E' : 'e';
  if (lower == 'e') return scientific(d, precision, e);
  if (lower == 'f') return fixed(d, precision);
  // %g: %e for large and small exponents, %f otherwise.
  const auto digits = static_cast<std::int64_t>(d.digits.size());
  std::int64_t eprecision = precision;
  if (eprecision > digits && digits >= d.point) eprecision = digits;
  if (shortest) eprecision = 6;
  const std::int64_t exponent = d.point - 1;
  if (exponent < -4 || exponent >= eprecision) {
    return scientific(d, std::min(precision, digits) - 1, e);
  }
  if (precision > d.point) precision = digits;
  return fixed(d, std::max<std::int64_t>(precision - d.point, 0));
}

/// A number in %e, %f or %g form as Go's fmt writes a big.Float: the sign, then zeros
/// (flag 0, which wins over -) or spaces to the width.
std::string format_float(const Directive& d, const lang::Number& n) {
  const std::int64_t precision = d.has_precision ? static_cast<std::int64_t>(d.precision)
                                 : (d.verb == 'g' || d.verb == 'G') ? -1
                                                                     : 6;
  const std::string body = float_text(n, d.verb, precision);
  const std::string sign = sign_text(d, n);
  const std::size_t length = sign.size() + body.size();
  const std::size_t padding = d.has_width && d.width > length ? d.width - length : 0;
  if (has_flag(d, '0')) return sign + std::string(padding, '0') + body;
  if (has_flag(d, '-')) return sign + body + std::string(padding, ' ');
  return std::string(padding, ' ') + sign + body;
}

/// A number argument: a number, or a string holding one.
std::optional<lang::Number> number_value(const Value& v) {
  if (v.kind() == Value::Kind::Number) return v.as_number();
  if (v.kind() == Value::Kind::String) return parse_number(v.as_string());
  return std::nullopt;
}

}  // namespace

Value format_function(Args& args) {
  auto spec = args.string(0);
  if (!spec) return {};

  std::string out;
  std::size_t next = 1;  // the argument the next directive takes
  std::vector<bool> used(args.size(), false);
  int count = 0;
  for (std::size_t i = 0; i < spec->size(); ++i) {
    const char c = (*spec)[i];
    if (c != '%') {
      out += c;
      continue;
    }
    if (++i == spec->size()) return args.fail("the spec ends with a lone %");
    if ((*spec)[i] == '%') {
      out += '%';
      continue;
    }

    Directive d;
    d.number = ++count;
    while (i < spec->size() && std::string_view("-+ 0#").find((*spec)[i]) != std::string::npos) {
      if (d.flags.find((*spec)[i]) == std::string::npos) d.flags += (*spec)[i];
      ++i;
    }
    if (i < spec->size() && (*spec)[i] == '[') {
      std::size_t close = spec->find(']', i);
      const std::string digits =
          close == std::string::npos ? "" : spec->substr(i + 1, close - i - 1);
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos ||
          digits.size() > 6) {
        return args.fail("verb " + std::to_string(d.number) +
                         " has an invalid value index; write it as [N] with N from 1");
      }
      next = std::stoul(digits);
      i = close + 1;
    }
    auto read_digits = [&](std::size_t& into) {
      bool any = false;
      while (i < spec->size() && (*spec)[i] >= '0' && (*spec)[i] <= '9' && into < 10000) {
        into = into * 10 + static_cast<std::size_t>((*spec)[i++] - '0');
        any = true;
      }
      return any;
    };
    d.has_width = read_digits(d.width);
    if (i < spec->size() && (*spec)[i] == '.') {
      ++i;
      read_digits(d.precision);
      d.has_precision = true;
    }
    if (i == spec->size()) {
      return args.fail("the spec ends inside verb " + std::to_string(d.number));
    }
    d.verb = (*spec)[i];

    if (next == 0 || next >= args.size()) {
      return args.fail(ordinal_name(d) + " needs value " + std::to_string(next) + ", but " +
                       std::to_string(args.size() - 1) + " " +
                       (args.size() == 2 ? "is" : "are") + " given");
    }
    const Value& v = args[next];
    used[next] = true;
    ++next;
    auto wrong = [&](std::string_view what) {
      return args.fail(ordinal_name(d) + " needs " + std::string(what) + ", got " +
                       describe_type(v));
    };
    if (v.is_null() && d.verb != 'v') return wrong("a value");

    switch (d.verb) {
      case 's': {
        auto s = primitive_to_string(v);
        if (!s) return wrong("a string");
        if (d.has_precision) {
          std::u32string chars = decode_utf8(*s);
          if (chars.size() > d.precision) *s = encode_utf8(chars.substr(0, d.precision));
        }
        out += pad(*s, d);
        break;
      }
      case 'q': {
        auto s = primitive_to_string(v);
        if (!s) return wrong("a string");
        std::string quoted;
        append_json(Value::string(*s), quoted);
        out += pad(quoted, d);
        break;
      }
      case 'v': {
        // Numbers in the shortest %g form, as Terraform (1e+06 for a million).
        std::string text;
        if (v.kind() == Value::Kind::Number) {
          text = (v.as_number().sign() < 0 ? "-" : "") + float_text(v.as_number(), 'g', -1);
        } else if (auto s = primitive_to_string(v)) {
          text = *s;
        } else {
          append_json(v, text);
        }
        out += pad(text, d);
        break;
      }
      case 't': {
        if (v.kind() != Value::Kind::Bool) return wrong("a bool");
        out += pad(v.as_bool() ? "true" : "false", d);
        break;
      }
      case 'd':
      case 'x':
      case 'X':
      case 'o':
      case 'b': {
        std::optional<lang::Number> n = number_value(v);
        if (!n || !n->is_integer()) return wrong("a whole number");
        out += format_integer(d, *n);
        break;
      }
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        std::optional<lang::Number> n = number_value(v);
        if (!n) return wrong("a number");
        out += format_float(d, *n);
        break;
      }
      default:
        return args.fail("verb " + std::to_string(d.number) + " (%" + std::string(1, d.verb) +
                         ") is not a known verb");
    }
  }

  for (std::size_t k = 1; k < args.size(); ++k) {
    if (!used[k]) {
      return args.fail("value " + std::to_string(k) + " is not used by the spec; it has " +
                       std::to_string(count) + " verb" + (count == 1 ? "" : "s"));
    }
  }
  return Value::string(out);
}

Value formatlist_function(Args& args) {
  // Lists give one element per result; anything else is repeated in every result.
  std::optional<std::size_t> length;
  std::size_t length_from = 0;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i].kind() != Value::Kind::List) continue;
    const std::size_t n = args[i].as_list().size();
    if (length && *length != n) {
      return args.fail("argument " + std::to_string(i + 1) + " has length " + std::to_string(n) +
                       ", which is inconsistent with argument " + std::to_string(length_from + 1) +
                       " of length " + std::to_string(*length));
    }
    length = n;
    length_from = i;
  }
  if (!length) length = 1;  // no list at all: one result
  Value::List out;
  std::string error;
  for (std::size_t k = 0; k < *length; ++k) {
    std::vector<Value> row{args[0]};
    for (std::size_t i = 1; i < args.size(); ++i) {
      row.push_back(args[i].kind() == Value::Kind::List ? args[i].as_list()[k] : args[i]);
    }
    Args one(args.function(), row, error, &args.context());
    Value v = format_function(one);
    if (!error.empty()) return args.fail(error.substr(args.function().size() + 2));
    out.push_back(std::move(v));
  }
  return Value::list(std::move(out));
}

}  // namespace infra::stdlib
