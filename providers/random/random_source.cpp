// RandomSource: RAND_bytes or a SHA-256 counter stream, and rejection sampling.
#include "providers/random/random_source.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include "providers/sdk/provider.hpp"

namespace infra::providers::random {

RandomSource::RandomSource(std::optional<std::string> seed) : seed_(std::move(seed)) {}

void RandomSource::fill(unsigned char* out, std::size_t n) {
  if (!seed_) {
    if (n > 0 && RAND_bytes(out, static_cast<int>(n)) != 1) {
      throw sdk::Error("the system random number generator failed");
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (pending_.empty()) {
      std::string input = *seed_;
      for (int shift = 56; shift >= 0; shift -= 8) {
        input.push_back(static_cast<char>((block_ >> shift) & 0xff));
      }
      ++block_;
      unsigned char digest[SHA256_DIGEST_LENGTH];
      SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
      pending_.assign(reinterpret_cast<const char*>(digest), sizeof digest);
    }
    out[i] = static_cast<unsigned char>(pending_.front());
    pending_.erase(0, 1);
  }
}

std::string RandomSource::bytes(std::size_t n) {
  std::string out(n, '\0');
  fill(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

std::uint64_t RandomSource::uniform(std::uint64_t n) {
  // 2^64 mod n, computed without 128-bit arithmetic: the draws below it are the ones that
  // would make the low residues more likely.
  const std::uint64_t threshold = n == 0 ? 0 : (0 - n) % n;
  for (;;) {
    unsigned char b[8];
    fill(b, sizeof b);
    std::uint64_t r = 0;
    for (unsigned char byte : b) r = (r << 8) | byte;
    if (r < threshold) continue;
    return n == 0 ? r : r % n;
  }
}

}  // namespace infra::providers::random
