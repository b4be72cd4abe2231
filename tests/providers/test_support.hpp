// Helpers shared by the providers tests: temporary directories and plugin paths.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "providers/host/plugin.hpp"

namespace infra::providers::test {

/// The message of the ProviderError that `call` throws; "(no error)" when it throws none.
template <typename Call>
std::string error_of(Call call) {
  try {
    call();
  } catch (const ProviderError& e) {
    return e.what();
  }
  return "(no error)";
}

/// A fresh directory under /tmp, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "infra-prov-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

inline std::filesystem::path bin_dir() { return INFRA_BIN_DIR; }
inline std::filesystem::path local_plugin() { return bin_dir() / "infra-provider-local"; }

/// Writes an executable file.
inline std::filesystem::path write_executable(const std::filesystem::path& path,
                                              const std::string& text) {
  std::ofstream(path) << text;
  ::chmod(path.c_str(), 0755);
  return path;
}

/// A script in `dir` that runs the misbehaving test plugin in `mode`.
inline std::filesystem::path misbehaving_plugin(const TempDir& dir, const std::string& mode) {
  return write_executable(dir.path() / ("infra-provider-" + mode),
                          "#!/bin/sh\nexec '" +
                              (bin_dir() / "infra-test-misbehaving-plugin").string() + "' " +
                              mode + "\n");
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline unsigned mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

}  // namespace infra::providers::test
