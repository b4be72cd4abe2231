// libFuzzer target: any bytes as one expression, evaluated with the built-in functions
// against a scope that knows a few values of every kind (unknown and sensitive too).
#include <cstddef>
#include <cstdint>
#include <string>

#include "lang/eval.hpp"
#include "lang/parser.hpp"
#include "stdlib/registry.hpp"

namespace {

using infra::lang::Value;

class FuzzScope : public infra::lang::Scope {
 public:
  std::optional<Value> resolve(std::string_view root, std::string_view name,
                               const infra::lang::SourceRange&,
                               infra::lang::Diagnostics&) const override {
    if (name == "unknown") return Value::unknown();
    if (name == "secret") return Value::string("s3cret").marked_sensitive();
    // A number beyond 64 bits with a fraction, for the big-number paths.
    if (name == "big") {
      return Value::number(*infra::lang::Number::parse("-1234567890123456789012.5"));
    }
    if (name == "list") return Value::list({Value::number(1), Value::string("a"), Value::null()});
    if (name == "map") {
      return Value::object({{"a", Value::number(1)}, {"b", Value::list({})}});
    }
    if (root == "var") return Value::string(std::string(name));
    return Value::object({{"id", Value::string("id")}, {"n", Value::number(3)}});
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  infra::lang::Diagnostics diags;
  std::string text(reinterpret_cast<const char*>(data), size);
  auto expr = infra::lang::parse_expression("fuzz", text, diags);
  if (!expr) return 0;
  FuzzScope scope;
  Value v = infra::lang::evaluate(*expr, scope, &infra::stdlib::Registry::builtin(), diags);
  (void)infra::lang::to_display(v);
  return 0;
}
