// Attribute helpers of the local provider.
#include "providers/local/attributes.hpp"

#include "providers/local/file_ops.hpp"

namespace infra::providers::local {

using sdk::json;

std::string string_attr(const json& state, const char* name) {
  auto it = state.find(name);
  if (it == state.end() || !it->is_string()) {
    throw sdk::Error(std::string("attribute \"") + name + "\" must be a known string",
                     json::array({name}));
  }
  return it->get<std::string>();
}

unsigned mode_attr(const json& state, const char* name, const char* fallback) {
  auto it = state.find(name);
  std::string text = it == state.end() || it->is_null() ? fallback : string_attr(state, name);
  auto mode = parse_mode(text);
  if (!mode) throw sdk::Error("invalid " + std::string(name) + " \"" + text + "\"", {name});
  return *mode;
}

bool is_set(const json& config, const json& unknown, const char* name) {
  if (has_path(unknown, json::array({name}))) return true;
  auto it = config.find(name);
  return it != config.end() && !it->is_null();
}

std::optional<std::string> known_string(const json& config, const json& unknown,
                                        const char* name) {
  auto it = config.find(name);
  if (it == config.end() || !it->is_string() || has_path(unknown, json::array({name}))) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

void check_mode(const json& config, const json& unknown, const char* name,
                std::vector<sdk::Diagnostic>& out) {
  auto text = known_string(config, unknown, name);
  if (text && !parse_mode(*text)) {
    out.push_back({"error", std::string("invalid ") + name,
                   "expected 3 or 4 octal digits such as \"0644\", got " + json(*text).dump(),
                   json::array({name})});
  }
}

void check_not_empty(const json& config, const json& unknown, const char* name,
                     std::vector<sdk::Diagnostic>& out) {
  auto text = known_string(config, unknown, name);
  if (text && text->empty()) {
    out.push_back({"error", std::string(name) + " must not be empty", "", json::array({name})});
  }
}

void default_to(sdk::Plan& plan, const char* name, json value) {
  if (plan.planned.value(name, json()).is_null() &&
      !has_path(plan.proposed_unknown, json::array({name}))) {
    plan.set_known(name, std::move(value));
  }
}

std::optional<std::string> plan_path_id(sdk::Plan& plan) {
  auto path = known_string(plan.planned, plan.unknown, "path");
  if (!path) {
    plan.set_unknown("id");
    return std::nullopt;
  }
  plan.set_known("id", *path);
  // A replacement at the same path deletes the old object first: nothing to check.
  const bool new_path = plan.creating() || plan.prior.value("path", json()) != json(*path);
  if (!plan.creates_new_object() || !new_path) return std::nullopt;
  return path;
}

std::string mode_spelling(const json& prior, const char* name, unsigned mode) {
  auto it = prior.find(name);
  if (it != prior.end() && it->is_string()) {
    auto prior_mode = parse_mode(it->get<std::string>());
    if (prior_mode && *prior_mode == mode) return it->get<std::string>();
  }
  return format_mode(mode);
}

}  // namespace infra::providers::local
