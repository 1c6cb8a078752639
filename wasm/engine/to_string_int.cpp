// std::to_string for the engine module, linked with -Wl,--wrap for each integer overload
// (wasm/engine/CMakeLists.txt). libc++'s version goes through std::to_chars, whose branchy
// digit-pair writers and 200-byte "00".."99" table are ~1 KB of the engine for what the core uses
// it for: numbers in messages ("longer than 200 characters") and pointers ("/questions/3"). The
// text is the same: decimal digits, a '-' before a negative number.
#include <string>

namespace {

std::string decimal(unsigned long long magnitude, bool negative) {
    char digits[21];
    char* p = digits + sizeof digits;
    do *--p = static_cast<char>('0' + magnitude % 10);
    while (magnitude /= 10);
    if (negative) *--p = '-';
    return std::string(p, static_cast<std::size_t>(digits + sizeof digits - p));
}

std::string signed_decimal(long long n) {
    return decimal(n < 0 ? 0 - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n), n < 0);
}

}  // namespace

// The wrapped symbols are libc++'s std::to_string(int), (long), (long long), (unsigned),
// (unsigned long) and (unsigned long long), by their mangled names.
std::string wrap_to_string_i(int n) __asm__("__wrap__ZNSt3__29to_stringEi");
std::string wrap_to_string_l(long n) __asm__("__wrap__ZNSt3__29to_stringEl");
std::string wrap_to_string_x(long long n) __asm__("__wrap__ZNSt3__29to_stringEx");
std::string wrap_to_string_j(unsigned n) __asm__("__wrap__ZNSt3__29to_stringEj");
std::string wrap_to_string_m(unsigned long n) __asm__("__wrap__ZNSt3__29to_stringEm");
std::string wrap_to_string_y(unsigned long long n) __asm__("__wrap__ZNSt3__29to_stringEy");

std::string wrap_to_string_i(int n) { return signed_decimal(n); }
std::string wrap_to_string_l(long n) { return signed_decimal(n); }
std::string wrap_to_string_x(long long n) { return signed_decimal(n); }
std::string wrap_to_string_j(unsigned n) { return decimal(n, false); }
std::string wrap_to_string_m(unsigned long n) { return decimal(n, false); }
std::string wrap_to_string_y(unsigned long long n) { return decimal(n, false); }
