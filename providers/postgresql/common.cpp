// The schema, plan and argument helpers shared by the postgresql resource types.
#include "providers/postgresql/common.hpp"

#include <algorithm>
#include <cmath>

#include "providers/protocol/paths.hpp"

namespace infra::providers::postgresql {

Attribute required(std::string name, std::string type, std::string description, bool force_new) {
  return {.name = std::move(name),
          .type = std::move(type),
          .required = true,
          .force_new = force_new,
          .description = std::move(description)};
}

Attribute optional(std::string name, std::string type, std::string description, bool force_new) {
  return {.name = std::move(name),
          .type = std::move(type),
          .optional = true,
          .force_new = force_new,
          .description = std::move(description)};
}

Attribute optional_computed(std::string name, std::string type, std::string description,
                            bool force_new) {
  Attribute a = optional(std::move(name), std::move(type), std::move(description), force_new);
  a.computed = true;
  return a;
}

void plan_with_defaults(sdk::Resource& r, std::vector<Default> defaults,
                        std::function<void(sdk::Plan&)> more) {
  for (const auto& d : defaults) sdk::declare_default(r.schema, d.name, d.value);
  r.plan = [defaults = std::move(defaults), more = std::move(more)](sdk::Plan& plan) {
    for (const auto& d : defaults) {
      if (member(plan.planned, d.name).is_null() &&
          !has_path(plan.proposed_unknown, json::array({d.name}))) {
        plan.planned[d.name] = d.value;
      }
    }
    if (more) more(plan);
  };
}

json member(const json& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? json() : *it;
}

std::optional<std::string> text(const json& state, const std::string& name) {
  const json v = member(state, name);
  if (v.is_null()) return std::nullopt;
  return v.is_string() ? v.get<std::string>() : v.dump();
}

bool flag(const json& state, const std::string& name, bool fallback) {
  const json v = member(state, name);
  return v.is_boolean() ? v.get<bool>() : fallback;
}

std::int64_t number(const json& state, const std::string& name, std::int64_t fallback) {
  const json v = member(state, name);
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) return static_cast<std::int64_t>(std::llround(v.get<double>()));
  return fallback;
}

std::vector<std::string> strings(const json& state, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& v : member(state, name)) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

json sorted_array(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return json(values);
}

std::vector<std::string> parse_strings(const std::optional<std::string>& json_text) {
  if (!json_text) return {};
  return json::parse(*json_text).get<std::vector<std::string>>();
}

std::string database_or_default(const Settings& settings,
                                const std::optional<std::string>& database) {
  return database ? *database : default_database(settings);
}

void rethrow(const std::string& type, const std::string& name, const sdk::Error& e,
             const json& path) {
  throw sdk::Error(type + " \"" + name + "\": " + e.what(), e.path().empty() ? path : e.path());
}

json found(json state, const std::string& type, const std::string& what, const std::string& id) {
  if (state.is_null()) throw sdk::Error(type + ": no " + what + " \"" + id + "\"");
  return state;
}

bool database_exists(const Settings& settings, const std::string& name) {
  Connection conn(settings, "");
  return conn.value("select 1 from pg_database where datname = $1", {name}).has_value();
}

json catalog_object(const Settings& settings, const char* sql, const std::string& name,
                    const std::optional<std::string>& stored) {
  Connection conn(settings, "");
  const auto row = conn.value(sql, {name, stored});
  return row ? json::parse(*row) : json();
}

void read_by_name(sdk::Resource& r, const std::string& type, const std::string& what,
                  ReadObject read) {
  r.read = [type, read](const json& state) {
    const std::string name = state["name"];
    return about(type, name, [&] { return read(current_settings(), "", name, state); });
  };
  r.import = [type, what, read](const std::string& id) {
    json state = about(type, id, [&] { return read(current_settings(), "", id, json::object()); });
    return found(state, type, what, id);
  };
}

void in_one_database(sdk::Resource& r, const std::string& type, const std::string& keyword,
                     ReadObject read) {
  r.read = [type, read](const json& state) {
    const std::string name = state["name"];
    return about(type, name, [&] {
      const Settings settings = current_settings();
      return read(settings, database_or_default(settings, text(state, "database")), name, state);
    });
  };
  r.import = [type, keyword, read](const std::string& id) {
    auto parts = split_once(id, '.');
    if (!parts) {
      throw sdk::Error(type + ": import id \"" + id + "\" is not of the form DATABASE." + keyword);
    }
    json state = about(type, id, [&] {
      return read(current_settings(), parts->first, parts->second, json::object());
    });
    std::string what = keyword;
    std::transform(what.begin(), what.end(), what.begin(), ::tolower);
    return found(state, type, what, id);
  };
  r.destroy = [type, keyword](const json& prior) {
    const std::string name = prior["name"];
    about(type, name, [&] {
      const Settings settings = current_settings();
      const std::string database = database_or_default(settings, text(prior, "database"));
      if (!database_exists(settings, database)) return;
      try {
        Connection conn(settings, database);
        conn.exec("DROP " + keyword + " IF EXISTS " + conn.ident(name) +
                  (flag(prior, "drop_cascade", false) ? " CASCADE" : " RESTRICT"));
      } catch (const sdk::Error&) {
        // The database went while this ran (its own destroy, in parallel): so did this.
        if (database_exists(settings, database)) throw;
      }
    });
  };
}

json with_database_of(
    const std::string& type, const json& state, const std::string& name,
    const std::function<json(Connection&, const Settings&, const std::string&)>& work) {
  return about(type, name, [&] {
    const Settings settings = current_settings();
    const std::string database = database_or_default(settings, text(state, "database"));
    Connection conn(settings, database);
    return work(conn, settings, database);
  });
}

std::optional<std::pair<std::string, std::string>> split_once(const std::string& id, char sep) {
  const auto at = id.find(sep);
  if (at == std::string::npos || at == 0 || at + 1 == id.size()) return std::nullopt;
  return std::pair(id.substr(0, at), id.substr(at + 1));
}

}  // namespace infra::providers::postgresql
