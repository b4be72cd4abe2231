// Tests of stdlib/templates.cpp.
#include <filesystem>
#include <fstream>
#include <unistd.h>

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

}  // namespace
}  // namespace infra::stdlib::testing
