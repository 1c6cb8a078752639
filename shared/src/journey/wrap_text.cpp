// Line breaking for map texts in any script: Latin words break at spaces, CJK text between any
// two characters (it has no spaces), and an over-long word between characters.
#include "touchpoint/journey/layout.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::journey {
namespace {

// Scripts written without spaces, where a line may break between any two characters.
bool breaks_anywhere(char32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

struct Token {
    std::string text;
    bool space_before = false;
};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> out;
    std::size_t pos = 0;
    bool pending_space = false;
    std::string word;
    auto flush = [&] {
        if (word.empty()) return;
        out.push_back({word, pending_space});
        word.clear();
        pending_space = false;
    };
    while (pos < text.size()) {
        const std::size_t start = pos;
        const char32_t c = utf8_next(text, pos);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000) {
            flush();
            pending_space = !out.empty();
            continue;
        }
        if (breaks_anywhere(c)) {
            flush();
            out.push_back({std::string(text.substr(start, pos - start)), pending_space});
            pending_space = false;
            continue;
        }
        word.append(text.substr(start, pos - start));
    }
    flush();
    return out;
}

// Cuts `s` so that `s + suffix` fits `width` (at least one code point is kept).
std::string fit_with(std::string s, std::string_view suffix, float width, const MeasureText& measure) {
    while (!s.empty() && measure(s + std::string(suffix)) > width) {
        std::size_t cut = s.size() - 1;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
        if (cut == 0) break;
        s.resize(cut);
    }
    return s + std::string(suffix);
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view text, float width, int max_lines, const MeasureText& measure) {
    std::vector<std::string> lines;
    if (max_lines <= 0) return lines;
    std::string cur;
    bool truncated = false;
    auto push = [&](std::string line) {
        if (static_cast<int>(lines.size()) == max_lines) {
            truncated = true;
            return;
        }
        lines.push_back(std::move(line));
    };
    for (const Token& tok : tokenize(text)) {
        if (truncated) break;
        std::string candidate = cur.empty() ? tok.text : cur + (tok.space_before ? " " : "") + tok.text;
        if (measure(candidate) <= width) {
            cur = std::move(candidate);
            continue;
        }
        if (!cur.empty()) {
            push(std::move(cur));
            cur.clear();
        }
        // The token alone: if it is wider than a line, break it between characters.
        std::string rest = tok.text;
        while (!rest.empty() && measure(rest) > width && !truncated) {
            std::size_t pos = 0, fit = 0;
            while (pos < rest.size()) {
                std::size_t next = pos;
                utf8_next(rest, next);
                if (measure(std::string_view(rest).substr(0, next)) > width) break;
                fit = pos = next;
            }
            if (fit == 0) utf8_next(rest, fit);  // a single glyph wider than the line still goes
            push(rest.substr(0, fit));
            rest.erase(0, fit);
        }
        cur = std::move(rest);
    }
    if (!cur.empty()) push(std::move(cur));
    if (truncated && !lines.empty()) lines.back() = fit_with(lines.back(), "…", width, measure);
    return lines;
}

}  // namespace touchpoint::journey
