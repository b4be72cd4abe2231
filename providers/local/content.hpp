// What local_file and its relatives compute from a file's bytes: the hash attributes, and
// base64.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "providers/sdk/base64.hpp"
#include "providers/sdk/provider.hpp"

namespace infra::providers::local {

/// The computed hash attributes, in schema order: id (hex SHA-1) and content_sha256 (hex).
std::vector<Attribute> hash_attributes();

/// Sets every hash attribute of `state` from `bytes`.
void set_hashes(sdk::json& state, const std::string& bytes);

/// In a plan: the hash attributes known from `bytes`, or unknown when it is nullopt.
void plan_hashes(sdk::Plan& plan, const std::optional<std::string>& bytes);

std::string sha1_hex(const std::string& data);
std::string sha256_hex(const std::string& data);

using sdk::base64_decode;
using sdk::base64_encode;

}  // namespace infra::providers::local
