// Attribute paths and the unknown-path lists built from them.
#include "providers/protocol/paths.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace infra::providers {

using nlohmann::json;

AttributePath path_from_json(const json& path) {
  if (!path.is_array()) throw std::invalid_argument("an attribute path must be a JSON array");
  AttributePath out;
  for (const auto& step : path) {
    if (step.is_string()) {
      out.emplace_back(step.get<std::string>());
    } else if (step.is_number_integer() && step.get<std::int64_t>() >= 0) {
      out.emplace_back(step.get<std::int64_t>());
    } else {
      throw std::invalid_argument("an attribute path step must be a string or an index, got " +
                                  step.dump());
    }
  }
  return out;
}

json path_to_json(const AttributePath& path) {
  json out = json::array();
  for (const auto& step : path) {
    std::visit([&](const auto& s) { out.push_back(s); }, step);
  }
  return out;
}

namespace {
bool is_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}
}  // namespace

std::string to_string(const AttributePath& path) {
  std::string out;
  for (const auto& step : path) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      if (is_identifier(*key)) {
        if (!out.empty()) out += '.';
        out += *key;
      } else {
        out += '[' + json(*key).dump() + ']';
      }
    } else {
      out += '[' + std::to_string(std::get<std::int64_t>(step)) + ']';
    }
  }
  return out;
}

const json* find_at_path(const json& value, const json& path) {
  if (!path.is_array()) return nullptr;
  const json* at = &value;
  for (const auto& step : path) {
    if (step.is_string() && at->is_object()) {
      auto it = at->find(step.get<std::string>());
      if (it == at->end()) return nullptr;
      at = &*it;
    } else if (step.is_number_integer() && at->is_array()) {
      auto i = step.get<std::int64_t>();
      if (i < 0 || static_cast<std::size_t>(i) >= at->size()) return nullptr;
      at = &(*at)[static_cast<std::size_t>(i)];
    } else {
      return nullptr;
    }
  }
  return at;
}

bool has_path(const json& paths, const json& path) {
  if (!paths.is_array()) return false;
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

void add_path(json& paths, const json& path) {
  if (!paths.is_array()) paths = json::array();
  if (!has_path(paths, path)) paths.push_back(path);
}

void remove_path(json& paths, const json& path) {
  if (!paths.is_array()) return;
  json kept = json::array();
  for (auto& p : paths) {
    if (p != path) kept.push_back(std::move(p));
  }
  paths = std::move(kept);
}

}  // namespace infra::providers
