// Journey maps in the collector: records like surveys (record_routes.cpp), plus what a map adds,
// all computed by the core over the stored responses of the map (payload journey.map):
// - coverage: which touchpoints no published survey measures, and how many more answers each
//   measured one needs for a target margin of error (journey/coverage.hpp: coverage());
// - a survey for an unmeasured touchpoint: a template with the journey link filled in
//   (survey_for_touchpoint), for Studio to open as a new draft;
// - what changed: each touchpoint and stage in one period against the period before, with the
//   core's two-sample tests (compare_overlays); a significant drop at a touchpoint queues one
//   webhook alert per touchpoint, metric and period (Records::queue_alert_once), never one per
//   response.
//
// [SECTION] Helpers
// [SECTION] Coverage
// [SECTION] Changes
// [SECTION] Routes
#include "collector/http/server.hpp"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "collector/ingest.hpp"
#include "collector/record_routes.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/journey/coverage.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// [SECTION] Helpers ----------------------------------------------------------------------------

const char* const kMapPath = "/v1/studio/maps/([A-Za-z0-9._:-]{1,100})";

// The newest version of a map (the one Studio edits), parsed by the core. false = answered.
bool load_map(Collector& c, const std::string& id, journey::Map* out, http::Response& res) {
    std::vector<RecordVersion> history;
    std::string error;
    if (!c.maps->history(id, &history, &error)) return send_error(res, 503, "", "the map records could not be read; retry later"), false;
    if (history.empty()) return send_error(res, 404, "", "no map \"" + id + "\""), false;
    RecordVersion v;
    bool found = false;
    if (!c.maps->get(id, history.front().number, &v, &found, &error) || !found)
        return send_error(res, 503, "", "the map records could not be read; retry later"), false;
    Diagnostics d;
    std::optional<journey::Map> map = journey::parse_map(v.body, d);
    if (!map) return send_error(res, 500, "", "the stored map no longer parses"), false;
    *out = std::move(*map);
    return true;
}

// The map's responses, aggregated by the core once for every grouping. false = answered (503).
bool aggregate_map(Collector& c, const std::string& map_id, const std::vector<std::vector<std::string>>& groupings,
                   Aggregator* out, http::Response& res) {
    *out = Aggregator::for_groupings(groupings);
    ScanQuery q;
    q.map = map_id;
    std::string error;
    const bool ok = c.storage.scan(q, [&](std::int64_t, const std::string& payload) {
        out->add_line(payload);
        return true;
    }, &error);
    if (!ok) return send_error(res, 503, "", "the database could not be read; retry later"), false;
    out->finish();
    return true;
}

bool number_param(const http::Request& req, const char* name, double min, double max, double* out, http::Response& res) {
    if (!req.has_param(name)) return true;
    const std::string text = req.get_param_value(name);
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || *end != '\0' || !(v >= min && v <= max)) {
        send_error(res, 400, "", std::string("query parameter ") + name + " must be a number in [" + json(min).dump() + ", " + json(max).dump() + "]");
        return false;
    }
    *out = v;
    return true;
}

json optional_number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// A title in every locale, as journey/1 writes it (a string or {"locale": text}).
json title_json(const journey::Text& t) { return json::parse(journey::text_to_json(t).dump(), nullptr, false); }

// [SECTION] Coverage ---------------------------------------------------------------------------

// Does a published survey have this question? (A metric bound to a draft or to a question the
// published version lacks measures nothing yet.)
bool published_question(Collector& c, const std::string& survey, const std::string& question) {
    RecordVersion v;
    bool found = false;
    std::string error;
    if (!c.records->get(survey, 0, &v, &found, &error) || !found) return false;
    const json doc = json::parse(v.body, nullptr, false);
    if (!doc.is_object() || !doc.contains("questions") || !doc["questions"].is_array()) return false;
    return std::any_of(doc["questions"].begin(), doc["questions"].end(),
                       [&](const json& q) { return q.is_object() && q.value("id", std::string()) == question; });
}

