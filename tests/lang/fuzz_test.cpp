// Feeds random and truncated inputs to the parser and the loader: it must never crash,
// hang or throw, and every failure must come with a diagnostic that has a range.
#include <chrono>
#include <random>

#include <catch2/catch.hpp>

#include "lang/config.hpp"
#include "lang/parser.hpp"

using namespace infra::lang;

namespace {

const std::string kSample =
    "# sample\n"
    "variable \"name\" {\n  type = string\n  default = \"w\\u00e9b\"\n}\n"
    "locals {\n  tags = { env = \"prod\", \"k\": [1, 2.5e3, true, null] }\n}\n"
    "resource \"local_file\" \"a\" {\n"
    "  content = \"hi ${upper(var.name)} $${x} %%{y}\" /* c */\n"
    "  n = (1 + 2) * -3 % 4 >= 5 == !false && x.y || z[0].w ? f(a...) : [for_, x,]\n"
    "  depends_on = [local_file.b]\n"
    "  lifecycle { create_before_destroy = true }\n"
    "}\n"
    "output \"o\" { value = local_file.a.id }\n";

void parse_without_crash(const std::string& text) {
  Diagnostics diags;
  Module m;
  parse_into(m, "fuzz.infra", text, diags);
  for (const Diagnostic& d : diags.items()) REQUIRE(d.range.has_value());
  render(diags, m.files);
  Diagnostics expr_diags;
  parse_expression("fuzz", text, expr_diags);
}

}  // namespace

TEST_CASE("every prefix of a sample file parses or fails cleanly") {
  for (std::size_t n = 0; n <= kSample.size(); ++n) parse_without_crash(kSample.substr(0, n));
}

TEST_CASE("random mutations and random bytes parse or fail cleanly") {
  std::mt19937 rng(12345);
  const std::string alphabet = "{}[]()\"'$%\\=:,.?!<>+-*/#\n\t abcxyz019_~`\x01\xc3\xa9\xff";
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3000; ++i) {
    std::string text = kSample;
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, 1 + rng() % 5); break;
        case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: text[at] = alphabet[rng() % alphabet.size()]; break;
      }
    }
    parse_without_crash(text);
    std::string noise(rng() % 200, ' ');
    for (char& c : noise) c = alphabet[rng() % alphabet.size()];
    parse_without_crash(noise);
  }
  // Generous bound: this is about hangs, not speed.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(120));
}
