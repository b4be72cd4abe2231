// infra-bench-state N [DIR]: the state store's costs at N instances.
//
// 1. load: read() of a state of N instances (written once with replace_state);
// 2. record: one put_instance (one finished action), 200 times, median and 90th percentile;
// 3. apply: N/10 writes from 10 threads at once, as apply's workers make them (group commit);
// 4. for contrast, what a store that rewrites one JSON document per change (as Terraform
//    does with terraform.tfstate) pays: serialise the whole state, write it, fsync, rename.
// With INFRA_BENCH_PG set to a PostgreSQL connection string, 1-3 run on PostgreSQL too.
// Results go in docs/benchmarks.md.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "state/backend.hpp"
#include "state/json_format.hpp"
#include "state/postgres_backend.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using infra::state::Backend;
using infra::state::ResourceInstance;
using infra::state::Snapshot;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

ResourceInstance instance(std::size_t i) {
  ResourceInstance r;
  r.name = "d" + std::to_string(i);
  r.address = "infra_data." + r.name;
  r.type = "infra_data";
  r.provider = "infra";
  r.attributes_json = R"({"id":"4f96fa9c-6468-b5fa-c118-)" + std::to_string(100000000000 + i) +
                      R"(","input":{"label":"bench )" + std::to_string(i) + R"(","n":)" +
                      std::to_string(i) + R"(},"output":{"label":"bench )" + std::to_string(i) +
                      R"(","n":)" + std::to_string(i) + R"(},"triggers_replace":null})";
  if (i > 0) r.dependencies = {"infra_data.d" + std::to_string(i - 1)};
  return r;
}

void measure(const char* store, Backend& backend, std::size_t n) {
  Snapshot s;
  s.lineage = backend.read().lineage;
  for (std::size_t i = 0; i < n; ++i) s.instances.push_back(instance(i));
  auto start = Clock::now();
  backend.replace_state(s);
  std::printf("%s: write %zu instances at once: %.0f ms\n", store, n, ms_since(start));

  start = Clock::now();
  const Snapshot loaded = backend.read();
  std::printf("%s: load %zu instances: %.0f ms\n", store, loaded.instances.size(), ms_since(start));

  std::vector<double> times;
  for (std::size_t k = 0; k < 200; ++k) {
    ResourceInstance r = instance(n + k);
    start = Clock::now();
    backend.put_instance(r);
    times.push_back(ms_since(start));
  }
  std::sort(times.begin(), times.end());
  std::printf("%s: record one action (200 alone): median %.2f ms, p90 %.2f ms\n", store, times[100], times[180]);

  const std::size_t writes = std::max<std::size_t>(n / 10, 1000);
  start = Clock::now();
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < 10; ++t) {
    workers.emplace_back([&, t] {
      for (std::size_t k = t; k < writes; k += 10) backend.put_instance(instance(2 * n + k));
    });
  }
  for (auto& w : workers) w.join();
  const double total = ms_since(start);
  std::printf("%s: %zu actions from 10 threads: %.0f ms (%.2f ms each)\n", store, writes, total,
              total / static_cast<double>(writes));
}

// The whole document rewritten and synced per change, 20 times: per-change cost.
void whole_document(const std::filesystem::path& dir, std::size_t n) {
  Snapshot s;
  s.lineage = "00000000-0000-4000-8000-000000000000";
  for (std::size_t i = 0; i < n; ++i) s.instances.push_back(instance(i));
  std::vector<double> times;
  for (std::size_t k = 0; k < 20; ++k) {
    s.instances.push_back(instance(n + k));
    s.serial += 1;
    const auto start = Clock::now();
    const std::string text = infra::state::snapshot_to_json(s);
    const auto tmp = dir / "whole.json.tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) return;
    for (std::size_t done = 0; done < text.size();) {
      const ssize_t w = ::write(fd, text.data() + done, text.size() - done);
      if (w <= 0) break;
      done += static_cast<std::size_t>(w);
    }
    ::fsync(fd);
    ::close(fd);
    std::filesystem::rename(tmp, dir / "whole.json");
    times.push_back(ms_since(start));
  }
  std::sort(times.begin(), times.end());
  std::printf("whole document (%.1f MB) rewritten per change: median %.1f ms\n",
              static_cast<double>(std::filesystem::file_size(dir / "whole.json")) / 1e6, times[10]);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 100000;
  const std::filesystem::path dir =
      argc > 2 ? std::filesystem::path(argv[2]) : std::filesystem::temp_directory_path() / "infra-bench-state";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto sqlite = infra::state::open_sqlite(dir / "state.db");
    measure("sqlite", *sqlite, n);
  }
  whole_document(dir, n);
  if (const char* pg = std::getenv("INFRA_BENCH_PG")) {
    auto postgres = infra::state::open_postgres(pg, "infra_bench_" + std::to_string(::getpid()));
    measure("postgres", *postgres, n);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
