// JSON rendering of diagnostics, field for field as Terraform's `validate -json` writes them.
#include "cli/diagnostics_json.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "lang/json_syntax.hpp"
#include "lang/parser.hpp"

namespace infra::cli {

namespace {

// Ordered, so that the fields come in the order Terraform writes them.
using json = nlohmann::ordered_json;

json position(const lang::SourcePos& p) {
  return {{"line", p.line}, {"column", p.column}, {"byte", p.offset}};
}

std::string quoted(const std::string& label) {
  std::string out = "\"";
  for (char c : label) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// The files' top-level bodies, each parsed once, for the context of snippets.
class Contexts {
 public:
  explicit Contexts(const lang::SourceFiles& files) : files_(files) {}

  /// The header of the top-level block that holds `offset` in `file`, as Terraform names
  /// it in snippets: `resource "local_file" "a"`, `locals`. Null outside every block.
  json at(const std::string& file, std::size_t offset) {
    const lang::Body* body = parsed(file);
    if (body == nullptr) return nullptr;
    for (const lang::Block& b : body->blocks) {
      const std::size_t end = b.body ? b.body->range.end.offset : b.range.end.offset;
      if (offset < b.range.begin.offset || offset >= end) continue;
      std::string header = b.type;
      for (const std::string& label : b.labels) header += " " + quoted(label);
      return header;
    }
    return nullptr;
  }

 private:
  const lang::Body* parsed(const std::string& file) {
    auto [it, fresh] = bodies_.try_emplace(file);
    const auto text = files_.find(file);
    if (fresh && text != files_.end()) {
      lang::Diagnostics ignored;  // already reported when the file was loaded
      it->second = lang::is_json_file(file) ? lang::parse_json_file(file, text->second, ignored)
                                            : lang::parse_file(file, text->second, ignored);
    }
    return it->second.get();
  }

  const lang::SourceFiles& files_;
  std::map<std::string, lang::BodyPtr> bodies_;
};

/// Every line that `r` touches, and where `r` lies within them. An empty range is widened
/// to one byte, so that it marks the character it stands before.
json snippet(const lang::SourceRange& r, const std::string& text, Contexts& contexts) {
  const std::size_t begin = r.begin.offset;
  const std::size_t end = std::max(r.end.offset, begin + 1);
  std::size_t start = 0;
  if (begin > 0) {
    const std::size_t newline = text.rfind('\n', begin - 1);
    if (newline != std::string::npos) start = newline + 1;
  }
  // The line of the last byte of the range ends the code.
  std::size_t stop = text.find('\n', std::min(end - 1, text.size()));
  if (stop == std::string::npos) stop = text.size();
  const std::string code = text.substr(start, stop - start);
  return {{"context", contexts.at(r.file, begin)},
          {"code", code},
          {"start_line", r.begin.line},
          {"highlight_start_offset", std::min(begin - start, code.size())},
          {"highlight_end_offset", std::min(end - start, code.size())},
          {"values", json::array()}};
}

json item(const lang::Diagnostic& d, const lang::SourceFiles& files, Contexts& contexts) {
  const bool error = d.severity == lang::Severity::Error;
  json out = {
      {"severity", error ? "error" : "warning"}, {"summary", d.summary}, {"detail", d.detail}};
  if (d.range) {
    out["range"] = {{"filename", d.range->file.str()},
                    {"start", position(d.range->begin)},
                    {"end", position(d.range->end)}};
    const auto text = files.find(d.range->file);
    if (text != files.end() && d.range->begin.offset <= text->second.size()) {
      out["snippet"] = snippet(*d.range, text->second, contexts);
    }
  }
  return out;
}

}  // namespace

json diagnostic_json(const lang::Diagnostic& d, const lang::SourceFiles& files) {
  Contexts contexts(files);
  return item(d, files, contexts);
}

std::string diagnostics_json(const lang::Diagnostics& diags, const lang::SourceFiles& files) {
  int errors = 0, warnings = 0;
  Contexts contexts(files);
  json list = json::array();
  for (const auto& d : diags.items()) {
    (d.severity == lang::Severity::Error ? errors : warnings)++;
    list.push_back(item(d, files, contexts));
  }
  json out = {{"format_version", "1.0"},
              {"valid", errors == 0},
              {"error_count", errors},
              {"warning_count", warnings},
              {"diagnostics", list}};
  return out.dump(2) + "\n";
}

}  // namespace infra::cli
