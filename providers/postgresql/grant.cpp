// postgresql_grant: the privileges of one role (or PUBLIC) on a database, a schema, or the
// tables, sequences or functions of a schema (all of them, or those `objects` names).
// Applying revokes the role's privileges on the targets and grants the planned ones in one
// transaction; reading takes them back from the catalogs' ACLs (aclexplode), so a REVOKE
// made outside infra shows as drift. Import id "role/database/object_type[/schema]".
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "providers/postgresql/common.hpp"
#include "providers/postgresql/resources.hpp"

namespace infra::providers::postgresql {

namespace {

constexpr const char* kType = "postgresql_grant";

// What each object_type may be granted and where its ACLs are: a query of (name, acl) rows
// with $1 the database (object_type database), the schema (schema) or the containing
// schema (the rest), and $3 the names to keep (NULL: all).
struct Kind {
  std::set<std::string> privileges;
  const char* objects_sql;
  const char* all_keyword;  // "TABLES" in GRANT ... ON ALL TABLES IN SCHEMA; "" when none
  const char* one_keyword;  // "TABLE" in GRANT ... ON TABLE s.t
};

const std::map<std::string, Kind>& kinds() {
  static const std::map<std::string, Kind> table = {
      {"database",
       {{"CONNECT", "CREATE", "TEMPORARY"},
        "select datname::text as name, coalesce(datacl, acldefault('d', datdba)) as acl "
        "from pg_database where datname = $1",
        "", "DATABASE"}},
      {"schema",
       {{"CREATE", "USAGE"},
        "select nspname::text, coalesce(nspacl, acldefault('n', nspowner)) "
        "from pg_namespace where nspname = $1",
        "", "SCHEMA"}},
      {"table",
       {{"DELETE", "INSERT", "REFERENCES", "SELECT", "TRIGGER", "TRUNCATE", "UPDATE"},
        "select c.relname::text, coalesce(c.relacl, acldefault('r', c.relowner)) from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = $1 and c.relkind in ('r', 'v', 'm', 'f', 'p')",
        "TABLES", "TABLE"}},
      {"sequence",
       {{"SELECT", "UPDATE", "USAGE"},
        "select c.relname::text, coalesce(c.relacl, acldefault('s', c.relowner)) from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relkind = 'S'",
        "SEQUENCES", "SEQUENCE"}},
      {"function",
       {{"EXECUTE"},
        "select p.proname::text, coalesce(p.proacl, acldefault('f', p.proowner)) from pg_proc p "
        "join pg_namespace n on n.oid = p.pronamespace "
        "where n.nspname = $1 and p.prokind in ('f', 'a', 'w')",
        "FUNCTIONS", "FUNCTION"}},
  };
  return table;
}

bool in_schema(const std::string& object_type) {
  return object_type != "database" && object_type != "schema";
}

bool is_public(const std::string& role) {
  std::string lower = role;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  return lower == "public";
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::toupper);
  return s;
}

// A short name for messages: "role on object_type database[.schema]".
std::string describe(const json& state) {
  std::string out = text(state, "role").value_or("?") + " on " +
                    text(state, "object_type").value_or("?") + " " +
                    text(state, "database").value_or("?");
  if (auto schema = text(state, "schema")) out += "." + *schema;
  return out;
}

std::vector<sdk::Diagnostic> check(const json& config, const json& unknown) {
  std::vector<sdk::Diagnostic> out;
  auto known = [&](const char* name) {
    return !member(config, name).is_null() && !has_path(unknown, json::array({name}));
  };
  if (!known("object_type")) return out;
  const std::string object_type = config["object_type"];
  auto kind = kinds().find(object_type);
  if (kind == kinds().end()) {
    out.push_back({"error", "invalid object_type",
                   "expected one of database, schema, table, sequence, function; got \"" +
                       object_type + "\"",
                   json::array({"object_type"})});
    return out;
  }
  const bool schema_set = !member(config, "schema").is_null();
  if (object_type != "database" && !schema_set) {
    out.push_back({"error", "missing schema",
                   "a grant on object_type \"" + object_type + "\" needs the schema argument",
                   json::array({"schema"})});
  }
  if (object_type == "database" && schema_set) {
    out.push_back({"error", "unexpected schema",
                   "a grant on object_type \"database\" takes no schema argument",
                   json::array({"schema"})});
  }
  if (!in_schema(object_type) && !member(config, "objects").empty()) {
    out.push_back({"error", "unexpected objects",
                   "objects names tables, sequences or functions; object_type \"" + object_type +
                       "\" takes none",
                   json::array({"objects"})});
  }
  if (known("privileges")) {
    for (const auto& p : config["privileges"]) {
      if (!p.is_string() || kind->second.privileges.count(upper(p.get<std::string>()))) continue;
      std::string allowed;
      for (const auto& a : kind->second.privileges) allowed += (allowed.empty() ? "" : ", ") + a;
      out.push_back({"error", "invalid privileges",
                     "object_type \"" + object_type + "\" takes the privileges " + allowed +
                         "; got \"" + p.get<std::string>() + "\"",
                     json::array({"privileges"})});
    }
  }
  return out;
}

// Privileges are spelled as the catalogs spell them, so that reading back compares equal;
// objects unset and objects = [] both mean all of them, no change from one to the other.
void normalize(sdk::Plan& plan) {
  if (!plan.creating() && member(plan.prior, "objects").empty() &&
      member(plan.planned, "objects").empty()) {
    remove_path(plan.requires_replace, json::array({"objects"}));
  }
  const json privileges = member(plan.planned, "privileges");
  if (!privileges.is_array()) return;
  std::vector<std::string> names;
  for (const auto& p : privileges) {
    if (p.is_string()) names.push_back(upper(p.get<std::string>()));
  }
  plan.planned["privileges"] = sorted_array(names);
}

// The database a grant's statements run in.
std::string target_database(const json& state) { return state["database"]; }

// The ON clause of GRANT and REVOKE for `state`.
std::string target(const Connection& conn, const json& state) {
  const std::string object_type = state["object_type"];
  const Kind& kind = kinds().at(object_type);
  if (object_type == "database") return "DATABASE " + conn.ident(target_database(state));
  const std::string schema = conn.ident(state["schema"].get<std::string>());
  if (object_type == "schema") return "SCHEMA " + schema;
  const auto objects = strings(state, "objects");
  if (objects.empty()) return std::string("ALL ") + kind.all_keyword + " IN SCHEMA " + schema;
  std::string list;
  for (const auto& o : objects) list += (list.empty() ? "" : ", ") + schema + "." + conn.ident(o);
  return std::string(kind.one_keyword) + " " + list;
}

std::string grantee(const Connection& conn, const std::string& role) {
  return is_public(role) ? "PUBLIC" : conn.ident(role);
}

// The privileges `state`'s role holds on every one of its targets now, or null when it holds
// none (or the role, database or schema is gone).
json read_grant(const Settings& settings, const json& state) {
  const std::string database = target_database(state);
  if (!database_exists(settings, database)) return nullptr;
  Connection conn(settings, database);
  const std::string role = state["role"];
  std::optional<std::string> oid = "0";  // PUBLIC
  if (!is_public(role)) {
    oid = conn.value("select oid::text from pg_roles where rolname = $1", {role});
    if (!oid) return nullptr;
  }
  const std::string object_type = state["object_type"];
  const std::string schema = text(state, "schema").value_or("");
  if (in_schema(object_type) &&
      !conn.value("select 1 from pg_namespace where nspname = $1", {schema})) {
    return nullptr;
  }
  const auto wanted = strings(state, "objects");
  std::optional<std::string> names;
  if (in_schema(object_type) && !wanted.empty()) names = json(wanted).dump();
  const std::string sql =
      "select o.name, coalesce(json_agg(json_build_array(a.privilege_type, a.is_grantable)) "
      "filter (where a.grantee = $2::oid), '[]'::json)::text "
      "from (" + std::string(kinds().at(object_type).objects_sql) + ") o(name, acl) "
      "left join lateral aclexplode(o.acl) a on true "
      "where $3::text is null or o.name in (select json_array_elements_text($3::json)) "
      "group by o.name order by o.name";
  const std::string key = object_type == "database" ? database : schema;
  const Rows rows = conn.exec(sql, {key, oid, names});

  // Per object: privilege -> grantable. Objects named but missing hold nothing.
  std::map<std::string, std::map<std::string, bool>> held;
  for (const auto& o : wanted) held[o];
  for (const auto& row : rows) {
    auto& privileges = held[*row[0]];
    for (const auto& pair : json::parse(*row[1])) privileges[pair[0]] = pair[1].get<bool>();
  }
  json out = state;
  if (held.empty()) {
    // The database or schema is gone; an empty schema holds nothing to compare.
    return in_schema(object_type) ? out : json();
  }
  std::vector<std::string> common;
  bool grantable = true;  // every privilege held everywhere is held with grant option
  for (const auto& [privilege, _] : held.begin()->second) {
    bool everywhere = true;
    bool with_option = true;
    for (const auto& [object, privileges] : held) {
      auto it = privileges.find(privilege);
      everywhere = everywhere && it != privileges.end();
      with_option = with_option && it != privileges.end() && it->second;
    }
    if (!everywhere) continue;
    common.push_back(privilege);
    grantable = grantable && with_option;
  }
  if (common.empty()) return nullptr;
  out["privileges"] = sorted_array(common);
  out["with_grant_option"] = grantable;
  return out;
}

void apply_grant(const json& planned, bool grant) {
  const Settings settings = current_settings();
  Connection conn(settings, target_database(planned));
  conn.transaction([&] {
    const std::string on = target(conn, planned);
    const std::string to = grantee(conn, planned["role"]);
    conn.exec("REVOKE ALL PRIVILEGES ON " + on + " FROM " + to);
    const auto privileges = strings(planned, "privileges");
    if (!grant || privileges.empty()) return;
    std::string list;
    for (const auto& p : privileges) {
      // Checked against the known names (check) before; never user text in the statement.
      if (!kinds().at(planned["object_type"]).privileges.count(upper(p))) {
        throw sdk::Error("invalid privilege \"" + p + "\"", json::array({"privileges"}));
      }
      list += (list.empty() ? "" : ", ") + upper(p);
    }
    conn.exec("GRANT " + list + " ON " + on + " TO " + to +
              (flag(planned, "with_grant_option", false) ? " WITH GRANT OPTION" : ""));
  });
}

json create_or_update(const json& planned) {
  return about(kType, describe(planned), [&] {
    apply_grant(planned, true);
    json state = read_grant(current_settings(), planned);
    return state.is_null() ? planned : state;
  });
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "The privileges of a role on a database, a schema, or objects in a schema.";
  s.attributes = {
      required("role", "string", "The role granted to; \"public\" for PUBLIC.", true),
      required("database", "string", "The database of the objects.", true),
      optional("schema", "string",
               "The schema (object_type schema) or the schema holding the objects.", true),
      required("object_type", "string",
               "One of database, schema, table, sequence, function.", true),
      optional("objects", "set(string)",
               "The tables, sequences or functions; unset or empty: all in the schema.", true),
      required("privileges", "set(string)", "The privileges, e.g. [\"SELECT\", \"INSERT\"]."),
      optional("with_grant_option", "bool",
               "Whether the role may grant them to others; default false."),
  };
  return s;
}

}  // namespace

