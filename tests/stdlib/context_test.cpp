// Tests of the Context and ModuleFunctions (stdlib/registry.hpp): impure functions while
// planning, the marks around calls, and the context-free Registry::builtin().
#include <filesystem>

#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

Context planning() {
  Context c = Context::process_default();
  c.planning = true;
  return c;
}

TEST_CASE("impure functions are unknown while planning and known at apply") {
  CHECK(ok_in(planning(), "timestamp", {}).is_unknown());
  CHECK(ok_in(planning(), "uuid", {}).is_unknown());
  CHECK(ok_in(planning(), "bcrypt", {S("x")}).is_unknown());
  CHECK(!ok_in(Context::process_default(), "uuid", {}).is_unknown());
  // Pure functions are evaluated while planning.
  CHECK(ok_in(planning(), "upper", {S("x")}) == S("X"));
  // The argument count is still checked.
  CHECK(fails_in(planning(), "uuid", {S("x")}) == "uuid: expects 0 arguments, got 1; usage: uuid()");
  // A sensitive argument keeps the unknown result sensitive.
  CHECK(ok_in(planning(), "bcrypt", {S("x").marked_sensitive()}).is_sensitive());
}

TEST_CASE("the builtin registry uses the working directory and does not plan") {
  const Context c = Context::process_default();
  CHECK(c.module_dir == std::filesystem::current_path());
  CHECK(c.root_dir == std::filesystem::current_path());
  CHECK(!c.planning);
  CHECK(!ok("timestamp", {}).is_unknown());
}

TEST_CASE("ModuleFunctions keeps its context") {
  Context c = planning();
  c.module_dir = "/somewhere";
  const ModuleFunctions functions(c);
  CHECK(functions.context().module_dir == "/somewhere");
  std::string error;
  CHECK(!functions.call("no_such_function", {}, error).has_value());
  CHECK(fails_in(c, "file", {S("x.txt")}) == "file: no file exists at \"x.txt\"");
}

TEST_CASE("unknown and sensitive arguments of ordinary functions") {
  CHECK(ok("upper", {Value::unknown()}).is_unknown());
  CHECK(ok("upper", {S("x").marked_sensitive()}).is_sensitive());
  CHECK(ok("tolist", {L({Value::unknown()})}).is_unknown());
}

}  // namespace
}  // namespace infra::stdlib::testing
