// User-defined functions: the `function` blocks of a module, an extension of the language
// (Terraform has none). A function is pure: its `result` sees only its parameters, the
// built-in functions and the module's other functions.
//
//     function "slug" {
//       description = "A DNS-safe name."
//       parameter "name" { type = string }
//       parameter "max" { type = number }
//       result_type = string
//       result      = substr(replace(lower(name), "/[^a-z0-9]+/", "-"), 0, max)
//     }
//
// This file is the model and the loader's part (decoding a block, the checks that need
// nothing but the block); lang/function_table.hpp makes them callable.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lang/diagnostics.hpp"

namespace infra::lang {

struct Expr;   // lang/ast.hpp
struct Block;  // lang/ast.hpp
struct Type;   // lang/types.hpp, kept out of this header, which every stage includes
using ExprPtr = std::shared_ptr<const Expr>;

/// `parameter "NAME" { type = ..., description = ... }`, or the `variadic_parameter`.
struct Parameter {
  std::string name;
  /// Null when the block gives none (any type); of each argument for the variadic one.
  std::shared_ptr<const Type> type;
  std::string description;
  SourceRange range;  // the label
};

/// `function "NAME" { description, parameter ..., variadic_parameter, result_type, result }`
struct Function {
  std::string name;
  std::string description;
  std::vector<Parameter> parameters;
  /// Receives the arguments after `parameters` as a list (empty when there are none).
  std::optional<Parameter> variadic;
  std::shared_ptr<const Type> result_type;  // checked after evaluation, when not null
  ExprPtr result;
  SourceRange range;       // the block header
  SourceRange name_range;  // the label

  /// The fewest and the most arguments a call may pass (max is SIZE_MAX when variadic).
  std::size_t min_args() const { return parameters.size(); }
  std::size_t max_args() const;
  /// "slug(name, max)", "tag(prefix, words...)".
  std::string signature() const;
  /// What a call with `count` arguments is told when the count is wrong:
  /// "slug: expects 2 arguments, got 1; usage: slug(name, max)". Empty when it is right.
  std::string arity_error(std::size_t count) const;
};

/// The deepest that calls of user-defined functions may nest, recursion included: the
/// call one level deeper is an error at its place.
inline constexpr int kMaxCallDepth = 128;

/// Decodes a `function` block into `functions`. Reports a malformed block, a second
/// function of the same name, a name that can never be called (not an identifier, or
/// `can` or `try`) and a `result` that refers to anything but the parameters. A block
/// with errors is still added when it has a name, so that its calls do not report an
/// undefined function as well.
void add_function(std::vector<Function>& functions, const Block& block, Diagnostics& diags);

/// "A function cannot be named "upper": that is the name of a built-in function", at
/// the function's label.
void report_builtin_name(const Function& function, Diagnostics& diags);

}  // namespace infra::lang
