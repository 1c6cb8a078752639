// Mermaid `journey` diagrams <-> journey/1 maps, following Mermaid's own grammar
// (packages/mermaid/src/diagrams/user-journey/parser/journey.jison) and its preprocessing:
//   ---                      YAML front matter: `title:` is the diagram's title (a `title`
//   title: My working day    statement after it wins, as in Mermaid); other keys are ignored
//   ---
//   %%{init: {...}}%%        directives (one or several lines) and %% comments: ignored
//   journey
//     title My working day   keywords are case-insensitive; `#` starts a comment
//     accTitle: Day          the accessible title (the map's title when there is no `title`)
//     accDescr: One line     or a block: accDescr { several\n lines } -> meta.description
//     section Go to work
//       Make tea: 5: Me, Cat a score (1-5, as documented) and actors; "Task: 3" has no actors and
//                            keeps its score as an emotion point without a persona
#include <algorithm>
#include <cmath>
#include <set>

#include "touchpoint/journey/interchange.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::journey {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Mermaid splits tasks at ':' and ends statements at newlines; a title containing them would
// change the diagram, so they become their full-width forms / spaces.
std::string mermaid_safe(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == ':') out += "\xEF\xBC\x9A";  // U+FF1A FULLWIDTH COLON
        else if (c == '\n' || c == '\r') out += ' ';
        else if (c == ',') out += "\xEF\xBC\x8C";  // U+FF0C (actors are comma-separated)
        else if (c == '#') out += "\xEF\xBC\x83";  // U+FF03 ('#' starts a comment)
        else if (c == ';') out += "\xEF\xBC\x9B";  // U+FF1B (';' is not allowed in statements)
        else out += c;
    }
    return out;
}

// Inside accDescr { ... } only '}' ends the block.
std::string block_safe(std::string_view s) {
    std::string out;
    for (char c : trim(s)) {
        if (c == '}') out += "\xEF\xBD\x9D";  // U+FF5D FULLWIDTH RIGHT CURLY BRACKET
        else out += c;
    }
    return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// "keyword" followed by whitespace (or the end): Mermaid's `"title"\s`, `"section"\s`.
bool keyword(std::string_view line, std::string_view word) {
    return starts_with_ci(line, word) && (line.size() == word.size() || line[word.size()] == ' ' || line[word.size()] == '\t');
}

// accTitle / accDescr followed by optional spaces and `sep` (':' or '{'); the rest after it.
bool acc_statement(std::string_view line, std::string_view word, char sep, std::string_view& rest) {
    if (!starts_with_ci(line, word)) return false;
    std::string_view after = trim(line.substr(word.size()));
    if (after.empty() || after.front() != sep) return false;
    rest = after.substr(1);
    return true;
}

// A YAML scalar as front matter writes a title: plain, 'single' ('' escapes ') or "double".
std::string yaml_scalar(std::string_view v) {
    v = trim(v);
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            out += v[i];
            if (v[i] == '\'' && v[i + 1] == '\'') ++i;
        }
        return out;
    }
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        std::string out;
        for (std::size_t i = 1; i + 1 < v.size(); ++i) {
            if (v[i] == '\\' && i + 2 < v.size()) {
                const char e = v[++i];
                out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            } else {
                out += v[i];
            }
        }
        return out;
    }
    const std::size_t comment = v.find(" #");  // a plain scalar ends at a comment
    return std::string(trim(v.substr(0, comment)));
}

// Mermaid's setAccDescription: surrounding space trimmed, each line's indentation dropped.
std::string acc_description(std::string_view raw) {
    std::string out;
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t nl = raw.find('\n', start);
        if (nl == std::string_view::npos) nl = raw.size();
        const std::string_view piece = trim(raw.substr(start, nl - start));
        if (!out.empty() || !piece.empty()) out += std::string(piece) + "\n";
        start = nl + 1;
    }
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}

std::string unique(std::string id, std::set<std::string>& used) {
    std::string candidate = id;
    for (int n = 2; used.count(candidate); ++n) candidate = id + "-" + std::to_string(n);
    used.insert(candidate);
    return candidate;
}

}  // namespace

