// The viewer's questions to a response set (response_queries.hpp). The aggregation itself is the
// Aggregator's; this file decides which lines reach it and reads the few per-response details
// (histogram, texts) that a group's counters do not keep.
#include "touchpoint/aggregate/response_queries.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "facts.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/members.hpp"

namespace touchpoint {
namespace {

using json = nlohmann::json;

template <class Fn>
void each_line(std::string_view data, Fn fn) {
    std::size_t pos = 0;
    while (pos < data.size()) {
        const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) : data.size();
        if (end > pos) fn(data.substr(pos, end - pos));
        pos = end + 1;
    }
}

// Finds a fixed key in a text (Horspool: it steps past bytes the key cannot end at, up to the
// key's length at a time). The text is megabytes of responses; searched line by line with
// string_view::find, which stops at every occurrence of the key's first byte ('"', one in every
// few bytes of JSON) to compare the rest, response_months took 5-13 ms of the viewer's first load
// of 4,500 responses (the browser runs that first load in its baseline wasm code).
// Not std::boyer_moore_horspool_searcher: the libc++ of Debian's Emscripten has it only in
// <experimental/functional>.
class KeySearch {
public:
    explicit KeySearch(std::string_view key) : key_(key) {
        for (std::size_t& s : skip_) s = key.size();
        for (std::size_t i = 0; i + 1 < key.size(); ++i) skip_[static_cast<unsigned char>(key[i])] = key.size() - 1 - i;
    }
    // The first occurrence at or after `from`, or npos.
    std::size_t find(std::string_view text, std::size_t from) const {
        const std::size_t m = key_.size();
        if (m == 0 || text.size() < m) return std::string_view::npos;
        for (std::size_t i = from; i <= text.size() - m;) {
            const unsigned char end = static_cast<unsigned char>(text[i + m - 1]);
            if (end == static_cast<unsigned char>(key_[m - 1]) && text.compare(i, m - 1, key_.substr(0, m - 1)) == 0) return i;
            i += skip_[end];
        }
        return std::string_view::npos;
    }

private:
    std::string_view key_;
    std::size_t skip_[256];
};

const json* member(const json& o, const char* key) {
    if (!o.is_object()) return nullptr;
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
}

}  // namespace

void filter_by_persona(AggregateFilter& filter, const std::vector<std::string>& names) {
    for (const std::string& name : names)
        for (const char* key : {"answer.role", "answer.persona", "segment.role", "segment.persona"})
            filter.any.emplace_back(key, name);
}

void filter_until_month(AggregateFilter& filter, const std::string& month) {
    filter.to = month + "-31";  // days compare as text: every day of the month is <= "-31"
}

std::vector<std::string> response_months(std::string_view ndjson) {
    // A substring scan, not a parse: the writer emits "submitted":"YYYY-MM-DDT..." compactly. A
    // line's first "submitted":" counts, when its seven month bytes are on that line.
    static const std::string kKey = "\"" + std::string(members::payload::submitted) + "\":\"";
    const KeySearch search(kKey);
    std::set<std::string> months;
    std::string_view last;  // responses come mostly in time order: most lines repeat the month before
    for (std::size_t pos = 0; (pos = search.find(ndjson, pos)) != std::string_view::npos;) {
        const std::size_t month = pos + kKey.size();
        const void* nl = month < ndjson.size() ? std::memchr(ndjson.data() + month, '\n', ndjson.size() - month) : nullptr;
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - ndjson.data()) : ndjson.size();
        if (end - month >= 7 && ndjson.substr(month, 7) != last) {
            last = ndjson.substr(month, 7);
            months.emplace(last);
        }
        pos = end;  // the rest of the line does not count
    }
    return {months.begin(), months.end()};
}

