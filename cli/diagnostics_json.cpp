// JSON rendering of diagnostics.
#include "cli/diagnostics_json.hpp"

#include <nlohmann/json.hpp>

namespace infra::cli {

namespace {

using json = nlohmann::json;

json position(const lang::SourcePos& p) {
  return {{"line", p.line}, {"column", p.column}, {"byte", p.offset}};
}

// The source line the range starts on, and where the range lies within it.
json snippet(const lang::SourceRange& r, const lang::SourceFiles& files) {
  auto it = files.find(r.file);
  if (it == files.end() || r.begin.offset > it->second.size()) return nullptr;
  const std::string& text = it->second;
  std::size_t start = 0;
  if (r.begin.offset > 0) {
    std::size_t newline = text.rfind('\n', r.begin.offset - 1);
    if (newline != std::string::npos) start = newline + 1;
  }
  std::size_t end = text.find('\n', r.begin.offset);
  if (end == std::string::npos) end = text.size();
  std::size_t highlight_end = std::min(std::max(r.end.offset, r.begin.offset), end);
  return {{"code", text.substr(start, end - start)},
          {"start_line", r.begin.line},
          {"highlight_start_offset", r.begin.offset - start},
          {"highlight_end_offset", highlight_end - start}};
}

}  // namespace

std::string diagnostics_json(const lang::Diagnostics& diags, const lang::SourceFiles& files) {
  int errors = 0, warnings = 0;
  json list = json::array();
  for (const auto& d : diags.items()) {
    bool error = d.severity == lang::Severity::Error;
    (error ? errors : warnings)++;
    json item = {{"severity", error ? "error" : "warning"}, {"summary", d.summary}};
    if (!d.detail.empty()) item["detail"] = d.detail;
    if (d.range) {
      item["range"] = {{"filename", d.range->file.str()},
                       {"start", position(d.range->begin)},
                       {"end", position(d.range->end)}};
      json code = snippet(*d.range, files);
      if (!code.is_null()) item["snippet"] = code;
    }
    list.push_back(std::move(item));
  }
  json out = {{"format_version", "1.0"},
              {"valid", errors == 0},
              {"error_count", errors},
              {"warning_count", warnings},
              {"diagnostics", list}};
  return out.dump(2) + "\n";
}

}  // namespace infra::cli
