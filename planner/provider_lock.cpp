// The provider lock file: see planner/provider_lock.hpp.
#include "planner/provider_lock.hpp"

#include "stdlib/groups.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace infra::planner {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr int kLockVersion = 1;

}  // namespace

fs::path provider_lock_file() { return ".infra.lock.json"; }

ProviderLock read_provider_lock(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot read the provider lock file");
  std::stringstream text;
  text << in.rdbuf();
  ProviderLock lock;
  try {
    const json j = json::parse(text.str());
    const int version = j.at("version").get<int>();
    if (version != kLockVersion) {
      throw std::runtime_error("version " + std::to_string(version) + ", but this build reads " +
                               std::to_string(kLockVersion));
    }
    for (const auto& [name, p] : j.at("providers").items()) {
      LockedProvider locked;
      locked.version = p.value("version", "");
      locked.sha256 = p.at("sha256").get<std::string>();
      locked.path = p.value("path", "");
      lock.providers.emplace(name, std::move(locked));
    }
  } catch (const std::exception& e) {
    throw std::runtime_error(file.string() + " is not a provider lock file infra can read (" +
                             e.what() + "); run \"infra init -upgrade\" to write it again");
  }
  return lock;
}

void write_provider_lock(const fs::path& file, const ProviderLock& lock) {
  json providers = json::object();
  for (const auto& [name, p] : lock.providers) {
    providers[name] = {{"version", p.version}, {"sha256", p.sha256}, {"path", p.path}};
  }
  const json j{{"version", kLockVersion},
               {"comment", "Written by infra init: the provider plugins of this configuration. "
                           "Commit it; infra init -upgrade accepts changed plugins."},
               {"providers", providers}};
  const fs::path temp = file.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) throw std::runtime_error(temp.string() + ": cannot write the provider lock file");
  }
  std::error_code ec;
  fs::rename(temp, file, ec);
  if (ec) throw std::runtime_error(file.string() + ": cannot write: " + ec.message());
}

std::string file_sha256(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot read");
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    EVP_DigestUpdate(ctx.get(), buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw std::runtime_error(path.string() + ": cannot read");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  return stdlib::to_hex(std::string_view(reinterpret_cast<const char*>(digest), len));
}

}  // namespace infra::planner
