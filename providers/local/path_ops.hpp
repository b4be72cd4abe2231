// The file system operations behind local_directory and local_symlink: what a path is,
// directories and their entries, symbolic links. Errors are sdk::Error naming the path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace infra::providers::local {

/// What a path names, without following a symbolic link at its end.
enum class PathKind { Missing, File, Directory, Symlink, Other };

/// "file", "directory", "symlink", "other" (or "nothing" for Missing).
const char* kind_name(PathKind kind);

/// "a regular file", "a directory", "a symbolic link", "a special file" (for messages).
std::string describe(PathKind kind);

/// Why `path` cannot be used as a `wanted` (Directory or Symlink): "no such directory",
/// "it is a regular file, not a symbolic link".
std::string why_not(const std::string& path, PathKind wanted);

/// What `path` is (lstat). Throws when it cannot be told (permission denied on a parent).
PathKind path_kind(const std::string& path);

/// The permission bits of the directory `path`, or nullopt when `path` is not one.
std::optional<unsigned> directory_mode(const std::string& path);

/// One entry of a directory.
struct DirectoryEntry {
  std::string name;
  PathKind kind = PathKind::Other;
  std::uint64_t size = 0;  // bytes, for files; 0 for anything else
};

/// The entries of the directory `path`, sorted by name, without "." and "..".
std::vector<DirectoryEntry> list_directory(const std::string& path);

/// Creates the directory `path` with exactly `mode` (the umask does not apply), and its
/// missing parents with the same mode. Throws when something already exists at `path`.
void make_directory(const std::string& path, unsigned mode);

/// Removes the directory `path`: only when it is empty, unless `recursive`, which removes
/// everything in it (symbolic links inside are removed, not followed). A missing directory
/// is fine. The error for a directory that is not empty names what it holds.
void remove_directory(const std::string& path, bool recursive);

/// Where the symbolic link `path` points, or nullopt when `path` is not a symbolic link.
std::optional<std::string> read_link(const std::string& path);

/// Makes `path` a symbolic link to `target`; a link already there to the same target is
/// kept. Throws when something else exists at `path`.
void make_symlink(const std::string& target, const std::string& path);

/// Removes the symbolic link `path`; a missing one is fine; anything else at `path` is an
/// error (and left alone).
void remove_symlink(const std::string& path);

}  // namespace infra::providers::local
