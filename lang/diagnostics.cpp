// Diagnostics: collecting them, and rendering them with a source snippet and a caret.
#include "lang/diagnostics.hpp"

#include <algorithm>
#include <mutex>
#include <set>

namespace infra::lang {

const std::string FileName::kEmpty;

const std::string* FileName::intern(std::string_view name) {
  if (name.empty()) return &kEmpty;
  // A set's elements never move, so the pointers handed out stay valid; names are never
  // removed (a process reads a bounded number of files).
  static std::mutex mutex;
  static std::set<std::string, std::less<>> names;
  const std::lock_guard lock(mutex);
  auto it = names.find(name);
  if (it == names.end()) it = names.emplace(name).first;
  return &*it;
}

void Diagnostics::error(const SourceRange& range, std::string summary, std::string detail) {
  items_.push_back(Diagnostic{Severity::Error, std::move(summary), std::move(detail), range});
}

void Diagnostics::error(std::string summary, std::string detail) {
  items_.push_back(
      Diagnostic{Severity::Error, std::move(summary), std::move(detail), std::nullopt});
}

void Diagnostics::warning(const SourceRange& range, std::string summary, std::string detail) {
  items_.push_back(Diagnostic{Severity::Warning, std::move(summary), std::move(detail), range});
}

void Diagnostics::append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const {
  return std::any_of(items_.begin(), items_.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

std::string location(const SourceRange& range) {
  return range.file.str() + ":" + std::to_string(range.begin.line) + ":" +
         std::to_string(range.begin.column);
}

namespace {

/// The text of line `line` (1-based) without its newline, or nullopt past the end.
std::optional<std::string_view> line_text(std::string_view text, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    const std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return std::nullopt;
    start = nl + 1;
  }
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  std::string_view s = text.substr(start, end - start);
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

/// The marker line: blanks up to `begin` (tabs kept so the caret lines up), then carets
/// up to `end` (columns in bytes; UTF-8 continuation bytes take no room).
std::string marker(std::string_view line, int begin, int end) {
  std::string out;
  const auto b = static_cast<std::size_t>(std::max(begin, 1) - 1);
  for (std::size_t i = 0; i < b; ++i) {
    const char c = i < line.size() ? line[i] : ' ';
    if (is_continuation(c)) continue;
    out += c == '\t' ? '\t' : ' ';
  }
  std::size_t e = std::min(static_cast<std::size_t>(std::max(end, begin) - 1), line.size());
  if (e <= b) e = b + 1;
  for (std::size_t i = b; i < e; ++i) {
    if (i < line.size() && is_continuation(line[i])) continue;
    out += '^';
  }
  return out;
}

}  // namespace

std::string render(const Diagnostic& d, const SourceFiles& files) {
  std::string out = d.severity == Severity::Error ? "Error: " : "Warning: ";
  if (d.range) out += location(*d.range) + ": ";
  out += d.summary + "\n";
  if (d.range) {
    const auto file = files.find(d.range->file);
    const auto line = file == files.end() ? std::nullopt
                                          : line_text(file->second, d.range->begin.line);
    if (line) {
      std::string number = std::to_string(d.range->begin.line);
      const std::size_t width = std::max<std::size_t>(3, number.size());
      number.insert(0, width - number.size(), ' ');
      const int end = d.range->end.line == d.range->begin.line ? d.range->end.column
                                                                : d.range->begin.column + 1;
      out += "\n" + number + " | " + std::string(*line) + "\n";
      out += std::string(width, ' ') + " | " + marker(*line, d.range->begin.column, end) + "\n";
    }
  }
  if (!d.detail.empty()) out += "\n" + d.detail + "\n";
  return out;
}

std::string render(const Diagnostics& diags, const SourceFiles& files) {
  std::string out;
  for (const Diagnostic& d : diags.items()) {
    if (!out.empty()) out += "\n";
    out += render(d, files);
  }
  return out;
}

}  // namespace infra::lang
