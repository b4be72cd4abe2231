// Diagnostics: errors and warnings that point at a place in the configuration.
// They are collected, never thrown across stages (docs/architecture.md).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace infra::lang {

/// A position in a source file; line and column count from 1, column in bytes.
struct SourcePos {
  int line = 1;
  int column = 1;
  std::size_t offset = 0;
};

/// The name of a source file as messages show it ("main.infra"). Names are interned: every
/// FileName of the same text points at one shared copy that lives as long as the process,
/// so a range is cheap to copy and an AST does not hold its file's name once per node.
class FileName {
 public:
  FileName() : name_(&kEmpty) {}
  FileName(std::string_view name) : name_(intern(name)) {}  // NOLINT: implicit, as a string
  FileName(const std::string& name) : FileName(std::string_view(name)) {}  // NOLINT
  FileName(const char* name) : FileName(std::string_view(name)) {}         // NOLINT

  const std::string& str() const { return *name_; }
  operator const std::string&() const { return *name_; }  // NOLINT: reads as a string
  bool empty() const { return name_->empty(); }

  friend bool operator==(const FileName& a, const FileName& b) { return a.name_ == b.name_; }
  friend bool operator==(const FileName& a, std::string_view b) { return *a.name_ == b; }
  friend bool operator==(const FileName& a, const char* b) { return *a.name_ == b; }

 private:
  /// The one copy of `name`, made on first use (thread-safe).
  static const std::string* intern(std::string_view name);
  static const std::string kEmpty;

  const std::string* name_;
};

/// A half-open range [begin, end) in one file.
struct SourceRange {
  FileName file;
  SourcePos begin;
  SourcePos end;
};

enum class Severity { Error, Warning };

/// One finding: a one-line summary, an optional longer detail and the place it is about.
struct Diagnostic {
  Severity severity = Severity::Error;
  std::string summary;
  std::string detail;
  std::optional<SourceRange> range;
};

/// The text of every file that was read, so that messages can quote it.
using SourceFiles = std::map<std::string, std::string>;

/// An ordered collection of diagnostics.
class Diagnostics {
 public:
  /// Adds an error at `range`.
  void error(const SourceRange& range, std::string summary, std::string detail = {});
  /// Adds an error that has no place in the configuration.
  void error(std::string summary, std::string detail = {});
  /// Adds a warning at `range`.
  void warning(const SourceRange& range, std::string summary, std::string detail = {});
  void add(Diagnostic d) { items_.push_back(std::move(d)); }
  void append(const Diagnostics& other);

  bool has_errors() const;
  bool empty() const { return items_.empty(); }
  const std::vector<Diagnostic>& items() const { return items_; }

 private:
  std::vector<Diagnostic> items_;
};

/// Renders one diagnostic for a terminal:
///
///     Error: main.infra:3:12: expected '=' after the attribute name
///
///        3 | resource "local_file" "a" {
///          |            ^
///
///     detail text
///
/// The snippet comes from `files`; it is left out when the file is not there.
std::string render(const Diagnostic& d, const SourceFiles& files);

/// Renders every diagnostic, separated by blank lines.
std::string render(const Diagnostics& diags, const SourceFiles& files);

/// "file:line:column" of the start of `range`.
std::string location(const SourceRange& range);

}  // namespace infra::lang
