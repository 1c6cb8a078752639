// snprintf for the engine module, linked with -Wl,--wrap=snprintf (wasm/engine/CMakeLists.txt).
// Its one caller is nlohmann/json's serializer, writing "\u%04x" escapes for control characters;
// musl's snprintf would bring its whole printf core (and, with floats, fmt_fp and software
// binary128 arithmetic): ~12 KB of code for one format. This is the subset of C's snprintf that
// integers need: flags '0' and '-', a width, conversions d i u x X c s and "%%". Any other
// conversion aborts (a bug to fix here, never a silently wrong survey payload).
#include <cstdarg>
#include <cstddef>
#include <cstdlib>

namespace {

struct Out {
    char* buffer;
    std::size_t size;
    std::size_t length = 0;  // what snprintf returns: the full length, written or not
    void put(char c) {
        if (length + 1 < size) buffer[length] = c;
        ++length;
    }
};

void put_padded(Out& out, const char* text, std::size_t n, std::size_t width, bool left, char pad) {
    for (std::size_t i = n; !left && i < width; ++i) out.put(pad);
    for (std::size_t i = 0; i < n; ++i) out.put(text[i]);
    for (std::size_t i = n; left && i < width; ++i) out.put(' ');
}

}  // namespace

extern "C" int __wrap_snprintf(char* buffer, std::size_t size, const char* format, ...) {
    Out out{buffer, size};
    va_list args;
    va_start(args, format);
    for (const char* f = format; *f; ++f) {
        if (*f != '%') {
            out.put(*f);
            continue;
        }
        bool zero = false, left = false;
        for (++f; *f == '0' || *f == '-'; ++f) (*f == '0' ? zero : left) = true;
        std::size_t width = 0;
        for (; *f >= '0' && *f <= '9'; ++f) width = width * 10 + static_cast<std::size_t>(*f - '0');
        char digits[16];
        std::size_t n = 0;
        switch (*f) {
            case '%': out.put('%'); continue;
            case 'c': digits[n++] = static_cast<char>(va_arg(args, int)); break;
            case 's': {
                const char* s = va_arg(args, const char*);
                std::size_t len = 0;
                while (s[len]) ++len;
                put_padded(out, s, len, width, left, ' ');
                continue;
            }
            case 'd': case 'i': case 'u': case 'x': case 'X': {
                bool is_signed = *f == 'd' || *f == 'i';
                unsigned base = (*f == 'x' || *f == 'X') ? 16 : 10;
                const char* alphabet = *f == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
                long long v = is_signed ? va_arg(args, int) : static_cast<long long>(va_arg(args, unsigned));
                bool negative = v < 0;
                unsigned long long u = negative ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v);
                char reversed[16];
                std::size_t r = 0;
                do reversed[r++] = alphabet[u % base]; while ((u /= base) != 0);
                if (negative) {
                    if (zero && !left) {  // "-0042": the sign before the zeros
                        out.put('-');
                        width = width > 0 ? width - 1 : 0;
                    } else {
                        digits[n++] = '-';
                    }
                }
                while (r) digits[n++] = reversed[--r];
                break;
            }
            default: std::abort();  // a length modifier, a float, %p, %n: not supported here
        }
        put_padded(out, digits, n, width, left, zero && !left ? '0' : ' ');
    }
    va_end(args);
    if (size) buffer[out.length < size ? out.length : size - 1] = '\0';
    return static_cast<int>(out.length);
}
