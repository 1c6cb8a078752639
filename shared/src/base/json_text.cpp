#include "touchpoint/base/json_text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "touchpoint/base/utf8.hpp"

namespace touchpoint {
namespace {

// A JSON reader (RFC 8259, strict: no comments, no trailing commas; a UTF-8 byte order mark is
// skipped) that builds the library's DOM directly. Why not the library's own parser: it carries a
// lexer, a SAX layer, an exception hierarchy (with the C++ runtime's type-info machinery) and a
// message per control character, about 5 KB gzip of the widget's engine. Iterative, so deep
// nesting cannot overflow the stack. Positions follow the library's: an error is reported at the
// byte where the text stops making sense; an unexpected token is read whole first and reported at
// its last byte (`{"a" "b"}`: at the second string's closing quote).
template <class Json>
class Reader {
public:
    explicit Reader(std::string_view text) : text_(text) {}

    bool read(Json& out) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
        std::vector<Json*> open;  // the arrays and objects being filled, innermost last
        Json* slot = &out;        // where the next value goes
        for (;;) {
            skip_space();
            const char c = peek();
            if (c == '{' || c == '[') {
                *slot = c == '{' ? Json::object() : Json::array();
                open.push_back(slot);
                ++pos_;
                skip_space();
                if (peek() != (c == '{' ? '}' : ']')) {
                    slot = c == '{' ? member(*slot) : element(*slot);
                    if (!slot) return false;
                    continue;
                }
                ++pos_;  // an empty one: closed at once
                open.pop_back();
            } else if (!scalar(*slot, "a value")) {
                return false;
            }
            // After a value: close the containers it ends, or go on to the next member/element.
            for (;;) {
                skip_space();
                if (open.empty()) return peek() == 0 && pos_ == text_.size() ? true : unexpected("end of input");
                Json& container = *open.back();
                const bool object = container.is_object();
                const char next = peek();
                if (next == ',') {
                    ++pos_;
                    skip_space();
                    slot = object ? member(container) : element(container);
                    if (!slot) return false;
                    break;
                }
                if (next != (object ? '}' : ']')) return unexpected(object ? "',' or '}'" : "',' or ']'");
                ++pos_;
                open.pop_back();
            }
        }
    }

    std::size_t failed_at = 0;  // the byte where the text stops being JSON
    std::string reason;

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    void skip_space() {
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }

    // An object member's key and ':' (at pos_, spaces skipped): the slot for its value.
    Json* member(Json& object) {
        std::string key;
        if (peek() != '"') return unexpected("a string"), nullptr;
        if (!string(key)) return nullptr;
        skip_space();
        if (peek() != ':') return unexpected("':'"), nullptr;
        ++pos_;
        return &object[key];  // a repeated key keeps its last value, as the library does
    }

    Json* element(Json& array) {
        array.push_back(nullptr);
        return &array.back();
    }

    // A lexical error at `at`, quoting the token read so far (from `token_`).
    bool lexical(std::size_t at, const std::string& why) {
        failed_at = at;
        reason = why + "; last read: '";
        for (std::size_t i = token_; i <= at && i < text_.size(); ++i) {
            const auto b = static_cast<unsigned char>(text_[i]);
            if (b < 0x20) reason += "<U+00" + std::string(1, "0123456789ABCDEF"[b >> 4]) + "0123456789ABCDEF"[b & 15] + ">";
            else reason += text_[i];
        }
        reason += "'";
        return false;
    }

    // A token that is not what the grammar wants here: read it whole (it may itself be broken).
    bool unexpected(const char* expected) {
        const std::string want = std::string("; expected ") + expected;
        const char c = peek();
        if (pos_ >= text_.size()) {
            failed_at = text_.size();
            reason = "unexpected end of input" + want;
            return false;
        }
        if (std::string_view("{}[]:,").find(c) == std::string_view::npos) {
            Json scratch;
            if (!scalar(scratch, expected)) return false;
            failed_at = pos_ - 1;
            reason = "unexpected " + std::string(text_.substr(token_, pos_ - token_)) + want;
            return false;
        }
        failed_at = pos_;
        reason = "unexpected '" + std::string(1, c) + "'" + want;
        return false;
    }

