// Golden cases in tests/lang/cases/:
//   parse-okay-NAME.infra  -> NAME.exp: dump of the Module (lang/dump.hpp)
//   parse-fail-NAME.infra  -> NAME.err.exp: the rendered diagnostics
//   eval-okay-NAME.infra   -> NAME.exp: every output evaluated, `name = value` per line
//   eval-fail-NAME.infra   -> NAME.err.exp: the rendered diagnostics of that evaluation
// With INFRA_UPDATE_GOLDEN=1 in the environment, expectations are rewritten instead.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "eval_support.hpp"
#include "lang/dump.hpp"

using namespace infra::lang;
namespace fs = std::filesystem;

namespace {

const fs::path kCases = fs::path(INFRA_SOURCE_DIR) / "tests" / "lang" / "cases";

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

/// Resolves var.NAME to the variable's default and local.NAME to the local's value,
/// evaluated on demand (no cycle detection: cases have no cycles).
class ModuleScope : public Scope {
 public:
  ModuleScope(const Module& m, const FunctionTable& f) : m_(m), f_(f) {}
  std::optional<Value> resolve(std::string_view root, std::string_view name,
                               const SourceRange& where, Diagnostics& diags) const override {
    if (root == "var") {
      const Variable* v = m_.find_variable(name);
      if (v && v->default_value) {
        return evaluate(*v->default_value, *this, &f_, diags).marked_sensitive(v->sensitive);
      }
    } else if (root == "local") {
      for (const Local& l : m_.locals) {
        if (l.name == name) return evaluate(*l.value, *this, &f_, diags);
      }
    }
    diags.error(where, "Reference to undeclared " + std::string(root) + "." + std::string(name));
    return std::nullopt;
  }

 private:
  const Module& m_;
  const FunctionTable& f_;
};

/// Runs one case; returns the actual output and the expectation file it is compared to.
std::pair<std::string, fs::path> run_case(const fs::path& input) {
  const std::string stem = input.stem().string();
  const bool fails = stem.find("-fail-") != std::string::npos;
  const fs::path expected = kCases / (stem + (fails ? ".err.exp" : ".exp"));
  Module m;
  Diagnostics diags;
  parse_into(m, input.filename().string(), read(input), diags);
  std::string out;
  if (starts_with(stem, "parse-")) {
    out = diags.empty() ? dump(m) : render(diags, m.files);
  } else if (!diags.has_errors()) {
    infra::lang::testing::TestFunctions functions;
    ModuleScope scope(m, functions);
    for (const Output& o : m.outputs) {
      const Value v = evaluate(*o.value, scope, &functions, diags);
      out += o.name + " = " + to_display(v.marked_sensitive(o.sensitive)) + "\n";
    }
    if (diags.has_errors()) out = render(diags, m.files);
  } else {
    out = render(diags, m.files);
  }
  return {out, expected};
}

}  // namespace

TEST_CASE("golden cases") {
  std::vector<fs::path> inputs;
  for (const auto& entry : fs::directory_iterator(kCases)) {
    if (entry.path().extension() == ".infra") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  REQUIRE(inputs.size() >= 20);
  const bool update = std::getenv("INFRA_UPDATE_GOLDEN") != nullptr;
  for (const fs::path& input : inputs) {
    SECTION(input.filename().string()) {
      const auto [actual, expected] = run_case(input);
      const std::string stem = input.stem().string();
      // A "-fail-" case must produce errors; an "-okay-" case must not.
      const bool rendered_errors = starts_with(actual, "Error:");
      CHECK(rendered_errors == (stem.find("-fail-") != std::string::npos));
      if (update) {
        std::ofstream(expected, std::ios::binary) << actual;
      } else {
        INFO("expectation: " << expected.string() << " (INFRA_UPDATE_GOLDEN=1 rewrites it)");
        CHECK(actual == read(expected));
      }
    }
  }
}
