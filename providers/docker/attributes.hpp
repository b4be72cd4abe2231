// What the docker resource types share: schema shorthands, reading attributes of JSON
// states, and defaults that are stored in the state as Terraform's docker provider does.
#pragma once

#include <cstdint>
#include <string>

#include "providers/docker/client.hpp"

namespace infra::providers::docker {

/// A required argument; changing it replaces the object unless `in_place`.
Attribute required_arg(std::string name, std::string type, std::string description,
                       bool in_place = false);
/// An optional argument; changing it replaces the object unless `in_place`.
Attribute optional_arg(std::string name, std::string type, std::string description,
                       bool in_place = false);
/// An optional argument with a default that the provider fills in (so optional and
/// computed: an unset argument keeps the value the state holds and forces nothing).
Attribute defaulted_arg(std::string name, std::string type, std::string description,
                        bool in_place = false);
using sdk::computed_attr;

using sdk::string_of;
/// Bool attribute `name` of `object`, or `fallback`.
bool bool_of(const json& object, const std::string& name, bool fallback);
/// Whole-number attribute `name` of `object`, or `fallback`.
std::int64_t int_of(const json& object, const std::string& name, std::int64_t fallback);
/// Array attribute `name` of `object`, or an empty array.
json array_of(const json& object, const std::string& name);
/// Map attribute `name` of `object`, or an empty object.
json map_of(const json& object, const std::string& name);

/// The value an optional argument (of a block type when `block` is set) takes when the
/// configuration leaves it unset.
struct Default {
  std::string block;  // empty: a top-level argument
  std::string name;
  json value;
};

/// fill_default or fill_block_default for each of `defaults`.
void fill_defaults(sdk::Plan& plan, const std::vector<Default>& defaults);

/// Declares `defaults` in `schema` (sdk::declare_default), for generated configuration.
void declare_defaults(ResourceSchema& schema, const std::vector<Default>& defaults);

/// Sets top-level argument `name` to `value` when the configuration leaves it null (and
/// not unknown).
void fill_default(sdk::Plan& plan, const std::string& name, const json& value);

/// Sets attribute `name` of every block of list block type `block` to `value` where the
/// configuration leaves it null, and marks it known.
void fill_block_default(sdk::Plan& plan, const std::string& block, const std::string& name,
                        const json& value);

/// An engine's map (labels, options) as the state holds it: null when it is empty and the
/// prior state had none, so that an unset argument shows no drift.
json engine_map(const json& prior, const json& value);

/// `text` in double quotes, for messages.
std::string in_quotes(const std::string& text);

}  // namespace infra::providers::docker
