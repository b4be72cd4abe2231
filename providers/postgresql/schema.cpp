// postgresql_schema: CREATE SCHEMA / ALTER SCHEMA / DROP SCHEMA in one database (the
// provider's unless `database` names another). Renamed in place; import id
// "database.schema".
#include "providers/postgresql/common.hpp"
#include "providers/postgresql/resources.hpp"

namespace infra::providers::postgresql {

namespace {

constexpr const char* kType = "postgresql_schema";

const std::vector<Default> kDefaults = {{"if_not_exists", true}, {"drop_cascade", false}};

json read_schema(const Settings& settings, const std::string& database, const std::string& name,
                 const json& prior) {
  if (!database_exists(settings, database)) return nullptr;
  Connection conn(settings, database);
  auto owner = conn.value(
      "select pg_get_userbyid(nspowner) from pg_namespace where nspname = $1", {name});
  if (!owner) return nullptr;
  return {{"name", name},
          {"database", database},
          {"owner", *owner},
          {"if_not_exists", flag(prior, "if_not_exists", true)},
          {"drop_cascade", flag(prior, "drop_cascade", false)}};
}

json create(const json& planned) {
  const std::string name = planned["name"];
  return with_database_of(kType, planned, name, [&](Connection& conn, const Settings& settings,
                                                    const std::string& database) {
    conn.transaction([&] {
      conn.exec(std::string("CREATE SCHEMA ") +
                (flag(planned, "if_not_exists", true) ? "IF NOT EXISTS " : "") + conn.ident(name));
      if (auto owner = text(planned, "owner")) {
        at(json::array({"owner"}), [&] {
          return conn.exec("ALTER SCHEMA " + conn.ident(name) + " OWNER TO " + conn.ident(*owner));
        });
      }
    });
    return read_schema(settings, database, name, planned);
  });
}

json update(const json& prior, const json& planned) {
  const std::string old_name = prior["name"];
  const std::string name = planned["name"];
  return with_database_of(kType, prior, name, [&](Connection& conn, const Settings& settings,
                                                  const std::string& database) {
    conn.transaction([&] {
      if (old_name != name) {
        at(json::array({"name"}), [&] {
          return conn.exec("ALTER SCHEMA " + conn.ident(old_name) + " RENAME TO " +
                           conn.ident(name));
        });
      }
      if (auto owner = text(planned, "owner"); owner && *owner != text(prior, "owner")) {
        at(json::array({"owner"}), [&] {
          return conn.exec("ALTER SCHEMA " + conn.ident(name) + " OWNER TO " + conn.ident(*owner));
        });
      }
    });
    return read_schema(settings, database, name, planned);
  });
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "A schema in a PostgreSQL database.";
  s.attributes = {
      required("name", "string", "The schema's name; a change renames it in place."),
      optional_computed("database", "string", "The database; default: the provider's.", true),
      optional_computed("owner", "string", "The owning role; default: the connecting role."),
      optional("if_not_exists", "bool",
               "Whether creating takes over a schema that exists already; default true."),
      optional("drop_cascade", "bool",
               "Whether destroying drops the objects in the schema too; default false."),
  };
  return s;
}

}  // namespace

sdk::Resource schema_resource() {
  sdk::Resource r;
  r.schema = schema();
  plan_with_defaults(r, kDefaults);
  r.create = create;
  r.update = update;
  in_one_database(r, kType, "SCHEMA", read_schema);
  return r;
}

}  // namespace infra::providers::postgresql
