// Responses in the viewer: loading (NDJSON or the collector's CSV), aggregation through the
// core's aggregator (the same numbers as `touchpoint score`), and the on-demand details of one
// touchpoint; which responses count and what a touchpoint's details hold are the core's queries
// (aggregate/response_queries.hpp). The DOM table and the JSON export read the overlay the canvas draws.
#include <algorithm>
#include <cmath>

#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/aggregate/response_queries.hpp"
#include "touchpoint/response/csv.hpp"
#include "viewer.hpp"

namespace tpviewer {

using json = nlohmann::json;

// The persona filter names the persona by its id and by its role ("role": "funder"), the way the
// example surveys ask for the buying-committee role.
touchpoint::AggregateFilter response_filter(const Viewer& v) {
    touchpoint::AggregateFilter f;
    if (!v.filter.persona.empty()) {
        std::vector<std::string> names{v.filter.persona};
        const int pi = v.map.persona_index(v.filter.persona);
        if (pi >= 0 && !v.map.personas[pi].role.empty()) names.push_back(v.map.personas[pi].role);
        touchpoint::filter_by_persona(f, names);
    }
    if (!v.filter.question.empty()) f.where.emplace_back("answer." + v.filter.question, v.filter.value);
    if (v.filter.period_to >= 0 && v.filter.period_to < static_cast<int>(v.periods.size()))
        touchpoint::filter_until_month(f, v.periods[v.filter.period_to]);
    return f;
}

std::string load_responses(Viewer& v, std::string bytes, const std::string& format) {
    v.warnings.clear();
    json status = json::object();
    if (format == "csv") {
        // The collector's CSV export, rebuilt into payloads by the core's CSV codec.
        touchpoint::CsvReader reader(bytes);
        std::vector<std::string> fields;
        std::string error, ndjson;
        std::vector<std::string> field_ids;  // the hidden-field columns named in the header
        bool header = true;
        long long bad = 0;
        while (reader.next(fields, error)) {
            if (header) {
                header = false;
                if (!touchpoint::csv_header_matches(fields, &field_ids)) {
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
            auto payload = touchpoint::response_from_csv(fields, row_error, field_ids);
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
    v.periods = touchpoint::response_months(v.responses);  // for the time slider and trends
    v.filter.period_to = -1;
    reaggregate(v);
    status["responses"] = v.responses_total;
    status["periods"] = v.periods;
    status["warnings"] = v.warnings;
    return status.dump();
}

void reaggregate(Viewer& v) {
    const touchpoint::AggregateFilter filter = response_filter(v);
    // Per touchpoint and per stage in one pass over the responses.
    const std::vector<touchpoint::GroupedResponses> results =
        touchpoint::aggregate_filtered(v.responses, {{"touchpoint"}, {"stage"}, {"month", "touchpoint"}, {"month", "stage"}},
                                       filter);
    const touchpoint::GroupedResponses& by_tp = results[0];
    const touchpoint::GroupedResponses& by_stage = results[1];
    v.groups_by_month_touchpoint = results[2].groups;
    v.groups_by_month_stage = results[3].groups;
    recompute_changes(v);
    v.responses_total = by_tp.total;
    for (const std::string& w : by_tp.warnings)
        if (v.warnings.size() < 20) v.warnings.push_back(w);
    v.groups_by_touchpoint = by_tp.groups;
    v.groups_by_stage = by_stage.groups;
    rebind_overlay(v);
    if (v.selected >= 0) compute_detail(v, v.selected);
    v.table_dirty = true;
    notify(v, "data", "{}");
}

void rebind_overlay(Viewer& v) {
    v.overlay = jn::bind_overlay(v.map, &v.groups_by_touchpoint, v.groups_by_stage.is_null() ? nullptr : &v.groups_by_stage);
}

// The changes are a fact of the responses, per touchpoint id: computed when the responses or the
// filter change, not after each edit (an edit moves, adds or renames steps, never their ids'
// responses), so a drop costs no second aggregation.
void recompute_changes(Viewer& v) {
    const jn::PeriodChanges pc =
        jn::compare_periods(v.map, v.groups_by_month_touchpoint.is_null() ? nullptr : &v.groups_by_month_touchpoint,
                            v.groups_by_month_stage.is_null() ? nullptr : &v.groups_by_month_stage, "month");
    v.changes_at = pc.at;
    v.changes_before = pc.before;
    v.changes.clear();
    for (std::size_t i = 0; i < pc.changes.touchpoints.size() && i < v.map.touchpoints.size(); ++i) {
        const jn::MetricChange& c = pc.changes.touchpoints[i];
        if (c.nps.significant || c.csat.significant) v.changes.emplace(v.map.touchpoints[i].id, c);
    }
}

const touchpoint::stats::Change* marked_change(const Viewer& v, std::size_t i, const char** metric) {
    if (v.changes.empty() || i >= v.map.touchpoints.size()) return nullptr;
    const auto it = v.changes.find(v.map.touchpoints[i].id);
    if (it == v.changes.end()) return nullptr;
    const jn::MetricChange& c = it->second;
    if (c.nps.significant) return *metric = "NPS", &c.nps;
    if (c.csat.significant) return *metric = "CSAT", &c.csat;
    return nullptr;
}

std::string change_text(const Viewer& v, const touchpoint::stats::Change& c, const char* metric) {
    char buf[32];
    const bool csat = std::string(metric) == "CSAT";
    char p[32];
    if (c.p_value < 0.001) std::snprintf(p, sizeof p, "p < 0.001");
    else std::snprintf(p, sizeof p, "p = %.3f", c.p_value);
    // In the viewer's language, like its other words (Chinese: full-width comma and parentheses).
    std::snprintf(buf, sizeof buf, "%s%.1f", c.delta < 0 ? "−" : "+", std::fabs(c.delta));
    return ui_text(v, "periodChange", {{"metric", metric}, {"delta", buf}, {"unit", csat ? ui_text(v, "percentagePoints") : ""},
                                       {"before", v.changes_before}, {"p", p}});
}

namespace {
// One aggregator for a streamed load; with stages it groups per touchpoint (grouping 0) and per
// stage (grouping 1) in the same pass over each chunk.
struct Stream {
    explicit Stream(bool stages)
        : with_stages(stages),
          aggregator(stages ? touchpoint::Aggregator::for_groupings(
                                  {{"touchpoint"}, {"stage"}, {"month", "touchpoint"}, {"month", "stage"}})
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

// The groupings of the stream in progress, for aggregation workers: [["touchpoint"],["stage"],...].
std::string stream_groupings(Viewer& v) {
    if (!v.stream) stream_begin(v, true);
    const touchpoint::Aggregator& agg = static_cast<Stream*>(v.stream.get())->aggregator;
    json out = json::array();
    for (std::size_t i = 0; i < agg.grouping_count(); ++i) out.push_back(agg.grouping_keys(i));
    return out.dump();
}

// A worker's aggregate-state/1 for the next part of the input, in input order.
std::string stream_merge(Viewer& v, std::string_view state_text) {
    if (!v.stream) stream_begin(v, true);
    const json state = json::parse(state_text.begin(), state_text.end(), nullptr, false);
    if (state.is_discarded()) return "the aggregation state is not valid JSON";
    std::string error;
    if (!static_cast<Stream*>(v.stream.get())->aggregator.merge_state(state, &error)) return error;
    return "";
}

std::string stream_end(Viewer& v) {
    if (!v.stream) stream_begin(v, true);
    auto* s = static_cast<Stream*>(v.stream.get());
    touchpoint::Aggregator& agg = s->aggregator;
    agg.finish();
    const json by_tp = agg.result(0);
    const json by_stage = s->with_stages ? agg.result(1) : json();
    v.groups_by_touchpoint = by_tp;
    v.groups_by_stage = by_stage;
    v.groups_by_month_touchpoint = s->with_stages ? agg.result(2) : json();
    v.groups_by_month_stage = s->with_stages ? agg.result(3) : json();
    recompute_changes(v);
    rebind_overlay(v);
    v.responses_total = static_cast<long long>(agg.responses(0));
    json status = {{"responses", v.responses_total}, {"bad_lines", agg.bad_line_count(0)}, {"fallbacks", agg.fallback_count()}};
    v.stream.reset();
    v.table_dirty = true;
    notify(v, "data", "{}");
    return status.dump();
}

void compute_detail(Viewer& v, int tp) {
    Detail d;
    d.touchpoint = tp;
    if (tp < 0 || tp >= static_cast<int>(v.map.touchpoints.size())) {
        v.detail = d;
        return;
    }
    touchpoint::TouchpointResponses r =
        touchpoint::touchpoint_responses(v.responses, v.map.touchpoints[tp].id, response_filter(v));
    d.nps_histogram = r.nps_histogram;
    // Trend: the heat metric of each month's group, on the time slider's months.
    const json* groups = r.by_month.is_object() && r.by_month.contains("groups") ? &r.by_month["groups"] : nullptr;
    d.periods = v.periods;
    d.trend.assign(d.periods.size(), NAN);
    if (groups && groups->is_array())
        for (const json& g : *groups) {
            const auto key = g.find("key");
            if (key == g.end() || !key->is_object() || !key->contains("month") || !(*key)["month"].is_string()) continue;
            const json* month = &(*key)["month"];
            auto at = std::find(d.periods.begin(), d.periods.end(), month->get<std::string>());
            if (at == d.periods.end()) continue;
            if (auto val = jn::metric_value(jn::scores_from_group(g), v.metric)) d.trend[at - d.periods.begin()] = *val;
        }
    std::vector<std::string_view> views(r.texts.begin(), r.texts.end());
    d.terms = jn::top_terms(views, 12);
    for (auto it = r.texts.rbegin(); it != r.texts.rend() && d.verbatims.size() < 50; ++it) d.verbatims.push_back(*it);
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
                {"metric", jn::to_string(v.metric)}, {"responses", v.responses_total}, {"stages", json::array()},
                {"changes", {{"at", v.changes_at}, {"before", v.changes_before}}}};
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
            const char* metric = "";
            if (const touchpoint::stats::Change* ch = marked_change(v, t, &metric))
                st["touchpoints"].back()["change"] = {{"metric", metric}, {"delta", ch->delta}, {"p", ch->p_value},
                                                      {"at", v.changes_at}, {"before", v.changes_before},
                                                      {"text", change_text(v, *ch, metric)}};
            if (const long long open = open_alerts_at(v, t); open >= 0) {
                st["touchpoints"].back()["alerts"] = open;
                if (open > 0) st["touchpoints"].back()["alerts_text"] = open_alerts_text(v, open);
            }
        }
        out["stages"].push_back(std::move(st));
    }
    if (v.has_alerts) {
        long long open = 0;
        for (std::size_t t = 0; t < v.map.touchpoints.size(); ++t) open += open_alerts_at(v, t);
        out["alerts"] = open;  // on this map's touchpoints (absent: not known)
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
