// The provider SDK: a provider is a schema plus callbacks on plain JSON values; sdk::serve
// speaks protocol v1 (docs/provider-protocol.md) on stdin/stdout for it.
//
// This header includes <nlohmann/json.hpp> on purpose: it is for provider executables,
// whose code works on JSON values throughout, not for the engine's stages.
#pragma once

#include <functional>
#include <iosfwd>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "providers/protocol/paths.hpp"
#include "providers/protocol/schema.hpp"

namespace infra::providers::sdk {

using json = nlohmann::json;

/// A callback failed; `path` (a JSON array such as ["file_permission"]) says where, if it
/// is about one attribute. Becomes an `error` response: nothing changed.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message, json path = json::array())
      : std::runtime_error(message), path_(std::move(path)) {}
  const json& path() const { return path_; }

 private:
  json path_;
};

/// Thrown by create/update when the failure came after something already changed: `state`
/// (object, or null if nothing exists) is what exists now, so the host can record it.
class PartialApplyError : public Error {
 public:
  PartialApplyError(const std::string& message, json state, json path = json::array())
      : Error(message, std::move(path)), state_(std::move(state)) {}
  const json& state() const { return state_; }

 private:
  json state_;
};

/// One finding of validate or plan.
struct Diagnostic {
  std::string severity = "error";  // "error" or "warning"
  std::string summary;
  std::string detail;
  json path = json::array();
};

/// The plan being built for one resource; a resource's plan hook adjusts it after the
/// default logic (see plan_resource).
struct Plan {
  json prior;             // null when creating
  json planned;           // starts as the proposed state
  json unknown;           // paths of `planned` known only after apply
  json proposed_unknown;  // the paths the configuration left unknown (as received)
  json requires_replace;  // paths whose change forces a replacement
  std::vector<Diagnostic> diagnostics;

  bool creating() const { return prior.is_null(); }
  /// Creating, or replacing (some requires_replace path).
  bool creates_new_object() const { return creating() || !requires_replace.empty(); }
  /// Whether top-level attribute `name` is unknown in `planned`.
  bool is_unknown(const std::string& name) const;
  /// Sets top-level attribute `name` to a value known at plan time.
  void set_known(const std::string& name, json value);
  /// Marks top-level attribute `name` as known only after apply (its value becomes null).
  void set_unknown(const std::string& name);
};

/// One resource type: its schema and what to do for each protocol method.
struct Resource {
  ResourceSchema schema;  // schema.type is filled from the key in Provider::resources

  /// Extra checks beyond the schema's (required, types, computed-only); optional.
  /// `unknown` lists the paths of `config` not known yet.
  std::function<std::vector<Diagnostic>(const json& config, const json& unknown)> validate;
  /// Adjusts the default plan; optional.
  std::function<void(Plan&)> plan;
  /// Creates the object described by `planned` (unknown paths are null); returns its state.
  std::function<json(const json& planned)> create;
  /// The object's current state, or null if it is gone.
  std::function<json(const json& state)> read;
  /// Changes the object in place from `prior` to `planned`; returns the new state. Optional:
  /// without it, an update is an error (declare every attribute force_new).
  std::function<json(const json& prior, const json& planned)> update;
  /// Deletes the object; an object already gone is not an error.
  std::function<void(const json& prior)> destroy;
  /// The state of an existing object named by `id`; throws Error if there is none. Optional.
  std::function<json(const std::string& id)> import;
  /// What an imported state leaves null because the object cannot tell it (a certificate's
  /// private key, the commands of exec_command). Optional. Given the prior state and the
  /// proposed one, returns the top-level attributes and block types whose proposed values
  /// describe the object as it is; a warning in `diagnostics` may say why one is refused.
  /// plan and update take those values as the prior's (no replacement, no update), and the
  /// plan result lists them in `adopted` for the host to record with the imported object.
  std::function<std::vector<std::string>(const json& prior, const json& proposed,
                                         std::vector<Diagnostic>& diagnostics)>
      adopt;
  /// A state stored under an older schema version (`version` < schema.version) in this
  /// version's shape. Optional: without it, such a state is taken as it is.
  std::function<json(int version, const json& state)> upgrade_state;
};

/// One data source type: its schema and how to read it.
struct DataSource {
  ResourceSchema schema;  // schema.type is filled from the key in Provider::data_sources
  /// Reads the object described by `config` (known in full); returns its attributes, the
  /// configuration's included. Throws Error when there is nothing to read.
  std::function<json(const json& config)> read;
};

/// A provider: name, version, provider-block attributes, resource and data source types.
struct Provider {
  std::string name;     // "local": the executable is infra-provider-local
  std::string version;  // "0.1.0"
  std::vector<Attribute> config;
  std::vector<BlockType> config_blocks;  // block types of the provider block
  /// Receives the provider block's values; optional.
  std::function<void(const json& config)> configure;
  std::map<std::string, Resource> resources;
  std::map<std::string, DataSource> data_sources;

  /// The schema sent in the handshake.
  ProviderSchema schema() const;
};

/// Records `value` as the default of the optional attribute `name` of `body` (a resource's
/// schema, or one of its block types): the plan hook that fills it in stays the provider's,
/// this only tells the host, so that generated configuration leaves the argument out when
/// it has that value. Throws std::logic_error for an unknown or non-optional attribute.
void declare_default(SchemaBody& body, const std::string& name, const json& value);

/// The same for an attribute of the block type `block` of `body`.
void declare_default(SchemaBody& body, const std::string& block, const std::string& name,
                     const json& value);

/// The default plan: requires_replace holds the force_new attributes whose proposed value
/// differs from the prior one (or is unknown), inside blocks too: by index in a list block
/// (["ports", 1, "internal"]), as an object in a single one, and the block type's own path
/// (["rule"]) when the force_new values of a set's elements differ. When a new object will
/// be created, computed attributes become unknown (computed-only ones always,
/// optional+computed ones when null), and so do those of blocks that have no counterpart in
/// the prior object; then the resource's plan hook runs. Values the adopt hook accepts count
/// as the prior's throughout, and are listed in the result's `adopted` (absent when none).
/// Returns the `plan` result object.
json plan_resource(const Resource& resource, const json& prior, const json& proposed,
                   const json& unknown);

/// `prior` with the values `resource.adopt` accepts from `proposed` (none unknown, per
/// `unknown`); their paths are added to `adopted`. `prior` itself without an adopt hook.
json adopt_prior(const Resource& resource, const json& prior, const json& proposed,
                 const json& unknown, json& adopted, std::vector<Diagnostic>& diagnostics);

/// The `validate` diagnostics for `config`: the schema's checks (inside blocks too, with
/// paths into them, and the numbers of blocks), then the resource's hook.
std::vector<Diagnostic> validate_resource(const Resource& resource, const json& config,
                                          const json& unknown);

/// Answers one request object with one response object. Never throws. `shutdown` is answered
/// `{}` here; stopping is serve's job.
json handle_request(const Provider& provider, const json& request);

/// The `result` of one request, answered in process without a request object around it (for
/// providers built into the engine): throws Error (with its path) or another exception when
/// the request fails.
json answer(const Provider& provider, const std::string& method, const json& params);

/// Runs the protocol on stdin/stdout until `shutdown` or end of input; returns the exit code.
/// Requests are handled concurrently (TBB); responses are written whole, one per line.
int serve(const Provider& provider);
/// The same over any streams (for tests).
int serve(const Provider& provider, std::istream& in, std::ostream& out);

json to_json(const Diagnostic& diagnostic);

}  // namespace infra::providers::sdk
