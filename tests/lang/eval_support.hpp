// Test helpers for evaluation: a map-backed Scope and a tiny FunctionTable.
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "lang/eval.hpp"
#include "lang/parser.hpp"

namespace infra::lang::testing {

/// Resolves `root.name` from a map keyed "root.name".
class MapScope : public Scope {
 public:
  std::map<std::string, Value> values;

  std::optional<Value> resolve(std::string_view root, std::string_view name,
                               const SourceRange& where, Diagnostics& diags) const override {
    const auto it = values.find(std::string(root) + "." + std::string(name));
    if (it == values.end()) {
      diags.error(where, "Reference to undeclared " + std::string(root) + "." + std::string(name));
      return std::nullopt;
    }
    return it->second;
  }
};

/// upper(s), length(list), fail() (always an error), join(sep, a, b, ...).
class TestFunctions : public FunctionTable {
 public:
  mutable int calls = 0;

  std::optional<Value> call(std::string_view name, const std::vector<Value>& args,
                            std::string& error) const override {
    auto result = call_unmarked(name, args, error);
    bool sensitive = false;
    for (const auto& a : args) sensitive = sensitive || a.contains_sensitive();
    if (result) return result->marked_sensitive(sensitive);
    return result;
  }

  std::optional<Value> call_unmarked(std::string_view name, const std::vector<Value>& args,
                                     std::string& error) const {
    ++calls;
    bool known = true;
    for (const auto& a : args) known = known && a.is_wholly_known();
    bool exists = name == "upper" || name == "length" || name == "fail" || name == "join";
    if (!exists) return std::nullopt;
    if (!known) return Value::unknown();
    if (name == "upper") {
      if (args.size() != 1 || args[0].kind() != Value::Kind::String) {
        error = "upper takes one string";
        return Value::null();
      }
      std::string s = args[0].as_string();
      for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return Value::string(s);
    }
    if (name == "length") return Value::number(static_cast<double>(args.at(0).as_list().size()));
    if (name == "fail") {
      error = "it failed";
      return Value::null();
    }
    if (name == "join") {
      std::string out;
      for (std::size_t i = 1; i < args.size(); ++i) {
        out += (i > 1 ? args[0].as_string() : "") + args[i].as_string();
      }
      return Value::string(out);
    }
    return std::nullopt;
  }
};

/// What evaluation tests share: a scope to fill, the test functions, and eval().
struct EvalFixture {
  MapScope scope;
  TestFunctions functions;
  Diagnostics diags;

  /// "line:column: summary" of the first error in parsing `text` as an expression.
  std::string error(const std::string& text) {
    diags = Diagnostics();
    parse_expression("test", text, diags);
    if (!diags.has_errors()) return "no error";
    const Diagnostic& d = diags.items().front();
    return std::to_string(d.range->begin.line) + ":" + std::to_string(d.range->begin.column) +
           ": " + d.summary;
  }

  /// Parses `text` as one expression (which must parse) and evaluates it.
  Value eval(const std::string& text) {
    diags = Diagnostics();
    ExprPtr e = parse_expression("test", text, diags);
    REQUIRE(e);
    REQUIRE_FALSE(diags.has_errors());
    return evaluate(*e, scope, &functions, diags);
  }
};

}  // namespace infra::lang::testing
