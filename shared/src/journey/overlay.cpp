// Aggregated scores bound to a map, heat colours and dictionary-free top terms.
#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "touchpoint/journey/overlay.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::journey {
namespace {

std::optional<double> num(const nlohmann::json& o, const char* key) {
    if (!o.is_object()) return std::nullopt;
    auto it = o.find(key);
    if (it == o.end() || !it->is_number()) return std::nullopt;
    return it->get<double>();
}
long long count(const nlohmann::json& o, const char* key) {
    auto v = num(o, key);
    return v ? static_cast<long long>(*v) : 0;
}
const nlohmann::json& member(const nlohmann::json& o, const char* key) {
    static const nlohmann::json null_json;
    if (!o.is_object()) return null_json;
    auto it = o.find(key);
    return it == o.end() ? null_json : *it;
}

// Scripts written without spaces, whose terms are found as character n-grams. Han and kana mix
// inside Japanese words (使い方), so they form one class; Hangul is its own. Punctuation of these
// scripts (、。「」・ in U+3000–303F and U+30FB, the full-width forms ，！？（） in U+FF00–FFEF)
// is in no class, so it separates terms like any other punctuation.
enum class Script { None, HanKana, Hangul };
Script cjk_script(char32_t c) {
    if (c == 0x30FB) return Script::None;  // katakana middle dot: a separator
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0x20000 && c <= 0x2FFFF))
        return Script::HanKana;
    if (c >= 0xAC00 && c <= 0xD7AF) return Script::Hangul;
    return Script::None;
}

// Function characters that occur in nearly every Chinese sentence: structural particles (的 地 得
// 了 着 过), the copula 是, the commonest prepositions and conjunctions (在 和 与 及 或 把 被 给 让),
// adverbs of degree and scope (很 也 就 都 还 又), sentence particles (吗 呢 吧 啊 呀) and personal
// and demonstrative pronouns (我 你 他 她 它 们 这 那), simplified and traditional. Without a
// dictionary every n-gram touching one of them straddles a word (很快 from 交付很快, 的服 from
// 我们的服务) and would top every list, so they act as boundaries, like punctuation. The price:
// the few real words built on them (现在, 目的) are not counted — a deliberate trade, the list is
// kept short so that price stays small. Japanese case particles (の は が を に で と も) likewise.
bool stop_character(char32_t c) {
    static const char32_t kStop[] = {U'的', U'地', U'得', U'了', U'着', U'著', U'过', U'過', U'是', U'在', U'和',
                                     U'与', U'與', U'及', U'或', U'把', U'被', U'给', U'給', U'让', U'讓', U'很',
                                     U'也', U'就', U'都', U'还', U'還', U'又', U'吗', U'嗎', U'呢', U'吧', U'啊',
                                     U'呀', U'我', U'你', U'他', U'她', U'它', U'们', U'們', U'这', U'這', U'那',
                                     U'の', U'は', U'が', U'を', U'に', U'で', U'と', U'も'};
    for (char32_t s : kStop)
        if (c == s) return true;
    return false;
}
// The longest CJK term counted, in characters: long enough for compound words (付款流程, サポート)
// and short repeated phrases (等待时间太长), short enough that a sentence is not one "term".
constexpr std::size_t kMaxGram = 6;

bool is_latin_letter(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

bool stop_word(std::string_view w) {
    static const char* const kStop[] = {"the", "and", "for", "but", "not", "you", "your", "are", "was", "were",
                                        "with", "this", "that", "have", "has", "had", "very", "too", "can", "could",
                                        "would", "should", "they", "them", "their", "there", "what", "when", "from",
                                        "our", "its", "it's", "all", "any", "just", "about", "into", "out", "more",
                                        "some", "been", "will", "also", "than", "then", "did", "does", "don't"};
    for (const char* s : kStop)
        if (w == s) return true;
    return false;
}

}  // namespace

