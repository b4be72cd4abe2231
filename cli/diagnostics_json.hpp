// Diagnostics as JSON, in the shape of Terraform's `validate -json`, for editors and CI.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "lang/diagnostics.hpp"

namespace infra::cli {

/// {"format_version": "1.0", "valid": ..., "error_count": N, "warning_count": N,
///  "diagnostics": [{"severity", "summary", "detail", "range": {"filename", "start":
///  {"line", "column", "byte"}, "end": {...}}, "snippet": {"context", "code",
///  "start_line", "highlight_start_offset", "highlight_end_offset", "values"}}]}
/// as Terraform's `validate -json` writes it: "detail" is always there ("" when there is
/// none); "range" and "snippet" only for a finding with a place. The snippet's "code" is
/// every line the range touches, "context" the header of the top-level block it is in
/// (`resource "local_file" "a"`, or null), and "values" always empty.
std::string diagnostics_json(const lang::Diagnostics& diags, const lang::SourceFiles& files);

/// One diagnostic, as one item of the "diagnostics" list above (the `diagnostic` of the
/// -json event stream of plan and apply, see docs/json-events.md).
nlohmann::ordered_json diagnostic_json(const lang::Diagnostic& d, const lang::SourceFiles& files);

}  // namespace infra::cli
