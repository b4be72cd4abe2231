// Value <-> JSON, with unknown and sensitive marks carried as path lists.
#include "planner/values.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "stdlib/json_decode.hpp"

namespace infra::planner {
namespace {

using json = nlohmann::json;

// A number as JSON carries it exactly: integers as JSON integers (so that providers in any
// language read them as such), others as the double they read back from. A number beyond
// both travels as a string of its exact decimal, as Terraform's provider protocol sends such
// numbers; it is read back as a string, which a "number" attribute converts back exactly.
json number_json(const lang::Number& n) {
  if (auto i = n.to_int64()) return *i;
  if (auto u = n.to_uint64()) return *u;
  const double d = n.to_double();
  if (lang::Number::from_double(d) == n) return d;
  return n.to_string();
}

void collect(const lang::Value& v, json& path, json& out, json* unknown, json* sensitive) {
  if (sensitive != nullptr && v.is_sensitive()) sensitive->push_back(path);
  if (v.is_unknown()) {
    if (unknown != nullptr) unknown->push_back(path);
    out = nullptr;
    return;
  }
  switch (v.kind()) {
    case lang::Value::Kind::Null:
    case lang::Value::Kind::Unknown:
      out = nullptr;
      return;
    case lang::Value::Kind::Bool:
      out = v.as_bool();
      return;
    case lang::Value::Kind::Number:
      out = number_json(v.as_number());
      return;
    case lang::Value::Kind::String:
      out = v.as_string();
      return;
    case lang::Value::Kind::List: {
      out = json::array();
      std::size_t i = 0;
      for (const auto& item : v.as_list()) {
        path.push_back(i++);
        json child;
        collect(item, path, child, unknown, sensitive);
        out.push_back(std::move(child));
        path.erase(path.size() - 1);
      }
      return;
    }
    case lang::Value::Kind::Object: {
      out = json::object();
      for (const auto& [key, member] : v.as_object()) {
        path.push_back(key);
        json child;
        collect(member, path, child, unknown, sensitive);
        out[key] = std::move(child);
        path.erase(path.size() - 1);
      }
      return;
    }
  }
}

lang::Value convert(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
      return lang::Value::null();
    case json::value_t::boolean:
      return lang::Value::boolean(j.get<bool>());
    case json::value_t::number_integer:
      return lang::Value::number(j.get<std::int64_t>());
    case json::value_t::number_unsigned:
      return lang::Value::number(j.get<std::uint64_t>());
    case json::value_t::number_float: {
      // The shortest decimal that reads back as the double: 0.1 stays 0.1.
      std::optional<lang::Number> n = lang::Number::from_double(j.get<double>());
      return n ? lang::Value::number(*n) : lang::Value::null();
    }
    case json::value_t::string:
      return lang::Value::string(j.get<std::string>());
    case json::value_t::array: {
      lang::Value::List items;
      items.reserve(j.size());
      for (const auto& e : j) items.push_back(convert(e));
      return lang::Value::list(std::move(items));
    }
    case json::value_t::object: {
      lang::Value::Object members;
      for (const auto& [k, e] : j.items()) members.emplace(k, convert(e));
      return lang::Value::object(std::move(members));
    }
    case json::value_t::binary:
      break;
  }
  return lang::Value::null();
}

// Applies `mark` to the value at `path` inside `v`, creating nothing: a path that does not
// lead anywhere is ignored (it came from a provider and names an absent attribute).
template <typename Mark>
void mark_at(lang::Value& v, const json& path, std::size_t step, Mark mark) {
  if (step == path.size()) {
    mark(v);
    return;
  }
  const json& key = path[step];
  if (key.is_string() && v.kind() == lang::Value::Kind::Object) {
    auto& members = v.as_object();
    auto it = members.find(key.get<std::string>());
    if (it == members.end()) {
      // An unknown attribute may be absent from the JSON object: it then exists as unknown.
      if (step + 1 != path.size()) return;
      it = members.emplace(key.get<std::string>(), lang::Value::null()).first;
    }
    mark_at(it->second, path, step + 1, mark);
  } else if (key.is_number_unsigned() && v.kind() == lang::Value::Kind::List) {
    auto& items = v.as_list();
    auto i = key.get<std::size_t>();
    if (i < items.size()) mark_at(items[i], path, step + 1, mark);
  }
}

}  // namespace

json to_json(const lang::Value& v, json* unknown, json* sensitive) {
  json path = json::array();
  json out;
  if (unknown != nullptr && !unknown->is_array()) *unknown = json::array();
  if (sensitive != nullptr && !sensitive->is_array()) *sensitive = json::array();
  collect(v, path, out, unknown, sensitive);
  return out;
}

lang::Value from_json(const json& j, const json* unknown, const json* sensitive) {
  lang::Value v = convert(j);
  if (sensitive != nullptr && sensitive->is_array()) {
    for (const auto& p : *sensitive) {
      if (p.is_array()) mark_at(v, p, 0, [](lang::Value& x) { x = x.marked_sensitive(); });
    }
  }
  if (unknown != nullptr && unknown->is_array()) {
    for (const auto& p : *unknown) {
      if (!p.is_array()) continue;
      mark_at(v, p, 0, [](lang::Value& x) {
        bool s = x.is_sensitive();
        x = lang::Value::unknown().marked_sensitive(s);
      });
    }
  }
  return v;
}

