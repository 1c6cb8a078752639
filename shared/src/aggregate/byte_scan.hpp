// The byte searches under the NDJSON fast path (ndjson_scan.cpp, Aggregator::add_ndjson), 16 bytes
// at a time where the target has SIMD: wasm simd128 (the journey viewer's aggregation workers are
// built with -msimd128, a second build without it serves browsers lacking SIMD) or SSE2 (every
// x86-64). Each has a scalar twin giving the same answer on every input; tests compare them
// (tests/unit/byte_scan_test.cpp, also in the wasm suite). Internal linkage (static): a translation
// unit built with SIMD and one without may both include this header without an ODR clash.
#pragma once
#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#define TP_BYTE_SCAN_SIMD 1
#elif defined(__SSE2__)
#include <emmintrin.h>
#define TP_BYTE_SCAN_SIMD 1
#else
#define TP_BYTE_SCAN_SIMD 0
#endif

namespace touchpoint::agg::byte_scan {

// A byte that ends the plain run inside a JSON string: the closing quote, an escape, a control
// byte (< 0x20, invalid unescaped) or a non-ASCII byte (>= 0x80, validated as UTF-8 one by one).
static inline bool ends_plain_run(unsigned char c) { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80; }

// The first byte in [p, e) that ends the plain run, or e.
static inline const char* plain_run_end_scalar(const char* p, const char* e) {
    while (p < e && !ends_plain_run(static_cast<unsigned char>(*p))) ++p;
    return p;
}

// The first '\n' in [p, e), or nullptr.
static inline const char* newline_scalar(const char* p, const char* e) {
    return static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(e - p)));
}

#if TP_BYTE_SCAN_SIMD
// Bit i set when byte i of the 16 at p ends the plain run. Compared as signed bytes, "< 0x20"
// holds for control bytes and for every byte >= 0x80 at once.
static inline unsigned plain_run_mask16(const char* p) {
#if defined(__wasm_simd128__)
    const v128_t v = wasm_v128_load(p);
    const v128_t hit = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, wasm_i8x16_splat('"')), wasm_i8x16_eq(v, wasm_i8x16_splat('\\'))),
                                    wasm_i8x16_lt(v, wasm_i8x16_splat(0x20)));
    return static_cast<unsigned>(wasm_i8x16_bitmask(hit));
#else
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                     _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
    return static_cast<unsigned>(_mm_movemask_epi8(hit));
#endif
}

static inline unsigned newline_mask16(const char* p) {
#if defined(__wasm_simd128__)
    return static_cast<unsigned>(wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(p), wasm_i8x16_splat('\n'))));
#else
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
#endif
}

static inline const char* plain_run_end_simd(const char* p, const char* e) {
    for (; e - p >= 16; p += 16)
        if (const unsigned m = plain_run_mask16(p)) return p + __builtin_ctz(m);
    return plain_run_end_scalar(p, e);
}

static inline const char* newline_simd(const char* p, const char* e) {
    for (; e - p >= 16; p += 16)
        if (const unsigned m = newline_mask16(p)) return p + __builtin_ctz(m);
    for (; p < e; ++p)
        if (*p == '\n') return p;
    return nullptr;
}
#endif

// What the scanner calls: SIMD where this translation unit has it. Natively the C library's memchr
// is already vectorised; in wasm it goes a word at a time, so the SIMD twin pays there.
static inline const char* plain_run_end(const char* p, const char* e) {
#if TP_BYTE_SCAN_SIMD
    return plain_run_end_simd(p, e);
#else
    return plain_run_end_scalar(p, e);
#endif
}

static inline const char* newline(const char* p, const char* e) {
#if defined(__wasm_simd128__)
    return newline_simd(p, e);
#else
    return newline_scalar(p, e);
#endif
}

}  // namespace touchpoint::agg::byte_scan
