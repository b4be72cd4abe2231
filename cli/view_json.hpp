// The JSON view (-json on plan, apply and destroy): one JSON object per line, in the shape
// of Terraform's machine-readable UI. Every event and its fields: docs/json-events.md.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>

#include "cli/view.hpp"

namespace infra::cli {

/// The version of the event stream, the `ui` field of the `version` event.
inline constexpr const char* kJsonUiVersion = "1.2";

/// A view that writes events to `out` (which must outlive it), each stamped with `now()`.
/// It writes the `version` event at once. Safe to call from many threads: each event is
/// written whole, on its own line.
std::unique_ptr<View> make_json_view(
    std::ostream& out,
    std::function<std::chrono::system_clock::time_point()> now = std::chrono::system_clock::now);

/// `t` in RFC 3339 with microseconds, in UTC: "2026-05-04T10:11:12.123456Z".
std::string format_event_timestamp(std::chrono::system_clock::time_point t);

}  // namespace infra::cli
