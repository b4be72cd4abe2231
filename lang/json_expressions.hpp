// Internal to lang/: the expression a JSON value stands for in the JSON form of the
// language. Strings are parsed by the native parser (lang/parser.hpp) as templates or as
// expressions, with every position, in the AST and in messages, a place in the JSON file.
#pragma once

#include <string>

#include "lang/ast.hpp"
#include "lang/diagnostics.hpp"
#include "lang/json_reader.hpp"

namespace infra::lang::detail {

/// How the strings of a value are read.
enum class JsonStrings {
  /// As templates: `"${var.name}-x"`, `%{ if }` directives; the usual reading. A string
  /// that is one interpolation and nothing else, `"${expr}"`, is `expr` itself (as its
  /// value is; see TemplateExpr), so that it reads as the native `expr` does.
  Templates,
  /// As expressions, for what the native syntax writes as a reference or a keyword
  /// (`"depends_on": ["local_file.a"]`, `"type": "list(string)"`); object keys too, a
  /// bare name being the string it spells, as in the native `{ docker = docker.remote }`.
  Expressions,
  /// As the strings they are, without templates: for variables files, whose values are
  /// constants (Terraform reads `.tfvars.json` so). Object keys too.
  Literals,
};

/// null, true and false are literals, numbers are parsed as written
/// (parse_number_literal; a minus sign is a negation, as in the native syntax), arrays are
/// tuples and objects are object expressions. A string that does not parse is a syntax
/// error of the file: every one in `v` is reported to `diags`, and the result is null.
ExprPtr json_expression(const JsonValue& v, JsonStrings strings, const std::string& file_name,
                        Diagnostics& diags);

}  // namespace infra::lang::detail
