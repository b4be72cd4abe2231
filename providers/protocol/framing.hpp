// Line framing: protocol messages are one JSON object per line ("\n"-terminated), and a
// plugin's stderr is read line by line too. Header-light on purpose: no JSON here.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace infra::providers {

/// A line longer than this is a protocol error (a runaway plugin, not a real message).
inline constexpr std::size_t kMaxLineBytes = 256u << 20;

/// Splits a byte stream, fed in arbitrary chunks, into lines (without their "\n"; a
/// trailing "\r" is kept, it is JSON whitespace anyway).
class LineBuffer {
 public:
  /// Appends bytes read from the stream.
  void feed(std::string_view bytes) { pending_.append(bytes); }
  /// The next complete line, if one has arrived.
  std::optional<std::string> next_line();
  /// Bytes after the last "\n" (a final line without its newline, at end of stream).
  std::string take_rest();
  /// Bytes buffered without a newline yet.
  std::size_t pending_size() const { return pending_.size() - start_; }

 private:
  std::string pending_;
  std::size_t start_ = 0;  // consumed prefix of pending_, dropped in batches
};

/// Writes all of `bytes` to `fd`, retrying on EINTR and short writes. Returns 0 or an errno
/// value (EPIPE when the reader is gone; the caller must have SIGPIPE ignored or blocked).
int write_all(int fd, std::string_view bytes);

}  // namespace infra::providers
