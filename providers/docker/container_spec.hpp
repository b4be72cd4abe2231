// Between a docker_container's attributes and the engine's container documents: the body of
// POST /containers/create and /update from planned values, and states from an inspection.
#pragma once

#include <cstdint>
#include <string>

#include "providers/docker/client.hpp"

namespace infra::providers::docker {

/// The body of POST /containers/create for `planned`; the container is created on the first
/// of its networks_advanced (with its aliases), the others are connected afterwards.
json create_body(const json& planned);

/// The body of POST /containers/{id}/update: restart policy and resource limits.
json update_body(const json& planned);

/// `prior` with what the engine reports in `engine` (GET /containers/{id}/json): what can
/// change in place or outside (name, restart policy, limits, running, addresses, published
/// ports). The rest of `prior` is the configuration, which the engine cannot change.
json container_state(const json& prior, const json& engine);

/// The whole state of an existing container, for import: each argument from `engine`, left
/// null where it is what the image `image` (GET /images/{id}/json) gives anyway.
json imported_state(const json& engine, const json& image);

/// Nanoseconds of a duration such as "30s", "1m30s", "500ms"; throws sdk::Error at `path`.
std::int64_t parse_duration(const std::string& text, const json& path);

/// The short form of `nanoseconds` ("30s", "1m30s", "250ms").
std::string format_duration(std::int64_t nanoseconds);

}  // namespace infra::providers::docker
