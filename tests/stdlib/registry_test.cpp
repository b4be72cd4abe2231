// Tests of stdlib/registry.cpp: lookup, argument counts and the unknown and sensitive marks.
#include <set>

#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("an unknown function is not found") {
  std::string error;
  CHECK_FALSE(Registry::builtin().call("nosuchfunction", {}, error).has_value());
  CHECK(error.empty());
  CHECK(Registry::builtin().find("nosuchfunction") == nullptr);
  CHECK(Registry::builtin().find("upper") != nullptr);
}

TEST_CASE("every built-in function is registered once, with docs") {
  const std::vector<std::string> expected = {
      "upper", "lower", "title", "trimspace", "trim", "trimprefix", "trimsuffix", "replace",
      "split", "join", "format", "substr", "strrev", "startswith", "endswith", "chomp",
      "indent", "length", "concat", "contains", "keys", "values", "lookup", "merge",
      "element", "index", "distinct", "flatten", "reverse", "range", "slice", "zipmap",
      "coalesce", "compact", "sort", "jsonencode", "jsondecode", "base64encode",
      "base64decode", "urlencode", "sha1", "sha256", "md5", "min", "max", "abs", "ceil",
      "floor", "pow", "parseint", "tonumber", "tostring", "tobool"};
  std::set<std::string> names;
  for (const Function& f : Registry::builtin().all()) {
    INFO(f.name);
    CHECK(names.insert(std::string(f.name)).second);
    CHECK_FALSE(f.doc.empty());
    CHECK_FALSE(f.group.empty());
    CHECK(f.impl != nullptr);
  }
  for (const std::string& name : expected) {
    INFO(name);
    CHECK(names.count(name) == 1);
  }
}

TEST_CASE("signatures show optional and variadic parameters") {
  CHECK(Registry::builtin().find("lookup")->signature() == "lookup(map, key, [default])");
  CHECK(Registry::builtin().find("join")->signature() == "join(separator, list, lists...)");
  CHECK(Registry::builtin().find("lookup")->min_args() == 2);
  CHECK(Registry::builtin().find("lookup")->max_args() == 3);
  CHECK(Registry::builtin().find("concat")->min_args() == 0);
  CHECK(Registry::builtin().find("concat")->max_args() == SIZE_MAX);
}

TEST_CASE("a sensitive argument makes the result sensitive") {
  Value secret = S("hunter2").marked_sensitive();
  Value upper = ok("upper", {secret});
  CHECK(upper == S("HUNTER2"));
  CHECK(upper.is_sensitive());
  CHECK(ok("join", {S(","), L({S("a"), secret})}).is_sensitive());  // nested too
  CHECK(ok("length", {L({secret})}).is_sensitive());
  CHECK_FALSE(ok("upper", {S("x")}).is_sensitive());
}

TEST_CASE("an unknown argument makes the result unknown") {
  Value result = ok("upper", {Value::unknown()});
  CHECK(result.is_unknown());
  CHECK(ok("join", {S(","), L({S("a"), Value::unknown()})}).is_unknown());
  Value marked = ok("upper", {Value::unknown().marked_sensitive()});
  CHECK(marked.is_unknown());
  CHECK(marked.is_sensitive());
}

TEST_CASE("a failed call returns null and leaves earlier text of the error alone") {
  std::string error;
  std::optional<Value> result = Registry::builtin().call("upper", {L({})}, error);
  REQUIRE(result.has_value());
  CHECK(result->is_null());
  CHECK(error == "upper: argument 1 must be a string, got list");
}

}  // namespace
}  // namespace infra::stdlib::testing
