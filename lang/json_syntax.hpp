// The JSON form of the language (`*.infra.json`), as HCL's JSON syntax defines it: a file
// of JSON that means what the same configuration means in the native syntax. It is read
// into the same AST as parse_file's, so the config loader decodes both alike.
#pragma once

#include <string>
#include <string_view>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"

namespace infra::lang {

/// Parses one JSON file into its top-level body. The root object's properties are blocks;
/// the block type says how many levels of objects below it are labels, and which of the
/// properties of its body are nested blocks (the rest are attributes). Strings are
/// templates, or expressions where the native syntax takes a reference or a keyword
/// (`depends_on`, `provider`, a variable's `type`, ...). On a JSON syntax error, adds one
/// diagnostic and returns null; on syntax errors inside strings, adds one for each such
/// string and returns null. Problems of the structure are reported, and the body is still
/// returned. Every position is a place in the JSON text, inside strings too.
BodyPtr parse_json_file(const std::string& file_name, std::string_view text, Diagnostics& diags);

/// Parses a variables file in JSON (`*.infravars.json`): an object whose properties are
/// attributes, `NAME: VALUE`, as Terraform reads `.tfvars.json`. Values are constants:
/// strings are the text they hold, never templates; numbers are exact. Errors as for
/// parse_json_file; a property that holds an object is an attribute too, never a block.
BodyPtr parse_json_variables_file(const std::string& file_name, std::string_view text,
                                  Diagnostics& diags);

/// Whether a file is in the JSON form: its name ends in `.infra.json`.
bool is_json_file(std::string_view file_name);

}  // namespace infra::lang
