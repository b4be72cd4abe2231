// docs/functions.md must match what the registrations generate.
#include <fstream>
#include <sstream>

#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("docs/functions.md is up to date with the registrations") {
  std::ifstream in(std::string(INFRA_SOURCE_DIR) + "/docs/functions.md", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string expected = render_function_docs(Registry::builtin());
  INFO("docs/functions.md is out of date; regenerate it with "
       "`cmake --build <build dir> --target function-docs`");
  CHECK((in.good() || in.eof()));
  CHECK(text.str() == expected);
}

TEST_CASE("the generated docs have a section per function with its signature") {
  const std::string docs = render_function_docs(Registry::builtin());
  CHECK(docs.starts_with("# Built-in functions\n"));
  for (const Function& f : Registry::builtin().all()) {
    INFO(f.name);
    CHECK(docs.find("\n### " + std::string(f.name) + "\n\n`" + f.signature() + "`\n") !=
          std::string::npos);
  }
  CHECK(docs.find("\n## Strings\n") < docs.find("\n## Collections\n"));
}

}  // namespace
}  // namespace infra::stdlib::testing
