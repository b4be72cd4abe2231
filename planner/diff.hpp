// Planning one resource instance: check the configuration against the provider's schema,
// ask the provider for the planned state, and decide the action.
#pragma once

#include <optional>

#include "lang/config.hpp"
#include "lang/value.hpp"
#include "planner/plan.hpp"
#include "providers/host/plugin.hpp"

namespace infra::planner {

/// Checks `config` (the evaluated body of `resource`) against `schema`: unknown arguments,
/// missing required ones, computed-only ones set, values of the wrong type, unsupported
/// block types, too few or too many blocks, and the same inside each nested block; and the
/// paths of lifecycle.ignore_changes. Each error is at its place in the source. Returns the
/// configuration converted to the schema's types (a list or set block type as a list of
/// objects, a single one as an object or null), or nullopt after reporting errors
/// (planner/conform.cpp).
std::optional<lang::Value> conform_config(const lang::Resource& resource,
                                          const providers::ResourceSchema& schema,
                                          const lang::Value& config, lang::Diagnostics& diags);

/// The same for the evaluated arguments `config` of a provider block, against the
/// provider's own schema (`schema.config` and `schema.config_blocks`).
std::optional<lang::Value> conform_provider_config(const lang::ProviderConfig& block,
                                                   const providers::ProviderSchema& schema,
                                                   const lang::Value& config,
                                                   lang::Diagnostics& diags);

/// Asks the provider to check `config` (conformed, possibly with unknown values). Its
/// findings are reported at the attribute they name, or at the resource. Returns false
/// when there were errors.
bool provider_validate(const lang::Resource& resource, const lang::Value& config,
                       providers::Plugin& plugin, lang::Diagnostics& diags);

/// Plans `resource` from its conformed configuration and its prior object (null when it
/// does not exist). `tainted` forces a replacement. When `importing` (`prior` is what an
/// import just read), the values the provider's plan says it adopted (`adopted`: what the
/// object could not tell, such as a certificate's private key) become part of the change's
/// `before`, so that they are recorded with the import rather than planned as a change.
/// Provider failures are reported with the resource address.
std::optional<Change> plan_resource(const lang::Resource& resource,
                                    const providers::ResourceSchema& schema,
                                    const lang::Value& config, const lang::Value& prior,
                                    bool tainted, providers::Plugin& plugin,
                                    lang::Diagnostics& diags, bool importing = false);

/// True when `a` and `b` are the same, wholly known values (marks aside).
bool same_value(const lang::Value& a, const lang::Value& b);

/// Reads the data source `resource` with its evaluated, wholly known `config` through
/// `plugin` (`read_data`). nullopt after reporting an error.
std::optional<lang::Value> read_data_source(const lang::Resource& resource,
                                            const providers::ResourceSchema& schema,
                                            const lang::Value& config, providers::Plugin& plugin,
                                            lang::Diagnostics& diags);

/// The object the provider knows as `id`, read through `plugin`'s import, with the
/// schema's sensitive attributes marked. nullopt after an error ("Cannot import ADDRESS",
/// at `where` when there is a place) when the provider fails or finds nothing.
std::optional<lang::Value> import_object(providers::Plugin& plugin,
                                         const providers::ResourceSchema& schema,
                                         const std::string& id, const std::string& address,
                                         const std::optional<lang::SourceRange>& where,
                                         lang::Diagnostics& diags);

}  // namespace infra::planner
