// Where the random provider's values come from: OpenSSL's RAND_bytes, or, for the types
// that take a `seed`, a deterministic stream derived from the seed. Both feed the same
// unbiased range reduction, so a seed gives the same results on every machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace infra::providers::random {

/// A stream of random bytes and the choices made from it.
///
/// Seeded streams: block i (i = 0, 1, 2, ...) is SHA-256(seed || i as 8 bytes, big-endian),
/// and the stream is the concatenation of the blocks. `uniform(n)` reads 8 bytes as a
/// big-endian unsigned integer r, draws again while r < 2^64 mod n (so that every residue
/// is equally likely), and returns r mod n.
class RandomSource {
 public:
  /// From RAND_bytes when `seed` is empty, else the seed's deterministic stream.
  explicit RandomSource(std::optional<std::string> seed = std::nullopt);

  /// `n` random bytes. Throws sdk::Error when the system generator fails.
  std::string bytes(std::size_t n);
  /// A number in [0, n), every value equally likely; n == 0 means the whole 64-bit range.
  std::uint64_t uniform(std::uint64_t n);
  /// Puts `items` (a string, a JSON array) in a random order, every order equally likely:
  /// a Fisher-Yates shuffle, from the last item to the second.
  template <typename Sequence>
  void shuffle(Sequence& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      using std::swap;
      swap(items[i - 1], items[static_cast<std::size_t>(uniform(i))]);
    }
  }

 private:
  void fill(unsigned char* out, std::size_t n);

  std::optional<std::string> seed_;
  std::uint64_t block_ = 0;  // the next block of a seeded stream
  std::string pending_;      // bytes of the last block not used yet
};

}  // namespace infra::providers::random
