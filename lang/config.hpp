// Config: the typed model of one module directory of .infra files, as the planner reads it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
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

/// A condition and the message shown when it is false: a variable's `validation` block,
/// a `precondition` or `postcondition` block, or an `assert` block of a `check`.
struct Condition {
  ExprPtr condition;
  ExprPtr error_message;
  SourceRange range;
};
using Validation = Condition;

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

/// One step of an attribute path: an attribute name or map key, or a list index.
using PathStep = std::variant<std::string, std::int64_t>;

/// One entry of `lifecycle.ignore_changes`: an attribute, or a path into one, as written:
/// `tags`, `tags["env"]`, `labels.team`, `ports[0].external`.
struct IgnoredPath {
  std::vector<PathStep> steps;  // never empty; the first step is a name
  SourceRange range;

  /// The attribute (or block type) the path starts with.
  const std::string& name() const { return std::get<std::string>(steps.front()); }
  /// How messages show it: `tags["env"]`, `ports[0].external`.
  std::string to_string() const;
};

/// The `lifecycle` block of a resource (data sources allow only the conditions).
struct Lifecycle {
  bool create_before_destroy = false;
  bool prevent_destroy = false;
  std::vector<IgnoredPath> ignore_changes;
  bool ignore_all_changes = false;
  /// References to resources or their attributes; a change in one replaces this resource.
  std::vector<ExprPtr> replace_triggered_by;
  std::vector<Condition> preconditions;
  std::vector<Condition> postconditions;  // may refer to `self`
};

/// A provider configuration as named by a resource's `provider` argument or a module's
/// `providers` map: `docker` or `docker.remote`.
struct ProviderRef {
  std::string name;   // local name of the provider
  std::string alias;  // "" for the default configuration
  SourceRange range;
  ExprPtr index;  // `NAME.ALIAS[KEY]`: the instance of a provider block with for_each

  /// "NAME" or "NAME.ALIAS"
  std::string key() const { return alias.empty() ? name : name + "." + alias; }
};

/// Managed resources (`resource` blocks) are created and destroyed; data sources (`data`
/// blocks) are only read.
enum class ResourceMode { Managed, Data };

/// `resource "TYPE" "NAME" { ... }` or `data "TYPE" "NAME" { ... }`
struct Resource {
  std::string type;
  std::string name;
  std::string provider;  // local name of the provider: `provider = NAME.ALIAS`, else the
                         // type's prefix before '_'
  BodyPtr body;          // the arguments, without meta-arguments and the lifecycle block
  std::vector<Reference> depends_on;
  ExprPtr count;     // null when absent
  ExprPtr for_each;  // null when absent
  Lifecycle lifecycle;
  SourceRange range;  // the block header (`resource "TYPE" "NAME"`)
  ResourceMode mode = ResourceMode::Managed;
  std::string provider_alias;  // the ALIAS of `provider = NAME.ALIAS`, "" for the default
  SourceRange provider_range;  // where `provider = ...` was written, if it was
  ExprPtr provider_index;  // the KEY of `provider = NAME.ALIAS[KEY]`, or null

  /// "TYPE.NAME", or "data.TYPE.NAME" for a data source
  std::string address() const {
    return mode == ResourceMode::Data ? "data." + type + "." + name : type + "." + name;
  }
  /// The provider configuration: "NAME" or "NAME.ALIAS"
  std::string provider_key() const {
    return provider_alias.empty() ? provider : provider + "." + provider_alias;
  }
};

/// One entry of a `locals { NAME = EXPR }` block.
struct Local {
  std::string name;
  ExprPtr value;
  SourceRange range;
};

/// `output "NAME" { value = ..., sensitive = ..., description = ..., depends_on = [...],
/// precondition { ... } }`
struct Output {
  std::string name;
  ExprPtr value;
  std::string description;
  bool sensitive = false;
  SourceRange range;
  std::vector<Reference> depends_on;
  std::vector<Condition> preconditions;
};

/// `provider "NAME" { alias = "ALIAS" ... }`; with `for_each` (an extension of ours), one
/// configuration per element, named `NAME.ALIAS[KEY]`, whose arguments may use each.key
/// and each.value.
struct ProviderConfig {
  std::string name;
  BodyPtr body;  // the provider's own arguments, without `alias` and `for_each`
  SourceRange range;
  std::string alias;  // "" for the default configuration
  ExprPtr for_each;   // null when absent

  /// "NAME" or "NAME.ALIAS"
  std::string key() const { return alias.empty() ? name : name + "." + alias; }
};

/// One entry of `infra { required_providers { NAME = { source = ..., version = ... } } }`.
struct RequiredProvider {
  std::string name;
  std::string source;
  std::string version;
  SourceRange range;
};

