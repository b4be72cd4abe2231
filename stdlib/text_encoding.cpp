// Encoding functions beyond JSON and plain base64: gzip, CSV, other character encodings
// (iconv) and URL query unescaping.
#include <iconv.h>
#include <zlib.h>

#include <cerrno>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

/// gzip-compresses (compress = true) or decompresses `in`; nullopt on corrupt input.
std::optional<std::string> gzip(const std::string& in, bool compress) {
  z_stream z{};
  // 15 window bits, +16: a gzip header and trailer instead of zlib's.
  const int ok = compress ? deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                                         Z_DEFAULT_STRATEGY)
                          : inflateInit2(&z, 15 + 16);
  if (ok != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buffer[16384];
  int status = Z_OK;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    status = compress ? deflate(&z, Z_FINISH) : inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  } while (status == Z_OK);
  compress ? deflateEnd(&z) : inflateEnd(&z);
  if (status != Z_STREAM_END) return std::nullopt;
  return out;
}

Value base64gzip(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  auto packed = gzip(*s, true);
  if (!packed) return args.fail("the string could not be compressed");
  return Value::string(base64_encode(*packed));
}

Value base64gunzip(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::string why;
  auto packed = base64_decode(*s, &why);
  if (!packed) return args.fail("the string is not valid base64: " + why);
  auto text = gzip(*packed, false);
  if (!text) return args.fail("the decoded bytes are not valid gzip data");
  if (!is_valid_utf8(*text)) return args.fail("the decompressed bytes are not valid UTF-8");
  return Value::string(*text);
}