std::vector<GroupedResponses> aggregate_filtered(std::string_view ndjson,
                                                 const std::vector<std::vector<std::string>>& groupings,
                                                 const AggregateFilter& filter) {
    std::vector<GroupedResponses> out(groupings.size());
    Aggregator agg = Aggregator::for_groupings(groupings);
    if (!agg.ok()) {
        for (GroupedResponses& r : out) {
            r.groups = {{"groups", json::array()}};
            r.warnings.push_back(agg.error());
        }
        return out;
    }
    if (!agg.set_filter(filter)) {
        for (GroupedResponses& r : out) {
            r.groups = {{"groups", json::array()}};
            r.warnings.push_back(agg.error());
        }
        return out;
    }
    agg.add_ndjson(ndjson);
    agg.finish();
    for (std::size_t g = 0; g < out.size(); ++g) {
        GroupedResponses& r = out[g];
        r.groups = agg.result(g);
        r.total = static_cast<long long>(agg.responses(g));
        for (const BadLine& b : agg.bad_lines(g)) {
            if (r.warnings.size() >= 5) break;
            r.warnings.push_back("line " + std::to_string(b.line) + ": " + b.message);
        }
        if (agg.bad_line_count(g) > r.warnings.size())
            r.warnings.push_back(std::to_string(agg.bad_line_count(g)) + " lines could not be read");
    }
    return out;
}

bool is_prose(std::string_view s) {
    if (s.size() < 4) return false;
    for (unsigned char c : s)
        if (c == ' ' || c >= 0x80) return true;
    return false;
}

TouchpointResponses touchpoint_responses(std::string_view ndjson, std::string_view touchpoint_id,
                                         const AggregateFilter& filter) {
    TouchpointResponses out;
    Aggregator matcher;
    if (!matcher.set_filter(filter)) return out;
    // Only lines that name the touchpoint are parsed: a cheap substring test first.
    const std::string needle = "\"" + std::string(members::journey::touchpoint) + "\":\"" + std::string(touchpoint_id) + "\"";
    std::string matching;
    each_line(ndjson, [&](std::string_view line) {
        if (line.find(needle) == std::string_view::npos) return;
        const json r = json::parse(line.begin(), line.end(), nullptr, false);
        if (r.is_discarded() || !matcher.accepts(r)) return;
        matching.append(line).push_back('\n');
        const json* scores = member(r, members::payload::scores);
        const json* nps = scores ? member(*scores, members::scores::nps) : nullptr;
        const json* val = nps ? member(*nps, members::nps::value) : nullptr;
        if (val && val->is_number_integer()) {
            const long long x = val->get<long long>();
            if (x >= 0 && x <= 10) ++out.nps_histogram[static_cast<std::size_t>(x)];
        }
        if (const json* answers = member(r, members::payload::answers); answers && answers->is_object())
            for (auto it = answers->begin(); it != answers->end(); ++it)
                if (it->is_string() && is_prose(it->get_ref<const std::string&>())) out.texts.push_back(it->get<std::string>());
    });
    out.by_month = std::move(aggregate_filtered(matching, {{"month"}}).front().groups);
    return out;
}

namespace {

// A filterable answer: a choice, a number, a yes/no. Free text and lists are left out: every
// text is unique, and list answers would need "contains" rather than equality.
bool filterable(const json& a, std::string& out) {
    if (a.is_string()) {
        const std::string& s = a.get_ref<const std::string&>();
        if (s.empty() || s.size() > 40 || s.find(' ') != std::string::npos) return false;
        out = s;
        return true;
    }
    if (a.is_number() || a.is_boolean()) {
        out = a.dump();
        return true;
    }
    return false;
}

// Numbers sort numerically ("10" after "9"), before other values, which sort by their text.
bool value_less(const std::string& a, const std::string& b) {
    char* ea = nullptr;
    char* eb = nullptr;
    const double x = std::strtod(a.c_str(), &ea), y = std::strtod(b.c_str(), &eb);
    const bool na = ea && *ea == 0 && !a.empty(), nb = eb && *eb == 0 && !b.empty();
    if (na && nb) return x < y;
    if (na != nb) return na;
    return a < b;
}

// More distinct values than this is an open question, not a filter; the values of a survey show
// up early in any sample, so the scan stops after kMaxLines responses.
constexpr std::size_t kMaxValues = 30;
constexpr std::size_t kMaxLines = 50000;

}  // namespace

