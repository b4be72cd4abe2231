// Diagnostics as JSON, in the shape of Terraform's `validate -json`, for editors and CI.
#pragma once

#include <string>

#include "lang/diagnostics.hpp"

namespace infra::cli {

/// {"format_version": "1.0", "valid": ..., "error_count": N, "warning_count": N,
///  "diagnostics": [{"severity", "summary", "detail", "range": {"filename", "start":
///  {"line", "column", "byte"}, "end": {...}}, "snippet": {"code", "start_line",
///  "highlight_start_offset", "highlight_end_offset"}}]}
std::string diagnostics_json(const lang::Diagnostics& diags, const lang::SourceFiles& files);

}  // namespace infra::cli
