// Parses and evaluates a generated configuration of N resources, in process, and reports
// the throughput of each stage. Usage: infra-bench-parse-eval [N] (default 100000).
//
// Each resource has five attributes: a string with an interpolation of a variable, a
// reference to another resource, a function call, a list and an object.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/resource.h>

#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "stdlib/registry.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::string generate(int n) {
  std::ostringstream out;
  out << "variable \"prefix\" {\n  default = \"bench\"\n}\n\n";
  for (int i = 0; i < n; ++i) {
    out << "resource \"local_file\" \"f" << i << "\" {\n"
        << "  filename = \"out/${var.prefix}/f" << i << ".txt\"\n"
        << "  content  = local_file.f" << (i == 0 ? 0 : i - 1) << ".id\n"
        << "  mode     = format(\"%04o\", " << (i % 512) << ")\n"
        << "  tags     = [\"a\", \"b\", " << i << "]\n"
        << "  meta     = { index = " << i << ", even = " << (i % 2 == 0 ? "true" : "false")
        << " }\n"
        << "}\n\n";
  }
  return out.str();
}

// Every name is known: variables and resources are small objects.
class BenchScope : public infra::lang::Scope {
 public:
  std::optional<infra::lang::Value> resolve(std::string_view root, std::string_view,
                                            const infra::lang::SourceRange&,
                                            infra::lang::Diagnostics&) const override {
    if (root == "var") return infra::lang::Value::string("bench");
    return infra::lang::Value::object({{"id", infra::lang::Value::string("abc")}});
  }
};

double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const std::string text = generate(n);
  const double mb = static_cast<double>(text.size()) / (1024.0 * 1024.0);

  auto t0 = Clock::now();
  infra::lang::Module module;
  infra::lang::Diagnostics diags;
  infra::lang::parse_into(module, "bench.infra", text, diags);
  auto t1 = Clock::now();
  if (diags.has_errors()) {
    std::fprintf(stderr, "%s", infra::lang::render(diags, module.files).c_str());
    return 1;
  }
  BenchScope scope;
  const auto& functions = infra::stdlib::Registry::builtin();
  std::size_t members = 0;
  for (const auto& r : module.resources) {
    auto v = infra::lang::evaluate_body(*r.body, scope, &functions, diags);
    members += v.as_object().size();
  }
  auto t2 = Clock::now();
  if (diags.has_errors() || members != static_cast<std::size_t>(n) * 5) {
    std::fprintf(stderr, "evaluation failed\n");
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double parse = seconds(t0, t1), eval = seconds(t1, t2);
  std::printf("| %d | %.1f MB | %.2f s (%.1f MB/s, %.0f resources/s) | %.2f s (%.0f resources/s) | %.2f s | %.0f MiB |\n",
              n, mb, parse, mb / parse, n / parse, eval, n / eval, parse + eval,
              static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
