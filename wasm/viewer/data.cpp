// Responses in the viewer: loading (NDJSON or the collector's CSV), aggregation through the
// core's aggregator (the same numbers as `touchpoint score`), and the on-demand details of one
// touchpoint. The DOM table and the JSON export read the same overlay the canvas draws.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>

#include "aggregate_bridge.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/csv.hpp"
#include "viewer.hpp"

namespace tpviewer {
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

const json* find(const json& o, const char* key) {
    if (!o.is_object()) return nullptr;
    auto it = o.find(key);
    return it == o.end() ? nullptr : &*it;
}

std::string month_of(const json& r) {
    const json* s = find(r, "submitted");
    return s && s->is_string() && s->get_ref<const std::string&>().size() >= 7 ? s->get_ref<const std::string&>().substr(0, 7)
                                                                               : std::string();
}

// Open-text answers: strings that read like prose (a space or a non-ASCII letter), which
// excludes choice values such as "price" or "other".
bool is_prose(const std::string& s) {
    if (s.size() < 4) return false;
    for (unsigned char c : s)
        if (c == ' ' || c >= 0x80) return true;
    return false;
}

}  // namespace

// The persona filter matches a response whose answers or segment name the persona's id or role
// ("role": "funder"), the way the example surveys ask for the buying-committee role.
bool matches_filter(const Viewer& v, const json& r) {
    const json* answers = find(r, "answers");
    if (!v.filter.persona.empty()) {
        const int pi = v.map.persona_index(v.filter.persona);
        const std::string role = pi >= 0 ? v.map.personas[pi].role : std::string();
        auto named = [&](const json* x) {
            return x && x->is_string() && (*x == v.filter.persona || (!role.empty() && *x == role));
        };
        const json* ctx = find(r, "context");
        const json* seg = ctx ? find(*ctx, "segment") : nullptr;
        bool hit = false;
        for (const char* key : {"role", "persona"}) {
            if (answers && named(find(*answers, key))) hit = true;
            if (seg && named(find(*seg, key))) hit = true;
        }
        if (!hit) return false;
    }
    if (!v.filter.question.empty()) {
        const json* a = answers ? find(*answers, v.filter.question.c_str()) : nullptr;
        if (!a) return false;
        const std::string val = a->is_string() ? a->get<std::string>() : a->dump();
        if (val != v.filter.value) return false;
    }
    if (v.filter.period_to >= 0 && v.filter.period_to < static_cast<int>(v.periods.size())) {
        const std::string m = month_of(r);
        if (m.empty() || m > v.periods[v.filter.period_to]) return false;
    }
    return true;
}

std::string load_responses(Viewer& v, std::string bytes, const std::string& format) {
    v.warnings.clear();
    json status = json::object();
    if (format == "csv") {
        // The collector's CSV export, rebuilt into payloads by the core's CSV codec.
        touchpoint::CsvReader reader(bytes);
        std::vector<std::string> fields;
        std::string error, ndjson;
        bool header = true;
        long long bad = 0;
        while (reader.next(fields, error)) {
            if (header) {
                header = false;
                if (!touchpoint::csv_header_matches(fields)) {
                    status["error"] = "not the collector's CSV export (unexpected header)";
                    return status.dump();
                }
                continue;
            }
            if (!error.empty()) {
                ++bad;
                error.clear();
                continue;
            }
            std::string row_error;
            auto payload = touchpoint::response_from_csv(fields, row_error);
            if (!payload) {
                if (++bad <= 5) v.warnings.push_back("line " + std::to_string(reader.record_line()) + ": " + row_error);
                continue;
            }
            ndjson += payload->dump(-1, ' ', false, json::error_handler_t::replace);
            ndjson += '\n';
        }
        status["skipped"] = bad;
        bytes = std::move(ndjson);
    }
    v.responses = std::move(bytes);
    v.responses_format = "ndjson";
    // Periods present (months), for the time slider and trends.
    std::set<std::string> months;
    each_line(v.responses, [&](std::string_view line) {
        const std::size_t at = line.find("\"submitted\":\"");
        if (at != std::string_view::npos && at + 13 + 7 <= line.size()) months.insert(std::string(line.substr(at + 13, 7)));
    });
    v.periods.assign(months.begin(), months.end());
    v.filter.period_to = -1;
    reaggregate(v);
    status["responses"] = v.responses_total;
    status["periods"] = v.periods;
    status["warnings"] = v.warnings;
    return status.dump();
}

