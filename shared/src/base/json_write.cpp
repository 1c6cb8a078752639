#include <cmath>
#include <cstdint>

#include "touchpoint/base/json_text.hpp"

namespace touchpoint {

// Why the core writes its own text: the library's serializer holds its output in a
// std::shared_ptr (which brings the C++ runtime's type-info code) and supports indentation, ASCII
// escaping and error modes the core never uses: about 1 KB gzip of the widget's engine. The
// output is byte for byte the library's `dump(-1, ' ', false, error_handler_t::replace)`
// (tests/unit/json_write_test.cpp compares them); numbers use the library's own float formatter.

void write_json_string(std::string& out, std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            const char* escape = b == '"' ? "\\\"" : b == '\\' ? "\\\\" : b == '\b' ? "\\b" : b == '\f' ? "\\f"
                               : b == '\n' ? "\\n" : b == '\r' ? "\\r" : b == '\t' ? "\\t" : nullptr;
            if (escape) {
                out += escape;
            } else if (b < 0x20) {
                out += "\\u00";
                out += hex[b >> 4];
                out += hex[b & 15];
            } else {
                out += static_cast<char>(b);
            }
            continue;
        }
        // A sequence is copied when well-formed (no overlong forms, surrogates or > U+10FFFF);
        // otherwise its longest valid start (at least one byte) becomes one U+FFFD, as the
        // library's replacement does (Unicode's "maximal subpart" practice).
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0) lo = 0xA0;
            if (b == 0xED) hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;
        }
        std::size_t n = 1;
        while (n < len && i + n < s.size()) {
            const auto c = static_cast<unsigned char>(s[i + n]);
            if (c < lo || c > hi) break;
            lo = 0x80, hi = 0xBF;
            ++n;
        }
        if (n == len)
            out.append(s.data() + i, n);
        else
            out += "\xEF\xBF\xBD";
        i += n;
    }
    out += '"';
}

namespace {

void write_integer(std::string& out, std::uint64_t magnitude, bool negative) {
    char digits[21];
    char* p = digits + sizeof digits;
    do *--p = static_cast<char>('0' + magnitude % 10);
    while (magnitude /= 10);
    if (negative) *--p = '-';
    out.append(p, static_cast<std::size_t>(digits + sizeof digits - p));
}

}  // namespace

void write_json(std::string& out, const nlohmann::json& value) {
    using value_t = nlohmann::json::value_t;
    switch (value.type()) {
        case value_t::object: {
            out += '{';
            bool first = true;
            for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
                if (!first) out += ',';
                first = false;
                write_json_string(out, key);
                out += ':';
                write_json(out, member);
            }
            out += '}';
            return;
        }
        case value_t::array: {
            out += '[';
            bool first = true;
            for (const nlohmann::json& element : value.get_ref<const nlohmann::json::array_t&>()) {
                if (!first) out += ',';
                first = false;
                write_json(out, element);
            }
            out += ']';
            return;
        }
        case value_t::string:
            write_json_string(out, value.get_ref<const std::string&>());
            return;
        case value_t::boolean:
            out += value.get<bool>() ? "true" : "false";
            return;
        case value_t::number_integer: {
            const std::int64_t n = value.get<std::int64_t>();
            write_integer(out, n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n), n < 0);
            return;
        }
        case value_t::number_unsigned:
            write_integer(out, value.get<std::uint64_t>(), false);
            return;
        case value_t::number_float: {
            const double x = value.get<double>();
            if (!std::isfinite(x)) {
                out += "null";  // JSON has no NaN or infinity; the library writes null too
                return;
            }
            char buffer[64];
            out.append(buffer, nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, x));
            return;
        }
        case value_t::discarded:
            out += "<discarded>";
            return;
        case value_t::null:
        case value_t::binary:  // never built by the core (no binary formats): written as null
        default:
            out += "null";
            return;
    }
}

std::string write_json(const nlohmann::json& value) {
    std::string out;
    write_json(out, value);
    return out;
}

}  // namespace touchpoint
