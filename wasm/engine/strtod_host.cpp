// strtod for the engine module, linked with -Wl,--wrap=strtod (wasm/engine/CMakeLists.txt): the
// C side finds the number's extent as strtod would, and the conversion itself is JavaScript's
// Number(), which is correctly rounded like musl's. musl's strtod brings __floatscan and software
// 128-bit long double arithmetic (wasm32 long double is binary128): ~14 KB of the engine's code,
// ~5% of what a visitor downloads, for something the browser already does exactly.
// Callers in the engine: the core's JSON reader (a complete JSON number token), the expression
// lexer (digits and a dot) and Accept-Language q-values. Accepted, as strtod: leading white space,
// a sign, decimal digits with an optional fraction and exponent, "inf", "infinity", "nan" (any
// case). Hexadecimal floats ("0x1p3") are not: those parse as 0 up to the 'x' (no caller uses them).
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>

#include <cerrno>
#include <cmath>
#include <cstddef>

// JavaScript's Number() of `length` ASCII bytes: exact, round half to even, like strtod.
EM_JS(double, tp_host_number, (const char* text, int length), {
    return Number(String.fromCharCode.apply(null, HEAPU8.subarray(text, text + length)));
});

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Case-insensitive prefix match of a lower-case word.
bool starts_with_word(const char* s, const char* word) {
    for (; *word; ++s, ++word)
        if ((*s | 0x20) != *word) return false;
    return true;
}

}  // namespace

extern "C" double __wrap_strtod(const char* text, char** end) {
    const char* p = text;
    while (is_space(*p)) ++p;
    const char* start = p;
    bool negative = *p == '-';
    if (*p == '+' || *p == '-') ++p;
    const char* digits = p;
    std::size_t count = 0;
    while (is_digit(*p)) ++p, ++count;
    if (*p == '.') {
        ++p;
        while (is_digit(*p)) ++p, ++count;
    }
    if (count == 0) {
        double special = 0;
        const char* after = nullptr;
        if (starts_with_word(digits, "infinity")) special = INFINITY, after = digits + 8;
        else if (starts_with_word(digits, "inf")) special = INFINITY, after = digits + 3;
        else if (starts_with_word(digits, "nan")) special = NAN, after = digits + 3;
        if (end) *end = const_cast<char*>(after ? after : text);  // no number: nothing consumed
        return after ? (negative ? -special : special) : 0.0;
    }
    if ((*p == 'e' || *p == 'E')) {
        const char* e = p + 1;
        if (*e == '+' || *e == '-') ++e;
        if (is_digit(*e)) {
            while (is_digit(*e)) ++e;
            p = e;
        }
    }
    if (end) *end = const_cast<char*>(p);
    double value = tp_host_number(start, static_cast<int>(p - start));
    if (std::isinf(value) || (value == 0 && [&] {
            for (const char* d = digits; d < p && *d != 'e' && *d != 'E'; ++d)
                if (*d >= '1' && *d <= '9') return true;  // a nonzero number that rounded to 0
            return false;
        }()))
        errno = ERANGE;
    return value;
}