bool outline_payload(std::string_view payload, PayloadOutline& out) {
    agg::FactsRequest request;
    request.names = true;
    thread_local agg::Facts facts;  // its key predictor learns the payloads' shape, as over a file's lines
    if (!agg::scan_line(payload, request, facts) || facts.answer_list_or_object) return false;
    const auto text = [](const agg::Raw& r) { return r.kind == agg::Raw::String ? r.text : std::string_view(); };
    out.submitted = text(facts.submitted);
    out.locale = text(facts.locale);
    // Sorted and distinct: a parsed object's members (a repeated name there keeps one, the last value).
    const auto sorted = [](const std::vector<std::string_view>& names, std::vector<std::string>& to) {
        to.assign(names.begin(), names.end());
        std::sort(to.begin(), to.end());
        to.erase(std::unique(to.begin(), to.end()), to.end());
    };
    sorted(facts.answer_names, out.answers);
    sorted(facts.segment_names, out.segments);
    // The parts, as Aggregator::part_keys lists them from a parsed payload: by question id in its
    // members' order (sorted), each question's parts as the scan noted them. A question answered
    // twice: the payload is parsed (a document keeps the last answer, and its parts).
    out.parts.clear();
    if (facts.part_names.empty()) return true;
    if (out.answers.size() != facts.answer_names.size()) return false;
    std::vector<agg::Facts::PartName>& names = facts.part_names;
    std::stable_sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.question < b.question; });
    std::vector<std::string_view> parts;
    for (std::size_t i = 0; i < names.size();) {
        parts.clear();
        std::size_t j = i;
        for (; j < names.size() && names[j].question == names[i].question; ++j) parts.push_back(names[j].part);
        agg::append_part_keys(names[i].question, parts, names[i].member, out.parts);
        i = j;
    }
    return true;
}

AnswerValues answer_values(std::string_view ndjson) {
    std::map<std::string, std::set<std::string>> seen;
    std::set<std::string> too_many;
    std::string value;
    std::size_t lines = 0;
    const agg::FactsRequest none;
    agg::Facts facts;
    each_line(ndjson, [&](std::string_view line) {
        if (lines >= kMaxLines) return;
        ++lines;
        // Only the answers object is parsed, where the core's fast scanner read the line (it
        // refuses whatever it cannot read exactly as the parser would: the whole line is parsed
        // then). A whole payload parsed into a document per line took 66-98 ms for 4,500 responses
        // in the browser (22-40 ms so), in the frame after the first one that shows them.
        json parsed;
        const json* answers = nullptr;
        if (agg::scan_line(line, none, facts)) {
            if (facts.answers.kind != agg::Raw::Object) return;
            parsed = json::parse(facts.answers.text.begin(), facts.answers.text.end(), nullptr, false);
            answers = &parsed;
        } else {
            parsed = json::parse(line.begin(), line.end(), nullptr, false);
            answers = member(parsed, members::payload::answers);
            if (!answers || !answers->is_object()) return;
        }
        for (auto it = answers->begin(); it != answers->end(); ++it) {
            if (too_many.count(it.key()) || !filterable(*it, value)) continue;
            auto& values = seen[it.key()];
            values.insert(value);
            if (values.size() > kMaxValues) {
                too_many.insert(it.key());
                seen.erase(it.key());
            }
        }
    });
    AnswerValues out;
    for (auto& [question, values] : seen) {
        std::vector<std::string> sorted(values.begin(), values.end());
        std::sort(sorted.begin(), sorted.end(), value_less);
        out.emplace_back(question, std::move(sorted));
    }
    return out;
}

}  // namespace touchpoint
