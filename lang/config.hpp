// Config: the typed model of one module directory of .infra files, as the planner reads it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lang/diagnostics.hpp"
#include "lang/functions.hpp"

namespace infra::lang {

struct Expr;  // lang/ast.hpp
struct Body;  // lang/ast.hpp
using ExprPtr = std::shared_ptr<const Expr>;
using BodyPtr = std::shared_ptr<const Body>;

/// A reference found in an expression, e.g. `local_file.a.id` is {"local_file", "a", "id"}.
/// Only the static attribute names are in `parts`; index steps end it.
struct Reference {
  std::vector<std::string> parts;
  SourceRange range;
};

/// A `validation { condition = ..., error_message = ... }` block of a variable.
struct Validation {
  ExprPtr condition;
  ExprPtr error_message;
  SourceRange range;
};

/// `variable "NAME" { type = ..., default = ..., description = ..., sensitive = ...,
/// nullable = ..., validation { ... } }`
struct Variable {
  std::string name;
  std::string type;  // the type expression as written ("string", "number", ...), "" = any
  ExprPtr default_value;  // null when the variable is required
  std::string description;
  bool sensitive = false;
  SourceRange range;
  bool nullable = true;  // false: null is not a valid value
  ExprPtr type_expr;     // the type expression, null when absent
  std::vector<Validation> validations;
};

/// The `lifecycle` block of a resource.
struct Lifecycle {
  bool create_before_destroy = false;
  bool prevent_destroy = false;
  std::vector<std::string> ignore_changes;
  bool ignore_all_changes = false;
};

/// `resource "TYPE" "NAME" { ... }`
struct Resource {
  std::string type;
  std::string name;
  std::string provider;  // local name of the provider: the type's prefix before '_'
  BodyPtr body;          // the arguments, without meta-arguments and the lifecycle block
  std::vector<Reference> depends_on;
  ExprPtr count;     // null when absent
  ExprPtr for_each;  // null when absent
  Lifecycle lifecycle;
  SourceRange range;  // the block header (`resource "TYPE" "NAME"`)

  /// "TYPE.NAME"
  std::string address() const { return type + "." + name; }
};

/// One entry of a `locals { NAME = EXPR }` block.
struct Local {
  std::string name;
  ExprPtr value;
  SourceRange range;
};

/// `output "NAME" { value = ..., sensitive = ..., description = ... }`
struct Output {
  std::string name;
  ExprPtr value;
  std::string description;
  bool sensitive = false;
  SourceRange range;
};

/// `provider "NAME" { ... }`
struct ProviderConfig {
  std::string name;
  BodyPtr body;
  SourceRange range;
};

/// One entry of `infra { required_providers { NAME = { source = ..., version = ... } } }`.
struct RequiredProvider {
  std::string name;
  std::string source;
  std::string version;
  SourceRange range;
};

/// Everything declared in one directory. Declarations keep file order.
struct Module {
  std::filesystem::path dir;
  std::vector<Variable> variables;
  std::vector<Local> locals;
  std::vector<Resource> resources;
  /// "TYPE.NAME" -> index into `resources`, kept by the loader (find_resource scans when
  /// it is empty, for modules built by hand).
  std::unordered_map<std::string, std::size_t> resource_index;
  std::vector<Output> outputs;
  std::vector<ProviderConfig> providers;
  std::vector<RequiredProvider> required_providers;
  std::vector<Function> functions;  // `function` blocks (lang/functions.hpp)
  SourceFiles files;  // file name (as shown in messages) -> text

  const Resource* find_resource(std::string_view type, std::string_view name) const;
  const Variable* find_variable(std::string_view name) const;
};

/// Parses one file's text into `module`, reporting problems to `diags`.
/// `file_name` is what messages show (e.g. "main.infra").
void parse_into(Module& module, const std::string& file_name, std::string text,
                Diagnostics& diags);

/// Reads every `*.infra` file of `dir` (sorted by name) into a Module. Duplicate
/// declarations, unknown block types and misplaced arguments are errors.
Module load_module(const std::filesystem::path& dir, Diagnostics& diags);

/// The references of an expression or of every expression in a body, in source order.
std::vector<Reference> references(const Expr& expr);
std::vector<Reference> references(const Body& body);

/// One attribute of a body, as written.
struct AttributeInfo {
  std::string name;
  SourceRange range;  // the name
  ExprPtr expr;
};

/// The attributes of a body (not nested blocks), in source order.
std::vector<AttributeInfo> attributes(const Body& body);

/// The source range of an expression.
SourceRange range_of(const Expr& expr);

}  // namespace infra::lang
