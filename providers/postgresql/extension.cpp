// postgresql_extension: CREATE EXTENSION / ALTER EXTENSION (UPDATE TO a version, SET
// SCHEMA) / DROP EXTENSION in one database. Import id "database.extension".
#include "providers/postgresql/common.hpp"
#include "providers/postgresql/resources.hpp"

namespace infra::providers::postgresql {

namespace {

constexpr const char* kType = "postgresql_extension";

const std::vector<Default> kDefaults = {{"drop_cascade", false}};

json read_extension(const Settings& settings, const std::string& database,
                    const std::string& name, const json& prior) {
  if (!database_exists(settings, database)) return nullptr;
  Connection conn(settings, database);
  auto rows = conn.exec(
      "select n.nspname, e.extversion from pg_extension e "
      "join pg_namespace n on n.oid = e.extnamespace where e.extname = $1",
      {name});
  if (rows.empty()) return nullptr;
  return {{"name", name},
          {"database", database},
          {"schema", *rows[0][0]},
          {"version", *rows[0][1]},
          {"drop_cascade", flag(prior, "drop_cascade", false)}};
}

json create(const json& planned) {
  const std::string name = planned["name"];
  return with_database_of(kType, planned, name, [&](Connection& conn, const Settings& settings,
                                                    const std::string& database) {
    std::string sql = "CREATE EXTENSION " + conn.ident(name);
    if (auto schema = text(planned, "schema")) sql += " SCHEMA " + conn.ident(*schema);
    if (auto version = text(planned, "version")) sql += " VERSION " + conn.literal(*version);
    conn.exec(sql);
    return read_extension(settings, database, name, planned);
  });
}

json update(const json& prior, const json& planned) {
  const std::string name = planned["name"];
  return with_database_of(kType, prior, name, [&](Connection& conn, const Settings& settings,
                                                  const std::string& database) {
    conn.transaction([&] {
      if (auto version = text(planned, "version"); version && *version != text(prior, "version")) {
        at(json::array({"version"}), [&] {
          return conn.exec("ALTER EXTENSION " + conn.ident(name) + " UPDATE TO " +
                           conn.literal(*version));
        });
      }
      if (auto schema = text(planned, "schema"); schema && *schema != text(prior, "schema")) {
        at(json::array({"schema"}), [&] {
          return conn.exec("ALTER EXTENSION " + conn.ident(name) + " SET SCHEMA " +
                           conn.ident(*schema));
        });
      }
    });
    return read_extension(settings, database, name, planned);
  });
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "An extension installed in a PostgreSQL database.";
  s.attributes = {
      required("name", "string", "The extension, e.g. \"pgcrypto\".", true),
      optional_computed("database", "string", "The database; default: the provider's.", true),
      optional_computed("schema", "string",
                        "The schema of its objects; a change moves them (relocatable "
                        "extensions only)."),
      optional_computed("version", "string",
                        "The version; default: the newest. A change updates in place."),
      optional("drop_cascade", "bool",
               "Whether destroying drops the objects that depend on it; default false."),
  };
  return s;
}

}  // namespace

sdk::Resource extension_resource() {
  sdk::Resource r;
  r.schema = schema();
  plan_with_defaults(r, kDefaults);
  r.create = create;
  r.update = update;
  in_one_database(r, kType, "EXTENSION", read_extension);
  return r;
}

}  // namespace infra::providers::postgresql
