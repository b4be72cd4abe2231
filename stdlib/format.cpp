// format(spec, values...): printf-style formatting with Terraform's verbs.
#include <cstdio>
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

/// Formats one number with the C library, from a format string built of parsed parts.
template <typename T>
std::string c_format(const Directive& d, const char* length_modifier, T value) {
  std::string spec = "%" + d.flags;
  if (d.has_width) spec += std::to_string(d.width);
  if (d.has_precision) spec += "." + std::to_string(d.precision);
  spec += length_modifier;
  spec += d.verb;
  const int size = std::snprintf(nullptr, 0, spec.c_str(), value);
  std::string out(static_cast<std::size_t>(size) + 1, '\0');
  std::snprintf(out.data(), out.size(), spec.c_str(), value);
  out.resize(static_cast<std::size_t>(size));
  return out;
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
        std::string text;
        if (auto s = primitive_to_string(v)) {
          text = *s;
        } else if (!append_json(v, text)) {
          return wrong("a finite number");
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
      case 'o': {
        std::optional<double> n = v.kind() == Value::Kind::Number ? std::optional(v.as_number())
                                  : v.kind() == Value::Kind::String ? parse_number(v.as_string())
                                                                    : std::nullopt;
        std::optional<std::int64_t> whole = n ? to_integer(*n) : std::nullopt;
        if (!whole) return wrong("a whole number");
        if (*whole < 0 && d.verb != 'd') {
          // C prints a negative number's two's complement in hex and octal; Go, a sign.
          out += "-" + c_format(d, "ll", static_cast<long long>(-*whole));
        } else {
          out += c_format(d, "ll", static_cast<long long>(*whole));
        }
        break;
      }
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        std::optional<double> n = v.kind() == Value::Kind::Number ? std::optional(v.as_number())
                                  : v.kind() == Value::Kind::String ? parse_number(v.as_string())
                                                                    : std::nullopt;
        if (!n) return wrong("a number");
        out += c_format(d, "", *n);
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
    Args one(args.function(), row, error, args.context());
    Value v = format_function(one);
    if (!error.empty()) return args.fail(error.substr(args.function().size() + 2));
    out.push_back(std::move(v));
  }
  return Value::list(std::move(out));
}

}  // namespace infra::stdlib