/// `infra { backend "TYPE" { ... } }`: where the state is kept.
struct Backend {
  std::string type;  // "sqlite" or "postgres"
  BodyPtr body;      // the backend's settings, read by the state stage
  SourceRange range;
};

struct Module;

/// `module "NAME" { source = "./path" ... }`: a call of the module in another directory.
struct ModuleCall {
  std::string name;
  std::string source;  // a local path, "./..." or "../...", relative to this module
  SourceRange source_range;
  BodyPtr body;  // the input variables of the called module
  ExprPtr count;
  ExprPtr for_each;
  std::vector<Reference> depends_on;
  /// `providers = { CHILD_NAME = PARENT_CONFIG }`: which configuration the called module
  /// sees under each name; by default it inherits the caller's default configurations.
  std::vector<std::pair<ProviderRef, ProviderRef>> providers;
  SourceRange range;
  /// The called module, loaded with the calls of its own (load_module does that); null
  /// when it could not be loaded. Calls of one directory share one Module.
  std::shared_ptr<const Module> module;
};

/// `moved { from = OLD  to = NEW }`: an object in the state at OLD is now NEW.
/// Addresses are canonical: `local_file.a`, `local_file.a[0]`, `local_file.a["k"]`,
/// `module.app`, `module.app.local_file.a`.
struct Moved {
  std::string from;
  std::string to;
  SourceRange from_range;
  SourceRange to_range;
  SourceRange range;
};

/// `removed { from = ADDR  lifecycle { destroy = false } }`: forget ADDR without
/// destroying it (or destroy it, with `destroy = true`).
struct Removed {
  std::string from;
  SourceRange from_range;
  bool destroy = false;
  SourceRange range;
};

/// `import { to = ADDR  id = EXPR }`, optionally with `for_each` (then `to` may index
/// with `each.key`) and `provider`.
struct Import {
  /// The canonical address to import into (`local_file.a["k"]`); with for_each and an
  /// index, the address without it (`local_file.a`) and the index in `to_index`.
  std::string to;
  ExprPtr to_index;  // with for_each: the index expression of `to` (may use each.*)
  SourceRange to_range;
  ExprPtr id;
  ExprPtr for_each;
  ProviderRef provider;  // name empty unless given
  SourceRange range;
};

/// `check "NAME" { data "T" "N" {...}  assert { condition, error_message } }`: assertions
/// evaluated after every plan and apply; a false one is a warning, never an error.
struct Check {
  std::string name;
  std::vector<Resource> data_sources;  // scoped data sources, visible only in the check
  std::vector<Condition> asserts;
  SourceRange range;
};

/// Everything declared in one directory. Declarations keep file order.
struct Module {
  std::filesystem::path dir;
  std::vector<Variable> variables;
  std::vector<Local> locals;
  std::vector<Resource> resources;  // managed resources
  std::vector<Resource> data_sources;
  /// "TYPE.NAME" -> index into `resources`, kept by the loader (find_resource scans when
  /// it is empty, for modules built by hand).
  std::unordered_map<std::string, std::size_t> resource_index;
  std::vector<Output> outputs;
  std::vector<ProviderConfig> providers;
  std::vector<RequiredProvider> required_providers;
  std::optional<Backend> backend;
  std::vector<ModuleCall> module_calls;
  std::vector<Moved> moved;
  std::vector<Removed> removed;
  std::vector<Import> imports;
  std::vector<Check> checks;
  std::vector<Function> functions;  // `function` blocks (lang/functions.hpp)
  SourceFiles files;  // file name (as shown in messages) -> text

  const Resource* find_resource(std::string_view type, std::string_view name) const;
  const Variable* find_variable(std::string_view name) const;
  const Resource* find_data_source(std::string_view type, std::string_view name) const;
  const ModuleCall* find_module_call(std::string_view name) const;
  const ProviderConfig* find_provider(std::string_view key) const;
};

/// Parses one file's text into `module`, reporting problems to `diags`.
/// `file_name` is what messages show (e.g. "main.infra").
void parse_into(Module& module, const std::string& file_name, std::string text,
                Diagnostics& diags);

/// Reads every `*.infra` and `*.infra.json` file of `dir` (sorted by name) into a Module. Duplicate
/// declarations, unknown block types and misplaced arguments are errors. The modules it
/// calls are loaded too (ModuleCall::module), with their files added to `files` under their
/// path relative to `dir` ("modules/app/main.infra"); a call's arguments are checked against
/// the called module's variables, and a module that calls itself is an error.
Module load_module(const std::filesystem::path& dir, Diagnostics& diags);

/// Reads the files of `dir` only, naming them `prefix / FILE` in messages: load_module
/// without the called modules.
Module load_module_files(const std::filesystem::path& dir, const std::filesystem::path& prefix,
                         Diagnostics& diags);

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
