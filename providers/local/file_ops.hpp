// The file system operations behind the file types. Errors are sdk::Error with
// messages naming the file and the system's reason.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace infra::providers::local {

/// A file as found on disk.
struct FileOnDisk {
  std::string content;
  unsigned mode = 0;  // permission bits (st_mode & 0777)
};

/// Throws sdk::Error "cannot WHAT PATH: REASON" for the errno `err`.
[[noreturn]] void fail(const std::string& what, const std::string& path, int err);

/// mkdir -p with an exact mode on each directory it creates (the umask does not apply).
void make_parents(const std::filesystem::path& dir, unsigned dir_mode);

/// The file at `path`, or nullopt if there is none. Throws if it exists but cannot be read.
std::optional<FileOnDisk> read_file(const std::string& path);

/// Replaces (or creates) `path` atomically: a temporary file in the same directory gets the
/// content and `mode`, is synced, then renamed over `path`. Missing parent directories are
/// created with `dir_mode`.
void write_file_atomically(const std::string& path, const std::string& content, unsigned mode,
                           unsigned dir_mode);

void change_mode(const std::string& path, unsigned mode);

/// Removes `path`; a missing file is fine.
void remove_file(const std::string& path);

/// "0644" -> 0644; nullopt unless 3 or 4 octal digits.
std::optional<unsigned> parse_mode(const std::string& text);
/// 0644 -> "0644".
std::string format_mode(unsigned mode);

}  // namespace infra::providers::local
