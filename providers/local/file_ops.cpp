// File operations for the file types (POSIX).
#include "providers/local/file_ops.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "providers/sdk/provider.hpp"

namespace infra::providers::local {

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw sdk::Error("cannot " + what + " " + path + ": " + std::strerror(err));
}

namespace {

// Closes on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void write_all(int fd, const std::string& data, const std::string& path) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", path, errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

void make_parents(const std::filesystem::path& dir, unsigned dir_mode) {
  if (dir.empty()) return;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) fail("create directory", dir.string(), ENOTDIR);
    return;
  }
  make_parents(dir.parent_path() == dir ? std::filesystem::path() : dir.parent_path(), dir_mode);
  if (::mkdir(dir.c_str(), dir_mode) != 0) {
    if (errno == EEXIST) return;  // made concurrently by another request
    fail("create directory", dir.string(), errno);
  }
  if (::chmod(dir.c_str(), dir_mode) != 0) fail("set the mode of", dir.string(), errno);
}

std::optional<FileOnDisk> read_file(const std::string& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail("read", path, errno);
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) fail("read", path, errno);
  if (S_ISDIR(st.st_mode)) fail("read", path, EISDIR);
  FileOnDisk file;
  file.mode = st.st_mode & 0777;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(f.fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("read", path, errno);
    }
    if (n == 0) break;
    file.content.append(buf, static_cast<std::size_t>(n));
  }
  return file;
}

void write_file_atomically(const std::string& path, const std::string& content, unsigned mode,
                           unsigned dir_mode) {
  std::filesystem::path target(path);
  std::filesystem::path dir = target.parent_path();
  make_parents(dir, dir_mode);
  std::string tmpl =
      (dir / ("." + target.filename().string() + ".infra-tmp-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  Fd f{::mkostemp(name.data(), O_CLOEXEC)};
  if (f.fd < 0) fail("create a temporary file for", path, errno);
  std::string tmp(name.data());
  try {
    write_all(f.fd, content, path);
    if (::fchmod(f.fd, mode) != 0) fail("set the mode of", path, errno);
    if (::fsync(f.fd) != 0) fail("sync", path, errno);
    if (::rename(tmp.c_str(), path.c_str()) != 0) fail("replace", path, errno);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
  // Make the rename itself durable.
  Fd d{::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

void change_mode(const std::string& path, unsigned mode) {
  if (::chmod(path.c_str(), mode) != 0) fail("set the mode of", path, errno);
}

void remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail("remove", path, errno);
}

std::optional<unsigned> parse_mode(const std::string& text) {
  if (text.size() < 3 || text.size() > 4) return std::nullopt;
  unsigned mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = mode * 8 + static_cast<unsigned>(c - '0');
  }
  return mode;
}

std::string format_mode(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
  return buf;
}

}  // namespace infra::providers::local
