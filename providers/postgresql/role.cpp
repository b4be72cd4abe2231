// postgresql_role: CREATE ROLE / ALTER ROLE / DROP ROLE, with memberships and the role's
// search_path; renamed in place (ALTER ROLE ... RENAME TO). The password is kept in the
// state as configured (the server's hash cannot be compared with it) and never appears in
// a message.
#include <algorithm>

#include "providers/postgresql/common.hpp"
#include "providers/postgresql/resources.hpp"

namespace infra::providers::postgresql {

namespace {

constexpr const char* kType = "postgresql_role";

const std::vector<Default> kDefaults = {
    {"login", false},        {"superuser", false},         {"create_database", false},
    {"create_role", false},  {"inherit", true},            {"replication", false},
    {"connection_limit", -1}, {"valid_until", "infinity"}, {"roles", json::array()},
    {"search_path", json::array()}};

// One JSON object per role, in the state's shape (without the password); $2 is the stored
// valid_until, kept as written when it denotes the same instant as the server's.
constexpr const char* kReadSql = R"(
select json_build_object(
  'name', r.rolname, 'login', r.rolcanlogin, 'superuser', r.rolsuper,
  'create_database', r.rolcreatedb, 'create_role', r.rolcreaterole, 'inherit', r.rolinherit,
  'replication', r.rolreplication, 'connection_limit', r.rolconnlimit,
  'valid_until', case
      when r.rolvaliduntil is null or r.rolvaliduntil = 'infinity' then 'infinity'
      when $2::text is not null and $2::timestamptz = r.rolvaliduntil then $2::text
      else r.rolvaliduntil::text end,
  'roles', coalesce((select json_agg(g.rolname order by g.rolname)
                     from pg_auth_members m join pg_roles g on g.oid = m.roleid
                     where m.member = r.oid), '[]'::json),
  'config', coalesce(to_json(r.rolconfig), '[]'::json))
from pg_roles r where r.rolname = $1)";

// The schemas of a "search_path=a, \"My Schema\"" setting, unquoted.
json parse_search_path(const std::string& setting) {
  json out = json::array();
  std::string current;
  bool quoted = false;
  for (std::size_t i = 0; i < setting.size(); ++i) {
    const char c = setting[i];
    if (quoted) {
      if (c == '"' && i + 1 < setting.size() && setting[i + 1] == '"') {
        current += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        current += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  if (!current.empty() || !out.empty()) out.push_back(current);
  return out;
}

// Replaces the password wherever it appears in an error (a server message should never
// quote it, but nothing that could show it leaves this provider).
[[noreturn]] void fail_without(const sdk::Error& e, const std::optional<std::string>& password) {
  std::string message = e.what();
  if (password && !password->empty()) {
    for (auto at = message.find(*password); at != std::string::npos;
         at = message.find(*password, at)) {
      message.replace(at, password->size(), "(sensitive value)");
    }
  }
  throw sdk::Error(message, e.path());
}

json read_role(const Settings& settings, const std::string& /*database*/,
               const std::string& name, const json& prior) {
  json state = catalog_object(settings, kReadSql, name, text(prior, "valid_until"));
  if (state.is_null()) return nullptr;
  json search_path = json::array();
  for (const auto& setting : state["config"]) {
    const std::string s = setting.get<std::string>();
    if (s.rfind("search_path=", 0) == 0) search_path = parse_search_path(s.substr(12));
  }
  state.erase("config");
  state["roles"] = sorted_array(state["roles"].get<std::vector<std::string>>());
  state["search_path"] = search_path;
  state["password"] = member(prior, "password");
  return state;
}

// The WITH options of CREATE ROLE / ALTER ROLE for `planned`.
std::string role_options(const Connection& conn, const json& planned, bool with_password) {
  const std::pair<const char*, const char*> flags[] = {
      {"login", "LOGIN"},         {"superuser", "SUPERUSER"}, {"create_database", "CREATEDB"},
      {"create_role", "CREATEROLE"}, {"inherit", "INHERIT"},  {"replication", "REPLICATION"}};
  std::string sql;
  for (const auto& [name, keyword] : flags) {
    const bool fallback = std::string(name) == "inherit";
    sql += flag(planned, name, fallback) ? std::string(" ") + keyword
                                         : std::string(" NO") + keyword;
  }
  sql += " CONNECTION LIMIT " + std::to_string(number(planned, "connection_limit", -1));
  sql += " VALID UNTIL " + conn.literal(text(planned, "valid_until").value_or("infinity"));
  if (with_password) {
    auto password = text(planned, "password");
    sql += password ? " PASSWORD " + conn.literal(*password) : " PASSWORD NULL";
  }
  return sql;
}

void set_search_path(Connection& conn, const std::string& role, const json& schemas) {
  if (schemas.empty()) {
    conn.exec("ALTER ROLE " + conn.ident(role) + " RESET search_path");
    return;
  }
  std::string list;
  for (const auto& s : schemas) {
    list += (list.empty() ? "" : ", ") + conn.ident(s.get<std::string>());
  }
  conn.exec("ALTER ROLE " + conn.ident(role) + " SET search_path TO " + list);
}

void grant_memberships(Connection& conn, const std::string& role,
                       const std::vector<std::string>& add,
                       const std::vector<std::string>& remove) {
  for (const auto& group : remove) {
    at(json::array({"roles"}), [&] {
      return conn.exec("REVOKE " + conn.ident(group) + " FROM " + conn.ident(role));
    });
  }
  for (const auto& group : add) {
    at(json::array({"roles"}), [&] {
      return conn.exec("GRANT " + conn.ident(group) + " TO " + conn.ident(role));
    });
  }
}

// The elements of `a` that `b` lacks.
std::vector<std::string> minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& x : a) {
    if (std::find(b.begin(), b.end(), x) == b.end()) out.push_back(x);
  }
  return out;
}

// Runs `statements` in one transaction for the role `planned` describes, and reads it back;
// errors name the role and never hold the planned password.
json change_role(const json& planned, const std::function<void(Connection&)>& statements) {
  const std::string name = planned["name"];
  try {
    about(kType, name, [&] {
      Connection conn(current_settings(), "");
      conn.transaction([&] { statements(conn); });
    });
    return about(kType, name, [&] { return read_role(current_settings(), "", name, planned); });
  } catch (const sdk::Error& e) {
    fail_without(e, text(planned, "password"));
  }
}

json create(const json& planned) {
  const std::string name = planned["name"];
  return change_role(planned, [&](Connection& conn) {
    conn.exec("CREATE ROLE " + conn.ident(name) + " WITH" + role_options(conn, planned, true));
    grant_memberships(conn, name, strings(planned, "roles"), {});
    if (!member(planned, "search_path").empty()) {
      set_search_path(conn, name, member(planned, "search_path"));
    }
  });
}

json update(const json& prior, const json& planned) {
  const std::string old_name = prior["name"];
  const std::string name = planned["name"];
  return change_role(planned, [&](Connection& conn) {
    if (old_name != name) {
      conn.exec("ALTER ROLE " + conn.ident(old_name) + " RENAME TO " + conn.ident(name));
    }
    // A rename clears an MD5 password: set it again then.
    const bool password_changed =
        old_name != name || member(prior, "password") != member(planned, "password");
    conn.exec("ALTER ROLE " + conn.ident(name) + " WITH" +
              role_options(conn, planned, password_changed));
    const auto before = strings(prior, "roles");
    const auto after = strings(planned, "roles");
    grant_memberships(conn, name, minus(after, before), minus(before, after));
    if (member(prior, "search_path") != member(planned, "search_path")) {
      set_search_path(conn, name, member(planned, "search_path"));
    }
  });
}

ResourceSchema schema() {
  ResourceSchema s;
  s.description = "A PostgreSQL role (a user when it may log in).";
  s.attributes = {
      required("name", "string", "The role's name; a change renames it in place."),
      optional("login", "bool", "Whether the role may log in; default false."),
      {.name = "password",
       .type = "string",
       .optional = true,
       .sensitive = true,
       .description = "The role's password, as configured; never shown."},
      optional("superuser", "bool", "Default false."),
      optional("create_database", "bool", "CREATEDB; default false."),
      optional("create_role", "bool", "CREATEROLE; default false."),
      optional("inherit", "bool",
               "Whether the role inherits its groups' privileges; default true."),
      optional("replication", "bool", "Default false."),
      optional("connection_limit", "number", "-1 (the default) for no limit."),
      optional("valid_until", "string", "When the password expires; default \"infinity\"."),
      optional("roles", "set(string)", "The roles this role is a member of."),
      optional("search_path", "list(string)", "The role's search_path setting; empty: none."),
  };
  return s;
}

}  // namespace

sdk::Resource role_resource() {
  sdk::Resource r;
  r.schema = schema();
  plan_with_defaults(r, kDefaults);
  r.create = create;
  r.update = update;
  read_by_name(r, kType, "role named", read_role);
  r.destroy = [](const json& prior) {
    const std::string name = prior["name"];
    about(kType, name, [&] {
      Connection conn(current_settings(), "");
      return conn.exec("DROP ROLE IF EXISTS " + conn.ident(name));
    });
  };
  return r;
}

}  // namespace infra::providers::postgresql
