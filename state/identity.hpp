// Who and when, for the state: random identifiers (lineage, lock ids), the lock holder's
// description and UTC timestamps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace infra::state {

/// A random UUID version 4 in its canonical text form ("3f2a9c1e-...-...").
std::string random_uuid();

/// Who runs this process, for history: "user@hostname".
std::string current_user();

/// This process as a lock holder: "user@hostname (pid N)".
std::string current_holder();

/// The 64-bit FNV-1a hash of `text`: stable across builds and machines, for names and
/// keys derived from other names (advisory lock keys, workspace schemas). Not for secrets.
std::uint64_t stable_hash(std::string_view text);

/// The current time in UTC, ISO 8601 with seconds: "2026-11-23T16:00:00Z".
std::string utc_now_iso8601();

}  // namespace infra::state