std::string slug_id(std::string_view title, std::string_view fallback) {
    std::string out;
    bool dash = false;
    for (char c : title) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum || (c >= 'A' && c <= 'Z')) {
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += alnum ? c : static_cast<char>(c - 'A' + 'a');
        } else {
            dash = true;
        }
        if (out.size() >= 60) break;
    }
    // Mostly non-Latin titles ("认知 (Awareness)") keep the fallback: a fragment is misleading.
    return out.empty() ? std::string(fallback) : out;
}

std::string to_mermaid(const Map& map, std::string_view locale) {
    std::string out = "journey\n";
    const std::string title = mermaid_safe(map.meta.title.get(locale));
    // journey/1 has one title: written as `title` (an imported accTitle became that title).
    if (!title.empty()) out += "    title " + title + "\n";
    const std::string description(map.meta.description.get(locale));
    if (description.find('\n') != std::string::npos) {
        out += "    accDescr {\n";
        std::size_t start = 0;
        while (start <= description.size()) {
            std::size_t nl = description.find('\n', start);
            if (nl == std::string::npos) nl = description.size();
            out += "        " + block_safe(description.substr(start, nl - start)) + "\n";
            start = nl + 1;
        }
        out += "    }\n";
    } else if (!description.empty()) {
        out += "    accDescr: " + mermaid_safe(description) + "\n";
    }
    const Lane* emotion = nullptr;
    for (const Lane& l : map.lanes)
        if (l.kind == LaneKind::Emotion && !emotion) emotion = &l;
    for (const Stage& s : map.stages) {
        out += "    section " + mermaid_safe(s.title.get(locale)) + "\n";
        for (const Touchpoint& t : map.touchpoints) {
            if (t.stage != s.id) continue;
            double sum = 0;
            int n = 0;
            std::vector<std::string> actors;
            if (emotion) {
                // Actors in the task's own order (Mermaid keeps it), then any other persona with
                // a point on this task, in map order.
                std::vector<int> order;
                for (const std::string& pid : t.personas) {
                    const int pi = map.persona_index(pid);
                    if (pi >= 0 && std::find(order.begin(), order.end(), pi) == order.end()) order.push_back(pi);
                }
                for (std::size_t pi = 0; pi < map.personas.size(); ++pi)
                    if (std::find(order.begin(), order.end(), static_cast<int>(pi)) == order.end())
                        order.push_back(static_cast<int>(pi));
                for (int pi : order) {
                    const Persona& p = map.personas[static_cast<std::size_t>(pi)];
                    for (const EmotionPoint& e : emotion->points)
                        if (e.touchpoint == t.id && e.persona == p.id) {
                            sum += e.value;
                            ++n;
                            actors.push_back(mermaid_safe(p.name.get(locale)));
                            break;
                        }
                }
            }
            if (emotion && n == 0)  // a task without actors: its point has no persona
                for (const EmotionPoint& e : emotion->points)
                    if (e.touchpoint == t.id && e.persona.empty()) {
                        sum += e.value;
                        ++n;
                        break;
                    }
            if (actors.empty())
                for (const std::string& pid : t.personas) {
                    const int pi = map.persona_index(pid);
                    if (pi >= 0) actors.push_back(mermaid_safe(map.personas[pi].name.get(locale)));
                }
            const long score = n ? std::lround(sum / n) + 3 : 3;
            out += "      " + mermaid_safe(t.title.get(locale)) + ": " + std::to_string(std::max(1L, std::min(5L, score)));
            for (std::size_t i = 0; i < actors.size(); ++i) out += (i ? ", " : ": ") + actors[i];
            out += "\n";
        }
    }
    return out;
}