void serve_coverage(Collector& c, const http::Request& req, http::Response& res, const std::string& id) {
    journey::CoverageTarget target;
    if (!number_param(req, "nps", 1, 200, &target.nps_moe, res) || !number_param(req, "csat", 1, 100, &target.csat_moe, res)) return;
    journey::Map map;
    if (!load_map(c, id, &map, res)) return;
    // Only metrics bound to a question of a published survey count as measuring.
    journey::Map measured = map;
    std::vector<std::string> unpublished;
    measured.metrics.clear();
    for (const journey::Metric& m : map.metrics) {
        if (m.survey.empty() || m.question.empty()) continue;
        if (published_question(c, m.survey, m.question)) measured.metrics.push_back(m);
        else unpublished.push_back(m.id);
    }
    Aggregator agg;
    if (!aggregate_map(c, id, {{"touchpoint"}, {"stage"}}, &agg, res)) return;
    const json by_tp = agg.result(0), by_stage = agg.result(1);
    const journey::Overlay overlay = journey::bind_overlay(measured, &by_tp, &by_stage);
    json rows = json::array();
    for (const journey::CoverageRow& r : journey::coverage(measured, overlay, target)) {
        const journey::Touchpoint& t = map.touchpoints[static_cast<std::size_t>(r.touchpoint)];
        rows.push_back({{"touchpoint", t.id},
                        {"stage", t.stage},
                        {"title", title_json(t.title)},
                        {"metrics", r.metrics},
                        {"measured", r.measured},
                        {"n", r.n},
                        {"npsMoe", optional_number(r.nps_moe)},
                        {"npsNeeded", r.nps_needed},
                        {"csatMoe", optional_number(r.csat_moe)},
                        {"csatNeeded", r.csat_needed},
                        {"meetsTarget", r.meets_target}});
    }
    res.set_content(json{{"map", id}, {"target", {{"nps", target.nps_moe}, {"csat", target.csat_moe}}}, {"touchpoints", rows},
                         {"unpublishedMetrics", unpublished}}.dump(),
                    "application/json");
}

// {"template": survey/1 document, "id": new survey id} → the template bound to the touchpoint.
void serve_survey_for_touchpoint(Collector& c, const http::Request& req, http::Response& res, const std::string& id,
                                 const std::string& touchpoint) {
    const json body = json::parse(req.body, nullptr, false);
    if (!body.is_object()) return send_error(res, 400, "", "expected {\"template\": {survey/1}, \"id\": \"new-survey-id\"}");
    if (!body.contains("template") || !body["template"].is_object()) return send_error(res, 400, "/template", "expected a survey/1 object");
    if (!body.contains("id") || !body["id"].is_string()) return send_error(res, 400, "/id", "expected the new survey's id");
    journey::Map map;
    if (!load_map(c, id, &map, res)) return;
    const int index = map.touchpoint_index(touchpoint);
    if (index < 0) return send_error(res, 404, "", "map \"" + id + "\" has no touchpoint \"" + touchpoint + "\"");
    res.set_content(journey::survey_for_touchpoint(body["template"], map, index, body["id"].get<std::string>()).dump(), "application/json");
}

// [SECTION] Changes ----------------------------------------------------------------------------

json change_json(const stats::Change& ch) {
    return {{"delta", ch.delta}, {"standardError", ch.standard_error}, {"statistic", ch.statistic}, {"df", ch.df},
            {"p", ch.p_value},   {"testable", ch.testable},            {"significant", ch.significant}};
}

json side_json(const journey::Scores& s) {
    return {{"n", s.n}, {"nps", optional_number(s.nps)}, {"npsN", s.nps_n}, {"csat", optional_number(s.csat)}, {"csatN", s.csat_n}};
}

// The groups of one period, as a one-key result bind_overlay reads (its extra key is ignored).
json period_groups(const json& result, const std::string& period_key, const std::string& period) {
    json out = {{"groups", json::array()}};
    for (const json& g : result.value("groups", json::array())) {
        const json& k = g.contains("key") ? g["key"] : json();
        if (k.is_object() && k.contains(period_key) && k[period_key] == period) out["groups"].push_back(g);
    }
    return out;
}