/// Parses RFC 4180 CSV into rows; sets `error` on a malformed quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& s, std::string& error) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  std::size_t line = 1;
  bool row_has_content = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '"' && field.empty()) {
      const std::size_t start_line = line;
      for (++i;; ++i) {
        if (i >= s.size()) {
          error = "line " + std::to_string(start_line) + ": a quoted field is not closed";
          return rows;
        }
        if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') {
          field += '"';
          ++i;
        } else if (s[i] == '"') {
          break;
        } else {
          if (s[i] == '\n') ++line;
          field += s[i];
        }
      }
      if (i + 1 < s.size() && s[i + 1] != ',' && s[i + 1] != '\n' && s[i + 1] != '\r') {
        error = "line " + std::to_string(line) + ": extraneous text after a quoted field";
        return rows;
      }
      row_has_content = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      row_has_content = true;
    } else if (c == '\n' || (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n')) {
      if (c == '\r') ++i;
      if (row_has_content || !field.empty()) {  // blank lines are skipped
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      row_has_content = false;
      ++line;
    } else {
      if (c == '"') {
        error = "line " + std::to_string(line) + ": a bare \" in a field that is not quoted";
        return rows;
      }
      field += c;
      row_has_content = true;
    }
  }
  if (row_has_content || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Value csvdecode(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::string error;
  auto rows = parse_csv(*s, error);
  if (!error.empty()) return args.fail("invalid CSV: " + error);
  if (rows.empty()) return args.fail("missing header line");
  const std::vector<std::string>& header = rows.front();
  Value::List out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != header.size()) {
      return args.fail("row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                       " fields, but the header row has " + std::to_string(header.size()));
    }
    Value::Object item;
    for (std::size_t k = 0; k < header.size(); ++k) {
      item.insert_or_assign(header[k], Value::string(rows[r][k]));
    }
    out.push_back(Value::object(std::move(item)));
  }
  return Value::list(std::move(out));
}

/// Converts `in` between character encodings with iconv; nullopt when `in` does not
/// convert, and `unsupported` set when iconv does not know an encoding.
std::optional<std::string> convert(const std::string& in, const std::string& to,
                                   const std::string& from, bool& unsupported) {
  iconv_t cd = iconv_open(to.c_str(), from.c_str());
  unsupported = cd == reinterpret_cast<iconv_t>(-1);
  if (unsupported) return std::nullopt;
  std::string out;
  char* src = const_cast<char*>(in.data());
  std::size_t src_left = in.size();
  char buffer[4096];
  bool ok = true;
  while (true) {
    char* dst = buffer;
    std::size_t dst_left = sizeof buffer;
    const std::size_t r = iconv(cd, src_left > 0 ? &src : nullptr, &src_left, &dst, &dst_left);
    out.append(buffer, sizeof buffer - dst_left);
    if (r != static_cast<std::size_t>(-1)) {
      if (src_left == 0) break;
      continue;
    }
    if (errno == E2BIG) continue;
    ok = false;
    break;
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  return out;
}

Value textencodebase64(Args& args) {
  auto s = args.string(0), encoding = args.string(1);
  if (!s || !encoding) return {};
  bool unsupported = false;
  auto bytes = convert(*s, *encoding, "UTF-8", unsupported);
  if (unsupported) return args.fail("\"" + *encoding + "\" is not a supported encoding");
  if (!bytes) return args.fail("the string has characters that " + *encoding + " cannot encode");
  return Value::string(base64_encode(*bytes));
}

Value textdecodebase64(Args& args) {
  auto s = args.string(0), encoding = args.string(1);
  if (!s || !encoding) return {};
  std::string why;
  auto bytes = base64_decode(*s, &why);
  if (!bytes) return args.fail("the string is not valid base64: " + why);
  bool unsupported = false;
  auto text = convert(*bytes, "UTF-8", *encoding, unsupported);
  if (unsupported) return args.fail("\"" + *encoding + "\" is not a supported encoding");
  if (!text) return args.fail("the decoded bytes are not valid " + *encoding);
  return Value::string(*text);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Value urldecode(Args& args) {
  auto s = args.string(0);
  if (!s) return {};
  std::string out;
  for (std::size_t i = 0; i < s->size(); ++i) {
    const char c = (*s)[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s->size() || hex_value((*s)[i + 1]) < 0 || hex_value((*s)[i + 2]) < 0) {
        return args.fail("invalid URL escape \"" + s->substr(i, 3) + "\"");
      }
      out += static_cast<char>(hex_value((*s)[i + 1]) * 16 + hex_value((*s)[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  if (!is_valid_utf8(out)) return args.fail("the decoded bytes are not valid UTF-8");
  return Value::string(out);
}

}  // namespace

std::vector<Function> text_encoding_functions() {
  return {
      {
          .name = "base64gzip",
          .params = {"string"},
          .doc = R"md(
            Compresses the UTF-8 bytes of `string` with gzip and encodes the result in
            base64, for APIs that take compressed payloads.

            ```infra
            base64gunzip(base64gzip("hello"))  # "hello"
            ```
          )md",
          .impl = base64gzip,
      },
      {
          .name = "base64gunzip",
          .params = {"string"},
          .doc = R"md(
            Decodes base64 and decompresses the gzip data inside; the result must be UTF-8.

            ```infra
            base64gunzip("H4sIAAAAAAAA/8pIzcnJBwQAAP//hqYQNgUAAAA=")  # "hello"
            ```
          )md",
          .impl = base64gunzip,
      },
      {
          .name = "csvdecode",
          .params = {"string"},
          .doc = R"md(
            Decodes CSV (RFC 4180): the first line names the fields, each further line
            becomes an object of strings. Every line must have as many fields as the first.

            ```infra
            csvdecode("a,b,c\n1,2,3\n4,5,6")
            # [{a = "1", b = "2", c = "3"}, {a = "4", b = "5", c = "6"}]
            ```
          )md",
          .impl = csvdecode,
      },
      {
          .name = "textdecodebase64",
          .params = {"string", "encoding_name"},
          .doc = R"md(
            Decodes base64 into bytes in the character encoding `encoding_name` (an IANA
            name such as `UTF-16LE` or `ISO-8859-1`) and returns them as a string.

            ```infra
            textdecodebase64("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE")  # "Hello World"
            ```
          )md",
          .impl = textdecodebase64,
      },
      {
          .name = "textencodebase64",
          .params = {"string", "encoding_name"},
          .doc = R"md(
            Encodes `string` in the character encoding `encoding_name`, then in base64.

            ```infra
            textencodebase64("Hello World", "UTF-16LE")  # "SABlAGwAbABvACAAVwBvAHIAbABkAA=="
            ```
          )md",
          .impl = textencodebase64,
      },
      {
          .name = "urldecode",
          .params = {"string"},
          .doc = R"md(
            Undoes `urlencode`: `%XX` escapes become bytes and `+` becomes a space.

            ```infra
            urldecode("Hello+World%21")  # "Hello World!"
            ```
          )md",
          .impl = urldecode,
      },
  };
}

}  // namespace infra::stdlib
