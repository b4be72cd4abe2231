// What the postgresql resource types share: schema attribute builders, defaults filled in
// at plan time (so that a value changed outside infra shows as drift), reading arguments
// from states, and errors that name the resource.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "providers/postgresql/pg_client.hpp"
#include "providers/sdk/provider.hpp"

namespace infra::providers::postgresql {

/// A required argument.
Attribute required(std::string name, std::string type, std::string description,
                   bool force_new = false);
/// An optional argument.
Attribute optional(std::string name, std::string type, std::string description,
                   bool force_new = false);
/// An optional argument that the server fills in when it is unset (read back into the state).
Attribute optional_computed(std::string name, std::string type, std::string description,
                            bool force_new = false);

/// The value an optional argument takes in the plan and state when the configuration
/// leaves it unset.
struct Default {
  std::string name;
  json value;
};

/// Gives `r` a plan hook that sets each argument of `defaults` the configuration leaves
/// null (and not unknown), then runs `more` (may be empty); and declares those defaults in
/// its schema.
void plan_with_defaults(sdk::Resource& r, std::vector<Default> defaults,
                        std::function<void(sdk::Plan&)> more = {});

/// Member `name` of `object`, null when missing.
json member(const json& object, const std::string& name);
/// String argument `name`, nullopt when null.
std::optional<std::string> text(const json& state, const std::string& name);
/// Bool argument `name`, or `fallback` when null.
bool flag(const json& state, const std::string& name, bool fallback);
/// Whole-number argument `name`, or `fallback` when null.
std::int64_t number(const json& state, const std::string& name, std::int64_t fallback);
/// A list or set of strings (null: empty).
std::vector<std::string> strings(const json& state, const std::string& name);
/// A JSON array of `values`, sorted (how the host orders sets).
json sorted_array(std::vector<std::string> values);
/// Parses a JSON array of strings the server built (json_agg / to_json); null gives [].
std::vector<std::string> parse_strings(const std::optional<std::string>& json_text);

/// The settings of the current request, and the database to use for a resource whose
/// `database` argument is `database` (nullopt: the provider's).
std::string database_or_default(const Settings& settings,
                                const std::optional<std::string>& database);

/// Throws sdk::Error("TYPE \"NAME\": message") at `path` (or the error's own).
[[noreturn]] void rethrow(const std::string& type, const std::string& name, const sdk::Error& e,
                          const json& path);

/// Runs `work`; an sdk::Error it throws is thrown again as `TYPE "NAME": message`, at
/// `path` when the error has none. Every statement of a resource runs inside one.
template <typename Work>
auto about(const std::string& type, const std::string& name, Work&& work,
           const json& path = json::array()) -> decltype(work()) {
  try {
    return work();
  } catch (const sdk::Error& e) {
    rethrow(type, name, e, path);
  }
}

/// Runs `work`; an sdk::Error without a path that it throws is thrown again at `path`.
template <typename Work>
auto at(const json& path, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const sdk::Error& e) {
    if (!e.path().empty()) throw;
    throw sdk::Error(e.what(), path);
  }
}

/// `state`, or throws sdk::Error("TYPE: no WHAT \"ID\"") when it is null: an import of
/// something that does not exist.
json found(json state, const std::string& type, const std::string& what, const std::string& id);

/// Whether database `name` exists (asked on a connection to the provider's database).
bool database_exists(const Settings& settings, const std::string& name);

/// The JSON object that `sql`, a query of one row and one column run on the provider's
/// database with $1 = `name` and $2 = `stored`, returns; null when there is no row.
json catalog_object(const Settings& settings, const char* sql, const std::string& name,
                    const std::optional<std::string>& stored);

/// How a type reads one object by name, on `settings`, in `database` (for the types that
/// live in one); `prior` is the stored state ({} when importing). Null when it is gone.
using ReadObject = std::function<json(const Settings& settings, const std::string& database,
                                      const std::string& name, const json& prior)>;

/// Sets `read` and `import` of a server-wide type (roles, databases): the import id is the
/// name; `what` names the object in "no WHAT \"ID\"".
void read_by_name(sdk::Resource& r, const std::string& type, const std::string& what,
                  ReadObject read);

/// Sets `read`, `import` and `destroy` of a type whose objects live in one database (the
/// state's `database`, the provider's when unset): the import id is "DATABASE.NAME";
/// destroying runs DROP KEYWORD IF EXISTS (CASCADE when drop_cascade is set).
void in_one_database(sdk::Resource& r, const std::string& type, const std::string& keyword,
                     ReadObject read);

/// Runs `work(conn, settings, database)` inside about(type, name), on a connection to the
/// database `state` names (the provider's when unset).
json with_database_of(
    const std::string& type, const json& state, const std::string& name,
    const std::function<json(Connection&, const Settings&, const std::string&)>& work);

/// Splits "first<sep>rest" at the first `sep`; nullopt when there is none or a part is empty.
std::optional<std::pair<std::string, std::string>> split_once(const std::string& id, char sep);

}  // namespace infra::providers::postgresql