sdk::Resource grant_resource() {
  sdk::Resource r;
  r.schema = schema();
  r.validate = check;
  plan_with_defaults(r, {{"with_grant_option", false}}, normalize);
  r.create = create_or_update;
  r.update = [](const json& /*prior*/, const json& planned) { return create_or_update(planned); };
  r.read = [](const json& state) {
    return about(kType, describe(state), [&] { return read_grant(current_settings(), state); });
  };
  r.destroy = [](const json& prior) {
    about(kType, describe(prior), [&] {
      // Nothing to revoke when the role, the database or the schema is gone, also when it
      // goes while this runs (its own destroy, in parallel with this one).
      if (read_grant(current_settings(), prior).is_null()) return;
      try {
        apply_grant(prior, false);
      } catch (const sdk::Error&) {
        if (!read_grant(current_settings(), prior).is_null()) throw;
      }
    });
  };
  r.import = [](const std::string& id) {
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
      const auto slash = id.find('/', start);
      parts.push_back(id.substr(start, slash - start));
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
    const bool empty_part = std::any_of(parts.begin(), parts.end(),
                                        [](const std::string& p) { return p.empty(); });
    if (parts.size() < 3 || parts.size() > 4 || empty_part || !kinds().count(parts[2]) ||
        (parts.size() == 4) != (parts[2] != "database")) {
      throw sdk::Error(std::string(kType) + ": import id \"" + id +
                       "\" is not of the form ROLE/DATABASE/OBJECT_TYPE[/SCHEMA] (the schema "
                       "for every object_type but database)");
    }
    json state = {{"role", parts[0]},       {"database", parts[1]},
                  {"object_type", parts[2]},
                  {"schema", parts.size() == 4 ? json(parts[3]) : json()},
                  {"objects", nullptr},      {"privileges", json::array()},
                  {"with_grant_option", false}};
    json read =
        about(kType, describe(state), [&] { return read_grant(current_settings(), state); });
    if (read.is_null() || read["privileges"].empty()) {
      throw sdk::Error(std::string(kType) + ": role \"" + parts[0] + "\" holds no privileges on " +
                       describe(state));
    }
    return read;
  };
  return r;
}

}  // namespace infra::providers::postgresql
