// Piping placeholders (piping.hpp): one scanner shared by the loader's check and the session's fill,
// so both agree on what is a placeholder.
#include "touchpoint/survey/piping.hpp"

#include "survey/builtin_scores.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::piping {
namespace {

constexpr std::size_t kMaxFallbackBytes = 400;

bool name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
}

bool kind_of(std::string_view word, Kind& out) {
    static const struct {
        const char* word;
        Kind kind;
    } kKinds[] = {{"answer", Kind::Answer}, {"segment", Kind::Segment}, {"score", Kind::Score},
                  {"band", Kind::Band},     {"field", Kind::Field}};
    for (const auto& k : kKinds)
        if (word == k.word) {
            out = k.kind;
            return true;
        }
    return false;
}

// What starts at text[at] == '{': a placeholder's shape `{word.name}` or `{word.name|fallback}`.
struct Match {
    std::size_t length = 0;  // 0 = not a placeholder (the brace is text)
    std::string_view word;   // the kind as written
    bool known = false;
    Placeholder placeholder;
};

Match match_at(std::string_view text, std::size_t at) {
    Match m;
    std::size_t i = at + 1, word_start = i;
    while (i < text.size() && text[i] >= 'a' && text[i] <= 'z') ++i;
    if (i == word_start || i >= text.size() || text[i] != '.') return m;
    m.word = text.substr(word_start, i - word_start);
    std::size_t name_start = ++i;
    while (i < text.size() && name_char(text[i])) ++i;
    if (i == name_start || i - name_start > 64 || i >= text.size()) return m;
    std::string_view name = text.substr(name_start, i - name_start);
    std::string_view fallback;
    if (text[i] == '|') {
        std::size_t fb_start = ++i;
        while (i < text.size() && text[i] != '}' && text[i] != '{' && i - fb_start <= kMaxFallbackBytes) ++i;
        if (i >= text.size() || text[i] != '}') return m;
        fallback = text.substr(fb_start, i - fb_start);
    }
    if (text[i] != '}') return m;
    m.length = i + 1 - at;
    m.known = kind_of(m.word, m.placeholder.kind);
    m.placeholder.name = name;
    m.placeholder.fallback = fallback;
    return m;
}

// "{{" before a placeholder's shape writes that placeholder as text; returns its length with both
// braces, or 0. Any other "{{" is plain text (so texts written before piping read the same).
std::size_t escaped_length(std::string_view text, std::size_t at) {
    if (at + 1 >= text.size() || text[at + 1] != '{') return 0;
    std::size_t inner = match_at(text, at + 1).length;
    return inner ? inner + 1 : 0;
}

std::string reference_problem(const Placeholder& p, const Survey& s) {
    std::string name(p.name);
    switch (p.kind) {
        case Kind::Answer:
            return s.find(name) ? "" : "unknown question \"" + name + "\"";
        case Kind::Segment:
            return "";  // any attribute the site passes: it is shown on the device, never sent (docs/survey.md)
        case Kind::Score:
            return builtin_score(name) || s.find_score(name) ? "" : "unknown score \"" + name + "\"";
        case Kind::Band: {
            const ScoreDef* def = s.find_score(name);
            if (!def) return "unknown score \"" + name + "\"";
            return def->bands.empty() ? "score \"" + name + "\" has no bands" : "";
        }
        case Kind::Field:
            return s.find_field(name) ? "" : "unknown hidden field \"" + name + "\" (declare it under \"fields\")";
    }
    return "";
}

}  // namespace

std::string fill(std::string_view text, const Values& values) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] != '{') {
            std::size_t next = text.find('{', i);
            if (next == std::string_view::npos) next = text.size();
            out.append(text.substr(i, next - i));
            i = next;
            continue;
        }
        if (std::size_t escaped = escaped_length(text, i)) {  // "{{answer.x}": "{answer.x}" as text
            out.append(text.substr(i + 1, escaped - 1));
            i += escaped;
            continue;
        }
        Match m = match_at(text, i);
        if (m.length == 0 || !m.known) {
            out += '{';
            ++i;
            continue;
        }
        std::string value;
        if (values.value(m.placeholder, value) && !value.empty())
            out.append(utf8_truncate(value, kMaxPipedChars));
        else
            out.append(m.placeholder.fallback);
        i += m.length;
    }
    return out;
}

std::string check(std::string_view text, const Survey& survey) {
    for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i)) {
        if (std::size_t escaped = escaped_length(text, i)) {
            i += escaped;
            continue;
        }
        Match m = match_at(text, i);
        if (m.length == 0) {
            ++i;
            continue;
        }
        std::string column = " (column " + std::to_string(utf8_length(text.substr(0, i)) + 1) + ")";
        std::string placeholder(text.substr(i, m.length));
        if (!m.known)
            return "unknown placeholder " + placeholder +
                   ": piping knows {answer.ID}, {segment.NAME}, {score.ID}, {band.ID} and {field.NAME} "
                   "(write {{ before it to show it as text)" + column;
        std::string problem = reference_problem(m.placeholder, survey);
        if (!problem.empty()) return problem + " in " + placeholder + column;
        i += m.length;
    }
    return "";
}

}  // namespace touchpoint::piping
