// Internal to lang/: the decoder of top-level blocks into a Module. The block types are
// split by theme: config.cpp (dispatch, variables, locals, outputs),
// config_resources.cpp (resource and data blocks, lifecycle, conditions),
// config_blocks.cpp (module, provider, settings, moved, removed, import, check).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/ast.hpp"
#include "lang/config.hpp"

namespace infra::lang::detail {

/// An address written as a traversal (`local_file.a`, `module.app.local_file.a["k"]`).
struct StaticAddress {
  std::string text;        // canonical form, with every index
  std::string unindexed;   // `text` without the index of its last step, if any
  ExprPtr last_index;      // the last step's index expression, or null
  bool dynamic_index = false;  // `last_index` is not a constant (import's `each.key`)
  bool is_module = false;  // ends in `module.NAME` or `module.NAME[KEY]`
  bool is_data = false;    // a data source (`data.TYPE.NAME`)
  bool has_index = false;  // the last step has an index
};

/// `body` without its attributes named in `attributes` and its blocks of the types in
/// `blocks`: what a block's own arguments are once the loader has taken out the ones it
/// reads itself. `body` itself when it has none of them, so that the common case shares
/// the parsed body instead of copying it.
BodyPtr without(const BodyPtr& body, std::initializer_list<std::string_view> attributes,
                std::initializer_list<std::string_view> blocks);

class Loader {
 public:
  Loader(Module& module, const std::string& text, Diagnostics& diags)
      : m_(module), text_(text), diags_(diags) {}

  /// Decodes every top-level block of a file's body into the module.
  void top(const Body& body);

 private:
  // config.cpp
  bool labels(const Block& b, std::size_t n, const char* message);
  bool duplicate(const SourceRange* existing, const std::string& what, const SourceRange& at);
  void unexpected(const Attribute& a, const std::string& where, const char* expected);
  void unexpected(const Block& b, const std::string& where);
  void no_blocks(const Block& b, const std::string& where);
  void missing(const Block& b, const char* name, const std::string& where);
  std::optional<Value> constant(const Expr& e);
  std::string constant_string(const Attribute& a);
  bool constant_bool(const Attribute& a);
  std::string text_of(const Expr& e) const;
  void variable(const Block& b);
  Condition condition(const Block& b, const std::string& where);
  void locals(const Block& b);
  void output(const Block& b);

  // config_resources.cpp
  void resource(const Block& b, ResourceMode mode);
  std::optional<Resource> resource_block(const Block& b, ResourceMode mode);
  std::vector<Reference> depends_on(const Expr& e);
  Lifecycle lifecycle(const Block& b, ResourceMode mode, const std::string& where);
  void ignore_changes(const Expr& e, Lifecycle& l);
  /// One entry of ignore_changes that is a traversal: `tags["env"]`, `ports[0].external`.
  std::optional<IgnoredPath> ignored_path(const Expr& e);
  void replace_triggered_by(const Expr& e, Lifecycle& l);
  std::optional<ProviderRef> provider_ref(const Expr& e);
  void dynamic_blocks(const Body& body, const std::string& where);

  // config_blocks.cpp
  void module_call(const Block& b);
  void module_providers(const Expr& e, ModuleCall& call);
  void provider(const Block& b);
  void settings(const Block& b);
  void backend(const Block& b);
  void required_providers(const Block& b);
  std::optional<StaticAddress> address(const Expr& e, const char* what, bool allow_dynamic_index);
  void moved(const Block& b);
  void removed(const Block& b);
  void import(const Block& b);
  void check(const Block& b);

  Module& m_;
  const std::string& text_;
  Diagnostics& diags_;
};

}  // namespace infra::lang::detail
