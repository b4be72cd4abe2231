// The ustar format: a 512-byte header per entry (octal numbers, a checksum over the header),
// the content padded to 512 bytes, and two zero blocks at the end.
#include "providers/docker/context_tar.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include <openssl/sha.h>
#include <sys/stat.h>

#include "providers/sdk/provider.hpp"

namespace infra::providers::docker {

namespace fs = std::filesystem;
using sdk::json;

namespace {

constexpr size_t kBlock = 512;

void put_octal(char* field, size_t width, unsigned long long value) {
  // width - 1 digits and a NUL, as tar readers expect.
  std::string digits(width - 1, '0');
  for (size_t i = width - 1; i-- > 0 && value; value >>= 3) digits[i] = char('0' + (value & 7));
  std::memcpy(field, digits.data(), width - 1);
  field[width - 1] = '\0';
}

// Splits `name` into ustar's prefix (155) and name (100) fields.
bool split_name(const std::string& name, std::string& prefix, std::string& rest) {
  if (name.size() <= 100) {
    prefix.clear();
    rest = name;
    return true;
  }
  for (size_t slash = name.find('/'); slash != std::string::npos;
       slash = name.find('/', slash + 1)) {
    if (slash <= 155 && name.size() - slash - 1 <= 100 && slash + 1 < name.size()) {
      prefix = name.substr(0, slash);
      rest = name.substr(slash + 1);
      return true;
    }
  }
  return false;
}

void append_entry(std::string& out, const std::string& name, char type, unsigned mode,
                  const std::string& content, const std::string& link = {}) {
  std::string prefix, rest;
  if (!split_name(name, prefix, rest) || link.size() > 100) {
    throw sdk::Error("the build context holds a path too long for a tar archive: " + name);
  }
  char header[kBlock] = {0};
  std::memcpy(header, rest.data(), rest.size());
  put_octal(header + 100, 8, mode & 07777);
  put_octal(header + 108, 8, 0);
  put_octal(header + 116, 8, 0);
  put_octal(header + 124, 12, type == '0' ? content.size() : 0);
  put_octal(header + 136, 12, 0);
  header[156] = type;
  std::memcpy(header + 157, link.data(), link.size());
  std::memcpy(header + 257, "ustar", 6);
  std::memcpy(header + 263, "00", 2);
  std::memcpy(header + 345, prefix.data(), prefix.size());
  // The checksum is computed with its own field taken as eight spaces.
  std::memset(header + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : header) sum += c;
  put_octal(header + 148, 7, sum);
  header[155] = ' ';
  out.append(header, kBlock);
  if (type == '0') {
    out += content;
    out.append((kBlock - content.size() % kBlock) % kBlock, '\0');
  }
}

}  // namespace

std::string read_whole_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw sdk::Error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string tar_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw sdk::Error("the build context " + dir.string() + " is not a directory",
                     json::array({"build", "context"}));
  }
  std::vector<fs::path> entries;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  if (ec) throw sdk::Error("cannot list the build context " + dir.string() + ": " + ec.message());
  std::sort(entries.begin(), entries.end());
  std::string out;
  for (const fs::path& path : entries) {
    std::string name = path.lexically_relative(dir).generic_string();
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) throw sdk::Error("cannot read " + path.string());
    if (S_ISLNK(st.st_mode)) {
      append_entry(out, name, '2', 0777, {}, fs::read_symlink(path).string());
    } else if (S_ISDIR(st.st_mode)) {
      append_entry(out, name + "/", '5', st.st_mode, {});
    } else if (S_ISREG(st.st_mode)) {
      append_entry(out, name, '0', st.st_mode, read_whole_file(path));
    }
  }
  out.append(2 * kBlock, '\0');
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace infra::providers::docker