    // A string, number or literal at pos_.
    bool scalar(Json& out, const char* expected) {
        token_ = pos_;
        const char c = peek();
        if (c == '"') {
            std::string s;
            if (!string(s)) return false;
            out = std::move(s);
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        for (const char* word : {"true", "false", "null"}) {
            if (c != word[0]) continue;
            for (std::size_t i = 1; word[i]; ++i)
                if (pos_ + i >= text_.size() || text_[pos_ + i] != word[i])
                    return pos_ + i >= text_.size() ? lexical(text_.size(), "invalid literal") : lexical(pos_ + i, "invalid literal");
            pos_ += std::char_traits<char>::length(word);
            if (word[0] == 'n') out = nullptr;
            else out = word[0] == 't';
            return true;
        }
        if (c == '\0' && pos_ >= text_.size()) return unexpected(expected);
        if (std::string_view("{}[]:,").find(c) != std::string_view::npos) return unexpected(expected);
        return lexical(pos_, "invalid literal");
    }

    static int digit(char c) { return c >= '0' && c <= '9' ? c - '0' : -1; }

    bool digits(const char* after) {
        if (digit(peek()) < 0) return lexical(pos_, std::string("invalid number; expected digit after ") + after);
        while (digit(peek()) >= 0) ++pos_;
        return true;
    }

    bool number(Json& out) {
        const bool negative = peek() == '-';
        if (negative) ++pos_;
        if (peek() == '0') ++pos_;
        else if (!digits("'-'")) return false;
        bool integral = true;
        if (peek() == '.') {
            ++pos_;
            if (!digits("'.'")) return false;
            integral = false;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            if (peek() == '+' || peek() == '-') {
                ++pos_;
                if (!digits("exponent sign")) return false;
            } else if (digit(peek()) < 0) {
                return lexical(pos_, "invalid number; expected '+', '-', or digit after exponent");
            } else {
                digits("exponent");
            }
            integral = false;
        }
        const std::string token(text_.substr(token_, pos_ - token_));
        if (integral) {
            // Integers that fit stay exact (unsigned when not negative), as the library keeps them.
            std::uint64_t magnitude = 0;
            bool fits = true;
            for (std::size_t i = negative ? 1 : 0; i < token.size() && fits; ++i) {
                const auto d = static_cast<std::uint64_t>(token[i] - '0');
                fits = magnitude <= (UINT64_MAX - d) / 10;
                magnitude = magnitude * 10 + d;
            }
            if (fits && !negative) {
                out = static_cast<typename Json::number_unsigned_t>(magnitude);
                return true;
            }
            if (fits && magnitude <= static_cast<std::uint64_t>(INT64_MAX) + 1) {
                out = static_cast<typename Json::number_integer_t>(0 - magnitude);
                return true;
            }
        }
        const double value = std::strtod(token.c_str(), nullptr);
        if (!std::isfinite(value)) {  // beyond a double (1e400): refused, as the library does
            failed_at = pos_ - 1;
            reason = "number overflow parsing '" + token + "'";
            return false;
        }
        out = static_cast<typename Json::number_float_t>(value);
        return true;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    // Four hex digits after "\u" at pos_ (already past the 'u').
    bool escape_unit(char32_t& unit) {
        unit = 0;
        for (int i = 0; i < 4; ++i, ++pos_) {
            const int h = hex(peek());
            if (h < 0) return lexical(pos_, "invalid string: '\\u' must be followed by 4 hex digits");
            unit = unit * 16 + static_cast<char32_t>(h);
        }
        return true;
    }

    // Length of a well-formed UTF-8 sequence at pos_ (Unicode table 3-7), or 0 with failed_at set.
    std::size_t utf8_sequence() {
        const auto at = [&](std::size_t i) { return pos_ + i < text_.size() ? static_cast<unsigned char>(text_[pos_ + i]) : 0u; };
        const unsigned lead = at(0);
        std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        unsigned low = 0x80;
        unsigned high = 0xBF;
        if (lead < 0xC2 || lead > 0xF4) len = 0;
        else if (lead == 0xE0) low = 0xA0;
        else if (lead == 0xED) high = 0x9F;
        else if (lead == 0xF0) low = 0x90;
        else if (lead == 0xF4) high = 0x8F;
        for (std::size_t i = 1; i < len; ++i, low = 0x80, high = 0xBF)
            if (at(i) < low || at(i) > high) return lexical(pos_ + i, "invalid string: ill-formed UTF-8 byte"), 0;
        if (!len) lexical(pos_, "invalid string: ill-formed UTF-8 byte");
        return len;
    }

    // A string at pos_ (on its opening quote), checked and unescaped.
    bool string(std::string& out) {
        token_ = pos_++;
        for (;;) {
            const std::size_t run = pos_;
            while (pos_ < text_.size() && static_cast<unsigned char>(text_[pos_]) >= 0x20 &&
                   static_cast<unsigned char>(text_[pos_]) < 0x80 && text_[pos_] != '"' && text_[pos_] != '\\')
                ++pos_;
            out.append(text_.data() + run, pos_ - run);
            if (pos_ >= text_.size()) return lexical(text_.size(), "invalid string: missing closing quote");
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (c < 0x20) {
                const std::string hex4 = std::string("00") + "0123456789ABCDEF"[c >> 4] + "0123456789ABCDEF"[c & 15];
                return lexical(pos_, "invalid string: control character U+" + hex4 + " must be escaped to \\u" + hex4);
            }
            if (c >= 0x80) {
                const std::size_t len = utf8_sequence();
                if (!len) return false;
                out.append(text_.data() + pos_, len);
                pos_ += len;
                continue;
            }
            // A backslash escape.
            ++pos_;
            const char e = peek();
            const char* simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
            const char* hit = nullptr;
            for (const char* p = simple; *p; p += 2)
                if (*p == e && pos_ < text_.size()) hit = p;
            ++pos_;
            if (hit) {
                out += hit[1];
                continue;
            }
            if (e != 'u') return lexical(pos_ - 1, "invalid string: forbidden character after backslash");
            char32_t cp = 0;
            if (!escape_unit(cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return lexical(pos_ - 1, "invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                char32_t low = 0;
                if (peek() != '\\' || pos_ + 1 >= text_.size() || text_[pos_ + 1] != 'u')
                    return lexical(pos_, "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
                pos_ += 2;
                if (!escape_unit(low)) return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return lexical(pos_ - 1, "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            utf8_append(out, cp);
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t token_ = 0;  // where the token being read starts
};

template <class Json>
bool parse_into(std::string_view text, Json& out, JsonSyntaxError* error) {
    out = Json();
    Reader<Json> reader(text);
    if (reader.read(out)) return true;
    out = Json(Json::value_t::discarded);
    if (error) {
        error->byte = reader.failed_at > text.size() ? text.size() : reader.failed_at;
        json_text_position(text, error->byte, error->line, error->column);
        // The reason quotes the bytes last read, which may be a broken UTF-8 sequence: the reason
        // is shown and stored as text (JSON, a terminal), so each invalid byte becomes U+FFFD.
        error->reason.clear();
        for (std::size_t pos = 0; pos < reader.reason.size();) utf8_append(error->reason, utf8_next(reader.reason, pos));
    }
    return false;
}

template <class Json>
bool parse_reporting(std::string_view text, Json& out, Diagnostics& d, std::string_view what) {
    JsonSyntaxError error;
    if (parse_into(text, out, &error)) return true;
    std::string message(what);
    message += message.empty() ? "not valid JSON at " : " is not valid JSON at ";
    d.error("", message + error.describe());
    return false;
}

}  // namespace

std::size_t json_nesting_over(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return i;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return std::string_view::npos;
}

void json_text_position(std::string_view text, std::size_t byte, std::size_t& line, std::size_t& column) {
    if (byte > text.size()) byte = text.size();
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < byte; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++column;
        }
    }
}

std::string JsonSyntaxError::describe() const {
    std::string out = "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
                      std::to_string(byte) + ")";
    if (!reason.empty()) out += ": " + reason;
    return out;
}

bool parse_json(std::string_view text, nlohmann::json& out, JsonSyntaxError* error) {
    return parse_into(text, out, error);
}
bool parse_json(std::string_view text, nlohmann::ordered_json& out, JsonSyntaxError* error) {
    return parse_into(text, out, error);
}
bool parse_json(std::string_view text, nlohmann::json& out, Diagnostics& d, std::string_view what) {
    return parse_reporting(text, out, d, what);
}
bool parse_json(std::string_view text, nlohmann::ordered_json& out, Diagnostics& d, std::string_view what) {
    return parse_reporting(text, out, d, what);
}

}  // namespace touchpoint
