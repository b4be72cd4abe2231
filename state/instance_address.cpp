// See state/instance_address.hpp.
#include "state/instance_address.hpp"

#include <cctype>
#include <nlohmann/json.hpp>
#include <vector>

namespace infra::state {
namespace {

struct Step {
  std::string name;
  std::string key_json = "null";
  std::size_t end = 0;  // offset just after the step in the address
};

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

/// `[0]` or `["text"]` at `pos`; the key as JSON, and `pos` moved past it.
std::optional<std::string> read_key(std::string_view text, std::size_t& pos) {
  ++pos;  // '['
  if (pos < text.size() && text[pos] == '"') {
    std::string value;
    for (++pos; pos < text.size() && text[pos] != '"'; ++pos) {
      if (text[pos] == '\\') {
        if (++pos == text.size()) return std::nullopt;
      }
      value += text[pos];
    }
    if (pos + 1 >= text.size() || text[pos + 1] != ']') return std::nullopt;
    pos += 2;
    return nlohmann::json(value).dump();
  }
  const std::size_t start = pos;
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos == start || pos >= text.size() || text[pos] != ']') return std::nullopt;
  std::string digits(text.substr(start, pos - start));
  ++pos;
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  return digits;
}

std::optional<std::vector<Step>> read_steps(std::string_view text) {
  std::vector<Step> steps;
  std::size_t pos = 0;
  while (true) {
    Step step;
    const std::size_t start = pos;
    while (pos < text.size() && is_name_char(text[pos])) ++pos;
    if (pos == start) return std::nullopt;
    step.name = std::string(text.substr(start, pos - start));
    if (pos < text.size() && text[pos] == '[') {
      auto key = read_key(text, pos);
      if (!key) return std::nullopt;
      step.key_json = *key;
    }
    step.end = pos;
    steps.push_back(std::move(step));
    if (pos == text.size()) return steps;
    if (text[pos] != '.') return std::nullopt;
    ++pos;
  }
}

}  // namespace

std::optional<AddressParts> split_instance_address(std::string_view address) {
  auto steps = read_steps(address);
  if (!steps) return std::nullopt;
  AddressParts parts;
  std::size_t i = 0;
  // module.NAME[KEY] pairs, as long as a resource (TYPE.NAME) still follows.
  while (steps->size() - i >= 4 && (*steps)[i].name == "module" &&
         (*steps)[i].key_json == "null") {
    parts.module = std::string(address.substr(0, (*steps)[i + 1].end));
    i += 2;
  }
  if (steps->size() - i == 3 && (*steps)[i].name == "data") {
    parts.data = true;
    ++i;
  }
  if (steps->size() - i != 2 || (*steps)[i].key_json != "null") return std::nullopt;
  parts.type = (*steps)[i].name;
  parts.name = (*steps)[i + 1].name;
  parts.index_key_json = (*steps)[i + 1].key_json;
  return parts;
}

}  // namespace infra::state
