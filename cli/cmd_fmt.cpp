// infra fmt: rewrite .infra files into the canonical layout (lang/format.hpp), check
// that they are in it, or show the difference as a unified diff.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "lang/format.hpp"
#include "lang/json_syntax.hpp"

namespace infra::cli {
namespace {

namespace fs = std::filesystem;

/// The lines of `text`; a last line without a newline carries diff's marker for that, so
/// that a missing final newline is a difference of its own.
std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      lines.push_back(text.substr(start) + "\n\\ No newline at end of file");
      break;
    }
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

/// A unified diff of two texts with three lines of context, from a longest common
/// subsequence of lines. Past kMaxCells of table, the differing middle is shown as
/// replaced wholesale: still a correct diff, only not the smallest.
std::string unified_diff(const std::string& name, const std::string& before,
                         const std::string& after) {
  constexpr std::size_t kContext = 3;
  constexpr std::size_t kMaxCells = 16u << 20;
  std::vector<std::string> a = split_lines(before), b = split_lines(after);
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;

  // The edit script: ' ' kept, '-' removed, '+' added, each with the line's index.
  struct Edit {
    char op;
    std::size_t a, b;  // line indices before/after (the one that applies)
  };
  std::vector<Edit> edits;
  for (std::size_t k = 0; k < prefix; ++k) edits.push_back({' ', k, k});
  if ((n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: the longest common subsequence of a's middle from i and b's from j.
    std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        edits.push_back({' ', prefix + i++, prefix + j++});
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        edits.push_back({'-', prefix + i++, prefix + j});  // removals first, as diff does
      } else {
        edits.push_back({'+', prefix + i, prefix + j++});
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) edits.push_back({'-', prefix + i, prefix});
    for (std::size_t j = 0; j < m; ++j) edits.push_back({'+', prefix + n, prefix + j});
  }
  for (std::size_t k = 0; k < suffix; ++k) {
    edits.push_back({' ', prefix + n + k, prefix + m + k});
  }

  std::ostringstream out;
  out << "--- old/" << name << "\n+++ new/" << name << "\n";
  std::size_t e = 0;
  while (e < edits.size()) {
    if (edits[e].op == ' ') {
      ++e;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext lines after the last
    // change that is at most 2 * kContext kept lines further on.
    std::size_t first = e >= kContext ? e - kContext : 0;
    std::size_t last = e;  // one past the last change
    for (std::size_t k = e, kept = 0; k < edits.size() && kept <= 2 * kContext; ++k) {
      if (edits[k].op == ' ') {
        ++kept;
      } else {
        kept = 0;
        last = k + 1;
      }
    }
    std::size_t end = std::min(edits.size(), last + kContext);
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t k = first; k < end; ++k) {
      if (edits[k].op != '+') ++a_count;
      if (edits[k].op != '-') ++b_count;
    }
    // Unified diff numbers lines from 1, and names the line before an empty range.
    std::size_t a_start = edits[first].a + (a_count > 0 ? 1 : 0);
    std::size_t b_start = edits[first].b + (b_count > 0 ? 1 : 0);
    out << "@@ -" << a_start << "," << a_count << " +" << b_start << "," << b_count << " @@\n";
    for (std::size_t k = first; k < end; ++k) {
      const std::string& line = edits[k].op == '+' ? b[edits[k].b] : a[edits[k].a];
      out << edits[k].op << line << "\n";
    }
    e = end;
  }
  return out.str();
}

std::string read_all(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The files to format: each file named (but *.infra.json), and the *.infra files of each
/// directory named (or of subdirectories too, with -recursive; hidden ones like .infra/
/// are skipped).
std::vector<fs::path> collect(const std::vector<std::string>& targets, bool recursive,
                              const Ui& ui, bool& failed) {
  std::vector<fs::path> files;
  auto wanted = [](const fs::path& p) { return p.extension() == ".infra"; };
  for (const std::string& target : targets) {
    fs::path root(target);
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
      // The JSON form is written by programs, in their own layout: fmt leaves it alone.
      if (!lang::is_json_file(root.filename().string())) files.push_back(root.lexically_normal());
    } else if (fs::is_directory(root, ec)) {
      std::vector<fs::path> found;
      if (recursive) {
        for (auto it = fs::recursive_directory_iterator(root, ec);
             !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
          std::string name = it->path().filename().string();
          if (it->is_directory() && name.size() > 1 && name[0] == '.') {
            it.disable_recursion_pending();
          } else if (it->is_regular_file() && wanted(it->path())) {
            found.push_back(it->path().lexically_normal());
          }
        }
      } else {
        for (const auto& entry : fs::directory_iterator(root, ec)) {
          if (entry.is_regular_file() && wanted(entry.path())) {
            found.push_back(entry.path().lexically_normal());
          }
        }
      }
      if (ec) {
        ui.error("cannot read the directory \"" + target + "\": " + ec.message());
        failed = true;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      ui.error("no file or directory \"" + target + "\"");
      failed = true;
    }
  }
  return files;
}

/// Formats standard input to standard output (or checks it, or diffs it).
int format_stdin(const Args& args, const Ui& ui) {
  std::string text = read_all(std::cin);
  lang::FormatResult result = lang::format_source(text, "<stdin>");
  if (!result.ok()) {
    lang::Diagnostics diags;
    diags.add(*result.error);
    ui.report(diags, {{"<stdin>", text}});
    return 1;
  }
  bool changed = result.text != text;
  if (args.flag("diff")) {
    if (changed) std::cout << unified_diff("<stdin>", text, result.text);
  } else if (!args.flag("check")) {
    std::cout << result.text;
  }
  return args.flag("check") && changed ? 3 : 0;
}

}  // namespace

int cmd_fmt(const Args& args) {
  Ui ui = Ui::detect(args);
  const std::vector<std::string>& targets = args.positional;
  if (std::find(targets.begin(), targets.end(), "-") != targets.end()) {
    if (targets.size() > 1) throw UsageError("\"-\" (standard input) cannot go with other targets");
    return format_stdin(args, ui);
  }
  bool check = args.flag("check");
  bool diff = args.flag("diff");
  bool list = args.flag("list", true);
  bool write = args.flag("write", true) && !check;

  bool failed = false;
  std::vector<std::string> roots = targets.empty() ? std::vector<std::string>{"."} : targets;
  std::vector<fs::path> files = collect(roots, args.flag("recursive"), ui, failed);
  bool unformatted = false;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      ui.error("cannot read \"" + path.string() + "\"");
      failed = true;
      continue;
    }
    std::string text = read_all(in);
    in.close();
    lang::FormatResult result = lang::format_source(text, path.string());
    if (!result.ok()) {
      lang::Diagnostics diags;
      diags.add(*result.error);
      ui.report(diags, {{path.string(), text}});
      failed = true;
      continue;
    }
    if (result.text == text) continue;
    unformatted = true;
    if (list) std::cout << path.string() << "\n";
    if (diff) std::cout << unified_diff(path.generic_string(), text, result.text);
    if (write) {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << result.text;
      if (!out.flush()) {
        ui.error("cannot write \"" + path.string() + "\"");
        failed = true;
      }
    }
  }
  std::cout << std::flush;
  if (failed) return 1;
  return check && unformatted ? 3 : 0;
}

}  // namespace infra::cli
