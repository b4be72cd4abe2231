// Encoding functions: JSON, base64 and URL query encoding.
#include <cstring>
#include <nlohmann/json.hpp>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/json_decode.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kHexUpper[] = "0123456789ABCDEF";

void append_json_string(std::string_view s, std::string& out) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      // As Terraform (Go's encoding/json): HTML-sensitive characters are escaped, so the
      // JSON can be embedded in HTML or a script.
      case '<': case '>': case '&':
        out += "\\u00";
        out += kHexDigits[c >> 4];
        out += kHexDigits[c & 0xF];
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHexDigits[c >> 4];
          out += kHexDigits[c & 0xF];
        } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                   (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                    static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
          // U+2028 and U+2029 end lines in JavaScript.
          out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// nlohmann's reader converts a number with a fraction or exponent to number_float_t before
// handing over its text, and refuses the text when that overflows: a long double takes the
// overflow from about 1e308 to about 1e4932.
using SaxJson = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t,
                                     std::uint64_t, long double>;

/// Builds a Value from the reader's events, with an explicit stack (no recursion).
class ValueBuilder : public nlohmann::json_sax<SaxJson> {
 public:
  bool null() override { return put(Value::null()); }
  bool boolean(bool b) override { return put(Value::boolean(b)); }
  bool number_integer(number_integer_t n) override { return put(Value::number(n)); }
  bool number_unsigned(number_unsigned_t n) override { return put(Value::number(n)); }
  bool number_float(number_float_t, const string_t& text) override {
    lang::NumberResult n = lang::Number::parse(text);
    if (!n) {
      error_ = "the number " + text + " has " + n.error();
      return false;
    }
    return put(Value::number(*n));
  }
  bool string(string_t& s) override { return put(Value::string(std::move(s))); }
  bool binary(binary_t&) override { return false; }  // JSON text has no binary values
  bool start_object(std::size_t) override {
    open_.push_back({Value::object({}), {}});
    return true;
  }
  bool key(string_t& k) override {
    open_.back().key = std::move(k);
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override {
    open_.push_back({Value::list({}), {}});
    return true;
  }
  bool end_array() override { return close(); }
  bool parse_error(std::size_t, const std::string&,
                   const nlohmann::detail::exception& e) override {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    error_ = e.what();
    if (auto end = error_.find("] "); error_.starts_with("[") && end != std::string::npos) {
      error_.erase(0, end + 2);
    }
    return false;
  }

  Value& result() { return result_; }
  const std::string& error() const { return error_; }

 private:
  struct Open {
    Value value;  // the array or object being filled
    std::string key;
  };

  bool put(Value v) {
    if (open_.empty()) {
      result_ = std::move(v);
    } else if (open_.back().value.kind() == Value::Kind::List) {
      open_.back().value.as_list().push_back(std::move(v));
    } else {
      open_.back().value.as_object()[open_.back().key] = std::move(v);
    }
    return true;
  }

  bool close() {
    Value done = std::move(open_.back().value);
    open_.pop_back();
    return put(std::move(done));
  }

  std::vector<Open> open_;
  Value result_;
  std::string error_;
};

Value jsondecode(Args& args) {
  auto text = args.string(0);
  if (!text) return {};
  std::string error;
  std::optional<Value> v = parse_json(*text, error);
  if (!v) return args.fail("the string is not valid JSON: " + error);
  return *v;
}

Value base64encode(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  return Value::string(base64_encode(*s));
}

Value base64decode(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::string why;
  std::optional<std::string> out = base64_decode(*s, &why);
  if (!out) return args.fail("the string is not valid base64: " + why);
  if (!is_valid_utf8(*out)) {
    return args.fail("the decoded bytes are not valid UTF-8; base64decode only returns text");
  }
  return Value::string(*out);
}

Value urlencode(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  // As Go's url.QueryEscape, which Terraform uses: a space becomes '+'.
  std::string out;
  for (const char ch : *s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                            (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.' ||
                            c == '~';
    if (unreserved) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHexUpper[c >> 4];
      out += kHexUpper[c & 0xF];
    }
  }
  return Value::string(out);
}

}  // namespace

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64_encode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    std::uint32_t chunk = 0;
    const std::size_t n = std::min<std::size_t>(3, s.size() - i);
    for (std::size_t k = 0; k < 3; ++k) {
      chunk = (chunk << 8) | (k < n ? static_cast<unsigned char>(s[i + k]) : 0u);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out += k <= n ? kBase64[(chunk >> (18 - 6 * k)) & 0x3F] : '=';
    }
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view s, std::string* why) {
  if (s.size() % 4 != 0) {
    if (why) *why = "its length " + std::to_string(s.size()) + " is not a multiple of 4";
    return std::nullopt;
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 4) {
    std::uint32_t chunk = 0;
    std::size_t padding = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const char c = s[i + k];
      const bool last_group = i + 4 == s.size();
      std::uint32_t bits = 0;
      if (c == '=' && last_group && k >= 2 && (k == 3 || s[i + 3] == '=')) {
        ++padding;
      } else if (const char* at = std::strchr(kBase64, c);
                 c != '\0' && at != nullptr && padding == 0) {
        bits = static_cast<std::uint32_t>(at - kBase64);
      } else {
        if (why) *why = "unexpected '" + std::string(1, c) + "' at offset " + std::to_string(i + k);
        return std::nullopt;
      }
      chunk = (chunk << 6) | bits;
    }
    for (std::size_t k = 0; k < 3 - padding; ++k) {
      out += static_cast<char>((chunk >> (16 - 8 * k)) & 0xFF);
    }
  }
  return out;
}

