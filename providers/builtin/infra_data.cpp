// infra_data: stores `input` and shows it as `output`; replaced when `triggers_replace`
// changes. It manages nothing outside the state, so plans and applies of it measure the
// engine alone.
#include "providers/builtin/infra_data.hpp"

#include <array>
#include <random>

namespace infra::providers::builtin {
namespace {

using sdk::json;

std::string random_id() {
  static thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::array<std::uint64_t, 2> words{engine(), engine()};
  std::string out;
  for (std::size_t i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out += '-';
    out += kHex[(words[i / 16] >> (4 * (i % 16))) & 15];
  }
  return out;
}

Attribute attribute(std::string name, std::string type, bool optional, bool computed,
                         bool force_new = false) {
  Attribute a;
  a.name = std::move(name);
  a.type = std::move(type);
  a.optional = optional;
  a.computed = computed;
  a.force_new = force_new;
  return a;
}

}  // namespace

sdk::Provider infra_provider() {
  sdk::Provider p;
  p.name = "infra";
  p.version = "1.0.0";
  sdk::Resource data;
  data.schema.description = "Stores a value in the state: input, shown as output.";
  data.schema.attributes = {attribute("id", "string", false, true),
                            attribute("input", "any", true, false),
                            attribute("output", "any", false, true),
                            attribute("triggers_replace", "any", true, false, true)};
  data.plan = [](sdk::Plan& plan) {
    // output mirrors input: known when all of input is.
    bool input_unknown = plan.is_unknown("input");
    for (const auto& path : plan.proposed_unknown) {
      input_unknown = input_unknown || (path.is_array() && !path.empty() && path[0] == "input");
    }
    if (input_unknown) {
      plan.set_unknown("output");
    } else {
      plan.set_known("output", plan.planned.value("input", json(nullptr)));
    }
  };
  data.create = [](const json& planned) {
    json state = planned;
    state["id"] = random_id();
    state["output"] = planned.value("input", json(nullptr));
    return state;
  };
  data.read = [](const json& state) { return state; };
  data.update = [](const json&, const json& planned) {
    json state = planned;
    state["output"] = planned.value("input", json(nullptr));
    return state;
  };
  data.destroy = [](const json&) {};
  data.import = [](const std::string& id) {
    return json{{"id", id}, {"input", nullptr}, {"output", nullptr}, {"triggers_replace", nullptr}};
  };
  p.resources.emplace("infra_data", std::move(data));
  return p;
}

}  // namespace infra::providers::builtin