void reaggregate(Viewer& v) {
    const bool filtered = !v.filter.persona.empty() || !v.filter.question.empty() || v.filter.period_to >= 0;
    LineFilter filter = [&v](const json& r) { return matches_filter(v, r); };
    // Per touchpoint and per stage in one pass over the responses.
    std::vector<AggregateResult> results = aggregate_ndjson(
        v.responses, std::vector<std::vector<std::string>>{{"touchpoint"}, {"stage"}}, filtered ? &filter : nullptr);
    const AggregateResult& by_tp = results[0];
    const AggregateResult& by_stage = results[1];
    v.responses_total = by_tp.total;
    for (const std::string& w : by_tp.warnings)
        if (v.warnings.size() < 20) v.warnings.push_back(w);
    v.overlay = jn::bind_overlay(v.map, &by_tp.groups, &by_stage.groups);
    if (v.selected >= 0) compute_detail(v, v.selected);
    v.table_dirty = true;
    notify("data", "{}");
}

namespace {
// One aggregator for a streamed load; with stages it groups per touchpoint (grouping 0) and per
// stage (grouping 1) in the same pass over each chunk.
struct Stream {
    explicit Stream(bool stages)
        : with_stages(stages),
          aggregator(stages ? touchpoint::Aggregator::for_groupings({{"touchpoint"}, {"stage"}})
                            : touchpoint::Aggregator({"touchpoint"})) {}
    bool with_stages;
    touchpoint::Aggregator aggregator;
};
}  // namespace

void stream_begin(Viewer& v, bool with_stages) {
    v.responses.clear();
    v.periods.clear();
    v.filter = {};
    v.stream = std::make_shared<Stream>(with_stages);
}

void stream_chunk(Viewer& v, std::string_view bytes) {
    if (!v.stream) stream_begin(v, true);
    static_cast<Stream*>(v.stream.get())->aggregator.add_ndjson(bytes);
}

std::string stream_end(Viewer& v) {
    if (!v.stream) stream_begin(v, true);
    auto* s = static_cast<Stream*>(v.stream.get());
    touchpoint::Aggregator& agg = s->aggregator;
    agg.finish();
    const json by_tp = agg.result(0);
    const json by_stage = s->with_stages ? agg.result(1) : json();
    v.overlay = jn::bind_overlay(v.map, &by_tp, s->with_stages ? &by_stage : nullptr);
    v.responses_total = static_cast<long long>(agg.responses(0));
    json status = {{"responses", v.responses_total}, {"bad_lines", agg.bad_line_count(0)}, {"fallbacks", agg.fallback_count()}};
    v.stream.reset();
    v.table_dirty = true;
    notify("data", "{}");
    return status.dump();
}

void compute_detail(Viewer& v, int tp) {
    Detail d;
    d.touchpoint = tp;
    if (tp < 0 || tp >= static_cast<int>(v.map.touchpoints.size())) {
        v.detail = d;
        return;
    }
    const std::string& id = v.map.touchpoints[tp].id;
    // Only lines that name the touchpoint are parsed: a cheap substring test first.
    const std::string needle = "\"touchpoint\":\"" + id + "\"";
    std::vector<std::string> texts;
    std::string filtered;
    each_line(v.responses, [&](std::string_view line) {
        if (line.find(needle) == std::string_view::npos) return;
        json r = json::parse(line.begin(), line.end(), nullptr, false);
        if (r.is_discarded() || !matches_filter(v, r)) return;
        filtered.append(line).push_back('\n');
        const json* scores = find(r, "scores");
        const json* nps = scores ? find(*scores, "nps") : nullptr;
        const json* val = nps ? find(*nps, "value") : nullptr;
        if (val && val->is_number_integer()) {
            const long long x = val->get<long long>();
            if (x >= 0 && x <= 10) ++d.nps_histogram[static_cast<std::size_t>(x)];
        }
        if (const json* answers = find(r, "answers"); answers && answers->is_object())
            for (auto it = answers->begin(); it != answers->end(); ++it)
                if (it->is_string() && is_prose(it->get_ref<const std::string&>())) texts.push_back(it->get<std::string>());
    });
    // Trend: the same aggregator grouped by month, over this touchpoint's responses.
    AggregateResult by_month = aggregate_ndjson(filtered, {"month"}, nullptr);
    const json* groups = find(by_month.groups, "groups");
    d.periods = v.periods;
    d.trend.assign(d.periods.size(), NAN);
    if (groups && groups->is_array())
        for (const json& g : *groups) {
            const json* key = find(g, "key");
            const json* month = key ? find(*key, "month") : nullptr;
            if (!month || !month->is_string()) continue;
            auto at = std::find(d.periods.begin(), d.periods.end(), month->get<std::string>());
            if (at == d.periods.end()) continue;
            if (auto val = jn::metric_value(jn::scores_from_group(g), v.metric)) d.trend[at - d.periods.begin()] = *val;
        }
    std::vector<std::string_view> views(texts.begin(), texts.end());
    d.terms = jn::top_terms(views, 12);
    for (auto it = texts.rbegin(); it != texts.rend() && d.verbatims.size() < 50; ++it) d.verbatims.push_back(*it);
    v.detail = std::move(d);
}