std::optional<Value> parse_json(std::string_view text, std::string& error) {
  ValueBuilder builder;
  if (!SaxJson::sax_parse(text, &builder)) {
    error = builder.error();
    return std::nullopt;
  }
  return std::move(builder.result());
}

void append_json(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown:
      out += "null";
      return;
    case Value::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case Value::Kind::Number:
      out += lang::format_number(v.as_number());  // exact, as Terraform writes numbers
      return;
    case Value::Kind::String:
      append_json_string(v.as_string(), out);
      return;
    case Value::Kind::List: {
      out += '[';
      bool first = true;
      for (const Value& item : v.as_list()) {
        if (!first) out += ',';
        first = false;
        append_json(item, out);
      }
      out += ']';
      return;
    }
    case Value::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.as_object()) {
        if (!first) out += ',';
        first = false;
        append_json_string(key, out);
        out += ':';
        append_json(item, out);
      }
      out += '}';
      return;
    }
  }
}

std::vector<Function> encoding_functions() {
  return {
      {
          .name = "jsonencode",
          .params = {"value"},
          .doc = R"(
            `value` as compact JSON: map keys sorted, numbers exact and without an exponent
            (whole numbers without a fraction), and `<`, `>`, `&`, U+2028 and U+2029 escaped
            as `\u003c` and so on.

            ```infra
            jsonencode({b = [1, true], a = "x"})  # "{\"a\":\"x\",\"b\":[1,true]}"
            ```
          )",
          .impl =
              [](Args& args) {
                std::string out;
                append_json(args[0], out);
                return Value::string(out);
              },
      },
      {
          .name = "jsondecode",
          .params = {"string"},
          .doc = R"(
            The value that the JSON text `string` describes: objects become maps, arrays
            lists, and numbers exact decimals at any size (below about 1e4932).

            ```infra
            jsondecode("{\"a\": [1, 2]}")  # {a = [1, 2]}
            ```
          )",
          .impl = jsondecode,
      },
      {
          .name = "base64encode",
          .params = {"string"},
          .doc = R"(
            The UTF-8 bytes of `string` in base64 (RFC 4648, with padding).

            ```infra
            base64encode("Hello")  # "SGVsbG8="
            ```
          )",
          .impl = base64encode,
      },
      {
          .name = "base64decode",
          .params = {"string"},
          .doc = R"(
            Decodes base64 (RFC 4648, with padding) to a string. The decoded bytes must be
            valid UTF-8.

            ```infra
            base64decode("SGVsbG8=")  # "Hello"
            ```
          )",
          .impl = base64decode,
      },
      {
          .name = "urlencode",
          .params = {"string"},
          .doc = R"(
            Escapes `string` for use in a URL query: letters, digits and `-_.~` stay, a
            space becomes `+`, every other byte `%XX`.

            ```infra
            urlencode("a b&c")  # "a+b%26c"
            ```
          )",
          .impl = urlencode,
      },
  };
}

}  // namespace infra::stdlib
