// Drives the real `infra` binary for end-to-end tests: scratch working directories and a
// runner that captures exit code, stdout and stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace infra::e2e {

struct Result {
  int code = -1;
  std::string out;
  std::string err;
  /// stdout and stderr, for messages on failure.
  std::string all() const { return "--- stdout\n" + out + "--- stderr\n" + err; }
};

/// A fresh directory under the system temp dir, removed with the object.
class Scratch {
 public:
  Scratch();
  ~Scratch();
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// Writes `text` to the relative path `name`, creating directories.
  void write(const std::string& name, const std::string& text) const;
  /// The text of the relative path `name`; empty when missing.
  std::string read(const std::string& name) const;
  bool exists(const std::string& name) const;

 private:
  std::filesystem::path path_;
};

/// Runs `infra ARGS...` in `dir` with stdin from /dev/null (no terminal) and a
/// timeout of 120 s. Only providers built with this tree are found.
Result run_infra(const std::filesystem::path& dir, const std::vector<std::string>& args);

/// Like run_infra, with `input` on infra's standard input.
Result run_infra_with_input(const std::filesystem::path& dir,
                            const std::vector<std::string>& args, const std::string& input);

/// Like run_infra, but sends SIGINT to infra once its stdout contains `trigger`.
Result run_infra_interrupted(const std::filesystem::path& dir,
                             const std::vector<std::string>& args, const std::string& trigger);

/// Like run_infra, but kills infra with SIGKILL once its stdout contains `trigger`: a
/// crash at that instant, with nothing to clean up.
Result run_infra_killed(const std::filesystem::path& dir, const std::vector<std::string>& args,
                        const std::string& trigger);

/// Runs `infra ARGS...` in `dir` on a pseudo-terminal, typing `answer` and a newline when
/// it asks "Enter a value:". Everything it printed ends up in `out`.
Result run_infra_on_terminal(const std::filesystem::path& dir,
                             const std::vector<std::string>& args, const std::string& answer);

/// A configuration of one file, a.txt, with the content "a".
inline constexpr const char* kOneFile = R"(resource "local_file" "a" {
  filename = "a.txt"
  content  = "a"
}
)";

/// Whether `haystack` contains `needle`.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// The addresses of the instances in the state of `dir` (.infra/state.db), sorted.
std::vector<std::string> state_addresses(const Scratch& dir);

/// The path of the built `infra` binary.
std::filesystem::path infra_binary();

}  // namespace infra::e2e
