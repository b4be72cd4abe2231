// Tests of stdlib/templates.cpp.
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "lang/config.hpp"
#include "lang/function_table.hpp"
#include "lang/parser.hpp"
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

namespace fs = std::filesystem;

TEST_CASE("templatestring interpolates variables and calls functions") {
  CHECK(ok("templatestring", {S("Hello, ${name}!"), O({{"name", S("Jane")}})}) == S("Hello, Jane!"));
  CHECK(ok("templatestring", {S("${upper(a)}-${b + 1}"), O({{"a", S("x")}, {"b", N(1)}})}) ==
        S("X-2"));
  CHECK(ok("templatestring", {S("${m.k[1]}"), O({{"m", O({{"k", L({S("p"), S("q")})}})}})}) ==
        S("q"));
  CHECK(ok("templatestring", {S("line 1\nline 2\n"), O({})}) == S("line 1\nline 2\n"));
  CHECK(ok("templatestring", {S("no newline"), O({})}) == S("no newline"));
  CHECK(ok("templatestring", {S("$${literal} \\n"), O({})}) == S("${literal} \\n"));
  CHECK(ok("templatestring", {S("${n}"), O({{"n", N(3)}})}) == S("3"));
  CHECK(ok("templatestring", {S(""), O({})}) == S(""));
}

TEST_CASE("templatestring errors") {
  CHECK(fails("templatestring", {S("${missing}"), O({})}) ==
        "templatestring: <template>:1:3: vars map does not contain key \"missing\"");
  CHECK(fails("templatestring", {S("x\n${"), O({})}).starts_with("templatestring: <template>:"));
  CHECK(fails("templatestring", {S("${templatestring(\"\", {})}"), O({})}) ==
        "templatestring: <template>:1:3: Invalid call to function \"templatestring\": cannot call "
        "templatestring from inside a template");
  CHECK(fails("templatestring", {S("${l}"), O({{"l", L({})}})}) ==
        "templatestring: <template>:1:3: Cannot include a list value in a string template");
  CHECK(fails("templatestring", {S("x"), L({})}) ==
        "templatestring: argument 2 must be a map, got list");
}

TEST_CASE("templatefile renders a file of the module") {
  const fs::path dir = fs::temp_directory_path() / ("infra-stdlib-templates-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "backends.tpl") << "backend ${ip}:${port}\n";
  const Context c{.module_dir = dir, .root_dir = dir, .planning = false, .plan_timestamp = {}};
  CHECK(ok_in(c, "templatefile", {S("backends.tpl"), O({{"ip", S("10.0.0.1")}, {"port", N(8080)}})}) ==
        S("backend 10.0.0.1:8080\n"));
  CHECK(fails_in(c, "templatefile", {S("backends.tpl"), O({{"ip", S("x")}})}) ==
        "templatefile: backends.tpl:1:17: vars map does not contain key \"port\"");
  CHECK(fails_in(c, "templatefile", {S("nope.tpl"), O({})}) ==
        "templatefile: no file exists at \"nope.tpl\"");
  fs::remove_all(dir);
}

/// A module's functions, as the planner layers them over the built-ins, and the value of an
/// expression evaluated with them (or "error: " and its first diagnostic's summary).
class UserFunctions {
 public:
  explicit UserFunctions(const std::string& text)
      : module_(load(text)),
        builtins_(Context::process_default()),
        table_(module_.functions, builtins_) {}

  std::string show(const std::string& expression) const {
    lang::Diagnostics diags;
    const lang::ExprPtr e = lang::parse_expression("test", expression, diags);
    REQUIRE(e);
    const lang::ConstantScope scope;
    const Value v = lang::evaluate(*e, scope, &table_, diags);
    if (diags.has_errors()) return "error: " + diags.items().front().summary;
    return lang::to_display(v);
  }

 private:
  static lang::Module load(const std::string& text) {
    lang::Module module;
    lang::Diagnostics diags;
    lang::parse_into(module, "f.infra", text, diags);
    REQUIRE_FALSE(diags.has_errors());
    return module;
  }

  lang::Module module_;
  ModuleFunctions builtins_;
  lang::DeclaredFunctions table_;
};

TEST_CASE("templates call the module's user-defined functions") {
  const UserFunctions f(R"(
function "twice" {
  parameter "s" { type = string }
  result = "${s}${s}"
}
function "fib" {
  parameter "n" { type = number }
  result = n < 2 ? n : fib(n - 1) + fib(n - 2)
}
function "render" {
  parameter "x" {}
  result = templatestring("<$${x}>", { x = x })
}
function "forever" {
  parameter "n" {}
  result = forever(n + 1)
}
function "count" {
  parameter "n" {}
  result = n == 0 ? 0 : 1 + count(n - 1)
}
function "then_template" {
  parameter "n" {}
  parameter "m" {}
  result = n == 0 ? templatestring("$${count(m)}", { m = m }) : then_template(n - 1, m)
}
)");
  CHECK(f.show(R"(templatestring("$${twice(a)} $${fib(10)}", { a = "ab" }))") == "\"abab 55\"");
  CHECK(f.show(R"(templatestring("%%{ for i in [1, 2] }$${twice(i)},%%{ endfor }", {}))") ==
        "\"11,22,\"");
  // A function may render a template, but not from inside one: templates never nest.
  CHECK(f.show("render(1)") == "\"<1>\"");
  CHECK(f.show(R"(templatestring("$${render(1)}", {}))") ==
        "error: Invalid call to function \"templatestring\": templatestring: f.infra:12:12: "
        "Invalid call to function \"templatestring\": cannot call templatestring from inside a "
        "template");
  CHECK(f.show(R"(templatestring("$${nope(1)}", {}))").find("nope") != std::string::npos);
  CHECK(f.show(R"(templatestring("$${twice(1, 2)}", {}))") ==
        "error: Invalid call to function \"templatestring\": templatestring: <template>:1:3: "
        "Invalid call to function \"twice\": twice: expects 1 argument, got 2; usage: "
        "twice(s)");
  // The depth limit counts the calls outside the template and inside it together.
  CHECK(
      f.show(R"(templatestring("$${forever(0)}", {}))").find("calls nest deeper than 128 levels") !=
      std::string::npos);
  CHECK(f.show("then_template(100, 20)") == "\"20\"");
  CHECK(f.show("then_template(100, 40)").find("calls nest deeper than 128 levels") !=
        std::string::npos);
}

TEST_CASE("templates see no user-defined functions when called without a module") {
  CHECK(fails("templatestring", {S("${twice(1)}"), O({})}).find("twice") != std::string::npos);
}

}  // namespace
}  // namespace infra::stdlib::testing
