// infra-gen-function-docs [OUTPUT]: writes docs/functions.md, generated from the function
// registrations, to OUTPUT (or to standard output).
#include <fstream>
#include <iostream>

#include "stdlib/registry.hpp"

int main(int argc, char** argv) {
  const std::string text = infra::stdlib::render_function_docs(infra::stdlib::Registry::builtin());
  if (argc < 2) {
    std::cout << text;
    return 0;
  }
  std::ofstream out(argv[1], std::ios::binary);
  out << text;
  if (!out.flush()) {
    std::cerr << "infra-gen-function-docs: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
