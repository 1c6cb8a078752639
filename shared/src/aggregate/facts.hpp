// Internal to aggregation: the few members of a response/1 payload that aggregation reads, as
// views, filled either by the NDJSON fast scanner (ndjson_scan.cpp) or from a parsed DOM
// (facts_json.cpp), then checked by ONE function (check_facts) so both paths accept and refuse
// exactly the same lines with the same messages.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "key_predictor.hpp"  // beside this header (tests include it by a relative path)

namespace touchpoint::agg {

struct Raw {  // text and number mean something only under their kind (Facts::reset resets the kind alone)
    enum Kind : unsigned char { Absent, String, Number, True, False, Null, Object, Array };
    Kind kind = Absent;
    std::string_view text;  // String: the unescaped contents; Number: the literal; the answers Object (fast scanner only): its JSON text
    double number = 0;      // Number: its value
};

constexpr std::size_t kMaxRequested = 16;  // answer.<qid> / segment.<name> keys per aggregation
constexpr std::size_t kMaxValues = 64;     // values of one multi-select answer that group

// Which answers and segment members to pick out (names in --by order).
struct FactsRequest {
    std::vector<std::string> answers;
    std::vector<std::string> segments;
    bool version = false;  // survey.version (the line scanner reads it only then: 1% of its instructions)
    bool names = false;    // the names of the answers and of context.segment's members (Facts::answer_names ...)
};

struct Values {  // group values of one requested answer/segment member
    bool present = false;
    Raw raw;                                // as found (for type checks)
    std::string_view items[kMaxValues];     // group values; count 0 = null group
    std::size_t count = 0;
};

struct Facts {
    Raw tag;                       // "touchpoint"
    Raw survey, survey_id, survey_version;
    Raw submitted, locale;
    Raw journey, map, stage, touchpoint;
    Raw scores, nps, nps_value, csat, csat_value, csat_scale, ces, ces_value, ces_scale;
    Raw answers, context, segment;
    // One per requested answer/segment (reset() sizes them): as fixed arrays of kMaxRequested they
    // made every Facts, so every Aggregator, 33 KB to zero, which the collector's rollups paid at
    // every commit and every merged state.
    std::vector<Values> answer;
    std::vector<Values> segment_value;
    std::vector<std::string> scratch;  // full path: texts made from numbers/booleans
    // Fast path, with FactsRequest::names: every member name of the answers object and of
    // context.segment, in the line's order (views into it, repeats kept); each list or object
    // answer's parts as Aggregator::part_keys names them (none for an object with a "value" member, a choice
    // with "other"); and whether an answer that is also requested is a list or an object (its
    // bytes are read for the request, not for its parts: the caller parses the line then).
    std::vector<std::string_view> answer_names, segment_names;
    struct PartName {
        std::string_view question, part;
        bool member;  // an object's member (a matrix row), not a list's string (a ranking item)
    };
    std::vector<PartName> part_names;
    bool answer_list_or_object = false;
    KeyPredictor keys;                 // the fast path's memory of member names (not reset: it spans lines)

    void reset(std::size_t answers_n, std::size_t segments_n);
};

// The single definition of what aggregation accepts; "" if fine, else "POINTER: message".
// check_facts covers everything every grouping needs; check_segment the one rule that depends on
// the keys: a segment.<name> key needs a scalar there (index into FactsRequest::segments).
// A grouping accepts a line if check_facts and then check_segment for each of its segment keys,
// in its key order, pass; the first message found is the line's error.
std::string check_facts(const Facts& f);
std::string check_segment(const Facts& f, std::size_t index, const std::string& name);

// Fast path: true if the line was read completely; false means "not sure, use the full parser"
// (never "bad": only the full parser decides a line is bad).
bool scan_line(std::string_view line, const FactsRequest& req, Facts& out);
// The same over a stream, in one pass: the line starts at `from` and ends at the first '\n' before
// `end`; returns that '\n' when the line was read completely (facts filled exactly as scan_line
// over the line would), nullptr when not sure or when no '\n' comes before `end`.
const char* scan_line_to_newline(const char* from, const char* end, const FactsRequest& req, Facts& out);

// Aggregator::part_keys, from either reading of a payload: appends to `out` the keys
// "answer.<question>/<part>" of one answer's parts — a list's strings in order, or an object's
// member names, sorted (as a parsed object holds them) — those a grouping accepts, each once.
// A question id holding '/' has none (the first '/' splits a request).
void append_part_keys(std::string_view question, std::vector<std::string_view> parts, bool members,
                      std::vector<std::string>& out);

// Full path from a DOM (which must outlive the facts' views).
void facts_from_json(const nlohmann::json& payload, const FactsRequest& req, Facts& out);

// How a scalar answer or segment value is written as a group value: strings verbatim, integers in
// decimal, other numbers as JSON dumps them, booleans "true"/"false".
inline bool is_plain_integer(std::string_view literal) {
    if (literal.empty() || literal.size() > 16) return false;
    std::size_t i = literal[0] == '-' ? 1 : 0;
    if (i == literal.size() || (literal[i] == '0' && literal.size() > i + 1) || (i == 1 && literal == "-0")) return false;
    for (; i < literal.size(); ++i)
        if (literal[i] < '0' || literal[i] > '9') return false;
    return true;
}

}  // namespace touchpoint::agg
