// Who and when, for the state: random identifiers (lineage, lock ids), the lock holder's
// description and UTC timestamps.
#pragma once

#include <string>

namespace infra::state {

/// A random UUID version 4 in its canonical text form ("3f2a9c1e-...-...").
std::string random_uuid();

/// Who runs this process, for history: "user@hostname".
std::string current_user();

/// This process as a lock holder: "user@hostname (pid N)".
std::string current_holder();

/// The current time in UTC, ISO 8601 with seconds: "2026-11-23T16:00:00Z".
std::string utc_now_iso8601();

}  // namespace infra::state
