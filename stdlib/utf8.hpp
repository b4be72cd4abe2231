// UTF-8 and Unicode character classes for the string functions: they count, cut and
// change case by character, not by byte.
#pragma once

#include <string>
#include <string_view>

namespace infra::stdlib {

/// The characters of `text`; each invalid byte becomes U+FFFD.
std::u32string decode_utf8(std::string_view text);
std::string encode_utf8(std::u32string_view chars);
bool is_valid_utf8(std::string_view text);

char32_t to_upper(char32_t c);
char32_t to_lower(char32_t c);
/// Unicode white space, as Go's unicode.IsSpace (which Terraform uses).
bool is_space(char32_t c);
/// Letters and digits of any script.
bool is_alnum(char32_t c);

}  // namespace infra::stdlib
