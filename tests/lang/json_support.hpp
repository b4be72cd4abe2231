// Shared by the tests of the JSON form (json_*_test.cpp): loading one file as the config
// loader does, the dump to compare with the native form's, and errors as "line:column:
// summary".
#pragma once

#include <regex>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/dump.hpp"

namespace infra::lang::testing {

inline constexpr const char* kJsonFile = "main.infra.json";

/// What the loader made of one file; the dump adds what lang::dump leaves out (a
/// variable's nullable and validations).
struct Loaded {
  Module module;
  Diagnostics diags;

  std::string dump() const {
    std::string out = infra::lang::dump(module);
    for (const Variable& v : module.variables) {
      if (!v.nullable) out += "variable " + v.name + " nullable = false\n";
      for (const Validation& c : v.validations) {
        out += "variable " + v.name + " validation " +
               (c.condition ? infra::lang::dump(*c.condition) : "(none)") + " : " +
               (c.error_message ? infra::lang::dump(*c.error_message) : "(none)") + "\n";
      }
    }
    return out;
  }
  std::string rendered() const { return render(diags, module.files); }
};

inline Loaded load(const std::string& file_name, const std::string& text) {
  Loaded out;
  parse_into(out.module, file_name, text, out.diags);
  return out;
}

/// A dump without positions: the two forms put the same things in different places.
inline std::string without_positions(const std::string& dump) {
  static const std::regex kPosition("@[0-9]+:[0-9]+");
  return std::regex_replace(dump, kPosition, "@");
}

/// Loads both texts, which must have no errors, and checks that they make the same
/// Module, positions aside.
inline void check_same(const std::string& native, const std::string& json) {
  const Loaded n = load("main.infra", native);
  const Loaded j = load(kJsonFile, json);
  INFO(n.rendered() << j.rendered());
  REQUIRE_FALSE(n.diags.has_errors());
  REQUIRE_FALSE(j.diags.has_errors());
  CHECK(without_positions(j.dump()) == without_positions(n.dump()));
  CHECK_FALSE(without_positions(n.dump()).empty());
}

/// Every diagnostic of a JSON file as "line:column: summary", one per line.
inline std::string errors(const std::string& json) {
  const Loaded j = load(kJsonFile, json);
  std::string out;
  for (const Diagnostic& d : j.diags.items()) {
    if (!out.empty()) out += "\n";
    if (d.range) {
      out += std::to_string(d.range->begin.line) + ":" + std::to_string(d.range->begin.column) +
             ": ";
    }
    out += d.summary;
  }
  return out.empty() ? "no error" : out;
}

/// The dump of the expression a JSON file's one local value `x` stands for.
inline std::string local_x(const std::string& json_value) {
  const Loaded j = load(kJsonFile, "{\"locals\": {\"x\": " + json_value + "}}");
  if (j.diags.has_errors() || j.module.locals.size() != 1) return "ERROR " + j.rendered();
  return dump(*j.module.locals[0].value);
}

/// A JSON text and its one error, "line:column: summary".
struct ErrorCase {
  std::string json;
  std::string error;
};

inline void check_errors(const std::vector<ErrorCase>& cases) {
  for (const ErrorCase& c : cases) {
    INFO(c.json);
    CHECK(errors(c.json) == c.error);
  }
}

}  // namespace infra::lang::testing
