// The function groups, one per file, that the Registry gathers (stdlib/registry.cpp).
#pragma once

#include <string>
#include <vector>

#include "stdlib/registry.hpp"

namespace infra::stdlib {

std::vector<Function> string_functions();      // strings.cpp
std::vector<Function> collection_functions();  // collections.cpp
std::vector<Function> encoding_functions();    // encoding.cpp
std::vector<Function> hashing_functions();     // hashing.cpp
std::vector<Function> numeric_functions();     // numeric.cpp

/// The implementation of `format` (format.cpp), shared by the strings group.
lang::Value format_function(Args& args);

/// Appends `v` as compact JSON with sorted keys, escaping as Terraform's jsonencode does
/// (encoding.cpp). Returns false for a number JSON cannot hold (infinite or NaN).
bool append_json(const lang::Value& v, std::string& out);

}  // namespace infra::stdlib
