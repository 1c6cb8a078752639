// A payload's rollup facts: see rollup_facts.hpp.
#include "collector/rollup_facts.hpp"

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/aggregate/response_queries.hpp"
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

RollupFacts rollup_facts_of_text(std::string_view payload) {
    RollupFacts f;
    // Most stored payloads: the core's line scan, which reads what a parsed payload's members give
    // (outline_payload), its answers' parts too.
    PayloadOutline outline;
    if (outline_payload(payload, outline)) {
        if (auto ms = parse_iso_utc(outline.submitted)) f.day = day_key(*ms);  // the core's UTC day
        f.locale = std::string(outline.locale);
        f.answered = std::move(outline.answers);
        f.parts = std::move(outline.parts);
        f.segments = std::move(outline.segments);
        return f;
    }
    return rollup_facts_of(json::parse(payload.begin(), payload.end(), nullptr, false));  // not JSON: discarded, no facts
}

}  // namespace touchpoint::collector
