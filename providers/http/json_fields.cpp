// JSON pointers, and comparing and refreshing the fields of a body.
#include "providers/http/json_fields.hpp"

#include <algorithm>

namespace infra::providers::http {

namespace {

json refreshed_at(const json& recorded, const json& server,
                  const std::vector<json::json_pointer>& ignored,
                  const json::json_pointer& here) {
  if (!recorded.is_object() || !server.is_object()) return server;
  json out = json::object();
  for (const auto& [key, value] : recorded.items()) {
    const json::json_pointer at = here / key;
    if (std::find(ignored.begin(), ignored.end(), at) != ignored.end()) {
      out[key] = value;
    } else if (auto found = server.find(key); found != server.end()) {
      out[key] = refreshed_at(value, *found, ignored, at);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> pointer_problem(const std::string& text) {
  try {
    json::json_pointer pointer(text);
  } catch (const json::exception& e) {
    // nlohmann's text after its "[json.exception...] " prefix.
    std::string what = e.what();
    auto end = what.find("] ");
    return end == std::string::npos ? what : what.substr(end + 2);
  }
  return std::nullopt;
}

json::json_pointer pointer_of(const std::string& text, const json& path) {
  if (auto problem = pointer_problem(text)) {
    throw sdk::Error("\"" + text + "\" is not a JSON pointer: " + *problem, path);
  }
  return json::json_pointer(text);
}

std::optional<json> value_at(const json& document, const json::json_pointer& pointer) {
  try {
    if (document.contains(pointer)) return document.at(pointer);
  } catch (const json::exception&) {
    // An index that is not a number, into an array: nothing there.
  }
  return std::nullopt;
}

bool covers(const json& whole, const json& part) {
  if (!part.is_object() || !whole.is_object()) return whole == part;
  for (const auto& [key, value] : part.items()) {
    auto found = whole.find(key);
    if (found == whole.end() || !covers(*found, value)) return false;
  }
  return true;
}

json refreshed(const json& recorded, const json& server,
               const std::vector<json::json_pointer>& ignored) {
  return refreshed_at(recorded, server, ignored, json::json_pointer());
}

std::string output_text(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace infra::providers::http
