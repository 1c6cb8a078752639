// What a results rollup needs from a payload beyond its text (rollups.hpp): its cell (UTC day,
// locale) and the rows it adds to (answered questions, answer parts, segments). Read once at
// ingest from the DOM the validation parsed; read from the stored text by PostgreSQL's readers
// of the tail and its compactor's read-backs (pg_rollups.hpp) and by rebuilds.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace touchpoint::collector {

struct RollupFacts {
    std::string day;     // the UTC day of `submitted` ("" if it has none)
    std::string locale;  // "" if none
    std::vector<std::string> answered;  // the question ids under `answers`
    std::vector<std::string> parts;     // the answer.<qid>/<part> keys it has a value for (Aggregator::part_keys)
    std::vector<std::string> segments;  // the names under context.segment
    bool operator==(const RollupFacts& o) const {
        return day == o.day && locale == o.locale && answered == o.answered && parts == o.parts && segments == o.segments;
    }
};

// The definition: from a parsed payload (anything but an object has none).
RollupFacts rollup_facts_of(const nlohmann::json& payload);

// The same from a payload's text (nothing if it is not JSON), without building its DOM when the
// core's line scan reads it (outline_payload in touchpoint/aggregate/response_queries.hpp: plain
// JSON, its answers' parts too). Any other text (an escape in a name or a part; a repeated member
// the scan reads, where a DOM keeps the last) is parsed and goes through rollup_facts_of, so the
// two always agree.
RollupFacts rollup_facts_of_text(std::string_view payload);

}  // namespace touchpoint::collector
