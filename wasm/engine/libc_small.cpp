// memchr, strlen, round, fmin and fmax for the engine module, linked with -Wl,--wrap for each
// (wasm/engine/CMakeLists.txt). musl's memchr and strlen read a word at a time (fast on long
// buffers, ~350 B of code together); the engine scans short UTF-8 strings, so a byte loop does.
// musl's round, fmin and fmax are written for hardware without the instructions wasm has
// (f64.trunc, f64.min, f64.max).
// The results are the C library's, for every input.
#include <cmath>
#include <cstddef>

extern "C" {

const void* __wrap_memchr(const void* s, int c, std::size_t n) {
    const auto* p = static_cast<const unsigned char*>(s);
    for (; n; ++p, --n)
        if (*p == static_cast<unsigned char>(c)) return p;
    return nullptr;
}

std::size_t __wrap_strlen(const char* s) {
    const char* p = s;
    while (*p) ++p;
    return static_cast<std::size_t>(p - s);
}

// Half-way cases away from zero, like C's round: x - trunc(x) is exact, so the comparison is too
// (0.49999999999999994 stays 0; infinities and NaN come back as they are).
double __wrap_round(double x) {
    const double t = std::trunc(x);
    return std::fabs(x - t) >= 0.5 ? t + std::copysign(1.0, x) : t;
}

// C's fmin/fmax return the other operand when one is NaN (wasm's f64.min/max return NaN); for
// signed zeros both agree (fmin(-0, +0) is -0, fmax(-0, +0) is +0).
double __wrap_fmin(double x, double y) {
    return std::isnan(x) ? y : std::isnan(y) ? x : __builtin_wasm_min_f64(x, y);
}

double __wrap_fmax(double x, double y) {
    return std::isnan(x) ? y : std::isnan(y) ? x : __builtin_wasm_max_f64(x, y);
}

}  // extern "C"