Scores scores_from_group(const nlohmann::json& g) {
    Scores s;
    s.n = count(g, "n");
    const auto& nps = member(g, "nps");
    if (nps.is_object()) {
        s.nps = num(nps, "value");
        s.nps_moe = num(nps, "moe");
        s.promoters = count(nps, "promoters");
        s.passives = count(nps, "passives");
        s.detractors = count(nps, "detractors");
        s.nps_n = count(nps, "n");
    }
    const auto& csat = member(g, "csat");
    if (csat.is_object()) {
        s.csat = num(csat, "value");
        s.csat_mean = num(csat, "mean");
        s.csat_n = count(csat, "n");
    }
    const auto& ces = member(g, "ces");
    if (ces.is_object()) {
        s.ces = num(ces, "value");
        s.ces_easy = num(ces, "easy");
        s.ces_n = count(ces, "n");
    }
    const auto& small = member(g, "small_sample");
    s.small_sample = small.is_boolean() ? small.get<bool>() : s.n < 30;
    return s;
}

const char* to_string(HeatMetric m) {
    switch (m) {
        case HeatMetric::Nps: return "nps";
        case HeatMetric::Csat: return "csat";
        case HeatMetric::Ces: return "ces";
        case HeatMetric::Responses: return "n";
    }
    return "nps";
}
std::optional<HeatMetric> heat_metric_from(std::string_view s) {
    for (HeatMetric m : {HeatMetric::Nps, HeatMetric::Csat, HeatMetric::Ces, HeatMetric::Responses})
        if (s == to_string(m)) return m;
    return std::nullopt;
}

std::optional<double> metric_value(const Scores& s, HeatMetric m) {
    switch (m) {
        case HeatMetric::Nps: return s.nps;
        case HeatMetric::Csat: return s.csat;
        case HeatMetric::Ces: return s.ces;
        case HeatMetric::Responses: return s.n > 0 ? std::optional<double>(static_cast<double>(s.n)) : std::nullopt;
    }
    return std::nullopt;
}

double heat_position(HeatMetric m, double v, double max_n) {
    double p = 0;
    switch (m) {
        case HeatMetric::Nps: p = (v + 100) / 200; break;
        case HeatMetric::Csat: p = v / 100; break;
        case HeatMetric::Ces: p = (v - 1) / 6; break;
        case HeatMetric::Responses: p = max_n > 0 ? v / max_n : 0; break;
    }
    return std::clamp(p, 0.0, 1.0);
}

std::uint32_t heat_rgb(double t) {
    t = std::clamp(t, 0.0, 1.0);
    // Three stops: #d7301f (red), #f0b429 (amber), #1a9850 (green).
    const double stops[3][3] = {{0xd7, 0x30, 0x1f}, {0xf0, 0xb4, 0x29}, {0x1a, 0x98, 0x50}};
    const int i = t < 0.5 ? 0 : 1;
    const double f = t < 0.5 ? t * 2 : (t - 0.5) * 2;
    std::uint32_t rgb = 0;
    for (int c = 0; c < 3; ++c) {
        const double v = stops[i][c] + (stops[i + 1][c] - stops[i][c]) * f;
        rgb = (rgb << 8) | static_cast<std::uint32_t>(std::lround(v));
    }
    return rgb;
}

Overlay bind_overlay(const Map& map, const nlohmann::json* by_touchpoint, const nlohmann::json* by_stage) {
    Overlay o;
    o.touchpoints.resize(map.touchpoints.size());
    o.stages.resize(map.stages.size());
    std::unordered_map<std::string_view, int> tp_ix, st_ix;
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) tp_ix.emplace(map.touchpoints[i].id, static_cast<int>(i));
    for (std::size_t i = 0; i < map.stages.size(); ++i) st_ix.emplace(map.stages[i].id, static_cast<int>(i));
    auto bind = [&](const nlohmann::json* result, const char* key, std::unordered_map<std::string_view, int>& ix,
                    std::vector<Scores>& out) {
        if (!result) return;
        const auto& groups = member(*result, "groups");
        if (!groups.is_array()) return;
        for (const auto& g : groups) {
            const auto& k = member(member(g, "key"), key);
            if (!k.is_string()) continue;
            auto it = ix.find(k.get_ref<const std::string&>());
            if (it == ix.end()) {
                o.unmatched_keys.push_back(std::string(key) + "=" + k.get<std::string>());
                continue;
            }
            out[it->second] = scores_from_group(g);
        }
    };
    bind(by_touchpoint, "touchpoint", tp_ix, o.touchpoints);
    bind(by_stage, "stage", st_ix, o.stages);
    for (const Scores& s : o.touchpoints) o.max_touchpoint_n = std::max(o.max_touchpoint_n, static_cast<double>(s.n));
    return o;
}