void serve_changes(Collector& c, const http::Request& req, http::Response& res, const std::string& id) {
    const std::string period_key = req.has_param("period") ? req.get_param_value("period") : "week";
    if (period_key != "day" && period_key != "week" && period_key != "month") return send_error(res, 400, "", "period must be day, week or month");
    double alpha = 0.05;
    if (!number_param(req, "alpha", 0.0001, 0.5, &alpha, res)) return;
    journey::Map map;
    if (!load_map(c, id, &map, res)) return;
    Aggregator agg;
    if (!aggregate_map(c, id, {{period_key, "touchpoint"}, {period_key, "stage"}}, &agg, res)) return;
    const json by_tp = agg.result(0), by_stage = agg.result(1);
    std::set<std::string> periods;
    for (const json& g : by_tp.value("groups", json::array())) {
        if (g.contains("key") && g["key"].contains(period_key) && g["key"][period_key].is_string()) periods.insert(g["key"][period_key].get<std::string>());
    }
    // The period asked for (default: the newest with responses) against the newest before it.
    std::string at = req.get_param_value("at");
    if (at.empty() && !periods.empty()) at = *periods.rbegin();
    const auto it = periods.find(at);
    if (!at.empty() && it == periods.end()) return send_error(res, 404, "", "no responses in " + period_key + " \"" + at + "\"");
    const std::string before = it == periods.end() || it == periods.begin() ? "" : *std::prev(it);

    const json tp_a = period_groups(by_tp, period_key, before), tp_b = period_groups(by_tp, period_key, at);
    const json st_a = period_groups(by_stage, period_key, before), st_b = period_groups(by_stage, period_key, at);
    const journey::Overlay a = journey::bind_overlay(map, &tp_a, &st_a), b = journey::bind_overlay(map, &tp_b, &st_b);
    const journey::Changes changes = journey::compare_overlays(a, b, alpha);

    json alerts = json::array();
    json touchpoints = json::array();
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) {
        const journey::Touchpoint& t = map.touchpoints[i];
        const journey::MetricChange& ch = changes.touchpoints[i];
        touchpoints.push_back({{"touchpoint", t.id}, {"stage", t.stage}, {"title", title_json(t.title)}, {"before", side_json(a.touchpoints[i])},
                               {"after", side_json(b.touchpoints[i])}, {"nps", change_json(ch.nps)}, {"csat", change_json(ch.csat)}});
        for (const auto& [metric, change] : {std::pair<const char*, const stats::Change*>{"nps", &ch.nps}, {"csat", &ch.csat}}) {
            if (!change->significant || change->delta >= 0 || !c.alerts) continue;
            const std::string key = "change:" + id + "/" + t.id + "/" + metric + "/" + period_key + ":" + at;
            const json body = {{"type", "dev.touchpoint.change.v1"}, {"change_kind", "drop"}, {"map", id}, {"stage", t.stage}, {"touchpoint", t.id}, {"metric", metric},
                               {"period", period_key}, {"at", at}, {"before", before}, {"change", change_json(*change)}};
            bool queued = false;
            std::string error;
            if (!c.maps->queue_alert_once(key, body.dump(), &queued, &error)) return send_error(res, 503, "", "the alert could not be queued; retry later");
            if (queued) c.alerts->wake();
            alerts.push_back({{"touchpoint", t.id}, {"metric", metric}, {"queued", queued}});
        }
    }
    json stages = json::array();
    for (std::size_t i = 0; i < map.stages.size(); ++i) {
        const journey::MetricChange& ch = changes.stages[i];
        stages.push_back({{"stage", map.stages[i].id}, {"title", title_json(map.stages[i].title)}, {"before", side_json(a.stages[i])},
                          {"after", side_json(b.stages[i])}, {"nps", change_json(ch.nps)}, {"csat", change_json(ch.csat)}});
    }
    res.set_content(json{{"map", id}, {"period", period_key}, {"at", at}, {"before", before}, {"alpha", alpha}, {"periods", periods},
                         {"touchpoints", touchpoints}, {"stages", stages}, {"alerts", alerts}}.dump(),
                    "application/json");
}

}  // namespace

// [SECTION] Routes -----------------------------------------------------------------------------

void install_map_routes(http::Server& server, Collector& c) {
    install_map_records(server, c);
    server.Get(std::string(kMapPath) + "/coverage", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (require_reader(c, req, res, &caller)) serve_coverage(c, req, res, req.matches[1]);
    });
    // Reads only (nothing is stored): a reader may ask; saving the survey needs an editor.
    server.Post(std::string(kMapPath) + "/touchpoints/([A-Za-z0-9._:-]{1,100})/survey", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (require_reader(c, req, res, &caller)) serve_survey_for_touchpoint(c, req, res, req.matches[1], req.matches[2]);
    });
    server.Get(std::string(kMapPath) + "/changes", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (require_reader(c, req, res, &caller)) serve_changes(c, req, res, req.matches[1]);
    });
}

}  // namespace touchpoint::collector
