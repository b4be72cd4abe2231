// Parses and evaluates a generated configuration of N resources, in process, and reports
// the throughput of each stage. Usage: infra-bench-parse-eval [N] (default 100000).
// Prints one row of the table in docs/benchmarks.md on stdout; on stderr, the CPU time of
// each stage (which a machine shared with other work inflates less than the wall time)
// and how much of parsing is the syntax alone (lang::parse_file) and how much the loading
// of the Module from it.
//
// Each resource has five attributes: a string with an interpolation of a variable, a
// reference to another resource, a function call, a list and an object.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <sys/resource.h>

#include "lang/ast.hpp"
#include "lang/config.hpp"
#include "lang/eval.hpp"
#include "lang/parser.hpp"
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

double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const std::string text = generate(n);
  const double mb = static_cast<double>(text.size()) / (1024.0 * 1024.0);

  const double c0 = cpu_seconds();
  auto t0 = Clock::now();
  infra::lang::Module module;
  infra::lang::Diagnostics diags;
  infra::lang::parse_into(module, "bench.infra", text, diags);
  auto t1 = Clock::now();
  const double c1 = cpu_seconds();
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
  const double c2 = cpu_seconds();
  if (diags.has_errors() || members != static_cast<std::size_t>(n) * 5) {
    std::fprintf(stderr, "evaluation failed\n");
    return 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double parse = seconds(t0, t1), eval = seconds(t1, t2);
  std::printf(
      "| %d | %.1f MB | %.2f s (%.1f MB/s, %.0f resources/s) | %.2f s (%.1f MB/s, %.0f resources/s) "
      "| %.2f s | %.0f MiB |\n",
      n, mb, parse, mb / parse, n / parse, eval, mb / eval, n / eval, parse + eval,
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::fflush(stdout);

  module = {};
  const double c3 = cpu_seconds();
  auto t3 = Clock::now();
  const infra::lang::BodyPtr body = infra::lang::parse_file("bench.infra", text, diags);
  const double syntax = seconds(t3, Clock::now()), syntax_cpu = cpu_seconds() - c3;
  std::fprintf(stderr,
               "CPU: parse %.2f s, evaluate %.2f s. Of parsing, the syntax alone (parse_file): "
               "%.2f s (CPU %.2f s); loading the Module: the rest.\n",
               c1 - c0, c2 - c1, syntax, syntax_cpu);
  return 0;
}
