// String functions: case, trimming, searching, splitting and joining, substrings.
#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

Value map_chars(Args& args, char32_t (*change)(char32_t)) {
  auto s = args.string(0);
  if (!s) return {};
  std::u32string chars = decode_utf8(*s);
  for (char32_t& c : chars) c = change(c);
  return Value::string(encode_utf8(chars));
}

Value title(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::u32string chars = decode_utf8(*s);
  // As Go's strings.Title: a letter after anything but a letter, digit or '_' starts a word.
  bool word_start = true;
  for (char32_t& c : chars) {
    if (word_start) c = to_upper(c);
    word_start = !(is_alnum(c) || c == '_' || (c >= 0x80 && !is_space(c)));
  }
  return Value::string(encode_utf8(chars));
}

/// Removes the characters for which `drop` holds from the ends of argument 0.
template <typename Drop>
Value trim_chars(Args& args, Drop drop) {
  auto s = args.string(0);
  if (!s) return {};
  std::u32string chars = decode_utf8(*s);
  std::size_t begin = 0, end = chars.size();
  while (begin < end && drop(chars[begin])) ++begin;
  while (end > begin && drop(chars[end - 1])) --end;
  return Value::string(encode_utf8(std::u32string_view(chars).substr(begin, end - begin)));
}

Value trim(Args& args) {
  auto cutset = args.string(1);
  if (!cutset) return {};
  std::u32string cut = decode_utf8(*cutset);
  return trim_chars(args, [&](char32_t c) { return cut.find(c) != std::u32string::npos; });
}

Value replace(Args& args) {
  auto s = args.string(0), search = args.string(1), replacement = args.string(2);
  if (!s || !search || !replacement) return {};

  if (search->size() >= 2 && search->front() == '/' && search->back() == '/') {
    return regex_replace(args, *s, search->substr(1, search->size() - 2), *replacement);
  }

  if (search->empty()) {
    // As Go's strings.ReplaceAll: the replacement goes around every character.
    std::string out = *replacement;
    for (char32_t c : decode_utf8(*s)) out += encode_utf8(std::u32string(1, c)) + *replacement;
    return Value::string(out);
  }
  std::string out;
  std::size_t from = 0;
  for (std::size_t at; (at = s->find(*search, from)) != std::string::npos;
       from = at + search->size()) {
    out.append(*s, from, at - from);
    out += *replacement;
  }
  out.append(*s, from);
  return Value::string(out);
}

Value split(Args& args) {
  auto separator = args.string(0), s = args.string(1);
  if (!separator || !s) return {};
  Value::List parts;
  if (separator->empty()) {
    for (char32_t c : decode_utf8(*s)) parts.push_back(Value::string(encode_utf8({&c, 1})));
    return Value::list(parts);
  }
  std::size_t from = 0;
  for (std::size_t at; (at = s->find(*separator, from)) != std::string::npos;
       from = at + separator->size()) {
    parts.push_back(Value::string(s->substr(from, at - from)));
  }
  parts.push_back(Value::string(s->substr(from)));
  return Value::list(parts);
}

Value join(Args& args) {
  auto separator = args.string(0);
  if (!separator) return {};
  std::string out;
  bool first = true;
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto items = args.string_list(i);
    if (!items) return {};
    for (const std::string& item : *items) {
      if (!first) out += *separator;
      out += item;
      first = false;
    }
  }
  return Value::string(out);
}

Value substr(Args& args) {
  auto s = args.string(0);
  auto offset = args.integer(1);
  auto length = args.integer(2);
  if (!s || !offset || !length) return {};
  std::u32string chars = decode_utf8(*s);
  const auto size = static_cast<std::int64_t>(chars.size());
  std::int64_t begin = *offset < 0 ? std::max<std::int64_t>(0, size + *offset) : *offset;
  if (*length < -1) return args.fail("the length must not be less than -1, got " +
                                     std::to_string(*length));
  if (begin >= size) return Value::string("");
  std::int64_t count = *length == -1 ? size - begin : std::min(*length, size - begin);
  return Value::string(encode_utf8(std::u32string_view(chars).substr(
      static_cast<std::size_t>(begin), static_cast<std::size_t>(count))));
}

Value strrev(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::u32string chars = decode_utf8(*s);
  return Value::string(encode_utf8(std::u32string(chars.rbegin(), chars.rend())));
}

Value chomp(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::size_t end = s->size();
  while (end > 0 && ((*s)[end - 1] == '\n' || (*s)[end - 1] == '\r')) --end;
  return Value::string(s->substr(0, end));
}

