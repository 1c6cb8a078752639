#include "touchpoint/base/uuid.hpp"

namespace touchpoint {
namespace {
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::string uuid_v4_from_random(const std::uint8_t (&random)[16]) {
    static const char digits[] = "0123456789abcdef";
    std::uint8_t b[16];
    for (int i = 0; i < 16; ++i) b[i] = random[i];
    b[6] = std::uint8_t((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = std::uint8_t((b[8] & 0x3f) | 0x80);  // variant 10xx
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(digits[b[i] >> 4]);
        out.push_back(digits[b[i] & 15]);
    }
    return out;
}

std::optional<std::string> uuid_v4_from_hex(std::string_view hex32) {
    if (hex32.size() != 32) return std::nullopt;
    std::uint8_t b[16];
    for (std::size_t i = 0; i < 16; ++i) {
        int hi = hex_value(hex32[2 * i]), lo = hex_value(hex32[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        b[i] = std::uint8_t(hi * 16 + lo);
    }
    return uuid_v4_from_random(b);
}

bool is_uuid_v4(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    char variant = s[19];
    return s[14] == '4' && (variant == '8' || variant == '9' || variant == 'a' || variant == 'b');
}

}  // namespace touchpoint
