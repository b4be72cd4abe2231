// What the six record set types share: zone, name, ttl and id; reading by a query to the
// server; creating, updating and destroying by one UPDATE message each; import by
// "zone/name/TYPE". Each type supplies its own arguments and how they become rdata.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "providers/dns/wire.hpp"
#include "providers/sdk/provider.hpp"

namespace infra::providers::dns {

using sdk::json;

/// One resource type: the record type it manages and how its own arguments map to rdata.
struct RecordType {
  std::string resource;  // "dns_a_record_set"
  std::uint16_t rr_type = 0;
  std::string description;
  std::vector<Attribute> arguments;  // beside zone, name, ttl and id
  std::vector<BlockType> blocks;
  /// The rdata of each record that `state` (validated) describes.
  std::function<std::vector<std::string>(const json& state)> encode;
  /// Sets the type's arguments in `state` from the rdata of the records read; values that
  /// mean the same as `prior`'s (another case, another spelling of an address) keep
  /// `prior`'s text, so that they show no drift.
  std::function<void(json& state, const std::vector<std::string>& rdata, const json& prior)>
      decode;
  /// Checks the type's own arguments of `config` (values not known yet are null).
  std::function<void(const json& config, std::vector<sdk::Diagnostic>& out)> validate;
};

/// The resource for `type`.
sdk::Resource record_resource(const RecordType& type);

/// A required argument that changes in place.
Attribute argument(std::string name, std::string type, std::string description);

/// An error diagnostic at `path`.
sdk::Diagnostic error_at(json path, std::string summary);

/// Adds an error at `path` unless `value` is null or an absolute name ("target.infra.test.").
void check_absolute_name(const json& value, const json& path, std::vector<sdk::Diagnostic>& out);

/// `value`, a presentation-form name read from the server, spelled as `prior` is when they
/// are the same name.
std::string keep_spelling(const std::string& value, const json& prior);

/// The number at `name` in `object` (0 when it is not a number).
std::int64_t integer(const json& object, const std::string& name);

}  // namespace infra::providers::dns