Value indent(Args& args) {
  auto spaces = args.integer(0);
  auto s = args.string(1);
  if (!spaces || !s) return {};
  if (*spaces < 0) return args.fail("argument 1 must not be negative, got " +
                                    std::to_string(*spaces));
  const std::string pad(static_cast<std::size_t>(*spaces), ' ');
  std::string out;
  for (char c : *s) {
    out += c;
    if (c == '\n') out += pad;
  }
  return Value::string(out);
}

}  // namespace

std::vector<Function> string_functions() {
  return {
      {
          .name = "upper",
          .params = {"string"},
          .doc = R"(
            Converts every letter of `string` to upper case.

            ```infra
            upper("hello, wörld")  # "HELLO, WÖRLD"
            ```
          )",
          .impl = [](Args& args) { return map_chars(args, to_upper); },
      },
      {
          .name = "lower",
          .params = {"string"},
          .doc = R"(
            Converts every letter of `string` to lower case.

            ```infra
            lower("HELLO, WÖRLD")  # "hello, wörld"
            ```
          )",
          .impl = [](Args& args) { return map_chars(args, to_lower); },
      },
      {
          .name = "title",
          .params = {"string"},
          .doc = R"(
            Converts the first letter of each word of `string` to upper case.

            ```infra
            title("hello world")  # "Hello World"
            ```
          )",
          .impl = title,
      },
      {
          .name = "trimspace",
          .params = {"string"},
          .doc = R"(
            Removes white space (spaces, tabs, newlines and other Unicode space) from both
            ends of `string`.

            ```infra
            trimspace("  hello\n")  # "hello"
            ```
          )",
          .impl = [](Args& args) { return trim_chars(args, is_space); },
      },
      {
          .name = "trim",
          .params = {"string", "characters"},
          .doc = R"(
            Removes every character that occurs in `characters` from both ends of `string`.

            ```infra
            trim("?!hello?!", "!?")  # "hello"
            ```
          )",
          .impl = trim,
      },
      {
          .name = "trimprefix",
          .params = {"string", "prefix"},
          .doc = R"(
            Removes `prefix` from the start of `string`, when it starts with it.

            ```infra
            trimprefix("helloworld", "hello")  # "world"
            trimprefix("helloworld", "cat")    # "helloworld"
            ```
          )",
          .impl =
              [](Args& args) {
                auto s = args.string(0), prefix = args.string(1);
                if (!s || !prefix) return Value();
                return Value::string(s->starts_with(*prefix) ? s->substr(prefix->size()) : *s);
              },
      },
      {
          .name = "trimsuffix",
          .params = {"string", "suffix"},
          .doc = R"(
            Removes `suffix` from the end of `string`, when it ends with it.

            ```infra
            trimsuffix("helloworld", "world")  # "hello"
            ```
          )",
          .impl =
              [](Args& args) {
                auto s = args.string(0), suffix = args.string(1);
                if (!s || !suffix) return Value();
                return Value::string(s->ends_with(*suffix)
                                         ? s->substr(0, s->size() - suffix->size())
                                         : *s);
              },
      },
      {
          .name = "replace",
          .params = {"string", "search", "replacement"},
          .doc = R"(
            Replaces every occurrence of `search` in `string` with `replacement`.

            When `search` is wrapped in slashes it is a regular expression (ECMAScript
            syntax), and `replacement` may refer to its groups as `$1` or `${1}`.

            ```infra
            replace("1 + 2 + 3", "+", "-")           # "1 - 2 - 3"
            replace("hello world", "/w(or)ld/", "$1")  # "hello or"
            ```
          )",
          .impl = replace,
      },
      {
          .name = "split",
          .params = {"separator", "string"},
          .doc = R"(
            Splits `string` at every occurrence of `separator` into a list of strings. An
            empty separator splits it into characters.

            ```infra
            split(",", "a,b,c")  # ["a", "b", "c"]
            split(",", "")       # [""]
            ```
          )",
          .impl = split,
      },
      {
          .name = "join",
          .params = {"separator", "list", "lists..."},
          .doc = R"(
            Joins the strings of one or more lists into one string, with `separator`
            between each two.

            ```infra
            join(", ", ["a", "b", "c"])  # "a, b, c"
            join("-", ["a"], ["b"])      # "a-b"
            ```
          )",
          .impl = join,
      },
      {
          .name = "format",
          .params = {"spec", "values..."},
          .doc = R"(
            Formats `values` according to the specification `spec`, in the manner of
            `printf`. Each `%` verb takes the next value:

            | Verb | Result |
            |------|--------|
            | `%s` | the value as a string (numbers and bools converted) |
            | `%d` | a whole number in decimal |
            | `%f` | a number with a fraction, `%.2f` with two digits |
            | `%e`, `%g` | a number in scientific or the shortest notation (`%E`, `%G` with `E`) |
            | `%x`, `%X`, `%o`, `%b` | a whole number in hexadecimal, octal or binary |
            | `%t` | a bool |
            | `%q` | a string, quoted as in JSON |
            | `%v` | any value in its default form: numbers as `%g`, lists and maps as JSON |
            | `%%` | a literal percent sign |

            Flags (`-`, `+`, `0`, space, `#` for `0x` and the like), a width and a precision
            may come between `%` and the verb, and `[N]` picks the value N (from 1)
            explicitly. Every value must be used. Numbers are written exactly at any size,
            and rounded half to even to the precision (`%.0f` of 2.5 is `2`).

            ```infra
            format("Hello, %s!", "Ander")  # "Hello, Ander!"
            format("%03d|%-4s|%.1f", 7, "ab", 3.14159)  # "007|ab  |3.1"
            ```
          )",
          .impl = format_function,
      },
      {
          .name = "formatlist",
          .params = {"spec", "values..."},
          .doc = R"(
            `format` applied element by element: each list argument gives one element to
            each result and must be as long as the other lists; any other argument is used
            in every result. Without any list the result has one element.

            ```infra
            formatlist("Hello, %s!", ["Valentina", "Ander"])  # ["Hello, Valentina!", "Hello, Ander!"]
            formatlist("%s, %s!", "Salutations", ["Olivia"])  # ["Salutations, Olivia!"]
            ```
          )",
          .impl = formatlist_function,
      },
      {
          .name = "strcontains",
          .params = {"string", "substr"},
          .doc = R"(
            Whether `substr` occurs in `string`.

            ```infra
            strcontains("hello world", "wor")  # true
            strcontains("hello world", "wod")  # false
            ```
          )",
          .impl =
              [](Args& args) {
                auto s = args.string(0), part = args.string(1);
                if (!s || !part) return Value();
                return Value::boolean(s->find(*part) != std::string::npos);
              },
      },
      {
          .name = "substr",
          .params = {"string", "offset", "length"},
          .doc = R"(
            The part of `string` that starts at character `offset` (from 0; a negative
            offset counts from the end) and is `length` characters long (`-1`: to the end).

            ```infra
            substr("hello world", 1, 4)   # "ello"
            substr("hello world", -5, -1) # "world"
            ```
          )",
          .impl = substr,
      },
      {
          .name = "strrev",
          .params = {"string"},
          .doc = R"(
            Reverses the characters of `string`.

            ```infra
            strrev("hello")  # "olleh"
            ```
          )",
          .impl = strrev,
      },
      {
          .name = "startswith",
          .params = {"string", "prefix"},
          .doc = R"(
            Whether `string` starts with `prefix`.

            ```infra
            startswith("hello world", "hello")  # true
            ```
          )",
          .impl =
              [](Args& args) {
                auto s = args.string(0), prefix = args.string(1);
                if (!s || !prefix) return Value();
                return Value::boolean(s->starts_with(*prefix));
              },
      },
      {
          .name = "endswith",
          .params = {"string", "suffix"},
          .doc = R"(
            Whether `string` ends with `suffix`.

            ```infra
            endswith("hello world", "world")  # true
            ```
          )",
          .impl =
              [](Args& args) {
                auto s = args.string(0), suffix = args.string(1);
                if (!s || !suffix) return Value();
                return Value::boolean(s->ends_with(*suffix));
              },
      },
      {
          .name = "chomp",
          .params = {"string"},
          .doc = R"(
            Removes every newline (`\n` or `\r\n`) at the end of `string`.

            ```infra
            chomp("hello\n\n")  # "hello"
            ```
          )",
          .impl = chomp,
      },
      {
          .name = "indent",
          .params = {"spaces", "string"},
          .doc = R"(
            Adds `spaces` spaces at the start of every line of `string` but the first, so
            that a multi-line string can be placed in indented text.

            ```infra
            indent(2, "a\nb\nc")  # "a\n  b\n  c"
            ```
          )",
          .impl = indent,
      },
  };
}

}  // namespace infra::stdlib
