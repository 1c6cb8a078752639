// Mermaid `journey` diagrams <-> journey/1 maps. Grammar (mermaid.js.org/syntax/userJourney):
//   journey
//     title My working day
//     section Go to work
//       Make tea: 5: Me, Cat
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
        else out += c;
    }
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
    if (!title.empty()) out += "    title " + title + "\n";
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
                for (const Persona& p : map.personas)
                    for (const EmotionPoint& e : emotion->points)
                        if (e.touchpoint == t.id && e.persona == p.id) {
                            sum += e.value;
                            ++n;
                            actors.push_back(mermaid_safe(p.name.get(locale)));
                            break;
                        }
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
    Map map;
    map.id = std::string(id);
    std::set<std::string> stage_ids, tp_ids, persona_ids;
    Lane emotion;
    emotion.id = "emotion";
    emotion.kind = LaneKind::Emotion;
    bool header = false;
    std::size_t line_no = 0, pos = 0;
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        ++line_no;
        const std::string where = "line " + std::to_string(line_no) + ": ";
        if (line.empty() || line.substr(0, 2) == "%%") {
            if (end == text.size()) break;
            continue;
        }
        if (!header) {
            if (line != "journey") {
                diags.error("", where + "a Mermaid journey starts with \"journey\"");
                return std::nullopt;
            }
            header = true;
        } else if (line.substr(0, 6) == "title ") {
            map.meta.title = Text::plain(std::string(trim(line.substr(6))));
        } else if (line.substr(0, 8) == "section ") {
            Stage s;
            s.title = Text::plain(std::string(trim(line.substr(8))));
            s.id = unique(slug_id(s.title.get(""), "stage-" + std::to_string(map.stages.size() + 1)), stage_ids);
            map.stages.push_back(std::move(s));
        } else if (line.substr(0, 7) == "accTitl" || line.substr(0, 7) == "accDesc") {
            continue;  // accessibility metadata: no place in the model
        } else {
            const std::size_t c1 = line.find(':');
            if (c1 == std::string_view::npos) {
                diags.error("", where + "expected \"Task: score: actors\", \"section ...\" or \"title ...\"");
                continue;
            }
            if (map.stages.empty()) {
                diags.error("", where + "a task must come after a \"section\"");
                continue;
            }
            const std::size_t c2 = line.find(':', c1 + 1);
            const std::string_view score_s = trim(line.substr(c1 + 1, c2 == std::string_view::npos ? c2 : c2 - c1 - 1));
            if (score_s.size() != 1 || score_s[0] < '1' || score_s[0] > '5') {
                diags.error("", where + "the score must be a whole number from 1 to 5");
                continue;
            }
            Touchpoint t;
            t.title = Text::plain(std::string(trim(line.substr(0, c1))));
            t.stage = map.stages.back().id;
            t.id = unique(slug_id(t.title.get(""), "tp-" + std::to_string(map.touchpoints.size() + 1)), tp_ids);
            std::vector<std::string> actors;
            if (c2 != std::string_view::npos) {
                std::string_view rest = line.substr(c2 + 1);
                while (!rest.empty()) {
                    const std::size_t comma = rest.find(',');
                    const std::string_view a = trim(rest.substr(0, comma));
                    if (!a.empty()) actors.emplace_back(a);
                    if (comma == std::string_view::npos) break;
                    rest.remove_prefix(comma + 1);
                }
            }
            for (const std::string& a : actors) {
                int pi = -1;
                for (std::size_t i = 0; i < map.personas.size(); ++i)
                    if (map.personas[i].name.get("") == a) pi = static_cast<int>(i);
                if (pi < 0) {
                    Persona p;
                    p.name = Text::plain(a);
                    p.id = unique(slug_id(a, "persona-" + std::to_string(map.personas.size() + 1)), persona_ids);
                    map.personas.push_back(std::move(p));
                    pi = static_cast<int>(map.personas.size() - 1);
                }
                EmotionPoint e;
                e.persona = map.personas[pi].id;
                e.stage = t.stage;
                e.touchpoint = t.id;
                e.value = score_s[0] - '3';
                emotion.points.push_back(std::move(e));
                t.personas.push_back(map.personas[pi].id);
            }
            map.touchpoints.push_back(std::move(t));
        }
        if (end == text.size()) break;
    }
    if (!header) diags.error("", "empty diagram: a Mermaid journey starts with \"journey\"");
    if (header && map.stages.empty()) diags.error("", "the diagram has no \"section\"");
    if (diags.error_count() > errors_before) return std::nullopt;
    if (map.meta.title.empty()) map.meta.title = Text::plain(map.id);
    if (!emotion.points.empty()) map.lanes.push_back(std::move(emotion));
    return map;
}

}  // namespace touchpoint::journey