std::vector<TermCount> top_terms(const std::vector<std::string_view>& texts, std::size_t k) {
    std::vector<TextCount> each;
    each.reserve(texts.size());
    for (std::string_view text : texts) each.push_back({text, 1});
    return top_terms_weighted(each, k);
}

std::vector<TermCount> top_terms_weighted(const std::vector<TextCount>& texts, std::size_t k) {
    // Counted once per answer: the number shown is how many respondents mention a term, so one
    // long answer repeating a word cannot outweigh several people saying it once.
    std::unordered_map<std::string, int> words;  // Latin words
    std::unordered_map<std::string, int> grams;  // CJK runs of 2..kMaxGram characters
    std::unordered_set<std::string> seen;        // terms of the current answer
    for (const auto& [text, weight] : texts) {
        if (weight <= 0) continue;
        const auto answer_weight = weight;  // C++17 lambdas cannot capture a structured binding (clang refuses)
        seen.clear();
        std::size_t pos = 0;
        std::string word;
        // The current CJK run: its script, its length so far and where its last characters start
        // (starts[0] the previous one, starts[1] the one before, ...).
        Script run_script = Script::None;
        std::size_t starts[kMaxGram - 1] = {};
        std::size_t run_length = 0;
        auto count = [&](std::unordered_map<std::string, int>& into, std::string term) {
            if (seen.insert(term).second) into[std::move(term)] += answer_weight;
        };
        auto flush_word = [&] {
            if (utf8_length(word) >= 3 && !stop_word(word)) count(words, word);
            word.clear();
        };
        while (pos < text.size()) {
            const std::size_t start = pos;
            const char32_t c = utf8_next(text, pos);
            const Script script = cjk_script(c);
            if (script != Script::None) {
                flush_word();  // a Latin word ends where CJK text starts (价格page → 价格 | page)
                if (stop_character(c)) {
                    run_script = Script::None;
                    continue;
                }
                if (script != run_script) run_length = 0;
                run_script = script;
                for (std::size_t n = 2; n <= kMaxGram && n <= run_length + 1; ++n)  // every n-gram ending here
                    count(grams, std::string(text.substr(starts[n - 2], pos - starts[n - 2])));
                for (std::size_t i = kMaxGram - 2; i > 0; --i) starts[i] = starts[i - 1];
                starts[0] = start;
                ++run_length;
                continue;
            }
            // Anything else ends a CJK run: whitespace, punctuation (ASCII or full-width),
            // digits, Latin letters.
            run_script = Script::None;
            if (is_latin_letter(c) || (c == '\'' && !word.empty())) {
                utf8_append(word, (c >= 'A' && c <= 'Z') ? c + 32 : c);
            } else {
                flush_word();  // digits too: "2026" or "4G" are not words worth listing
            }
        }
        flush_word();
    }
    // A CJK n-gram found only inside one longer n-gram is a piece of it, not a term of its own:
    // 付款流程 in 20 answers and nowhere else lists 付款流程, not also 付款, 款流 and 流程. A piece
    // that also occurs elsewhere (付款 in 25 answers) keeps its own, larger count. Checking one
    // character longer is enough: counts only fall as n-grams grow.
    std::unordered_set<std::string> pieces;
    for (const auto& [gram, n] : grams) {
        if (n < 2 || utf8_length(gram) < 3) continue;
        std::size_t second = 0;
        utf8_next(gram, second);
        std::size_t last = gram.size() - 1;  // back to the lead byte of the last character
        while (last > 0 && (static_cast<unsigned char>(gram[last]) & 0xC0) == 0x80) --last;
        for (std::string piece : {gram.substr(second), gram.substr(0, last)}) {
            const auto it = grams.find(piece);
            if (it != grams.end() && it->second == n) pieces.insert(std::move(piece));
        }
    }
    std::vector<TermCount> out;
    out.reserve(words.size() + grams.size());
    for (auto& [term, n] : words)
        if (n >= 2) out.push_back({term, n});
    for (auto& [term, n] : grams)
        if (n >= 2 && !pieces.count(term)) out.push_back({term, n});
    std::sort(out.begin(), out.end(), [](const TermCount& a, const TermCount& b) {
        return a.count != b.count ? a.count > b.count : a.term < b.term;
    });
    if (out.size() > k) out.resize(k);
    return out;
}

}  // namespace touchpoint::journey