std::string format_metric(const jn::Scores& s, jn::HeatMetric m) {
    char buf[64] = "";
    switch (m) {
        case jn::HeatMetric::Nps:
            if (s.nps) std::snprintf(buf, sizeof buf, "NPS %+.0f ±%.0f", *s.nps, s.nps_moe.value_or(0));
            break;
        case jn::HeatMetric::Csat:
            if (s.csat) std::snprintf(buf, sizeof buf, "CSAT %.0f%%", *s.csat);
            break;
        case jn::HeatMetric::Ces:
            if (s.ces) std::snprintf(buf, sizeof buf, "CES %.1f", *s.ces);
            break;
        case jn::HeatMetric::Responses: std::snprintf(buf, sizeof buf, "n %lld", s.n); break;
    }
    return buf;
}

namespace {
json scores_json(const jn::Scores& s, jn::HeatMetric metric, double max_n) {
    json o = {{"n", s.n}, {"small_sample", s.small_sample}};
    if (s.nps) o["nps"] = {{"value", *s.nps}, {"moe", s.nps_moe.value_or(0)}, {"n", s.nps_n}};
    if (s.csat) o["csat"] = {{"value", *s.csat}, {"mean", s.csat_mean.value_or(0)}, {"n", s.csat_n}};
    if (s.ces) o["ces"] = {{"value", *s.ces}, {"easy", s.ces_easy.value_or(0)}, {"n", s.ces_n}};
    if (auto val = jn::metric_value(s, metric)) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "#%06x", jn::heat_rgb(jn::heat_position(metric, *val, max_n)));
        o["heat"] = hex;
    }
    return o;
}
}  // namespace

std::string table_json(const Viewer& v) {
    json out = {{"map", v.map.id}, {"title", std::string(v.map.meta.title.get(v.locale))},
                {"state", jn::to_string(v.map.meta.state)}, {"locale", v.locale},
                {"metric", jn::to_string(v.metric)}, {"responses", v.responses_total}, {"stages", json::array()}};
    for (std::size_t s = 0; s < v.map.stages.size(); ++s) {
        json st = {{"id", v.map.stages[s].id}, {"title", std::string(v.map.stages[s].title.get(v.locale))},
                   {"scores", scores_json(v.overlay.stages[s], v.metric, v.overlay.max_touchpoint_n)},
                   {"touchpoints", json::array()}};
        for (std::size_t t = 0; t < v.map.touchpoints.size(); ++t) {
            const jn::Touchpoint& tp = v.map.touchpoints[t];
            if (tp.stage != v.map.stages[s].id) continue;
            st["touchpoints"].push_back({{"id", tp.id}, {"title", std::string(tp.title.get(v.locale))},
                                         {"channel", tp.channel}, {"owner", tp.owner},
                                         {"layer", jn::to_string(tp.layer)},
                                         {"scores", scores_json(v.overlay.touchpoints[t], v.metric, v.overlay.max_touchpoint_n)}});
        }
        out["stages"].push_back(std::move(st));
    }
    out["selected"] = v.selected >= 0 ? json(v.map.touchpoints[v.selected].id) : json();
    return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string export_json(const Viewer& v) {
    json out = json::parse(table_json(v), nullptr, false);
    out["map"] = json::parse(jn::dump_map(v.map), nullptr, false);
    out["filter"] = {{"persona", v.filter.persona}, {"question", v.filter.question}, {"value", v.filter.value},
                     {"until", v.filter.period_to >= 0 ? json(v.periods[v.filter.period_to]) : json()}};
    return out.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace tpviewer
