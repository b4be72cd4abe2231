// The function groups, one per file, that the Registry gathers (stdlib/registry.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "stdlib/registry.hpp"

namespace infra::stdlib {

std::vector<Function> string_functions();      // strings.cpp
std::vector<Function> collection_functions();  // collections.cpp
std::vector<Function> encoding_functions();    // encoding.cpp
std::vector<Function> hashing_functions();     // hashing.cpp
std::vector<Function> numeric_functions();     // numeric.cpp
std::vector<Function> regex_functions();       // regex.cpp
std::vector<Function> template_functions();    // templates.cpp
std::vector<Function> list_functions();        // lists.cpp
std::vector<Function> set_functions();         // sets.cpp
std::vector<Function> text_encoding_functions();  // text_encoding.cpp
std::vector<Function> yaml_functions();        // yaml.cpp
std::vector<Function> file_functions();        // files.cpp
std::vector<Function> crypto_functions();      // crypto.cpp
std::vector<Function> network_functions();     // network.cpp
std::vector<Function> time_functions();        // time.cpp
std::vector<Function> type_functions();        // types.cpp

/// The implementation of `format` (format.cpp), shared by the strings group.
lang::Value format_function(Args& args);
/// The implementation of `formatlist` (format.cpp).
lang::Value formatlist_function(Args& args);

/// Appends `v` as compact JSON with sorted keys and exact numbers, escaping as Terraform's
/// jsonencode does (encoding.cpp).
void append_json(const lang::Value& v, std::string& out);

/// Standard base64 with padding of arbitrary bytes, and back; nullopt when `text` is not
/// valid base64 (encoding.cpp).
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text, std::string* why = nullptr);

/// Replaces every match of the RE2 `pattern` in `s`; `$1` and `${1}` in `replacement`
/// name groups (regex.cpp). On a bad pattern returns `args.fail(...)` and sets the error.
lang::Value regex_replace(Args& args, const std::string& s, const std::string& pattern,
                          const std::string& replacement);

/// Reads the file `path` (relative to the module directory) whole; on failure sets the
/// error through `args` and returns nullopt (files.cpp).
std::optional<std::string> read_module_file(Args& args, const std::string& path);

/// `items` as a set: without duplicates, in canonical order (sets.cpp).
lang::Value::List canonical_set(const lang::Value::List& items);

/// Lowercase hex of arbitrary bytes (hashing.cpp).
std::string to_hex(std::string_view bytes);

}  // namespace infra::stdlib
