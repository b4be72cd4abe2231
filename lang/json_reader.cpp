// The JSON reader of lang/json_reader.hpp: a recursive descent over the text that stops at
// the first syntax error, with a message in the style of the native parser's ("expected X,
// found Y") at the offending place.
#include "lang/json_reader.hpp"

#include <algorithm>
#include <iterator>

#include "lang/unicode.hpp"

namespace infra::lang::detail {

SourcePos JsonValue::position_in_string(std::size_t offset) const {
  std::size_t raw = range.begin.offset + 1 + offset;  // no escapes
  auto it = std::upper_bound(offsets.begin(), offsets.end(), offset,
                             [](std::size_t o, const auto& p) { return o < p.first; });
  if (it != offsets.begin()) raw = std::prev(it)->second + (offset - std::prev(it)->first);
  return SourcePos{range.begin.line,
                   range.begin.column + static_cast<int>(raw - range.begin.offset), raw};
}

const char* JsonValue::kind_name() const {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return boolean ? "true" : "false";
    case Kind::Number: return "a number";
    case Kind::String: return "a string";
    case Kind::Array: return "an array";
    case Kind::Object: return "an object";
  }
  return "a value";
}

namespace {

/// Thrown inside the reader only, and turned into the one diagnostic of the file.
struct JsonSyntaxError {
  std::string message;
  SourcePos begin;
  std::size_t length;
};

/// The length of the well-formed UTF-8 sequence at `text[i]` (RFC 3629: no overlong forms,
/// no surrogates, nothing past U+10FFFF), or 0.
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0u;
  };
  const auto continuation = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xbf) {
    return byte(k) >= lo && byte(k) <= hi;
  };
  const unsigned c = byte(0);
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return continuation(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const bool second = c == 0xe0   ? continuation(1, 0xa0)
                        : c == 0xed ? continuation(1, 0x80, 0x9f)
                                    : continuation(1);
    return second && continuation(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const bool second = c == 0xf0   ? continuation(1, 0x90)
                        : c == 0xf4 ? continuation(1, 0x80, 0x8f)
                                    : continuation(1);
    return second && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string line_column(const SourcePos& p) {
  return std::to_string(p.line) + ":" + std::to_string(p.column);
}

class Reader {
 public:
  Reader(const std::string& file, std::string_view text) : file_(file), text_(text) {}

  JsonValue document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a byte order mark
    space();
    JsonValue v = value("expected a JSON value");
    space();
    if (pos_ < text_.size()) fail("expected the end of the file after the JSON value");
    return v;
  }

 private:
  SourcePos here() const {
    return SourcePos{line_, static_cast<int>(pos_ - line_start_ + 1), pos_};
  }
  SourceRange range_from(const SourcePos& begin) const { return {file_, begin, here()}; }

  [[noreturn]] void fail_at(std::string message, const SourcePos& at, std::size_t length = 1) {
    throw JsonSyntaxError{std::move(message), at, length};
  }
  /// Fails at the current place with `expected`, naming what is there instead.
  [[noreturn]] void fail(const std::string& expected) {
    fail_at(expected + ", found " + found(), here());
  }

  /// Describes the text at the current place: "'x'", "'word'", "a newline", "the end of
  /// the file".
  std::string found() const {
    if (pos_ >= text_.size()) return "the end of the file";
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '\n' || c == '\r') return "a newline";
    if (c < 0x20 || c == 0x7f) return "a control character";
    std::size_t n = utf8_length(text_, pos_);
    if (n == 0) return "a byte that is not UTF-8";
    if (is_word(text_[pos_])) {
      while (pos_ + n < text_.size() && n < 32 && is_word(text_[pos_ + n])) ++n;
    }
    return "'" + std::string(text_.substr(pos_, n)) + "'";
  }

  bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  void space() {
    for (; pos_ < text_.size(); ++pos_) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
    }
  }

  JsonValue value(const std::string& expected) {
    if (pos_ >= text_.size()) fail(expected);
    const char c = text_[pos_];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') return string();
    if (c == '-' || is_digit(c)) return number();
    if (is_word(c)) {
      const SourcePos begin = here();
      std::size_t end = pos_;
      while (end < text_.size() && is_word(text_[end])) ++end;
      const std::string_view word = text_.substr(pos_, end - pos_);
      JsonValue v;
      if (word == "true" || word == "false") {
        v.kind = JsonValue::Kind::Bool;
        v.boolean = word == "true";
      } else if (word != "null") {
        fail(expected);
      }
      pos_ = end;
      v.range = range_from(begin);
      return v;
    }
    fail(expected);
  }

  /// Enters an array or object opened at `open`.
  void nest(const SourcePos& open) {
    if (++depth_ > kMaxJsonNesting) {
      fail_at("JSON arrays and objects are nested too deeply (the limit is " +
                  std::to_string(kMaxJsonNesting) + " levels)",
              open);
    }
  }

  /// After an element or member: the closing bracket, or a comma before the next one.
  /// True at a comma. At the end of the file, the error is shown at the opening bracket.
  bool next_or_close(char close, const SourcePos& open, const char* what, const char* after) {
    space();
    if (at(',')) {
      ++pos_;
      space();
      return true;
    }
    if (at(close)) return false;
    const std::string expected = std::string("expected ',' or '") + close + "'";
    if (pos_ >= text_.size()) {
      fail_at(expected + " to close the " + what + " opened at " + line_column(open) +
                  ", found the end of the file",
              open);
    }
    fail(expected + " after " + after);
  }

  /// An array or an object, with `read` reading each element or member into it.
  JsonValue container(JsonValue::Kind kind, char close, const char* what, const char* after,
                      void (Reader::*read)(JsonValue&)) {
    const SourcePos open = here();
    nest(open);
    ++pos_;
    space();
    JsonValue v;
    v.kind = kind;
    if (!at(close)) {
      do {
        (this->*read)(v);
      } while (next_or_close(close, open, what, after));
    }
    ++pos_;
    --depth_;
    v.range = range_from(open);
    return v;
  }

  JsonValue object() {
    return container(JsonValue::Kind::Object, '}', "object", "an object member", &Reader::member);
  }
  JsonValue array() {
    return container(JsonValue::Kind::Array, ']', "array", "an array element", &Reader::element);
  }

  void member(JsonValue& object) {
    if (!at('"')) {
      fail(object.members.empty() ? "expected a property name (a string) or '}'"
                                  : "expected a property name (a string) after ','");
    }
    JsonMember m;
    m.name = string();
    space();
    if (!at(':')) fail("expected ':' after the property name");
    ++pos_;
    space();
    m.value = value("expected a JSON value");
    object.members.push_back(std::move(m));
  }

  void element(JsonValue& array) {
    array.items.push_back(value(array.items.empty() ? "expected a JSON value or ']'"
                                                    : "expected a JSON value after ','"));
  }

  JsonValue number() {
    const SourcePos begin = here();
    const std::size_t start = pos_;
    const auto digits = [&](const char* expected) {
      if (pos_ >= text_.size() || !is_digit(text_[pos_])) fail(expected);
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    };
    if (at('-')) ++pos_;
    if (at('0')) {
      ++pos_;
      if (pos_ < text_.size() && is_digit(text_[pos_])) {
        fail_at("a JSON number cannot start with 0 followed by more digits", begin);
      }
    } else {
      digits("expected a digit after '-'");
    }
    if (at('.')) {
      ++pos_;
      digits("expected a digit after the decimal point");
    }
    if (at('e') || at('E')) {
      ++pos_;
      if (at('+') || at('-')) ++pos_;
      digits("expected a digit in the exponent");
    }
    JsonValue v;
    v.kind = JsonValue::Kind::Number;
    v.text = std::string(text_.substr(start, pos_ - start));
    v.range = range_from(begin);
    return v;
  }

  JsonValue string() {
    const SourcePos open = here();
    ++pos_;
    JsonValue v;
    v.kind = JsonValue::Kind::String;
    v.offsets.emplace_back(0, pos_);
    while (true) {
      // A JSON string ends on its line: a newline in it means the closing quote is missing.
      if (pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r') {
        fail_at("unterminated string", open);
      }
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') break;
      if (c == '\\') {
        escape(v, open);
      } else if (c < 0x20) {
        fail_at("a control character in a string must be written as an escape, like \\t",
                here());
      } else {
        const std::size_t n = utf8_length(text_, pos_);
        if (n == 0) fail_at("invalid UTF-8 in a string", here());
        v.text.append(text_.substr(pos_, n));
        pos_ += n;
      }
    }
    ++pos_;
    v.range = range_from(open);
    return v;
  }

  /// Four hexadecimal digits at `at`, or -1.
  long hex4(std::size_t at) const {
    if (at + 4 > text_.size()) return -1;
    long value = 0;
    for (std::size_t i = at; i < at + 4; ++i) {
      const int h = hex_value(text_[i]);
      if (h < 0) return -1;
      value = value * 16 + h;
    }
    return value;
  }

  void escape(JsonValue& v, const SourcePos& open) {
    const SourcePos backslash = here();
    v.offsets.emplace_back(v.text.size(), pos_);
    if (pos_ + 1 >= text_.size() || text_[pos_ + 1] == '\n' || text_[pos_ + 1] == '\r') {
      fail_at("unterminated string", open);
    }
    const char e = text_[pos_ + 1];
    static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
    if (const std::size_t k = kFrom.find(e); k != std::string_view::npos) {
      v.text += kTo[k];
      pos_ += 2;
    } else if (e == 'u') {
      v.text += unicode_escape(backslash);
    } else {
      const std::size_t n = std::max<std::size_t>(utf8_length(text_, pos_ + 1), 1);
      fail_at("invalid escape sequence \\" + std::string(text_.substr(pos_ + 1, n)), backslash,
              n + 1);
    }
    v.offsets.emplace_back(v.text.size(), pos_);
  }

  /// `\u` and four hex digits, or a surrogate pair `\uD83D\uDE00`, as UTF-8.
  std::string unicode_escape(const SourcePos& backslash) {
    long cp = hex4(pos_ + 2);
    if (cp < 0) {
      fail_at("invalid escape sequence: \\u must be followed by four hexadecimal digits",
              backslash, 2);
    }
    const std::string written(text_.substr(pos_, 6));
    pos_ += 6;
    if (cp >= 0xdc00 && cp <= 0xdfff) {
      fail_at("invalid Unicode escape " + written + ": a low surrogate without a high one",
              backslash, 6);
    }
    if (cp >= 0xd800 && cp <= 0xdbff) {
      const long low = text_.substr(pos_, 2) == "\\u" ? hex4(pos_ + 2) : -1;
      if (low < 0xdc00 || low > 0xdfff) {
        fail_at("invalid Unicode escape " + written +
                    ": a high surrogate must be followed by a low one, like \\udc00",
                backslash, 6);
      }
      pos_ += 6;
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
    }
    std::string out;
    append_utf8(out, static_cast<char32_t>(cp));
    return out;
  }

  const FileName file_;
  std::string_view text_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_start_ = 0;
  int depth_ = 0;
};

}  // namespace

std::optional<JsonValue> read_json(const std::string& file_name, std::string_view text,
                                   Diagnostics& diags) {
  try {
    return Reader(file_name, text).document();
  } catch (const JsonSyntaxError& e) {
    SourcePos end = e.begin;
    end.column += static_cast<int>(e.length);
    end.offset += e.length;
    diags.error(SourceRange{file_name, e.begin, end}, e.message);
    return std::nullopt;
  }
}

}  // namespace infra::lang::detail
