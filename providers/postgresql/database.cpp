// postgresql_database: CREATE DATABASE / ALTER DATABASE / DROP DATABASE. Encoding,
// collation and template force a new database; name, owner and the connection settings
// change in place. Dropping a database that has sessions fails unless force_destroy is set,
// which ends them (DROP DATABASE ... WITH (FORCE)).
#include "providers/postgresql/common.hpp"
#include "providers/postgresql/resources.hpp"
#include "providers/protocol/paths.hpp"

namespace infra::providers::postgresql {

namespace {

constexpr const char* kType = "postgresql_database";

const std::vector<Default> kDefaults = {{"connection_limit", -1},
                                        {"allow_connections", true},
                                        {"is_template", false},
                                        {"force_destroy", false}};

// $2 is the stored encoding, kept as written when it names the server's (e.g. "utf8").
constexpr const char* kReadSql = R"(
select json_build_object(
  'name', d.datname, 'owner', pg_get_userbyid(d.datdba),
  'encoding', case when $2::text is not null and pg_char_to_encoding($2::name) = d.encoding
                   then $2::text else pg_encoding_to_char(d.encoding)::text end,
  'lc_collate', d.datcollate, 'lc_ctype', d.datctype, 'connection_limit', d.datconnlimit,
  'allow_connections', d.datallowconn, 'is_template', d.datistemplate)
from pg_database d where d.datname = $1)";

json read_database(const Settings& settings, const std::string& /*database*/,
                   const std::string& name, const json& prior) {
  json state = catalog_object(settings, kReadSql, name, text(prior, "encoding"));
  if (state.is_null()) return nullptr;
  // Not in the catalogs: kept as configured.
  state["template"] = member(prior, "template");
  state["force_destroy"] = flag(prior, "force_destroy", false);
  return state;
}

std::string bool_word(bool b) { return b ? "true" : "false"; }

// CONNECTION LIMIT, ALLOW_CONNECTIONS and IS_TEMPLATE as WITH options.
std::string settings_options(const json& planned) {
  return " CONNECTION LIMIT " + std::to_string(number(planned, "connection_limit", -1)) +
         " ALLOW_CONNECTIONS " + bool_word(flag(planned, "allow_connections", true)) +
         " IS_TEMPLATE " + bool_word(flag(planned, "is_template", false));
}

json create(const json& planned) {
  const std::string name = planned["name"];
  return about(kType, name, [&] {
    Connection conn(current_settings(), "");
    std::string sql = "CREATE DATABASE " + conn.ident(name) + " WITH";
    if (auto owner = text(planned, "owner")) sql += " OWNER " + conn.ident(*owner);
    sql += " TEMPLATE " + conn.ident(text(planned, "template").value_or("template0"));
    if (auto encoding = text(planned, "encoding")) sql += " ENCODING " + conn.literal(*encoding);
    if (auto collate = text(planned, "lc_collate")) sql += " LC_COLLATE " + conn.literal(*collate);
    if (auto ctype = text(planned, "lc_ctype")) sql += " LC_CTYPE " + conn.literal(*ctype);
    conn.exec(sql + settings_options(planned));
    return read_database(current_settings(), "", name, planned);
  });
}

json update(const json& prior, const json& planned) {
  const std::string old_name = prior["name"];
  const std::string name = planned["name"];
  return about(kType, name, [&] {
    Connection conn(current_settings(), "");
    conn.transaction([&] {
      if (old_name != name) {
        at(json::array({"name"}), [&] {
          return conn.exec("ALTER DATABASE " + conn.ident(old_name) + " RENAME TO " +
                           conn.ident(name));
        });
      }
      if (auto owner = text(planned, "owner"); owner && *owner != text(prior, "owner")) {
        at(json::array({"owner"}), [&] {
          return conn.exec("ALTER DATABASE " + conn.ident(name) + " OWNER TO " +
                           conn.ident(*owner));
        });
      }
      conn.exec("ALTER DATABASE " + conn.ident(name) + " WITH" + settings_options(planned));
    });
    return read_database(current_settings(), "", name, planned);
  });
}

void destroy(const json& prior) {
  const std::string name = prior["name"];
  about(kType, name, [&] {
    Connection conn(current_settings(), "");
    if (!conn.value("select 1 from pg_database where datname = $1", {name})) return;
    // A template database cannot be dropped.
    conn.exec("ALTER DATABASE " + conn.ident(name) + " IS_TEMPLATE false");
    conn.exec("DROP DATABASE IF EXISTS " + conn.ident(name) +
              (flag(prior, "force_destroy", false) ? " WITH (FORCE)" : ""));
  });
}

// The template matters only when the database is made: an imported database (no template
// recorded) is not replaced for the configuration naming one.
void keep_imported(sdk::Plan& plan) {
  if (!plan.creating() && member(plan.prior, "template").is_null()) {
    remove_path(plan.requires_replace, json::array({"template"}));
  }
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "A PostgreSQL database.";
  s.attributes = {
      required("name", "string", "The database's name; a change renames it in place."),
      optional_computed("owner", "string", "The owning role; default: the connecting role."),
      optional_computed("encoding", "string", "Character set, e.g. \"UTF8\".", true),
      optional_computed("lc_collate", "string", "Collation order (LC_COLLATE).", true),
      optional_computed("lc_ctype", "string", "Character classification (LC_CTYPE).", true),
      optional("template", "string", "The database copied; default \"template0\".", true),
      optional("connection_limit", "number", "-1 (the default) for no limit."),
      optional("allow_connections", "bool", "Default true."),
      optional("is_template", "bool", "Whether it may be used as a template; default false."),
      optional("force_destroy", "bool",
               "Whether destroying ends the database's sessions; default false: destroying "
               "fails while sessions are connected."),
  };
  return s;
}

}  // namespace

sdk::Resource database_resource() {
  sdk::Resource r;
  r.schema = schema();
  plan_with_defaults(r, kDefaults, keep_imported);
  r.create = create;
  r.update = update;
  read_by_name(r, kType, "database named", read_database);
  r.destroy = destroy;
  return r;
}

}  // namespace infra::providers::postgresql
