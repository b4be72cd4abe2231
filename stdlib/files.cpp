// Filesystem functions. Relative paths resolve against the module directory of the call's
// Context (abspath excepted: as in Terraform it resolves against the working directory).
#include <re2/re2.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"
#include "stdlib/utf8.hpp"

namespace infra::stdlib {

using lang::Value;
namespace fs = std::filesystem;

namespace {

/// "~" or "~/x" with the home directory in place of "~".
std::string expand_home(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    if (home != nullptr) return std::string(home) + path.substr(1);
  }
  return path;
}

fs::path resolve(const Args& args, const std::string& path) {
  fs::path p = expand_home(path);
  return p.is_absolute() ? p : args.context().module_dir / p;
}

/// Go's filepath.Clean, which dirname and abspath apply.
std::string clean(const std::string& path) {
  if (path.empty()) return ".";
  std::string out = fs::path(path).lexically_normal().generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "." : out;
}

Value basename(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  std::string p = *path;
  if (p.empty()) return Value::string(".");
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  if (p == "/") return Value::string("/");
  return Value::string(p.substr(p.find_last_of('/') + 1));
}

Value dirname(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  const std::size_t slash = path->find_last_of('/');
  if (slash == std::string::npos) return Value::string(".");
  return Value::string(clean(path->substr(0, slash + 1)));
}

Value abspath(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  fs::path p = *path;
  std::error_code ec;
  if (!p.is_absolute()) p = fs::current_path(ec) / p;
  return Value::string(clean(p.generic_string()));
}

Value file(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  auto text = read_module_file(args, *path);
  if (!text) return {};
  if (!is_valid_utf8(*text)) {
    return args.fail("the contents of \"" + *path +
                     "\" are not valid UTF-8; use filebase64 to read binary files");
  }
  return Value::string(*text);
}

Value filebase64(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  auto bytes = read_module_file(args, *path);
  if (!bytes) return {};
  return Value::string(base64_encode(*bytes));
}

Value fileexists(Args& args) {
  auto path = args.string(0);
  if (!path) return {};
  std::error_code ec;
  fs::file_status status = fs::status(resolve(args, *path), ec);
  if (!fs::exists(status)) return Value::boolean(false);
  if (!fs::is_regular_file(status)) {
    return args.fail("\"" + *path + "\" exists but is not a regular file");
  }
  return Value::boolean(true);
}

/// A glob as a regular expression: `*` and `?` stay within a directory, `**` crosses
/// directories, `[...]` is a class and `{a,b}` an alternative.
std::optional<std::string> glob_to_regex(const std::string& glob) {
  std::string re;
  int braces = 0;
  for (std::size_t i = 0; i < glob.size(); ++i) {
    const char c = glob[i];
    if (c == '*' && i + 1 < glob.size() && glob[i + 1] == '*') {
      const bool dir = i + 2 < glob.size() && glob[i + 2] == '/';
      re += dir ? "(?:.*/)?" : ".*";
      i += dir ? 2 : 1;
    } else if (c == '*') {
      re += "[^/]*";
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      const std::size_t close = glob.find(']', i + 2);
      if (close == std::string::npos) return std::nullopt;
      std::string set = glob.substr(i + 1, close - i - 1);
      if (set[0] == '!') set[0] = '^';
      re += "[" + set + "]";
      i = close;
    } else if (c == '{') {
      re += "(?:";
      ++braces;
    } else if (c == ',' && braces > 0) {
      re += "|";
    } else if (c == '}' && braces > 0) {
      re += ")";
      --braces;
    } else if (c == '\\' && i + 1 < glob.size()) {
      re += RE2::QuoteMeta(glob.substr(++i, 1));
    } else {
      re += RE2::QuoteMeta(std::string(1, c));
    }
  }
  if (braces != 0) return std::nullopt;
  return re;
}

Value fileset(Args& args) {
  auto path = args.string(0), pattern = args.string(1);
  if (!path || !pattern) return {};
  auto re_text = glob_to_regex(*pattern);
  RE2::Options options;
  options.set_log_errors(false);
  RE2 re(re_text.value_or(""), options);
  if (!re_text || !re.ok()) return args.fail("invalid pattern \"" + *pattern + "\"");
  const fs::path base = resolve(args, *path);
  std::error_code ec;
  Value::List out;
  if (!fs::is_directory(base, ec)) return Value::list(out);
  for (auto it = fs::recursive_directory_iterator(base, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string relative = it->path().lexically_relative(base).generic_string();
    if (RE2::FullMatch(relative, re)) out.push_back(Value::string(relative));
  }
  if (ec) return args.fail("cannot read the directory \"" + *path + "\": " + ec.message());
  return Value::list(canonical_set(out));
}

}  // namespace

std::optional<std::string> read_module_file(Args& args, const std::string& path) {
  const fs::path full = resolve(args, path);
  std::error_code ec;
  if (!fs::exists(full, ec)) {
    args.fail("no file exists at \"" + path + "\"");
    return std::nullopt;
  }
  if (fs::is_directory(full, ec)) {
    args.fail("\"" + path + "\" is a directory, not a file");
    return std::nullopt;
  }
  std::ifstream in(full, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  if (!in) {
    args.fail("cannot read \"" + path + "\"");
    return std::nullopt;
  }
  return contents.str();
}

std::vector<Function> file_functions() {
  return {
      {
          .name = "abspath",
          .params = {"path"},
          .doc = R"md(
            `path` made absolute against the current working directory, and cleaned.

            ```infra
            abspath("/a/b/../c/")  # "/a/c"
            ```
          )md",
          .impl = abspath,
      },
      {
          .name = "basename",
          .params = {"path"},
          .doc = R"md(
            The last part of `path`, without trailing slashes.

            ```infra
            basename("foo/bar/baz.txt")  # "baz.txt"
            ```
          )md",
          .impl = basename,
      },
      {
          .name = "dirname",
          .params = {"path"},
          .doc = R"md(
            `path` without its last part; "." when there is none.

            ```infra
            dirname("foo/bar/baz.txt")  # "foo/bar"
            ```
          )md",
          .impl = dirname,
      },
      {
          .name = "file",
          .params = {"path"},
          .doc = R"md(
            The contents of the file at `path` (relative to the module directory), which
            must be UTF-8 text. Only for files that exist before the plan.

            ```infra
            file("${path.module}/hello.txt")  # "Hello World"
            ```
          )md",
          .impl = file,
      },
      {
          .name = "filebase64",
          .params = {"path"},
          .doc = R"md(
            The contents of the file at `path`, any bytes, encoded in base64.

            ```infra
            filebase64("${path.module}/hello.txt")  # "SGVsbG8gV29ybGQ="
            ```
          )md",
          .impl = filebase64,
      },
      {
          .name = "fileexists",
          .params = {"path"},
          .doc = R"md(
            Whether a file exists at `path`. A directory there is an error.

            ```infra
            fileexists("${path.module}/hello.txt")  # true
            ```
          )md",
          .impl = fileexists,
      },
      {
          .name = "fileset",
          .params = {"path", "pattern"},
          .doc = R"md(
            The files under the directory `path` whose path relative to it matches the glob
            `pattern`, as a set. `*` and `?` match within one directory, `**` any number of
            directories, `[abc]` one of the characters, `{a,b}` either alternative.

            ```infra
            fileset(path.module, "files/*.txt")  # ["files/hello.txt", "files/world.txt"]
            fileset(path.module, "**/*.txt")
            ```
          )md",
          .impl = fileset,
      },
      {
          .name = "pathexpand",
          .params = {"path"},
          .doc = R"md(
            `path` with a leading `~` replaced by the home directory.

            ```infra
            pathexpand("~/.ssh/id_rsa")  # "/home/steve/.ssh/id_rsa"
            ```
          )md",
          .impl =
              [](Args& args) {
                auto path = args.string(0);
                if (!path) return Value();
                return Value::string(expand_home(*path));
              },
      },
  };
}

}  // namespace infra::stdlib
