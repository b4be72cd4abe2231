// Encoding functions: JSON, base64 and URL query encoding.
#include <cstring>
#include <nlohmann/json.hpp>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
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

Value from_json(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::boolean:
      return Value::boolean(j.get<bool>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return Value::number(j.get<double>());
    case nlohmann::json::value_t::string:
      return Value::string(j.get<std::string>());
    case nlohmann::json::value_t::array: {
      Value::List items;
      for (const auto& item : j) items.push_back(from_json(item));
      return Value::list(items);
    }
    case nlohmann::json::value_t::object: {
      Value::Object members;
      for (const auto& [key, item] : j.items()) members[key] = from_json(item);
      return Value::object(members);
    }
    default:
      return Value::null();
  }
}

Value jsondecode(Args& args) {
  auto text = args.string(0);
  if (!text) return {};
  try {
    return from_json(nlohmann::json::parse(*text));
  } catch (const nlohmann::json::exception& e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    std::string message = e.what();
    if (auto close = message.find("] "); message.starts_with("[") && close != std::string::npos) {
      message.erase(0, close + 2);
    }
    return args.fail("the string is not valid JSON: " + message);
  }
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
            lists.

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
