// libFuzzer target: any bytes as a file of the JSON form (`.infra.json`) and as a JSON
// variables file (`.infravars.json`). Reading, loading and evaluating the variables' values
// must end in values or diagnostics — never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "lang/json_syntax.hpp"

namespace {

class NoNames : public infra::lang::Scope {
 public:
  std::optional<infra::lang::Value> resolve(std::string_view, std::string_view,
                                            const infra::lang::SourceRange&,
                                            infra::lang::Diagnostics&) const override {
    return std::nullopt;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  infra::lang::Module module;
  infra::lang::Diagnostics diags;
  infra::lang::parse_into(module, "fuzz.infra.json", text, diags);
  // Rendering quotes the input back with carets: it must cope with whatever was read.
  (void)infra::lang::render(diags, module.files);

  infra::lang::Diagnostics var_diags;
  const infra::lang::BodyPtr body =
      infra::lang::parse_json_variables_file("fuzz.infravars.json", text, var_diags);
  if (body) {
    const NoNames scope;
    for (const auto& a : body->attributes) {
      (void)infra::lang::to_display(infra::lang::evaluate(*a.value, scope, nullptr, var_diags));
    }
  }
  (void)infra::lang::render(var_diags, {{"fuzz.infravars.json", text}});
  return 0;
}
