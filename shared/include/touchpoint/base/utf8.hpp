// UTF-8 text helpers. Every user-visible length in Touchpoint (max lengths, truncation, n-grams)
// is counted in code points, never bytes, so Chinese text gets the same limits as English.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace touchpoint {

const char* core_version();                          // "0.1.0": the version of the core library

// Whether `s` begins with `prefix` (bytes): the one prefix test of the core, instead of rfind(p, 0)
// copies (libc++'s reverse search is ~0.2 KB of the widget's engine).
bool starts_with(std::string_view s, std::string_view prefix);

bool utf8_valid(std::string_view s);                 // strict: no overlongs, surrogates or > U+10FFFF
std::size_t utf8_length(std::string_view s);         // code points; each invalid byte counts as one
// Longest prefix of `s` with at most `max_chars` code points, never splitting a sequence.
std::string_view utf8_truncate(std::string_view s, std::size_t max_chars);
// Decodes one code point at `pos` and advances it; returns U+FFFD for an invalid byte.
char32_t utf8_next(std::string_view s, std::size_t& pos);
void utf8_append(std::string& out, char32_t cp);     // encodes `cp` (U+FFFD if out of range)

}  // namespace touchpoint
