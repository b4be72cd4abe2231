// Values shaped by a provider's schema, nested blocks included: sensitive marks, computed
// values kept from the prior object, ignored paths, and block shapes for rendering.
#pragma once

#include <vector>

#include "lang/config.hpp"
#include "lang/value.hpp"
#include "planner/plan.hpp"
#include "providers/protocol/schema.hpp"

namespace infra::planner {

/// `v` (an object of `schema`'s shape) with every attribute the schema declares sensitive
/// marked so, inside nested blocks too (there only when set: null hides nothing).
lang::Value mark_schema_sensitive(lang::Value v, const providers::SchemaBody& schema);

/// Fills in `proposed` the computed attributes the configuration leaves unset with their
/// values in `prior`, at the top and inside nested blocks: list blocks element by element
/// by index, single blocks as objects, set blocks with the prior element that equals the
/// proposed one in everything the configuration sets.
void keep_computed(lang::Value& proposed, const lang::Value& prior,
                   const providers::SchemaBody& schema);

/// Puts in `proposed` the value `prior` has at `path`. When `prior` has nothing there, a map
/// key is removed from `proposed`; an attribute or block is left as configured.
void keep_prior_at(lang::Value& proposed, const lang::Value& prior,
                   const std::vector<lang::PathStep>& path, const providers::SchemaBody& schema);

/// The block shapes of `schema`, for Change::blocks.
std::vector<BlockShape> block_shapes(const providers::SchemaBody& schema);

}  // namespace infra::planner