std::optional<Map> from_mermaid(std::string_view text, std::string_view id, Diagnostics& diags) {
    const std::size_t errors_before = diags.error_count();
    if (text.size() > Limits{}.max_bytes) {
        diags.error("", "the diagram is larger than the limit of " + std::to_string(Limits{}.max_bytes) + " bytes");
        return std::nullopt;
    }
    if (!utf8_valid(text)) {
        diags.error("", "the diagram is not valid UTF-8");
        return std::nullopt;
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0;;) {
        const std::size_t end = text.find('\n', pos);
        lines.push_back(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
        if (end == std::string_view::npos) break;
        pos = end + 1;
    }
    auto where = [](std::size_t i) { return "line " + std::to_string(i + 1) + ": "; };

    Map map;
    map.id = std::string(id);
    std::size_t i = 0;
    // Front matter: a "---" line opening the text, up to the next "---" line at the same
    // indentation (Mermaid's fences are at the start of a line; text embedded in a page is often
    // indented as a whole, so the opening fence's indentation is the text's).
    std::string front_title, acc_title;
    bool has_title = false;
    while (i < lines.size() && trim(lines[i]).empty()) ++i;
    auto rtrim = [](std::string_view l) {
        while (!l.empty() && (l.back() == ' ' || l.back() == '\t' || l.back() == '\r')) l.remove_suffix(1);
        return l;
    };
    if (i < lines.size() && trim(lines[i]) == "---") {
        const std::string_view fence = rtrim(lines[i]);
        const std::size_t indent = fence.size() - 3;
        std::size_t close = i + 1;
        while (close < lines.size() && rtrim(lines[close]) != fence) ++close;
        if (close == lines.size()) {
            diags.error("", where(i) + "the front matter opened with \"---\" is not closed by a \"---\" line");
            return std::nullopt;
        }
        for (std::size_t k = i + 1; k < close; ++k) {
            const std::string_view l = lines[k].substr(std::min(indent, lines[k].size()));
            if (l.substr(0, 6) != "title:") continue;  // top-level key only (config: ... is the renderer's)
            const std::string value = yaml_scalar(l.substr(6));
            if (value != "|" && value != ">" && value != "|-" && value != ">-") {
                front_title = value;
                continue;
            }
            // A block scalar: the following more-indented lines, joined (| keeps line breaks).
            front_title.clear();
            for (std::size_t b = k + 1; b < close; ++b) {
                const std::string_view bl = lines[b].substr(std::min(indent, lines[b].size()));
                if (!bl.empty() && bl[0] != ' ' && bl[0] != '\t') break;
                if (!front_title.empty()) front_title += value[0] == '|' ? '\n' : ' ';
                front_title += std::string(trim(bl));
            }
        }
        i = close + 1;
    }

    std::set<std::string> stage_ids, tp_ids, persona_ids;
    Lane emotion;
    emotion.id = "emotion";
    emotion.kind = LaneKind::Emotion;
    bool header = false;
    std::string carry;  // what follows the '}' of an accDescr block, on the same line
    bool carrying = false;
    while (i < lines.size()) {
        const std::size_t line_no = i;
        std::string_view line = carrying ? std::string_view(carry) : lines[i];
        carrying = false;
        line = trim(line);
        if (line.substr(0, 3) == "%%{") {  // directive, possibly over several lines
            std::size_t k = i;
            std::string_view rest = line.substr(3);
            while (rest.find("}%%") == std::string_view::npos && ++k < lines.size()) rest = lines[k];
            if (k == lines.size()) {
                diags.error("", where(i) + "the directive \"%%{\" is not closed by \"}%%\"");
                return std::nullopt;
            }
            i = k + 1;
            continue;
        }
        ++i;
        if (line.empty() || line.substr(0, 2) == "%%" || line.front() == '#') continue;
        if (!header) {
            if (!keyword(line, "journey")) {
                diags.error("", where(line_no) + "a Mermaid journey starts with \"journey\"");
                return std::nullopt;
            }
            header = true;
            line = trim(line.substr(7));
            if (line.empty()) continue;
        }
        std::string_view rest;
        if (acc_statement(line, "acctitle", ':', rest)) {
            acc_title = std::string(trim(rest));
        } else if (acc_statement(line, "accdescr", ':', rest)) {
            map.meta.description = Text::plain(acc_description(rest));
        } else if (acc_statement(line, "accdescr", '{', rest)) {
            std::string block;
            std::size_t close = rest.find('}');
            std::size_t k = line_no;
            while (close == std::string_view::npos) {
                block.append(rest.data(), rest.size()).push_back('\n');
                if (++k == lines.size()) {
                    diags.error("", where(line_no) + "the block \"accDescr {\" is not closed by \"}\"");
                    return std::nullopt;
                }
                rest = lines[k];
                close = rest.find('}');
            }
            block.append(rest.data(), close);
            map.meta.description = Text::plain(acc_description(block));
            i = k + 1;
            const std::string_view after = trim(rest.substr(close + 1));
            if (!after.empty()) {  // "}title ..." is a statement of its own (Mermaid's lexer pops the block)
                carry = std::string(after);
                carrying = true;
                i = k;
            }
        } else {
            line = trim(line.substr(0, line.find('#')));  // '#' starts a comment in statements
            if (line.empty()) continue;
            if (keyword(line, "title")) {
                map.meta.title = Text::plain(std::string(trim(line.substr(5))));
                has_title = true;
            } else if (keyword(line, "section")) {
                Stage st;
                st.title = Text::plain(std::string(trim(line.substr(7))));
                st.id = unique(slug_id(st.title.get(""), "stage-" + std::to_string(map.stages.size() + 1)), stage_ids);
                map.stages.push_back(std::move(st));
            } else {
                const std::size_t c1 = line.find(':');
                if (c1 == std::string_view::npos) {
                    diags.error("", where(line_no) + "expected \"Task: score: actors\", \"section ...\" or \"title ...\"");
                    continue;
                }
                if (map.stages.empty()) {
                    diags.error("", where(line_no) + "a task must come after a \"section\"");
                    continue;
                }
                const std::size_t c2 = line.find(':', c1 + 1);
                const std::string_view score_s =
                    trim(line.substr(c1 + 1, c2 == std::string_view::npos ? c2 : c2 - c1 - 1));
                if (score_s.size() != 1 || score_s[0] < '1' || score_s[0] > '5') {
                    diags.error("", where(line_no) + "the score must be a whole number from 1 to 5");
                    continue;
                }
                Touchpoint t;
                t.title = Text::plain(std::string(trim(line.substr(0, c1))));
                t.stage = map.stages.back().id;
                t.id = unique(slug_id(t.title.get(""), "tp-" + std::to_string(map.touchpoints.size() + 1)), tp_ids);
                std::vector<std::string> actors;
                if (c2 != std::string_view::npos) {
                    std::string_view people = line.substr(c2 + 1);
                    while (!people.empty()) {
                        const std::size_t comma = people.find(',');
                        const std::string_view a = trim(people.substr(0, comma));
                        if (!a.empty()) actors.emplace_back(a);
                        if (comma == std::string_view::npos) break;
                        people.remove_prefix(comma + 1);
                    }
                }
                EmotionPoint e;
                e.stage = t.stage;
                e.touchpoint = t.id;
                e.value = score_s[0] - '3';
                if (actors.empty()) emotion.points.push_back(e);  // the score stays, with no persona
                for (const std::string& a : actors) {
                    int pi = -1;
                    for (std::size_t k = 0; k < map.personas.size(); ++k)
                        if (map.personas[k].name.get("") == a) pi = static_cast<int>(k);
                    if (pi < 0) {
                        Persona p;
                        p.name = Text::plain(a);
                        p.id = unique(slug_id(a, "persona-" + std::to_string(map.personas.size() + 1)), persona_ids);
                        map.personas.push_back(std::move(p));
                        pi = static_cast<int>(map.personas.size() - 1);
                    }
                    e.persona = map.personas[pi].id;
                    emotion.points.push_back(e);
                    t.personas.push_back(map.personas[pi].id);
                }
                map.touchpoints.push_back(std::move(t));
            }
        }
    }
    if (!header) diags.error("", "empty diagram: a Mermaid journey starts with \"journey\"");
    if (header && map.stages.empty()) diags.error("", "the diagram has no \"section\"");
    if (diags.error_count() > errors_before) return std::nullopt;
    // One title in journey/1: the `title` statement, else the front matter's, else accTitle.
    if (!has_title && !front_title.empty()) map.meta.title = Text::plain(front_title);
    if (map.meta.title.empty() && !acc_title.empty()) map.meta.title = Text::plain(acc_title);
    else if (!acc_title.empty() && acc_title != map.meta.title.get(""))
        diags.warning("", "accTitle \"" + acc_title + "\" differs from the title; journey/1 keeps the title only");
    if (map.meta.title.empty()) map.meta.title = Text::plain(map.id);
    if (!emotion.points.empty()) map.lanes.push_back(std::move(emotion));
    return map;
}

}  // namespace touchpoint::journey
