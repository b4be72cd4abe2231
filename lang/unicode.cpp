// NFC normalisation for the covered scripts (see unicode.hpp): the standard algorithm
// (canonical decomposition, canonical ordering, canonical composition) over a table.
#include "lang/unicode.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace infra::lang {
namespace {

struct Composition {
  char32_t first, second, composite;
};
struct CombiningClass {
  char32_t mark;
  int value;
};

#include "lang/unicode_data.inc"

int combining_class(char32_t c) {
  const auto* end = std::end(kCombiningClasses);
  const auto* it = std::lower_bound(std::begin(kCombiningClasses), end, c,
                                    [](const CombiningClass& m, char32_t x) { return m.mark < x; });
  return it != end && it->mark == c ? it->value : 0;
}

/// The composite of `a` and `b`, or 0.
char32_t compose(char32_t a, char32_t b) {
  const auto* end = std::end(kCompositions);
  const auto* it = std::lower_bound(
      std::begin(kCompositions), end, std::pair{a, b}, [](const Composition& c, auto key) {
        return c.first < key.first || (c.first == key.first && c.second < key.second);
      });
  return it != end && it->first == a && it->second == b ? it->composite : 0;
}

void decompose(char32_t c, std::vector<char32_t>& out) {
  // The table is small and this runs only on non-ASCII literals; a linear scan is fine.
  for (const Composition& k : kCompositions) {
    if (k.composite == c) {
      decompose(k.first, out);
      out.push_back(k.second);
      return;
    }
  }
  out.push_back(c);
}

bool decode(std::string_view s, std::vector<char32_t>& out) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int n = b < 0x80 ? 0 : b >= 0xf8 ? -1 : b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : -1;
    if (n < 0) return false;
    char32_t cp = n == 0 ? b : (b & (0x3f >> n));
    for (int k = 1; k <= n; ++k) {
      if (i + static_cast<std::size_t>(k) >= s.size()) return false;
      const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((c & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(n) + 1;
  }
  return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

std::string nfc(std::string_view text) {
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    return std::string(text);
  }
  std::vector<char32_t> in;
  if (!decode(text, in)) return std::string(text);
  std::vector<char32_t> cps;
  for (char32_t c : in) decompose(c, cps);
  // Canonical ordering: each run of combining marks sorted (stably) by class.
  for (std::size_t i = 0; i < cps.size();) {
    std::size_t j = i;
    while (j < cps.size() && combining_class(cps[j]) != 0) ++j;
    if (j > i + 1) {
      std::stable_sort(cps.begin() + static_cast<std::ptrdiff_t>(i),
                       cps.begin() + static_cast<std::ptrdiff_t>(j),
                       [](char32_t a, char32_t b) { return combining_class(a) < combining_class(b); });
    }
    i = j == i ? i + 1 : j;
  }
  // Composition: a mark joins the last starter unless a mark of the same or a higher
  // class (or a starter) stands between them.
  std::vector<char32_t> out;
  std::size_t starter = std::string::npos;
  int last_class = -1;
  for (char32_t c : cps) {
    const int cc = combining_class(c);
    if (starter != std::string::npos && (last_class < cc || (last_class == 0 && cc == 0 && out.size() == starter + 1))) {
      if (const char32_t k = compose(out[starter], c)) {
        out[starter] = k;
        continue;
      }
    }
    if (cc == 0) {
      starter = out.size();
      last_class = 0;
    } else {
      last_class = cc;
    }
    out.push_back(c);
  }
  std::string result;
  for (char32_t c : out) append_utf8(result, c);
  return result;
}

}  // namespace infra::lang
