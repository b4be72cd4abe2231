// The file system operations and hashes behind local_file. Errors are sdk::Error with
// messages naming the file and the system's reason.
#pragma once

#include <optional>
#include <string>

namespace infra::providers::local {

/// A file as found on disk.
struct FileOnDisk {
  std::string content;
  unsigned mode = 0;  // permission bits (st_mode & 0777)
};

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

std::string sha1_hex(const std::string& data);
std::string sha256_hex(const std::string& data);

}  // namespace infra::providers::local
