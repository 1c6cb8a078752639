// A payload's rollup facts: see rollup_facts.hpp.
#include "collector/rollup_facts.hpp"

#include <cstdint>

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/response/members.hpp"

namespace touchpoint::collector {

using nlohmann::json;

RollupFacts rollup_facts_of(const json& p) {
    RollupFacts f;
    if (!p.is_object()) return f;
    auto submitted = p.find(members::payload::submitted);
    if (submitted != p.end() && submitted->is_string()) {
        if (auto ms = parse_iso_utc(submitted->get_ref<const std::string&>())) f.day = day_key(*ms);  // the core's UTC day
    }
    auto locale = p.find(members::payload::locale);
    if (locale != p.end() && locale->is_string()) f.locale = locale->get<std::string>();
    auto answers = p.find(members::payload::answers);
    if (answers != p.end() && answers->is_object())
        for (auto it = answers->begin(); it != answers->end(); ++it) f.answered.push_back(it.key());
    f.parts = Aggregator::part_keys(p);
    auto context = p.find(members::payload::context);
    if (context != p.end() && context->is_object()) {
        auto segment = context->find(members::context::segment);
        if (segment != context->end() && segment->is_object())
            for (auto it = segment->begin(); it != segment->end(); ++it) f.segments.push_back(it.key());
    }
    return f;
}

namespace {

// rollup_facts_of over parser events (nlohmann's SAX interface), for text whose objects that
// matter list their members in strictly increasing key order: then every member is seen once and
// in the order a DOM iterates them, so what is collected here is what rollup_facts_of collects.
// Otherwise it stops (needs_dom) and the caller parses; so it does at an answer that is a list
// or an object (a matrix, a ranking, a multiple choice): its parts are the core's to name
// (Aggregator::part_keys, from a DOM). The parser checks the JSON as the DOM parser does (strict,
// no comments), iteratively, so any depth is safe.
class FactsReader : public nlohmann::json_sax<json> {
public:
    explicit FactsReader(RollupFacts& f) : f_(f) {}
    bool needs_dom = false;

    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool string(string_t& s) override {
        if (open_.empty() || open_.back().kind != Top) return true;
        if (key_ == members::payload::submitted) {
            if (auto ms = parse_iso_utc(s)) f_.day = day_key(*ms);  // the core's UTC day
        } else if (key_ == members::payload::locale) {
            f_.locale = s;
        }
        return true;
    }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool key(string_t& k) override {
        Open& at = open_.back();
        if (at.kind == Other) return true;
        if (at.any_key && !(at.last_key < k)) return dom();  // repeated or out of order: the DOM's view differs
        at.any_key = true;
        at.last_key = k;
        key_ = k;
        if (at.kind == Answers) f_.answered.push_back(k);
        else if (at.kind == Segment) f_.segments.push_back(k);
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
    enum Kind : std::uint8_t { Top, Answers, Context, Segment, Other };
    struct Open {
        Kind kind;
        bool any_key;
        std::string last_key;
    };
    bool dom() {
        needs_dom = true;
        return false;
    }
    bool open(bool object) {
        Kind kind = Other;
        if (open_.empty()) {
            kind = object ? Top : Other;
        } else {
            const Kind parent = open_.back().kind;
            if (parent == Answers) return dom();  // an answer with parts, perhaps
            if (parent == Top && object && key_ == members::payload::answers) kind = Answers;
            else if (parent == Top && object && key_ == members::payload::context) kind = Context;
            else if (parent == Context && object && key_ == members::context::segment) kind = Segment;
        }
        open_.push_back({kind, false, {}});
        return true;
    }
    bool close() {
        open_.pop_back();
        key_.clear();  // a member's value is read right after its key; none is current once a container closes
        return true;
    }
    RollupFacts& f_;
    std::vector<Open> open_;
    std::string key_;  // the member whose value comes next, in the innermost open object that matters
};

}  // namespace

RollupFacts rollup_facts_of_text(std::string_view payload) {
    RollupFacts f;
    FactsReader reader(f);
    if (json::sax_parse(payload.begin(), payload.end(), &reader)) return f;
    if (reader.needs_dom) return rollup_facts_of(json::parse(payload, nullptr, false));
    return RollupFacts{};  // not JSON
}

}  // namespace touchpoint::collector
