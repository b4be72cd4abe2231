// Renders docs/functions.md from the registrations (see gen_function_docs.cpp).
#include <sstream>

#include "stdlib/registry.hpp"

namespace infra::stdlib {

namespace {

/// Drops the first line when blank, trailing blank lines and the indentation that every
/// non-blank line shares, so doc strings can be indented like the code around them.
std::string dedent(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  auto blank = [](std::string_view l) { return l.find_first_not_of(" \t") == l.npos; };
  if (!lines.empty() && blank(lines.front())) lines.erase(lines.begin());
  while (!lines.empty() && blank(lines.back())) lines.pop_back();

  std::size_t indent = std::string_view::npos;
  for (std::string_view l : lines) {
    if (!blank(l)) indent = std::min(indent, l.find_first_not_of(' '));
  }
  std::string out;
  for (std::string_view l : lines) {
    if (!blank(l)) out += l.substr(indent);
    out += '\n';
  }
  return out;
}

}  // namespace

std::string render_function_docs(const Registry& registry) {
  std::ostringstream out;
  out << "# Built-in functions\n\n"
         "<!-- Generated from the registrations in stdlib/*.cpp by infra-gen-function-docs; "
         "do not edit.\n"
         "     Regenerate: cmake --build build --target function-docs -->\n\n"
         "Functions are called by name with arguments in parentheses: "
         "`upper(var.name)`.\n"
         "A function whose argument is unknown until apply returns an unknown value; "
         "a function\n"
         "whose argument is sensitive returns a sensitive value. Where a string is "
         "expected, a\n"
         "number or a bool is converted to one; where a number is expected, a string "
         "holding a\n"
         "number is converted.\n";

  std::string_view group;
  for (const Function& f : registry.all()) {
    if (f.group != group) {
      group = f.group;
      out << "\n## " << group << "\n\n";
      bool first = true;
      for (const Function& g : registry.all()) {
        if (g.group != group) continue;
        out << (first ? "" : " · ") << "[`" << g.name << "`](#" << g.name << ")";
        first = false;
      }
      out << "\n";
    }
    out << "\n### " << f.name << "\n\n`" << f.signature() << "`\n\n" << dedent(f.doc);
  }
  return out.str();
}

}  // namespace infra::stdlib
