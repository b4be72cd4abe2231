// The state as JSON: what `infra state pull` prints and `infra state push` reads, and the
// form in which history keeps an instance's or the outputs' before and after. The format
// is described in docs/state.md ("state pull").
#pragma once

#include <string>
#include <vector>

#include "state/backend.hpp"

namespace infra::state {

/// The version of the `state pull` format; `state push` refuses other versions.
inline constexpr int kStateJsonFormatVersion = 1;

/// One instance as a JSON object (attributes embedded as an object, not as text).
std::string instance_to_json(const ResourceInstance& instance);
/// The inverse of instance_to_json; a StateError saying what is wrong otherwise.
ResourceInstance instance_from_json(const std::string& text);

/// The outputs as a JSON object: {"NAME": {"value": ..., "sensitive": false}}.
std::string outputs_to_json(const std::vector<OutputValue>& outputs);
/// The inverse of outputs_to_json, sorted by name; a StateError otherwise.
std::vector<OutputValue> outputs_from_json(const std::string& text);

/// The whole state, indented, for `state pull`.
std::string snapshot_to_json(const Snapshot& snapshot);
/// Parses and checks a `state pull` document: every field present and of its type,
/// addresses that are instance addresses agreeing with type and name, no address twice.
/// Instances come back sorted by address. A StateError naming the field otherwise.
Snapshot snapshot_from_json(const std::string& text);

/// A list of strings as a JSON array: how the stores keep sensitive paths and dependencies.
std::string encode_strings(const std::vector<std::string>& items);
/// The inverse of encode_strings; a StateError "<what> is not a JSON list of strings".
std::vector<std::string> decode_strings(const std::string& text, const std::string& what);

/// Throws StateError "<subject> not valid JSON: <text>" unless `text` is JSON; `subject`
/// ends in "is" or "are".
void require_json(const std::string& text, const std::string& subject);

}  // namespace infra::state
