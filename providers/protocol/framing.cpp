// Line framing over pipes.
#include "providers/protocol/framing.hpp"

#include <cerrno>

#include <unistd.h>

namespace infra::providers {

std::optional<std::string> LineBuffer::next_line() {
  auto nl = pending_.find('\n', start_);
  if (nl == std::string::npos) {
    if (start_ > 0) {  // compact, so a long stream does not grow the buffer forever
      pending_.erase(0, start_);
      start_ = 0;
    }
    return std::nullopt;
  }
  std::string line = pending_.substr(start_, nl - start_);
  start_ = nl + 1;
  if (start_ == pending_.size()) {
    pending_.clear();
    start_ = 0;
  }
  return line;
}

std::string LineBuffer::take_rest() {
  std::string rest = pending_.substr(start_);
  pending_.clear();
  start_ = 0;
  return rest;
}

int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

}  // namespace infra::providers
