// Checks that grammar.peg and lang/grammar.hpp define the same rules, and that the PEGTL
// grammar has no rule that can loop without consuming input.
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>
#include <tao/pegtl/contrib/parse_tree.hpp>
#include <tao/pegtl/contrib/peg.hpp>

#include "lang/grammar.hpp"

namespace {

namespace pegtl = tao::pegtl;
namespace peg = pegtl::peg::grammar;

template <typename Rule>
struct CollectNames : pegtl::nothing<Rule> {};

template <>
struct CollectNames<peg::Definition> {
  template <typename Input>
  static void apply(const Input& in, std::set<std::string>& names) {
    // The definition starts with its identifier, followed by spacing and "<-".
    const std::string text = in.string();
    std::size_t end = 0;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
      ++end;
    }
    names.insert(text.substr(0, end));
  }
};

template <typename... Rules>
std::set<std::string> names_of(pegtl::type_list<Rules...>) {
  std::set<std::string> out;
  for (std::string_view full : {pegtl::demangle<Rules>()...}) {
    out.emplace(full.substr(full.rfind(':') + 1));
  }
  return out;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("grammar.peg is valid PEG and names exactly the rules of grammar.hpp") {
  const std::string text = read(INFRA_SOURCE_DIR "/grammar.peg");
  REQUIRE(!text.empty());
  pegtl::memory_input in(text, "grammar.peg");
  std::set<std::string> peg_names;
  REQUIRE(pegtl::parse<peg::Grammar, CollectNames>(in, peg_names));
  const std::set<std::string> hpp_names = names_of(infra::lang::grammar::all_rules());
  CHECK(peg_names == hpp_names);
  // Every rule is listed once in all_rules.
  CHECK(hpp_names.size() == infra::lang::grammar::all_rules::size);
}

TEST_CASE("the PEGTL grammar has no rule that loops without consuming input") {
  CHECK(pegtl::analyze<infra::lang::grammar::file>(-1) == 0);
  CHECK(pegtl::analyze<infra::lang::grammar::expression_file>(-1) == 0);
  CHECK(pegtl::analyze<infra::lang::grammar::bare_template>(-1) == 0);
}