lang::Value parse_json_value(const std::string& text) {
  std::string error;
  std::optional<lang::Value> v = stdlib::parse_json(text, error);
  if (!v) throw std::runtime_error("malformed JSON: " + error);
  return std::move(*v);
}

namespace {

void write_exact(const lang::Value& v, std::string& out) {
  if (v.is_unknown()) {
    out += "null";
    return;
  }
  switch (v.kind()) {
    case lang::Value::Kind::Null:
    case lang::Value::Kind::Unknown:
      out += "null";
      return;
    case lang::Value::Kind::Bool:
      out += v.as_bool() ? "true" : "false";
      return;
    case lang::Value::Kind::Number: {
      const json j = number_json(v.as_number());
      // A number no JSON integer or double holds is written as its exact decimal.
      out += j.is_string() ? v.as_number().to_string() : j.dump();
      return;
    }
    case lang::Value::Kind::String:
      out += json(v.as_string()).dump();
      return;
    case lang::Value::Kind::List: {
      out += '[';
      bool first = true;
      for (const auto& item : v.as_list()) {
        if (!first) out += ',';
        first = false;
        write_exact(item, out);
      }
      out += ']';
      return;
    }
    case lang::Value::Kind::Object:
      break;
  }
  out += '{';
  bool first = true;
  for (const auto& [name, member] : v.as_object()) {
    if (!first) out += ',';
    first = false;
    out += json(name).dump();
    out += ':';
    write_exact(member, out);
  }
  out += '}';
}

}  // namespace

std::string dump_json_value(const lang::Value& v) {
  std::string out;
  write_exact(v, out);
  return out;
}

lang::Value mark_attributes_sensitive(lang::Value v, const std::vector<std::string>& names) {
  if (v.kind() != lang::Value::Kind::Object) return v;
  for (const auto& name : names) {
    // Read first: asking to change a shared object copies it.
    const auto& read = std::as_const(v).as_object();
    auto found = read.find(name);
    if (found == read.end() || found->second.is_sensitive()) continue;
    auto it = v.as_object().find(name);
    it->second = it->second.marked_sensitive();
  }
  return v;
}

std::vector<std::string> sensitive_attributes(const lang::Value& v) {
  std::vector<std::string> names;
  if (v.kind() != lang::Value::Kind::Object) return names;
  for (const auto& [name, member] : v.as_object()) {
    if (member.contains_sensitive()) names.push_back(name);
  }
  return names;
}

namespace {

void sensitive_texts(const lang::Value& v, bool inherited, std::vector<std::string>& out) {
  bool s = inherited || v.is_sensitive();
  if (v.is_unknown()) return;
  switch (v.kind()) {
    case lang::Value::Kind::String:
      if (s && !v.as_string().empty()) out.push_back(v.as_string());
      return;
    case lang::Value::Kind::Number:
      if (s) out.push_back(lang::format_number(v.as_number()));
      return;
    case lang::Value::Kind::List:
      for (const auto& item : v.as_list()) sensitive_texts(item, s, out);
      return;
    case lang::Value::Kind::Object:
      for (const auto& [k, item] : v.as_object()) sensitive_texts(item, s, out);
      return;
    default:
      return;
  }
}

}  // namespace

namespace {

// Whether `v` holds, somewhere not marked sensitive, a string equal to one of `secrets` or
// (for secrets of four characters or more, which do not turn up by chance) containing one.
bool holds_secret(const lang::Value& v, const std::vector<std::string>& secrets) {
  if (v.is_unknown() || v.is_sensitive()) return false;  // hidden already
  switch (v.kind()) {
    case lang::Value::Kind::String:
    case lang::Value::Kind::Number: {
      const std::string text = v.kind() == lang::Value::Kind::String ? v.as_string()
                                                                     : lang::format_number(v.as_number());
      for (const auto& secret : secrets) {
        if (text == secret || (secret.size() >= 4 && text.find(secret) != std::string::npos)) return true;
      }
      return false;
    }
    case lang::Value::Kind::List:
      for (const auto& item : v.as_list()) {
        if (holds_secret(item, secrets)) return true;
      }
      return false;
    case lang::Value::Kind::Object:
      for (const auto& [k, item] : v.as_object()) {
        if (holds_secret(item, secrets)) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace

lang::Value mark_echoed_secrets(lang::Value object, const lang::Value& sent) {
  if (object.kind() != lang::Value::Kind::Object) return object;
  std::vector<std::string> secrets;
  sensitive_texts(sent, false, secrets);
  if (secrets.empty()) return object;
  std::vector<std::string> names;
  for (const auto& [name, v] : std::as_const(object).as_object()) {
    if (!v.is_sensitive() && holds_secret(v, secrets)) names.push_back(name);
  }
  return names.empty() ? object : mark_attributes_sensitive(std::move(object), names);
}

std::string redact(std::string text, const lang::Value& v) {
  std::vector<std::string> secrets;
  sensitive_texts(v, false, secrets);
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  static const std::string kMask = "(sensitive value)";
  for (const auto& secret : secrets) {
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + kMask.size())) {
      text.replace(pos, secret.size(), kMask);
    }
  }
  return text;
}

}  // namespace infra::planner
