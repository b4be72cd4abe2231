// Directories and symbolic links (POSIX, std::filesystem for recursive removal).
#include "providers/local/path_ops.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <system_error>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "providers/local/file_ops.hpp"
#include "providers/sdk/provider.hpp"

namespace infra::providers::local {

namespace {

PathKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return PathKind::File;
  if (S_ISDIR(mode)) return PathKind::Directory;
  if (S_ISLNK(mode)) return PathKind::Symlink;
  return PathKind::Other;
}

// lstat, with a missing path as nullopt.
std::optional<struct stat> lstat_of(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) return st;
  if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
  fail("inspect", path, errno);
}

// "a.txt, sub and 3 more" for the first few entries.
std::string summary(const std::vector<DirectoryEntry>& entries) {
  constexpr std::size_t kShown = 5;
  std::string out;
  for (std::size_t i = 0; i < entries.size() && i < kShown; ++i) {
    if (i > 0) out += ", ";
    out += entries[i].name;
    if (entries[i].kind == PathKind::Directory) out += "/";
  }
  if (entries.size() > kShown) out += " and " + std::to_string(entries.size() - kShown) + " more";
  return out;
}

}  // namespace

const char* kind_name(PathKind kind) {
  switch (kind) {
    case PathKind::Missing: return "nothing";
    case PathKind::File: return "file";
    case PathKind::Directory: return "directory";
    case PathKind::Symlink: return "symlink";
    case PathKind::Other: return "other";
  }
  return "other";
}

std::string describe(PathKind kind) {
  switch (kind) {
    case PathKind::Missing: return "nothing";
    case PathKind::File: return "a regular file";
    case PathKind::Directory: return "a directory";
    case PathKind::Symlink: return "a symbolic link";
    case PathKind::Other: return "a special file";
  }
  return "a special file";
}

std::string why_not(const std::string& path, PathKind wanted) {
  const std::string noun = describe(wanted).substr(2);  // "a directory" -> "directory"
  const PathKind kind = path_kind(path);
  if (kind == PathKind::Missing) return "no such " + noun;
  return "it is " + describe(kind) + ", not a " + noun;
}

PathKind path_kind(const std::string& path) {
  auto st = lstat_of(path);
  return st ? kind_of(st->st_mode) : PathKind::Missing;
}

std::optional<unsigned> directory_mode(const std::string& path) {
  auto st = lstat_of(path);
  if (!st || !S_ISDIR(st->st_mode)) return std::nullopt;
  return st->st_mode & 07777;
}

std::vector<DirectoryEntry> list_directory(const std::string& path) {
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) fail("list", path, errno);
  std::vector<DirectoryEntry> out;
  errno = 0;
  while (const dirent* e = ::readdir(dir)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    DirectoryEntry entry{name};
    struct stat st {};
    if (::fstatat(::dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      entry.kind = kind_of(st.st_mode);
      if (entry.kind == PathKind::File) entry.size = static_cast<std::uint64_t>(st.st_size);
    }
    out.push_back(std::move(entry));
  }
  const int err = errno;
  ::closedir(dir);
  if (err != 0) fail("list", path, err);
  std::sort(out.begin(), out.end(),
            [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
  return out;
}

void make_directory(const std::string& path, unsigned mode) {
  const std::filesystem::path p(path);
  make_parents(p.parent_path(), mode);
  if (::mkdir(path.c_str(), mode) != 0) {
    if (errno != EEXIST) fail("create directory", path, errno);
    const PathKind kind = path_kind(path);
    throw sdk::Error("cannot create directory " + path + ": " + describe(kind) +
                         " already exists there" +
                         (kind == PathKind::Directory
                              ? "; import it (its import ID is its path) to manage it"
                              : ""),
                     sdk::json::array({"path"}));
  }
  change_mode(path, mode);
}

namespace {

// Before deleting the `wanted` kind of object at `path`: false when nothing is there; an
// error when something else is, which is not ours to delete.
bool still_there(const std::string& path, PathKind wanted) {
  const PathKind kind = path_kind(path);
  if (kind == PathKind::Missing) return false;
  if (kind != wanted) {
    throw sdk::Error("cannot delete " + describe(wanted).substr(2) + " " + path + ": it is now " +
                         describe(kind) + "; left alone",
                     sdk::json::array({"path"}));
  }
  return true;
}

}  // namespace

void remove_directory(const std::string& path, bool recursive) {
  if (!still_there(path, PathKind::Directory)) return;
  if (recursive) {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) throw sdk::Error("cannot delete directory " + path + ": " + ec.message());
    return;
  }
  if (::rmdir(path.c_str()) == 0) return;
  if (errno != ENOTEMPTY && errno != EEXIST) fail("delete directory", path, errno);
  throw sdk::Error("cannot delete directory " + path + ": it is not empty (it holds " +
                       summary(list_directory(path)) +
                       "); set force_destroy = true to delete it with everything in it",
                   sdk::json::array({"force_destroy"}));
}

std::optional<std::string> read_link(const std::string& path) {
  auto st = lstat_of(path);
  if (!st || !S_ISLNK(st->st_mode)) return std::nullopt;
  std::string target(static_cast<std::size_t>(st->st_size) + 1, '\0');
  for (;;) {
    const ssize_t n = ::readlink(path.c_str(), target.data(), target.size());
    if (n < 0) fail("read the link", path, errno);
    if (static_cast<std::size_t>(n) < target.size()) {
      target.resize(static_cast<std::size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);  // the link grew since lstat
  }
}

void make_symlink(const std::string& target, const std::string& path) {
  if (::symlink(target.c_str(), path.c_str()) == 0) return;
  if (errno != EEXIST) fail("create symbolic link", path, errno);
  const auto now = read_link(path);
  if (now && *now == target) return;
  if (now) {
    throw sdk::Error("cannot create symbolic link " + path + ": a symbolic link to \"" + *now +
                         "\" already exists there; import it (its import ID is its path) or "
                         "remove it",
                     sdk::json::array({"path"}));
  }
  throw sdk::Error("cannot create symbolic link " + path + ": " + describe(path_kind(path)) +
                       " already exists there",
                   sdk::json::array({"path"}));
}

void remove_symlink(const std::string& path) {
  if (!still_there(path, PathKind::Symlink)) return;
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail("delete symbolic link", path, errno);
}

}  // namespace infra::providers::local
