// libFuzzer target: any bytes as a .infra file. Parsing and loading must end in a Module
// or diagnostics — never a crash, a hang or a sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string>

#include "lang/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  infra::lang::Module module;
  infra::lang::Diagnostics diags;
  infra::lang::parse_into(module, "fuzz.infra",
                          std::string(reinterpret_cast<const char*>(data), size), diags);
  // Rendering quotes the input back with carets: it must cope with whatever was read.
  (void)infra::lang::render(diags, module.files);
  return 0;
}
