// Internal to lang/: Unicode normalisation of string literals. HCL normalises string
// literals to NFC; this covers the canonical compositions of Latin, Greek and Cyrillic
// (results in U+00C0..U+04FF and U+1E00..U+1FFF, see unicode_data.inc). Other scripts'
// compositions (Hangul syllables, Indic, ...) are left as written.
#pragma once

#include <string>
#include <string_view>

namespace infra::lang {

/// Appends the UTF-8 encoding of `cp` (a valid scalar value) to `out`.
void append_utf8(std::string& out, char32_t cp);

/// `text` in NFC as far as the covered compositions go: decomposes the covered
/// precomposed characters, orders combining marks by their combining class, and composes
/// again. Text that is not valid UTF-8 is returned unchanged.
std::string nfc(std::string_view text);

}  // namespace infra::lang
