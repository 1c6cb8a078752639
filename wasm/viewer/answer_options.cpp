// The choices of the any-answer filter: for each question id in the loaded responses, the values
// answered (as the filter compares them: a string as is, anything else as its JSON text).
// Computed once per loaded response set, lazily, when the filter is first shown.
#include <algorithm>
#include <cstring>
#include <map>
#include <set>

#include "viewer.hpp"

namespace tpviewer {
namespace {

using json = nlohmann::json;

// A filterable answer: a choice, a number, a yes/no. Free text (prose) and lists are left out:
// every text is unique, and list answers would need "contains" rather than equality.
bool filterable(const json& a, std::string& out) {
    if (a.is_string()) {
        const std::string& s = a.get_ref<const std::string&>();
        if (s.empty() || s.size() > 40) return false;
        for (unsigned char c : s)
            if (c == ' ') return false;
        out = s;
        return true;
    }
    if (a.is_number() || a.is_boolean()) {
        out = a.dump();
        return true;
    }
    return false;
}

// Numbers sort numerically ("10" after "9"), other values by their text.
bool value_less(const std::string& a, const std::string& b) {
    char* ea = nullptr;
    char* eb = nullptr;
    const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
    const bool na = ea && *ea == 0 && !a.empty(), nb = eb && *eb == 0 && !b.empty();
    if (na && nb) return x < y;
    if (na != nb) return na;
    return a < b;
}

// Bounds: a question with more distinct values than this is an open question, not a filter; the
// scan reads at most this many responses (the values of a survey show up early in any sample).
constexpr std::size_t kMaxValues = 30;
constexpr std::size_t kMaxLines = 50000;

}  // namespace

const AnswerOptions& answer_options(Viewer& v) {
    AnswerOptions& o = v.answer_options;
    if (o.source_size == v.responses.size() && o.source_data == v.responses.data()) return o;
    o = {};
    o.source_size = v.responses.size();
    o.source_data = v.responses.data();
    std::map<std::string, std::set<std::string>> seen;
    std::set<std::string> too_many;
    std::string value;
    std::size_t pos = 0, lines = 0;
    const std::string& data = v.responses;
    while (pos < data.size() && lines < kMaxLines) {
        const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) : data.size();
        const std::string_view line(data.data() + pos, end - pos);
        pos = end + 1;
        if (line.empty()) continue;
        ++lines;
        const json r = json::parse(line.begin(), line.end(), nullptr, false);
        if (!r.is_object()) continue;
        const auto answers = r.find("answers");
        if (answers == r.end() || !answers->is_object()) continue;
        for (auto it = answers->begin(); it != answers->end(); ++it) {
            if (too_many.count(it.key()) || !filterable(*it, value)) continue;
            auto& values = seen[it.key()];
            values.insert(value);
            if (values.size() > kMaxValues) {
                too_many.insert(it.key());
                seen.erase(it.key());
            }
        }
    }
    for (auto& [question, values] : seen) {
        std::vector<std::string> sorted(values.begin(), values.end());
        std::sort(sorted.begin(), sorted.end(), value_less);
        o.questions.emplace_back(question, std::move(sorted));
    }
    return o;
}

std::string answer_options_json(Viewer& v) {
    json out = {{"questions", json::array()}, {"question", v.filter.question}, {"value", v.filter.value}};
    for (const auto& [question, values] : answer_options(v).questions)
        out["questions"].push_back({{"id", question}, {"values", values}});
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tpviewer
